"""What the notebook-facing functions accept as a list: a folder, its list.yaml, a store."""

from __future__ import annotations

import os
from typing import Union

from .model import ReadingList
from .store import ListStore

ListLike = Union[str, "os.PathLike[str]", ListStore, ReadingList]


def as_store(source: str | os.PathLike[str] | ListStore) -> ListStore:
    """An open store: `source` itself, or the list at that path (ListFormatError if bad)."""
    if isinstance(source, ListStore):
        return source
    if isinstance(source, ReadingList):
        raise TypeError("a ReadingList has no folder to save to: pass the list's folder or a ListStore")
    return ListStore.open(source)


def as_reading_list(source: ListLike) -> ReadingList:
    """The reading list of a folder, a store, or a ReadingList itself."""
    if isinstance(source, ReadingList):
        return source
    return as_store(source).reading_list
