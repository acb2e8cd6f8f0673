"""A list as plain records: one JSON-ready dict per paper, with the group's reviews."""

from __future__ import annotations

import statistics
from typing import Any

from .model import Paper, ReadingList


def paper_record(reading_list: ReadingList, paper: Paper) -> dict[str, Any]:
    """The paper's fields, its tags (union over readers, most used first) and every review."""
    record = paper.to_dict()
    del record["sources"]
    record["sources"] = [s.to_dict() for s in paper.sources]
    record["tags"] = reading_list.tags(paper.id)
    record["reviews"] = {
        reader: {"rating": r.rating, "status": r.status, "tags": list(r.tags), "note": r.note}
        for reader, r in reading_list.reviews_of(paper.id).items()
    }
    return record


def to_records(reading_list: ReadingList) -> list[dict[str, Any]]:
    return [paper_record(reading_list, p) for p in reading_list.papers.values()]


def mean_rating(reading_list: ReadingList, paper_id: str) -> float | None:
    ratings = [r.rating for r in reading_list.reviews_of(paper_id).values() if r.rating is not None]
    return statistics.fmean(ratings) if ratings else None
