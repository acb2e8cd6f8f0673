"""Importing source files into a list folder: read, parse, merge, then write once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import MergeReport, add_papers
from .errors import InputError, MissingPathError, NoPapersError, Problem
from .importers import decode_source, parse_source
from .store import LIST_FILE, ListStore, list_folder


@dataclass
class ImportSummary:
    """The outcome of an import: the merge counts and every located problem."""

    folder: Path
    created: bool
    report: MergeReport
    problems: list[Problem] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.report.added)

    @property
    def merged(self) -> int:
        return len(self.report.merged)

    @property
    def skipped(self) -> int:
        return len(self.report.skipped)


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
    folder = list_folder(into)
    parsed = []
    for source in sources:
        path = Path(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingPathError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
        result = parse_source(decode_source(data, str(path)), path.name, format=format, year=year)
        if not result.papers:
            detail = f" ({len(result.problems)} lines did not fit: first {result.problems[0]})" if result.problems else ""
            raise NoPapersError(f"{path}: no paper found in this file{detail}")
        parsed.append(result)

    created = not (folder / LIST_FILE).exists()
    if created:
        store = ListStore.create(folder, title or _title_from(folder))
    else:
        store = ListStore.open(folder)
        if title and title != store.reading_list.title:
            store.reading_list.title = title
    problems: list[Problem] = []
    combined = MergeReport()
    for result in parsed:
        problems.extend(result.problems)
        report = add_papers(store.reading_list, result.papers)
        combined.added.extend(report.added)
        combined.merged.extend(p for p in report.merged if p not in combined.added and p not in combined.merged)
        combined.skipped.extend(p for p in report.skipped if p not in combined.added and p not in combined.merged and p not in combined.skipped)
        problems.extend(report.problems)
    combined.problems = problems
    store.save_catalogue()
    return ImportSummary(folder=folder, created=created, report=combined, problems=problems)


def _title_from(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return name[:1].upper() + name[1:] if name else "Reading list"
