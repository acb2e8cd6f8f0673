"""A browser over a list: search, filters, sorting and pages; picking a paper opens it.

Queries run on a `search.PaperIndex`, so a filter change on a 20,000-paper list redraws
one page of rows (a fixed pool of row widgets, reused) in tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..analysis import paper_stats
from ..model import STATUSES, Paper
from ..search import SORTS, UNREVIEWED, Page, PaperIndex, Query
from ..store import ListStore
from .render import esc

if TYPE_CHECKING:
    from ..suggestions import Suggestion

PAGE_SIZE = 20
EXPLAINED = 200  # rows of the "suggested for you" sort that show why (ten pages)
# "No filter" as a value a Dropdown shows: with None it would show an empty box, not "any".
ANY = ""
PickCallback = Callable[[str, list[str]], None]


class ListBrowser:
    """Browse `store`'s list as `reader`; `on_pick(callback(paper_id, result_ids))`."""

    def __init__(self, store: ListStore, reader: str, *, page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.reader = reader
        self.page_size = page_size
        self.page_number = 0
        self.index = PaperIndex(store.reading_list, reader)
        self.results: list[str] = []
        self.current: Page = Page([], 0, 1, 0)
        self._pick: list[PickCallback] = []
        self._filling = False
        # The "suggested for you" sort: computed when first chosen, again after a review changed.
        self.suggestions: dict[str, Suggestion] | None = None
        self.suggestions_basis = ""

        self.search = w.Text(
            placeholder="search titles and abstracts", continuous_update=True, layout=w.Layout(width="22em")
        ).add_class("rl-search")
        self.tag = w.Dropdown(description="tag", layout=w.Layout(width="14em")).add_class("rl-filter-tag")
        self.status = w.Dropdown(
            description="status",
            options=[("any", ANY), *((s, s) for s in STATUSES), ("unreviewed", UNREVIEWED)],
            layout=w.Layout(width="14em"),
        ).add_class("rl-filter-status")
        self.reader_filter = w.Dropdown(description="by", layout=w.Layout(width="14em")).add_class("rl-filter-reader")
        self.min_rating = w.Dropdown(
            description="rating ≥",
            options=[("any", ANY), *((f"{n}", n) for n in range(1, 6))],
            layout=w.Layout(width="11em"),
        ).add_class("rl-filter-rating")
        self.sort = w.Dropdown(
            description="sort", options=[(label, key) for key, label in SORTS.items()], layout=w.Layout(width="14em")
        ).add_class("rl-sort")
        self.reverse = w.Checkbox(description="reverse", indent=False, layout=w.Layout(width="6em")).add_class(
            "rl-sort-reverse"
        )
        for dropdown in (self.tag, self.status, self.reader_filter, self.min_rating, self.sort):
            dropdown.style.description_width = "initial"  # the label in full, never cut
        self._fill_choices()
        self.tag.value = self.reader_filter.value = ANY
        self.summary = w.Label().add_class("rl-results-summary")
        self.suggested_note = w.HTML().add_class("rl-suggested-basis")  # what "suggested for you" is based on
        self.prev_page = w.Button(description="◀ page", layout=w.Layout(width="auto")).add_class("rl-page-prev")
        self.next_page = w.Button(description="page ▶", layout=w.Layout(width="auto")).add_class("rl-page-next")
        self.prev_page.on_click(lambda _b: self.go_page(self.page_number - 1))
        self.next_page.on_click(lambda _b: self.go_page(self.page_number + 1))
        self.rows: list[tuple[w.Button, w.HTML, w.HBox]] = []
        for slot in range(page_size):
            button = w.Button(description="open", layout=w.Layout(width="4.5em")).add_class("rl-open")
            button.on_click(lambda _b, slot=slot: self.pick_slot(slot))
            text = w.HTML().add_class("rl-result")
            self.rows.append((button, text, w.HBox([button, text]).add_class("rl-result-row")))
        self.root = w.VBox(
            [
                w.HBox([self.search, self.sort, self.reverse]),
                w.HBox([self.tag, self.status, self.reader_filter, self.min_rating]),
                w.HBox([self.prev_page, self.next_page, self.summary]),
                self.suggested_note,
                w.VBox([row for _, _, row in self.rows]),
            ]
        ).add_class("rl-browser")
        for control in (
            self.search,
            self.tag,
            self.status,
            self.reader_filter,
            self.min_rating,
            self.sort,
            self.reverse,
        ):
            control.observe(self._query_changed, "value")
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def _fill_choices(self) -> None:
        reading_list = self.store.reading_list
        counts = reading_list.all_tags()
        tags = sorted(counts, key=lambda t: (-counts[t], t))
        self.tag.options = [("any", ANY), *((f"{t} ({counts[t]})", t) for t in tags)]
        readers = sorted({*reading_list.readers(), self.reader})
        self.reader_filter.options = [("any", ANY), *((r, r) for r in readers)]

    # -- queries -------------------------------------------------------------------------
    def query(self) -> Query:
        return Query(
            text=self.search.value,
            tag=self.tag.value or None,
            status=self.status.value or None,
            reader=self.reader_filter.value or None,
            min_rating=self.min_rating.value or None,
            sort=self.sort.value,
            descending=not self.reverse.value,
        )

    def _query_changed(self, _change: dict[str, Any]) -> None:
        if self._filling:
            return
        self.page_number = 0
        self.refresh()

    def refresh(self) -> None:
        """Run the query again and redraw the current page."""
        if self.sort.value == "suggested" and self.suggestions is None:
            self._load_suggestions()
        self.results = self.index.search(self.query())
        self._draw()

    def _load_suggestions(self) -> None:
        from ..suggestions import suggest  # numpy and the models: only when this sort is chosen

        found = suggest(self.store, reader=self.reader, limit=None, explain=EXPLAINED)
        self.suggestions = {s.id: s for s in found}
        self.suggestions_basis = found.basis
        self.index.suggested = {s.id: float(len(found) - rank) for rank, s in enumerate(found)}

    def go_page(self, number: int) -> None:
        self.page_number = number
        self._draw()

    def _draw(self) -> None:
        size = self.page_size
        pages = max(1, -(-len(self.results) // size))
        self.page_number = min(max(self.page_number, 0), pages - 1)
        start = self.page_number * size
        self.current = Page(self.results[start : start + size], self.page_number, pages, len(self.results))
        papers = self.store.reading_list.papers
        for slot, (button, text, row) in enumerate(self.rows):
            if slot < len(self.current.ids):
                text.value = self.row_html(papers[self.current.ids[slot]])
                row.layout.display = ""
            else:
                text.value = ""
                row.layout.display = "none"
        total = len(self.results)
        basis = self.suggestions_basis if self.sort.value == "suggested" else ""
        self.suggested_note.value = f"<small>{esc(basis)}</small>" if basis else ""
        self.summary.value = (
            f"{total:,} {'paper matches' if total == 1 else 'papers match'} · page {self.page_number + 1:,} of {pages:,}"
            if total
            else "no paper matches"
        )
        self.prev_page.disabled = self.page_number == 0
        self.next_page.disabled = self.page_number >= pages - 1

    def row_html(self, paper: Paper) -> str:
        s = paper_stats(self.store.reading_list, paper.id)
        mine = self.store.reading_list.reviews.get(self.reader, {}).get(paper.id)
        bits = [paper.published.isoformat() if paper.published else "no date", f"▲ {paper.upvotes}"]
        if s.count:
            bits.append(f"group {s.mean:.1f} ({s.count})")
        if mine is not None:
            bits.append(f"mine {mine.rating or '-'}{' · ' + mine.status if mine.status else ''}")
        if s.tag_counts:
            bits.append(", ".join(s.tags()[:5]))
        row = f"<b>{esc(paper.title)}</b><br><small>{esc(' · '.join(bits))}</small>"
        suggestion = self.suggestions.get(paper.id) if self.suggestions and self.sort.value == "suggested" else None
        if suggestion is not None and (suggestion.because or suggestion.reasons):
            why = "; ".join(suggestion.because) or "; ".join(suggestion.reasons)
            row += f'<br><small class="rl-because">because: {esc(why)}</small>'
        return row

    # -- picking and updates -------------------------------------------------------------------
    def on_pick(self, callback: PickCallback) -> None:
        """`callback(paper_id, result_ids)` when the reader opens a paper."""
        self._pick.append(callback)

    def pick_slot(self, slot: int) -> None:
        if slot < len(self.current.ids):
            self.pick(self.current.ids[slot])

    def pick(self, paper_id: str) -> None:
        for callback in list(self._pick):
            callback(paper_id, list(self.results))

    def paper_changed(self, paper_id: str) -> None:
        """A review of `paper_id` changed: update the statistics and the rows shown."""
        self.index.refresh(paper_id)
        self.suggestions = None  # learned again at the next query, not under the reader's cursor
        self._fill_choices_keeping_values()
        if paper_id in self.current.ids:
            slot = self.current.ids.index(paper_id)
            self.rows[slot][1].value = self.row_html(self.store.reading_list.papers[paper_id])

    def _fill_choices_keeping_values(self) -> None:
        """Refill the tag and reader choices (new tags, new readers), keeping what is chosen."""
        tag, reader = self.tag.value, self.reader_filter.value
        self._filling = True
        try:
            self._fill_choices()
            self.tag.value = tag if tag in {v for _, v in self.tag.options} else ANY
            self.reader_filter.value = reader if reader in {v for _, v in self.reader_filter.options} else ANY
        finally:
            self._filling = False
        if (tag, reader) != (self.tag.value, self.reader_filter.value):
            self.refresh()  # the chosen tag is gone: the filter changed

    def use_store(self, store: ListStore) -> None:
        """Browse a reloaded store."""
        self.store = store
        self.index = PaperIndex(store.reading_list, self.reader)
        self.suggestions = None
        self._fill_choices_keeping_values()
        self.refresh()
