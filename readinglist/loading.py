"""Reading a list's files into the model, strictly, parsing only bytes not parsed before.

The store (or a scan) hands over the bytes it read and their digest; these functions take
the result from the cache (listcache) when it holds those exact bytes, checked, else parse
and check them (yamlio, schema) and remember the result when the file is valid. Invalid
files are never cached, so their problems are always found again, with their lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cachecodec, listcache, yamlio
from . import references as refs
from .diskio import decode_list_file
from .errors import ListFormatError, Problem
from .model import Paper, ReadingList
from .schema import list_from_data, reader_file_from_data


@dataclass
class Loaded:
    """One file's outcome: the model (None when it has problems), its problems, where its
    items start (for writing unchanged items back as they were) and its text (None when it
    could not be decoded)."""

    value: Any
    problems: list[Problem]
    starts: list[int] | None = None
    text: str | None = None
    references: list[refs.Reference] | None = None  # None: the file was not read as YAML


def content_key(data: bytes) -> bytes:
    """What cache entries are keyed on: SHA-256 of the file's bytes (fast where the CPU has
    SHA instructions, and no one can make two files with the same key)."""
    return hashlib.sha256(data).digest()


def item_starts(loaded: Any, lines: yamlio.LineMap, list_key: str) -> list[int] | None:
    """The line where each item of the file's list starts, when one can be found for each."""
    items = loaded.get(list_key) if isinstance(loaded, dict) else None
    starts = lines.items.get(id(items)) if isinstance(items, list) else None
    return list(starts) if starts and len(starts) == len(items or ()) else None


def _parse(data: bytes, file: str) -> tuple[Any, yamlio.LineMap, str]:
    text = decode_list_file(data, file)
    loaded, lines = yamlio.loads(text, file)
    return loaded, lines, text


def read_catalogue(folder: Path, path: Path, data: bytes, digest: bytes) -> Loaded:
    """The reading list (no reviews) in list.yaml's `data`."""
    file = str(path)
    cached = listcache.cached_list(folder, digest, file)
    if cached is not None:  # these bytes passed decode_list_file when they were cached
        return Loaded(cached[0], [], cached[1], data.decode("utf-8"), cached[2])
    try:
        loaded, lines, text = _parse(data, file)
    except ListFormatError as exc:
        return Loaded(None, exc.problems)
    found = refs.collect(loaded, lines, file, "list")
    reading_list, problems = list_from_data(loaded, lines, file)
    if reading_list is None:
        return Loaded(None, problems, text=text, references=found)
    starts = item_starts(loaded, lines, "papers")
    del loaded, lines  # the parse tree, as big as the file several times: not held while the cache is written
    listcache.keep_list(folder, digest, reading_list, starts, found)
    return Loaded(reading_list, [], starts, text, found)


def checked_catalogue(folder: Path, path: Path, data: bytes, digest: bytes) -> Loaded:
    """read_catalogue for a check of the list: when these bytes were checked before, their
    paper ids, head and references from the cache, the papers read only if asked for."""
    known = listcache.cached_list_summary(folder, digest, str(path))
    if known is not None:
        ids, head, found = known
        reading_list = reading_list_of_ids(ids, head, lambda: _catalogue(folder, path, data, digest))
        if reading_list is not None:
            return Loaded(reading_list, [], None, None, found)
    return read_catalogue(folder, path, data, digest)


def _catalogue(folder: Path, path: Path, data: bytes, digest: bytes) -> ReadingList:
    catalogue = read_catalogue(folder, path, data, digest)
    if catalogue.value is None:
        raise ListFormatError(catalogue.problems)
    return catalogue.value


@dataclass
class Checked:
    """What a check of one reader file keeps (`readinglist validate`): its problems, and
    when it is valid, how many reviews it holds and its paper references."""

    problems: list[Problem]
    reviews: int = 0
    references: list[refs.Reference] | None = None  # None: the file was not read as YAML

    @property
    def valid(self) -> bool:
        return not self.problems


class ReaderFiles:
    """The reader files of one list, read or checked one at a time.

    Each reader's cache entry is its own file, read when that reader's file is and written
    as soon as it is checked: nothing of one reader is kept while the next is read.
    """

    def __init__(self, folder: Path, *, read_cache: bool = True) -> None:
        self.folder = folder
        self.use_cache = read_cache

    def read(self, path: Path, data: bytes, digest: bytes, reader: str) -> Loaded:
        """Everything the reader's file `data` holds."""
        file = str(path)
        cached = listcache.cached_reader_file(self.folder, reader, digest, file) if self.use_cache else None
        if cached is not None:  # a reader file's validity does not depend on the list
            return Loaded(cached[0], [], cached[1], data.decode("utf-8"), cached[2])
        return self._parse(path, data, digest, reader)

    def check(self, path: Path, data: bytes, digest: bytes, reader: str) -> Checked:
        """The check of the reader's file `data`: from its cache entry's summary when these
        bytes were checked before (no review is decoded), else parsed and checked."""
        if self.use_cache:
            summary = listcache.reader_summary(self.folder, reader, digest, str(path))
            if summary is not None:
                return Checked([], summary[0], summary[1])
        loaded = self._parse(path, data, digest, reader)
        return Checked(loaded.problems, len(loaded.value.reviews) if loaded.value is not None else 0, loaded.references)

    def _parse(self, path: Path, data: bytes, digest: bytes, reader: str) -> Loaded:
        file = str(path)
        try:
            loaded, lines, text = _parse(data, file)
        except ListFormatError as exc:
            return Loaded(None, exc.problems)
        found_refs = refs.collect(loaded, lines, file, "reviews")
        found, problems = reader_file_from_data(loaded, lines, file, reader=reader)
        if found is None:
            return Loaded(None, problems, text=text, references=found_refs)
        starts = item_starts(loaded, lines, "reviews")
        if self.use_cache:
            listcache.keep_reader_file(self.folder, reader, digest, found, starts, found_refs)
        return Loaded(found, [], starts, text, found_refs)

    def forget_others(self, readers: Container[str]) -> None:
        """Drop the cache entries of reader files that are gone or no longer valid."""
        if self.use_cache:
            listcache.forget_reader_files(self.folder, readers)


class PapersOnDemand(Mapping[str, Paper]):
    """A list's papers known by id, in order; the papers themselves are read on first use.

    Commands on one reader's reviews need only the ids (is there such a paper, in what
    order do reviews go), which the cache gives without reading the catalogue. Read-only:
    a store opened for one reader does not change the catalogue.
    """

    def __init__(self, ids: list[str], load: Callable[[], dict[str, Paper]]) -> None:
        self._ids = dict.fromkeys(ids)
        self._load = load
        self._papers: dict[str, Paper] | None = None

    def _all(self) -> dict[str, Paper]:
        if self._papers is None:
            self._papers = self._load()
        return self._papers

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, paper_id: str) -> Paper:
        if paper_id not in self._ids:
            raise KeyError(paper_id)
        return self._all()[paper_id]


def catalogue_ids(folder: Path, digest: bytes) -> tuple[list[str], dict[str, Any]] | None:
    """The paper ids and the rest of the catalogue of list.yaml with this digest, when cached."""
    return listcache.cached_ids(folder, digest)


def reading_list_of_ids(ids: list[str], head: dict[str, Any], load: Callable[[], ReadingList]) -> ReadingList | None:
    """The catalogue `head` with papers read on first use (see PapersOnDemand); None if the
    head cannot be read."""
    return cachecodec.decode_head(head, PapersOnDemand(ids, lambda: load().papers))
