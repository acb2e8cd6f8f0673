"""JupyterLab widgets for reviewing a list: `review(LIST)`, `browse(LIST)`, `group_view(LIST)`.

Built by composition: each class holds small ipywidgets children (every control carries a
stable `rl-...` CSS class), reports through `on_...` callbacks, and shows itself when it is
the last expression of a cell. Everything that came from a list is escaped (render.py).
"""

from __future__ import annotations

import os

import ipywidgets as w

from ..errors import ReadingListError
from ..model import ReadingList
from ..opening import as_store
from ..readers import default_reader
from ..store import ListStore
from .app import ReviewApp
from .browser import ListBrowser
from .group import GroupView
from .member import MemberApp, member_app_from_environment
from .paste import PasteImport
from .readername import ReaderPicker
from .render import esc
from .reviewer import ReviewWidget

__all__ = [
    "GroupView",
    "ListBrowser",
    "MemberApp",
    "PasteImport",
    "ReaderPicker",
    "ReviewApp",
    "ReviewWidget",
    "browse",
    "group_view",
    "review",
    "review_app",
]


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


def review_app(source: str | os.PathLike[str] | None = None, *, reader: str | None = None) -> MemberApp | w.HTML:
    """The members' review app (what `readinglist app` serves): asks who is reviewing first.

    `source` defaults to READINGLIST_LIST; the name field is prefilled with `reader`, else
    the page's `?reader=NAME`. A list that cannot be opened is shown as one clear line.
    """
    try:
        if source is None:
            app = member_app_from_environment()
            if reader:
                app.picker.name.value = reader
            return app
        return MemberApp(source, reader=reader or "")
    except ReadingListError as exc:
        return w.HTML(f'<div class="rl-saved-error">{esc(exc)}</div>').add_class("rl-app-error")
