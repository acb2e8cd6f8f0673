"""Searching, filtering, sorting and paging a list, fast enough for 20,000 papers.

Pure: a `PaperIndex` precomputes what every query needs (case-folded title and abstract,
dates, upvotes, the group's mean ratings) once, and is told when a review changes
(`refresh`), so a query is a few passes over plain lists.

Filters that concern a reader (tag, status, minimum rating) apply to the reader chosen
in `Query.reader`, or, when it is None, to the group: a tag or status any reader set, and
the mean rating of the group. `status="unreviewed"` keeps papers without a review by that
reader (or by anyone).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .analysis import group_stats, paper_stats
from .model import ReadingList

UNREVIEWED = "unreviewed"
SORTS: dict[str, str] = {
    "list": "list order",
    "date": "newest first",
    "upvotes": "most upvoted",
    "own-rating": "my rating",
    "group-rating": "group rating",
    "suggested": "suggested for you",
}


@dataclass(frozen=True)
class Query:
    text: str = ""
    tag: str | None = None
    status: str | None = None  # a status, UNREVIEWED, or None for any
    reader: str | None = None  # whose tag/status/rating the filters test; None: the group
    min_rating: int | None = None
    sort: str = "list"
    descending: bool = True  # for every sort but "list"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")


@dataclass(frozen=True)
class Page:
    ids: list[str]  # the papers on this page
    number: int  # 0-based
    pages: int  # at least 1
    total: int  # papers matching the query


class PaperIndex:
    """A reading list prepared for queries on behalf of `me` (for the "my rating" sort)."""

    def __init__(self, reading_list: ReadingList, me: str) -> None:
        self.reading_list = reading_list
        self.me = me
        self.ids = list(reading_list.papers)
        self.position = {pid: i for i, pid in enumerate(self.ids)}
        papers = reading_list.papers.values()
        self.haystack = [f"{p.title}\n{p.abstract}".casefold() for p in papers]
        self.dates = [p.published.toordinal() if p.published else -1 for p in papers]
        self.upvotes = [p.upvotes for p in papers]
        stats = group_stats(reading_list)
        self.means: list[float | None] = [stats[pid].mean for pid in self.ids]
        # Paper id -> score of the "suggested" sort; set by whoever computed the suggestions
        # (the browser), papers without one go last.
        self.suggested: dict[str, float] = {}

    def refresh(self, paper_id: str) -> None:
        """Take a changed review of `paper_id` into account."""
        self.means[self.position[paper_id]] = paper_stats(self.reading_list, paper_id).mean

    def search(self, query: Query) -> list[str]:
        """Ids of the papers matching `query`, in its order."""
        rows: range | list[int] = self._candidates(query)
        words = query.text.casefold().split()
        if words:
            hay = self.haystack
            rows = [i for i in rows if all(w in hay[i] for w in words)]
        test = self._review_test(query)
        if test is not None:
            ids = self.ids
            rows = [i for i in rows if test(ids[i], i)]
        return [self.ids[i] for i in self._sorted(list(rows), query)]

    def page(self, query: Query, number: int, size: int) -> Page:
        found = self.search(query)
        pages = max(1, math.ceil(len(found) / size))
        number = min(max(number, 0), pages - 1)
        return Page(found[number * size : (number + 1) * size], number, pages, len(found))

    def _candidates(self, q: Query) -> range | list[int]:
        """Rows that can match: only reviewed papers when a filter needs a review."""
        needs_review = q.status not in (None, UNREVIEWED) or q.tag is not None or q.min_rating is not None
        if not needs_review and (q.reader is None or q.status == UNREVIEWED):
            return range(len(self.ids))
        reviews = self.reading_list.reviews
        if q.reader is not None:
            reviewed: set[str] = set(reviews.get(q.reader, {}))
        else:
            reviewed = set().union(*reviews.values()) if reviews else set()
        position = self.position
        return sorted(position[pid] for pid in reviewed if pid in position)

    def _review_test(self, q: Query) -> Callable[[str, int], bool] | None:
        if q.tag is None and q.status is None and q.min_rating is None and q.reader is None:
            return None
        reviews = self.reading_list.reviews
        if q.status == UNREVIEWED and (q.tag is not None or q.min_rating is not None):
            return lambda _pid, _i: False  # a paper without a review has no tag or rating
        if q.reader is not None:
            mine = reviews.get(q.reader, {})
            if q.status == UNREVIEWED:
                return lambda pid, _i: pid not in mine

            def one_reader(pid: str, _i: int) -> bool:
                r = mine.get(pid)
                if r is None:
                    return False
                if q.tag is not None and q.tag not in r.tags:
                    return False
                if q.status is not None and r.status != q.status:
                    return False
                return q.min_rating is None or (r.rating is not None and r.rating >= q.min_rating)

            return one_reader
        by_reader = list(reviews.values())
        means = self.means
        if q.status == UNREVIEWED:
            return lambda pid, _i: not any(pid in b for b in by_reader)

        def group(pid: str, i: int) -> bool:
            if q.min_rating is not None:
                m = means[i]
                if m is None or m < q.min_rating:
                    return False
            if q.tag is None and q.status is None:
                return True
            found = [b[pid] for b in by_reader if pid in b]
            if q.tag is not None and not any(q.tag in r.tags for r in found):
                return False
            return q.status is None or any(r.status == q.status for r in found)

        return group

    def _sorted(self, rows: list[int], q: Query) -> list[int]:
        if q.sort == "list":
            return rows
        if q.sort == "date":
            values: list[float | None] = [self.dates[i] if self.dates[i] >= 0 else None for i in rows]
        elif q.sort == "upvotes":
            values = [self.upvotes[i] for i in rows]
        elif q.sort == "group-rating":
            values = [self.means[i] for i in rows]
        elif q.sort == "suggested":
            values = [self.suggested.get(self.ids[i]) for i in rows]
        else:
            mine = self.reading_list.reviews.get(self.me, {})
            values = []
            for i in rows:
                r = mine.get(self.ids[i])
                values.append(r.rating if r is not None else None)
        sign = -1 if q.descending else 1
        # Papers without a value go last either way; ties keep the list's order.
        keyed = sorted(
            zip(values, rows), key=lambda vr: (vr[0] is None, sign * vr[0] if vr[0] is not None else 0, vr[1])
        )
        return [i for _, i in keyed]
