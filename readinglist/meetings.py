"""Attendance and minutes of sessions, each in the reader's own file, changed through the store.

`edit_reader_file` is the one way these (and ballots, see voting.py) change: the edit is
applied, only the reader's file is saved, and a refused save leaves memory as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .errors import InputError
from .participation import Minutes, ReaderFile, reader_file, set_reader_file
from .readers import check_reader


def edit_reader_file(store: Any, reader: str, edit: Callable[[ReaderFile], object]) -> bool:
    """Apply `edit` to (a copy of) the reader's file and save it; False when nothing changed."""
    check_reader(reader)
    reading_list = store.reading_list
    had_file = reader in reading_list.reviews
    before = reader_file(reading_list, reader)
    after = reader_file(reading_list, reader)
    edit(after)
    set_reader_file(reading_list, reader, after)
    try:
        return bool(store.save_reviews(reader))
    except BaseException:
        set_reader_file(reading_list, reader, before)
        if not had_file:
            del reading_list.reviews[reader]
        raise


def _known_session(store: Any, date: dt.date) -> None:
    reading_list = store.reading_list
    if not any(s.date == date for s in reading_list.sessions):
        known = ", ".join(s.date.isoformat() for s in reading_list.sessions) or "none yet"
        raise InputError(f"{store.list_path}: no session on {date.isoformat()} (sessions: {known})")


def attend(store: Any, reader: str, date: dt.date, *, present: bool = True) -> bool:
    """Record that the reader came to the session on `date` (or, `present=False`, did not)."""
    _known_session(store, date)

    def change(mine: ReaderFile) -> None:
        days = set(mine.attended)
        (days.add if present else days.discard)(date)
        mine.attended = tuple(sorted(days))

    return edit_reader_file(store, reader, change)


def write_minutes(store: Any, reader: str, date: dt.date, text: str) -> Minutes | None:
    """Set the reader's minutes of the session on `date`; empty text removes them."""
    _known_session(store, date)
    kept = text.strip("\n")
    minutes = Minutes(session=date, text=kept, updated=store.clock()) if kept.strip() else None
    current = store.reading_list.minutes.get(reader, {}).get(date)
    if current is not None and minutes is not None and current.text == minutes.text:
        return current

    def change(mine: ReaderFile) -> None:
        if minutes is None:
            mine.minutes.pop(date, None)
        else:
            mine.minutes[date] = minutes

    edit_reader_file(store, reader, change)
    return minutes


def attendees(reading_list: Any, date: dt.date) -> list[str]:
    """Readers who recorded that they came to the session on `date`, by name."""
    return sorted(r for r, days in reading_list.attended.items() if date in days)


def session_minutes(reading_list: Any, date: dt.date) -> dict[str, Minutes]:
    """Reader -> minutes of the session on `date`, readers by name."""
    return {r: by_date[date] for r, by_date in sorted(reading_list.minutes.items()) if date in by_date}
