"""The review workflow in one widget: a "Review" tab and a "Browse" tab over the same store.

Picking a paper in the browser opens it in the review tab, and from then on previous /
next move through the browser's results; each saved review updates the browser's rows.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..store import ListStore
from .browser import ListBrowser
from .reviewer import ReviewWidget


class ReviewApp:
    """`ReviewApp(store, reader)`: the review widget and the list browser, wired together."""

    REVIEW_TAB, BROWSE_TAB = 0, 1

    def __init__(self, store: ListStore, reader: str, *, start: str | None = None) -> None:
        self.review = ReviewWidget(store, reader, start=start)
        self.browser = ListBrowser(store, self.review.reader)
        self.tabs = w.Tab(children=[self.review.root, self.browser.root], titles=("Review", "Browse")).add_class(
            "rl-tabs"
        )
        self.root = w.VBox([self.tabs]).add_class("rl-app")
        self.browser.on_pick(self._picked)
        self.review.on_saved(lambda pid, _review: self.browser.paper_changed(pid))
        self.review.on_reload(self.browser.use_store)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    @property
    def store(self) -> ListStore:
        return self.review.store

    def _picked(self, paper_id: str, results: list[str]) -> None:
        self.review.set_order(results, paper_id)
        self.tabs.selected_index = self.REVIEW_TAB
