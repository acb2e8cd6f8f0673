"""Removing papers from a list without losing anything, and bringing them back.

A removed paper leaves `papers` for `removed` with who removed it and when (a tombstone):
it is hidden from every view (show, widgets, frames, handouts) because those read
`papers`, while its reviews stay in the readers' files. Undo puts it back at the end of
the list. Pure functions over the model; the CLI saves.
"""

from __future__ import annotations

import datetime as dt

from .errors import UnknownPaperError
from .model import ReadingList, Removal
from .readers import check_reader


def remove_papers(reading_list: ReadingList, paper_ids: list[str], *, by: str, now: dt.datetime) -> list[str]:
    """Move the papers to `removed`, in place; all or nothing. Returns the ids removed."""
    check_reader(by)
    wanted = list(dict.fromkeys(paper_ids))
    for pid in wanted:
        if pid in reading_list.removed:
            r = reading_list.removed[pid]
            raise UnknownPaperError(f"paper {pid!r} was already removed by {r.by} on {r.at:%Y-%m-%d}")
        if pid not in reading_list.papers:
            raise UnknownPaperError(f"no paper {pid!r} in this list")
    for pid in wanted:
        reading_list.removed[pid] = Removal(reading_list.papers.pop(pid), by, now)
    return wanted


def restore_papers(reading_list: ReadingList, paper_ids: list[str]) -> list[str]:
    """Bring removed papers back (at the end of the list), in place; all or nothing."""
    wanted = list(dict.fromkeys(paper_ids))
    for pid in wanted:
        if pid not in reading_list.removed:
            where = "is in the list, not removed" if pid in reading_list.papers else "was never in this list"
            raise UnknownPaperError(f"paper {pid!r} {where}")
    for pid in wanted:
        reading_list.papers[pid] = reading_list.removed.pop(pid).paper
    return wanted
