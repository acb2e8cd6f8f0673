"""A list's files read one reader file at a time, for what reports on every reader.

`readinglist validate` checks every file as strictly as `ListStore.open` reads it (the same
located problems, in the same order, and the same warnings about references to papers the
list does not show), and `show --json` gathers every reader's reviews; neither needs all
the readers' reviews at once. A scan reads list.yaml, then each reader file in turn: it
keeps what the report needs (problems, the count of valid reader files, the warnings of
that file's references) and drops the rest before the next file is read. A reader file
whose exact bytes were checked before is taken from its parse-cache summary (listcache),
without decoding its reviews; any other is parsed and checked, and cached when valid.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import loading
from . import references as refs
from .bulk import collector_paused
from .diskio import read_bytes
from .errors import ListFormatError, MissingPathError, Problem, UnreadableFileError
from .layout import (
    LIST_FILE,
    REVIEWS_DIR,
    folder_problem,
    list_folder,
    reader_file_problem,
    refuse_bad_folder,
    review_files,
)
from .model import ReadingList
from .participation import ReaderFile

# Called with the catalogue (list.yaml's content), then each valid reader file's name and
# content, for each reader file in file name order.
ReaderVisitor = Callable[[ReadingList, str, ReaderFile], None]


@dataclass
class ListScan:
    """What a scan of one list found.

    `catalogue`: list.yaml's content (no reviews), None when it could not be read;
    `problems`: every problem of the list and its reader files (empty: the list is valid);
    `readers`: how many reader files are valid; `warnings`: references to papers the list
    does not show, as `ListStore.warnings()` gives them (meaningful when the list is valid).
    """

    folder: Path
    catalogue: ReadingList | None = None
    problems: list[Problem] = field(default_factory=list)
    readers: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def list_path(self) -> Path:
        return self.folder / LIST_FILE

    @property
    def valid(self) -> bool:
        return self.catalogue is not None and not self.problems


def scan(path: str | os.PathLike[str], on_reader: ReaderVisitor | None = None) -> ListScan:
    """Every problem and warning of the list at `path`, as `ListStore.examine` finds them.

    Without `on_reader` it is a check: reader files known to the cache are not decoded.
    With it, each valid reader file's content is read (from the cache or the file) and
    passed to `on_reader`, then dropped.
    """
    folder = list_folder(path)
    result = ListScan(folder)
    problem = folder_problem(folder)
    if problem is not None:
        result.problems.append(problem)
        return result
    if not os.path.lexists(folder / LIST_FILE):
        result.problems.append(Problem(str(folder / LIST_FILE), None, "no list file here"))
        return result
    with collector_paused():
        _scan(result, on_reader)
    return result


def scan_valid(path: str | os.PathLike[str], on_reader: ReaderVisitor) -> ListScan:
    """`scan` with each reader file's content, refusing what `ListStore.open` refuses: a
    path that cannot hold a list, no list, or any problem (ListFormatError)."""
    folder = list_folder(path)
    refuse_bad_folder(folder)
    if not os.path.lexists(folder / LIST_FILE):
        raise MissingPathError(f"{folder / LIST_FILE}: no list here (create one with 'readinglist import ... --into {folder}')")
    result = scan(folder, on_reader)
    if result.problems:
        raise ListFormatError(result.problems)
    return result


def _scan(result: ListScan, on_reader: ReaderVisitor | None) -> None:
    list_path = result.list_path
    try:
        data = read_bytes(list_path)
    except UnreadableFileError as exc:
        result.problems.append(Problem(exc.file, None, exc.reason))
        return
    if data is None:
        result.problems.append(Problem(str(list_path), None, "no list file here"))
        return
    # A check needs the paper ids only; what is shown needs the papers.
    read = loading.checked_catalogue if on_reader is None else loading.read_catalogue
    catalogue = read(result.folder, list_path, data, loading.content_key(data))
    if catalogue.value is None:
        result.problems.extend(catalogue.problems)
        return
    reading_list: ReadingList = catalogue.value
    result.catalogue = reading_list
    result.warnings.extend(refs.dangling_references(reading_list, catalogue.references or ()))
    del catalogue, data  # the text of list.yaml is not needed any more
    paths, problem = review_files(result.folder / REVIEWS_DIR)
    if problem is not None:
        result.problems.append(problem)
    files = loading.ReaderFiles(result.folder)
    valid: set[str] = set()
    for path in paths:
        checked = _reader(path, files, reading_list, on_reader)
        if checked is None:
            continue
        result.problems.extend(checked.problems)
        if checked.valid:
            valid.add(path.stem)
        if checked.references:
            result.warnings.extend(refs.dangling_references(reading_list, checked.references))
    if problem is None:
        files.forget_others(valid)
    result.readers = len(valid)
    result.warnings.extend(refs.merged_but_present(reading_list, str(list_path)))


def _reader(path: Path, files: loading.ReaderFiles, reading_list: ReadingList, on_reader: ReaderVisitor | None) -> loading.Checked | None:
    """One reader file's check (and its content to `on_reader`); None for a file gone meanwhile."""
    problem = reader_file_problem(path)
    if problem is not None:
        return loading.Checked([problem])
    try:
        data = read_bytes(path)
    except UnreadableFileError as exc:
        return loading.Checked([Problem(exc.file, None, exc.reason)])
    if data is None:
        return None
    reader, digest = path.stem, loading.content_key(data)
    if on_reader is None:
        return files.check(path, data, digest, reader)
    loaded = files.read(path, data, digest, reader)
    if loaded.value is None:
        return loading.Checked(loaded.problems, 0, loaded.references)
    on_reader(reading_list, reader, loaded.value)
    return loading.Checked([], len(loaded.value.reviews), loaded.references)
