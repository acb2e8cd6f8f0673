"""A list as plain records: one JSON-ready dict per paper, with the group's reviews."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Paper, ReadingList, Review


def paper_record(reading_list: ReadingList, paper: Paper, reviews: Mapping[str, Review] | None = None) -> dict[str, Any]:
    """The paper's fields, its tags (union over readers, most used first) and every review.

    `reviews` (reader -> review of this paper, readers in name order) may be given when
    already gathered; to_records gathers them for all papers in one pass over the readers.
    """
    if reviews is None:
        reviews = reading_list.reviews_of(paper.id)
    record = paper.to_dict()
    del record["sources"]
    record["sources"] = [s.to_dict() for s in paper.sources]
    record["tags"] = _tags(reviews.values())
    record["reviews"] = {
        reader: {"rating": r.rating, "status": r.status, "tags": list(r.tags), "note": r.note}
        for reader, r in reviews.items()
    }
    return record


def _tags(reviews: Iterable[Review]) -> list[str]:
    """As ReadingList.tags: the union of the readers' tags, most used first, then by name."""
    counts: Counter[str] = Counter()
    for review in reviews:
        counts.update(set(review.tags))
    return sorted(counts, key=lambda t: (-counts[t], t))


def reviews_by_paper(reading_list: ReadingList) -> dict[str, dict[str, Review]]:
    """Paper id -> reader -> review, readers in name order: one pass over every review file's
    reviews instead of one look into every reader's reviews per paper."""
    by_paper: dict[str, dict[str, Review]] = {}
    for reader in sorted(reading_list.reviews):
        for paper_id, review in reading_list.reviews[reader].items():
            by_paper.setdefault(paper_id, {})[reader] = review
    return by_paper


def to_records(reading_list: ReadingList) -> list[dict[str, Any]]:
    by_paper = reviews_by_paper(reading_list)
    none: dict[str, Review] = {}
    return [paper_record(reading_list, p, by_paper.get(p.id, none)) for p in reading_list.papers.values()]


def mean_rating(reading_list: ReadingList, paper_id: str, reviews: Mapping[str, Review] | None = None) -> float | None:
    """The mean of the readers' ratings of a paper (`reviews`: its reviews, when gathered already)."""
    if reviews is None:
        reviews = reading_list.reviews_of(paper_id)
    ratings = [r.rating for r in reviews.values() if r.rating is not None]
    return statistics.fmean(ratings) if ratings else None


def tags_of(reviews: Mapping[str, Review]) -> list[str]:
    """A paper's tags from its reviews (see ReadingList.tags)."""
    return _tags(reviews.values())
