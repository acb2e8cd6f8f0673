"""The group view: per paper the mean rating, number of ratings, spread, each reader's
rating, tags with counts and a "discuss" flag; sortable and paged; and a ranking of what
to read next. The numbers come from `analysis.py`; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..analysis import PaperStats, group_stats, rank_next
from ..model import ReadingList
from ..store import ListStore
from ..voting import results
from ..words import plural
from .charts import group_figures, png
from .render import STYLE, esc, shorten
from .suggested import candidates, candidates_html

PAGE_SIZE = 25
TITLE_CHARS = 70
NONE = "-"  # what a missing number shows as
GROUP_SORTS: dict[str, tuple[str, Callable[[PaperStats, int, int], tuple[Any, ...]]]] = {
    "mean": ("mean rating", lambda s, up, i: (s.mean is None, -(s.mean or 0), -s.count, i)),
    "count": ("number of ratings", lambda s, up, i: (-s.count, -(s.mean or 0), i)),
    "spread": ("spread", lambda s, up, i: (s.spread is None, -(s.spread or 0), i)),
    "discuss": ("discuss first", lambda s, up, i: (not s.discuss, -(s.spread or 0), i)),
    "upvotes": ("upvotes", lambda s, up, i: (-up, i)),
    "list": ("list order", lambda s, up, i: (i,)),
}


def sorted_stats(reading_list: ReadingList, sort: str = "mean", *, discuss_only: bool = False) -> list[PaperStats]:
    """The group's statistics, sorted by one of GROUP_SORTS (ties in list order)."""
    key = GROUP_SORTS[sort][1]
    papers = reading_list.papers
    stats = [s for s in group_stats(reading_list).values() if s.discuss or not discuss_only]
    order = {pid: i for i, pid in enumerate(papers)}
    return sorted(stats, key=lambda s: key(s, papers[s.paper_id].upvotes, order[s.paper_id]))


class GroupView:
    """The group's ratings and tags for a list (a store, or a ReadingList to only look at)."""

    def __init__(self, source: ListStore | ReadingList, *, page_size: int = PAGE_SIZE) -> None:
        self.store = source if isinstance(source, ListStore) else None
        self.reading_list = source.reading_list if isinstance(source, ListStore) else source
        self.page_size = page_size
        self.page_number = 0
        self.rows: list[PaperStats] = []
        self.sort = w.Dropdown(
            description="sort by",
            options=[(label, key) for key, (label, _) in GROUP_SORTS.items()],
            style={"description_width": "initial"},
        ).add_class("rl-group-sort")
        self.discuss_only = w.Checkbox(description="only papers to discuss", indent=False).add_class(
            "rl-group-discuss-only"
        )
        self.refresh_button = w.Button(description="reload from disk", layout=w.Layout(width="auto")).add_class(
            "rl-group-refresh"
        )
        self.refresh_button.disabled = self.store is None
        self.prev_page = w.Button(description="◀ page", layout=w.Layout(width="auto")).add_class("rl-group-page-prev")
        self.next_page = w.Button(description="page ▶", layout=w.Layout(width="auto")).add_class("rl-group-page-next")
        self.summary = w.Label().add_class("rl-group-summary")
        self.table = w.HTML().add_class("rl-group-table")
        self.ranking = w.HTML().add_class("rl-ranking")
        self.votes = w.HTML().add_class("rl-vote-standings")
        self.candidates = w.HTML().add_class("rl-group-candidates")  # learned suggestions, with reasons
        self.charts = w.HBox([]).add_class("rl-group-charts")
        self.root = w.VBox(
            [
                w.HTML(STYLE),
                w.HBox([self.sort, self.discuss_only, self.refresh_button]),
                w.HBox([self.prev_page, self.next_page, self.summary]),
                self.table,
                w.HBox(
                    [
                        w.VBox([w.HTML("<h4>What to read next</h4>"), self.ranking]),
                        w.VBox([w.HTML("<h4>Candidates nobody has reviewed yet</h4>"), self.candidates]),
                    ]
                ).add_class("rl-next-and-candidates"),
                w.HTML("<h4>The vote for the next session</h4>"),
                self.votes,
                w.HTML("<h4>Charts</h4>"),
                self.charts,
            ]
        ).add_class("rl-group-view")
        self.sort.observe(lambda _c: self._resort(), "value")
        self.discuss_only.observe(lambda _c: self._resort(), "value")
        self.refresh_button.on_click(lambda _b: self.reload())
        self.prev_page.on_click(lambda _b: self.go_page(self.page_number - 1))
        self.next_page.on_click(lambda _b: self.go_page(self.page_number + 1))
        self._resort()
        self.show_candidates()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def reload(self) -> None:
        """Read the list again from disk (other members' reviews after a git pull)."""
        if self.store is not None:
            self.store = ListStore.open(self.store.folder)
            self.reading_list = self.store.reading_list
        self._resort()
        self.show_candidates()

    def show_candidates(self) -> None:
        """The group's top candidates from the suggestion model, beside today's ranking."""
        self.candidates.value = candidates_html(candidates(self.store or self.reading_list))

    def _resort(self) -> None:
        self.rows = sorted_stats(self.reading_list, self.sort.value, discuss_only=self.discuss_only.value)
        self.page_number = 0
        self._draw()
        self.ranking.value = self.ranking_html()
        self.votes.value = self.standings_html()
        self.charts.children = [
            w.Image(value=png(fig), format="png", layout=w.Layout(max_width="100%", height="auto")).add_class(
                "rl-group-chart"
            )
            for fig in group_figures(self.reading_list)
        ]

    def go_page(self, number: int) -> None:
        self.page_number = number
        self._draw()

    def _draw(self) -> None:
        pages = max(1, -(-len(self.rows) // self.page_size))
        self.page_number = min(max(self.page_number, 0), pages - 1)
        start = self.page_number * self.page_size
        self.table.value = self.table_html(self.rows[start : start + self.page_size])
        flagged = sum(1 for s in self.rows if s.discuss)
        self.summary.value = (
            f"{len(self.rows):,} papers · {flagged:,} to discuss · page {self.page_number + 1} of {pages}"
        )
        self.prev_page.disabled = self.page_number == 0
        self.next_page.disabled = self.page_number >= pages - 1

    def table_html(self, rows: list[PaperStats]) -> str:
        readers = self.reading_list.readers()
        head = [("paper", ""), ("mean", "rl-num"), ("ratings", "rl-num"), ("spread", "rl-num")]
        head += [(r, "rl-num") for r in readers] + [("tags", ""), ("discuss", "")]
        out = ['<table class="rl-group-table"><thead><tr>']
        out += [f'<th class="{css}">{esc(h)}</th>' for h, css in head]
        out.append("</tr></thead><tbody>")
        for s in rows:
            title = self.reading_list.papers[s.paper_id].title
            cells = [
                (f'<span title="{esc(title)}">{esc(shorten(title, TITLE_CHARS))}</span>', ""),
                (f"{s.mean:.1f}" if s.mean is not None else NONE, "rl-num"),
                (str(s.count), "rl-num"),
                (str(s.spread) if s.spread is not None else NONE, "rl-num"),
                *((str(s.ratings[r]) if r in s.ratings else NONE, "rl-num") for r in readers),
                (esc(", ".join(f"{t} ×{s.tag_counts[t]}" for t in s.tags())), ""),
                ('<span class="rl-discuss-flag">discuss</span>' if s.discuss else "", ""),
            ]
            out.append("<tr>" + "".join(f'<td class="{css}">{c}</td>' for c, css in cells) + "</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def standings_html(self, limit: int = 10) -> str:
        """The open vote's standings (readinglist vote --results), best first."""
        result = results(self.reading_list)
        if not result.standings:
            return "<p>No votes yet: vote on a card (v), or with 'readinglist vote'.</p>"
        counted = "approvals" if result.method == "approval" else "Schulze (ranked ballots)"
        items = []
        for s in result.standings[:limit]:
            if result.method == "approval":
                facts = plural(s.counts["approvals"], "approval")
            else:
                facts = f"beats {s.counts['beats']}, first on {s.counts['first_preferences']}"
            items.append(f'<li><b title="{esc(s.title)}">{esc(shorten(s.title, TITLE_CHARS))}</b> <small>({esc(facts)})</small></li>')
        head = f"<p><small>{plural(result.ballots, 'ballot')}, counted by {esc(counted)}</small></p>"
        return f'{head}<ol class="rl-vote-standings-list">{"".join(items)}</ol>'

    def ranking_html(self, limit: int = 10) -> str:
        ranked = rank_next(self.reading_list, limit=limit)
        if not ranked:
            return "<p>The group has read everything on this list.</p>"
        items = "".join(
            f'<li><b title="{esc(self.reading_list.papers[r.paper_id].title)}">'
            f"{esc(shorten(self.reading_list.papers[r.paper_id].title, TITLE_CHARS))}</b> <small>({esc(r.reason)})</small></li>"
            for r in ranked
        )
        return f'<ol class="rl-ranking-list">{items}</ol>'
