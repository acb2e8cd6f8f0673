"""The review workflow in one widget: "Review", "Browse" and "Import" tabs over one list.

Picking a paper in the browser opens it in the review tab, and from then on previous /
next move through the browser's results; each saved review updates the browser's rows.
An import (pasted text or uploaded files) reloads the list and opens its first new paper.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..ingest import ImportSummary
from ..store import ListStore
from .browser import ListBrowser
from .paste import PasteImport, summary_line
from .reviewer import ReviewWidget


class ReviewApp:
    """`ReviewApp(store, reader)`: the review widget and the list browser, wired together."""

    REVIEW_TAB, BROWSE_TAB, IMPORT_TAB = 0, 1, 2

    def __init__(self, store: ListStore, reader: str, *, start: str | None = None) -> None:
        self.review = ReviewWidget(store, reader, start=start)
        self.browser = ListBrowser(store, self.review.reader)
        self.importer = PasteImport(store.folder)
        self.tabs = w.Tab(
            children=[self.review.root, self.browser.root, self.importer.root], titles=("Review", "Browse", "Import")
        ).add_class("rl-tabs")
        self.root = w.VBox([self.tabs]).add_class("rl-app")
        self.browser.on_pick(self._picked)
        self.review.on_saved(lambda pid, _review: self.browser.paper_changed(pid))
        self.review.on_reload(self.browser.use_store)
        self.importer.on_imported(self._imported)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    @property
    def store(self) -> ListStore:
        return self.review.store

    def _imported(self, summary: ImportSummary) -> None:
        self.review.reload()  # also gives the browser the new store
        if summary.report.added:
            self.review.show(summary.report.added[0])
            self.tabs.selected_index = self.REVIEW_TAB
            self.review.notify(f"imported {summary_line(summary)}; showing the first new paper")

    def _picked(self, paper_id: str, results: list[str]) -> None:
        self.review.set_order(results, paper_id)
        self.tabs.selected_index = self.REVIEW_TAB
