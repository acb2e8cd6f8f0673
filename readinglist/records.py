"""A list as plain records: one JSON-ready dict per paper, with the group's reviews."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Any

import orjson

from .model import Paper, ReadingList, Review


def paper_record(reading_list: ReadingList, paper: Paper, reviews: Mapping[str, Review] | None = None) -> dict[str, Any]:
    """The paper's fields, its tags (union over readers, most used first) and every review.

    `reviews` (reader -> review of this paper, readers in name order) may be given when
    already gathered; to_records gathers them for all papers in one pass over the readers.
    """
    if reviews is None:
        reviews = reading_list.reviews_of(paper.id)
    return record_of(paper, {reader: review_record(r) for reader, r in reviews.items()})


def review_record(review: Review) -> dict[str, Any]:
    """A review as a paper's record shows it."""
    return {"rating": review.rating, "status": review.status, "tags": list(review.tags), "note": review.note}


def record_of(paper: Paper, reviews: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The paper's record, given its reviews as records (reader -> review_record, in the
    order they are shown)."""
    record = paper.to_dict()
    del record["sources"]
    record["sources"] = [s.to_dict() for s in paper.sources]
    record["tags"] = records_tags(reviews)
    record["reviews"] = reviews
    return record


class ReviewRecords:
    """Each paper's reviews as its record shows them, gathered one reader file at a time.

    A review is kept as its record's compact JSON (a few dozen bytes, not a Review), and
    only for papers in the list: a list of hundreds of readers is shown without holding
    every reader's reviews.
    """

    def __init__(self) -> None:
        self._by_paper: dict[str, dict[str, bytes]] = {}

    def add(self, reader: str, reviews: Mapping[str, Review], papers: Container[str]) -> None:
        """One reader's reviews of the papers in `papers` (the others are not shown)."""
        by_paper = self._by_paper
        for paper_id, review in reviews.items():
            if paper_id in papers:
                # A copy: what orjson.dumps returns keeps a buffer of a few KiB whatever its length.
                by_paper.setdefault(paper_id, {})[reader] = bytes(memoryview(orjson.dumps(review_record(review))))

    def of(self, paper_id: str) -> dict[str, dict[str, Any]]:
        """Reader -> review record of the paper, readers in name order (as reviews_by_paper)."""
        found = self._by_paper.get(paper_id) or {}
        return {reader: orjson.loads(found[reader]) for reader in sorted(found)}


def json_array(items: Iterable[Any]) -> Iterator[bytes]:
    """`orjson.dumps(list(items), option=OPT_INDENT_2)` in pieces, one per item, without
    holding the whole text: each item is indented one level more, as in the whole array
    (a JSON string holds no raw line break, so every line break is the layout's own)."""
    first = True
    for item in items:
        text = orjson.dumps(item, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
        yield (b"[\n  " if first else b",\n  ") + text
        first = False
    yield b"[]" if first else b"\n]"


def _tags(tag_lists: Iterable[Iterable[str]]) -> list[str]:
    """As ReadingList.tags: the union of the readers' tags (one list per reader), most used
    first, then by name."""
    counts: Counter[str] = Counter()
    for tags in tag_lists:
        counts.update(set(tags))
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


def records_mean_rating(reviews: Mapping[str, Mapping[str, Any]]) -> float | None:
    """mean_rating of reviews given as records (review_record)."""
    ratings = [r["rating"] for r in reviews.values() if r["rating"] is not None]
    return statistics.fmean(ratings) if ratings else None


def records_tags(reviews: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """tags_of of reviews given as records (review_record)."""
    return _tags(r["tags"] for r in reviews.values())


def tags_of(reviews: Mapping[str, Review]) -> list[str]:
    """A paper's tags from its reviews (see ReadingList.tags)."""
    return _tags(r.tags for r in reviews.values())
