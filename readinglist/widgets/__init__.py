"""JupyterLab widgets for reviewing a list: `review(LIST)`, `browse(LIST)`, `group_view(LIST)`.

Built by composition: each class holds small ipywidgets children (every control carries a
stable `rl-...` CSS class), reports through `on_...` callbacks, and shows itself when it is
the last expression of a cell. Everything that came from a list is escaped (render.py).
"""

from __future__ import annotations

import os

from ..model import ReadingList
from ..opening import as_store
from ..readers import default_reader
from ..store import ListStore
from .app import ReviewApp
from .browser import ListBrowser
from .group import GroupView
from .reviewer import ReviewWidget

__all__ = ["GroupView", "ListBrowser", "ReviewApp", "ReviewWidget", "browse", "group_view", "review"]


def review(
    source: str | os.PathLike[str] | ListStore, reader: str | None = None, *, start: str | None = None
) -> ReviewApp:
    """Review the list at `source` as `reader` (default: READINGLIST_READER, git, login).

    Returns the review widget with a browser tab; every change is saved at once to
    `reviews/<reader>.yaml`. `start` is the id of the paper to show first.
    """
    return ReviewApp(as_store(source), reader or default_reader(), start=start)


def browse(source: str | os.PathLike[str] | ListStore, reader: str | None = None) -> ListBrowser:
    """Only the browser over the list (search, filters, sorting, pages)."""
    return ListBrowser(as_store(source), reader or default_reader())


def group_view(source: str | os.PathLike[str] | ListStore | ReadingList) -> GroupView:
    """The group's ratings and tags, the papers to discuss and what to read next."""
    return GroupView(source if isinstance(source, ReadingList) else as_store(source))
