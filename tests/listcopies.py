"""Copies of the committed example list for tests that write (never the list itself)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from readinglist.store import ListStore

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "lists" / "example"
INJECTED_TITLE = "<img src=x onerror=alert(1)>"


def copy_example(into: Path, name: str = "example") -> Path:
    """A copy of lists/example under `into` (without its lock file)."""
    target = into / name
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".readinglist.lock", ".*.tmp"))
    return target


def inject_title(folder: Path, index: int = 1, title: str = INJECTED_TITLE) -> str:
    """Add, at position `index`, a paper whose title and abstract are markup; returns its id.

    A new paper rather than a changed one, so re-importing the list's sources adds nothing.
    """
    store = ListStore.open(folder)
    papers = store.reading_list.papers
    template = next(iter(papers.values()))
    hostile = dataclasses.replace(
        template,
        id="injected-title",
        title=title,
        abstract="An abstract with <script>alert('abstract')</script>.",
        sources=(),
    )
    items = list(papers.items())
    items.insert(index, (hostile.id, hostile))
    papers.clear()
    papers.update(items)
    store.save_catalogue()
    return hostile.id
