"""The review app for members who do not code (served by Voila): the list's title, who is
reviewing, then the review app (Review, Browse and Import tabs) under that name.

Nothing is written before a name is confirmed; confirming another name switches the app
to that reader's file. The server's own user name is never used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ..errors import MissingPathError
from ..layout import list_folder
from ..store import ListStore
from ..words import plural
from .app import ReviewApp
from .readername import ReaderPicker, reader_from_environment
from .render import STYLE, esc

LIST_VAR = "READINGLIST_LIST"


class MemberApp:
    """`MemberApp(folder, reader="")`: asks who is reviewing, then opens the review app."""

    def __init__(self, folder: str | os.PathLike[str], *, reader: str = "") -> None:
        self.folder = list_folder(folder)
        reading_list = ListStore.open(self.folder).reading_list  # a bad list fails here, before any name
        self.picker = ReaderPicker(reader)
        self.app: ReviewApp | None = None
        self.body = w.VBox([]).add_class("rl-member-body")
        count = len(reading_list.papers)
        self.root = w.VBox(
            [
                w.HTML(STYLE),
                w.HTML(
                    f'<h2 class="rl-app-title">{esc(reading_list.title)}</h2>'
                    f'<div class="rl-app-subtitle">{plural(count, "paper")} to review</div>'
                ),
                self.picker.root,
                self.body,
            ]
        ).add_class("rl-member-app")
        self.picker.on_confirm(self.start)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    @property
    def reader(self) -> str | None:
        return self.app.review.reader if self.app else None

    def start(self, reader: str) -> None:
        """Review as `reader` (the list is read again: other members may have saved meanwhile)."""
        if reader == self.reader:
            return
        self.app = ReviewApp(ListStore.open(self.folder), reader)
        self.body.children = [self.app.root]


def member_app_from_environment(environ: Mapping[str, str] | None = None) -> MemberApp:
    """The app on the list in READINGLIST_LIST, with the reader from the page's `?reader=`."""
    environ = os.environ if environ is None else environ
    folder = environ.get(LIST_VAR)
    if not folder:
        raise MissingPathError(f"no list to review: start the app with 'readinglist app LIST' (or set {LIST_VAR})")
    return MemberApp(folder, reader=reader_from_environment(environ))
