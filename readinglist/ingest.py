"""Importing source files into a list folder: read, parse, merge, then write once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .arxiv_fetch import BATCH, POLITE_DELAY_S, Transport, enrich, fetch_ids, find_by_titles, urllib_transport
from .catalogue import MergeReport, add_papers, placeholder_title
from .dedupe import find_candidates
from .diskio import read_regular
from .errors import InputError, MissingPathError, NoPapersError, Problem
from .importers import decode_source, parse_source
from .importers.arxiv import normalise_arxiv_id
from .importers.base import MAX_SOURCE_BYTES
from .importers.csv_table import parse_records
from .layout import LIST_FILE, list_folder, refuse_bad_folder
from .model import Paper
from .progress import progress
from .store import ListStore
from .words import plural


@dataclass
class ImportSummary:
    """The outcome of an import: the merge counts and every located problem."""

    folder: Path
    created: bool
    report: MergeReport
    problems: list[Problem] = field(default_factory=list)
    left_out: int = 0  # papers a filter of the fetch left out (fetch-hf --min-upvotes)

    @property
    def added(self) -> int:
        return len(self.report.added)

    @property
    def merged(self) -> int:
        return len(self.report.merged)

    @property
    def skipped(self) -> int:
        return len(self.report.skipped)


@dataclass(frozen=True)
class SourceFile:
    """One source to import: the name it is known by (in problems and provenance), its bytes,
    and how errors about the whole source name it (a file's path as given; default `name`)."""

    name: str
    data: bytes
    label: str = ""

    @property
    def where(self) -> str:
        return self.label or self.name


def read_source(source: str | os.PathLike[str]) -> SourceFile:
    """A file as a SourceFile named by its file name, or a located error."""
    path = Path(source)
    # A source named by the user may be a link to a page; a FIFO or device is refused.
    data = read_regular(path, MAX_SOURCE_BYTES, follow_links=True)
    if data is None:
        raise MissingPathError(f"{path}: no such file")
    return SourceFile(path.name, data, str(path))


def import_files(
    sources: list[str | os.PathLike[str]],
    into: str | os.PathLike[str],
    *,
    year: int | None = None,
    title: str | None = None,
    format: str | None = None,
) -> ImportSummary:
    """Import every source into the list at `into` (created when missing).

    All sources are read and parsed before anything is written; a source that cannot be
    read or holds no paper at all stops the import with nothing written.
    """
    return import_sources([read_source(s) for s in sources], into, year=year, title=title, format=format)


def import_sources(
    sources: list[SourceFile],
    into: str | os.PathLike[str],
    *,
    year: int | None = None,
    title: str | None = None,
    format: str | None = None,
) -> ImportSummary:
    """`import_files` for sources already in memory (a pasted text, an uploaded file)."""
    folder = list_folder(into)
    refuse_bad_folder(folder)
    with progress("import", total=len(sources) + 3, unit="step") as shown:
        parsed = []
        for source in sources:
            shown.stage(f"reading {source.name}")
            result = parse_source(decode_source(source.data, source.where), source.name, format=format, year=year)
            if not result.papers:
                detail = f" ({plural(len(result.problems), 'line')} did not fit: first {result.problems[0]})" if result.problems else ""
                raise NoPapersError(f"{source.where}: no paper found in this file{detail}")
            parsed.append(result)
            shown.advance()

        shown.stage("merging")
        store, created = store_for(folder, title)
        problems = [problem for result in parsed for problem in result.problems]
        # One call for all sources: papers from different files of this import can still meet.
        combined = add_papers(store.reading_list, [paper for result in parsed for paper in result.papers])
        problems.extend(combined.problems)
        shown.advance()
        shown.stage("looking for duplicates")
        problems.extend(possible_duplicate_problems(store, set(combined.added)))
        combined.problems = problems
        shown.advance()
        shown.stage("saving")
        store.save_catalogue()
        shown.advance()
    return ImportSummary(folder=folder, created=created, report=combined, problems=problems)


def possible_duplicate_problems(store: ListStore, new_ids: set[str]) -> list[Problem]:
    """One problem per look-alike pair involving a new paper, pointing at `readinglist dedupe`."""
    if not new_ids:
        return []
    problems = []
    for candidate in find_candidates(store.reading_list, only=new_ids):
        paper = store.reading_list.papers[candidate.second]
        source = paper.sources[-1] if paper.sources else None
        problems.append(
            Problem(
                source.file if source else str(store.list_path),
                source.line if source else None,
                f"possible duplicate: {candidate.first!r} and {candidate.second!r} ({candidate.reason}); "
                f"decide with 'readinglist dedupe {store.folder}'",
            )
        )
    return problems


def store_for(folder: Path, title: str | None) -> tuple[ListStore, bool]:
    """The list at `folder` to import into, and whether it was made now (with `title`, or a
    title from the folder's name)."""
    if title is not None and not title.strip():
        raise InputError("a list's title must not be empty (--title)")
    if not os.path.lexists(folder / LIST_FILE):
        return ListStore.create(folder, title or _title_from(folder)), True
    store = ListStore.open(folder)
    if title and title != store.reading_list.title:
        store.reading_list.title = title
    return store, False


def import_frame(frame: Any, into: str | os.PathLike[str], *, title: str | None = None, name: str = "<DataFrame>") -> ImportSummary:
    """Import a pandas DataFrame (one paper per row, CSV column names) into a list."""
    result = parse_records(frame.to_dict("records"), list(frame.columns), name)
    if not result.papers:
        raise NoPapersError(f"{name}: no paper found ({result.problems[0] if result.problems else 'no rows'})")
    folder = list_folder(into)
    store, created = store_for(folder, title)
    report = add_papers(store.reading_list, result.papers)
    problems = result.problems + report.problems + possible_duplicate_problems(store, set(report.added))
    report.problems = problems
    store.save_catalogue()
    return ImportSummary(folder=folder, created=created, report=report, problems=problems)


def fetch_arxiv(
    ids: list[str],
    into: str | os.PathLike[str],
    *,
    enrich_titles: bool = False,
    transport: Transport = urllib_transport,
    delay: float = POLITE_DELAY_S,
    title: str | None = None,
) -> ImportSummary:
    """Fetch papers by arXiv id into a list; with no ids, fill in the list's papers known only
    by id; with `enrich_titles`, also look up papers without an id by their exact title.

    Every request is made before anything is written.
    """
    folder = list_folder(into)
    wanted = []
    for token in ids:
        arxiv_id = normalise_arxiv_id(token)
        if arxiv_id is None:
            raise InputError(f"not an arXiv id or URL: {token!r}")
        wanted.append(arxiv_id)
    if not wanted and not (folder / LIST_FILE).exists():
        raise MissingPathError(f"{folder / LIST_FILE}: no list here, and no arXiv ids to start one with")
    store, created = store_for(folder, title)
    reading_list = store.reading_list
    placeholders = {p.arxiv_id: p.id for p in reading_list.papers.values() if p.arxiv_id and p.title == placeholder_title(p.arxiv_id)}
    asked = list(dict.fromkeys(wanted or list(placeholders)))
    requests = -(-len(asked) // BATCH)
    if enrich_titles:
        requests += sum(1 for p in reading_list.papers.values() if not p.arxiv_id)
    with progress("fetch arXiv", total=requests, unit="request") as shown:  # each request waits its polite delay
        fetched = fetch_ids(asked, transport=shown.counting(transport), delay=delay)
        if wanted and not fetched.papers:
            raise NoPapersError(f"arXiv API: {fetched.problems[0].message if fetched.problems else 'no paper found'}; nothing was changed")
        found: dict[str, Paper] = {}
        problems = list(fetched.problems)
        if enrich_titles:
            found, title_problems = find_by_titles(reading_list.papers.values(), transport=shown.counting(transport), delay=delay)
            problems.extend(title_problems)
    report = add_papers(reading_list, fetched.papers)
    changed, enrich_problems = enrich(reading_list, found)
    report.merged.extend(p for p in changed if p not in report.merged)
    problems.extend(report.problems + enrich_problems)
    problems.extend(possible_duplicate_problems(store, set(report.added)))
    report.problems = problems
    store.save_catalogue()
    return ImportSummary(folder=folder, created=created, report=report, problems=problems)


def _title_from(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Reading list"
