"""What the group's reviews say, as training labels for the suggestion models. Pure.

A reader's review becomes at most one label, the rating first:

| review | label | weight |
| --- | --- | --- |
| rating 5 / 4 | positive | 1.0 / 0.8 |
| rating 2 / 1 | negative | 0.8 / 1.0 |
| rating 3 | none (neither liked nor disliked) | |
| no rating, reading / queued | positive, weak | 0.5 / 0.4 |
| no rating, skipped | negative | 0.6 |
| no rating or status, tags set | positive, weak (the reader cared to file it) | 0.3 |

For the group, every reader's labels count. Fewer than `MIN_POSITIVES` positive ratings
(4 or 5) is a cold start: there is too little to learn a taste from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import Review

RATING_LABELS: dict[int, tuple[bool, float]] = {5: (True, 1.0), 4: (True, 0.8), 2: (False, 0.8), 1: (False, 1.0)}
STATUS_LABELS: dict[str, tuple[bool, float]] = {"reading": (True, 0.5), "queued": (True, 0.4), "skipped": (False, 0.6)}
TAGGED_LABEL = (True, 0.3)
MIN_POSITIVES = 3
MIN_TAG_PAPERS = 3

Reviews = Mapping[str, Mapping[str, Review]]  # reader -> paper id -> review


@dataclass(frozen=True)
class Label:
    paper_id: str
    positive: bool
    weight: float
    reader: str


def review_label(review: Review) -> tuple[bool, float] | None:
    """(positive, weight) for one review, or None when it says nothing about taste."""
    if review.rating is not None:
        return RATING_LABELS.get(review.rating)
    if review.status is not None:
        return STATUS_LABELS.get(review.status)
    return TAGGED_LABEL if review.tags else None


def labels(reviews: Reviews, reader: str | None) -> list[Label]:
    """Labels from `reader`'s reviews, or from every reader's when None (in name order)."""
    readers = [reader] if reader is not None else sorted(reviews)
    out = []
    for name in readers:
        for pid, review in reviews.get(name, {}).items():
            label = review_label(review)
            if label is not None:
                out.append(Label(pid, label[0], label[1], name))
    return out


def positive_ratings(reviews: Reviews, reader: str | None) -> int:
    readers = [reader] if reader is not None else list(reviews)
    return sum(1 for name in readers for r in reviews.get(name, {}).values() if r.rating is not None and r.rating >= 4)


def reviewed(reviews: Reviews, reader: str | None) -> set[str]:
    """Papers `reader` has any review of (rating, status, tags or note); anyone's when None."""
    readers = [reader] if reader is not None else list(reviews)
    return {pid for name in readers for pid in reviews.get(name, {})}


def tagged_papers(reviews: Reviews) -> dict[str, set[str]]:
    """Paper id -> the tags any reader set on it."""
    out: dict[str, set[str]] = {}
    for by_paper in reviews.values():
        for pid, review in by_paper.items():
            if review.tags:
                out.setdefault(pid, set()).update(review.tags)
    return out


def group_tags(reviews: Reviews, minimum: int = MIN_TAG_PAPERS) -> dict[str, set[str]]:
    """The group's own tags, those set on at least `minimum` papers: tag -> its papers."""
    papers: dict[str, set[str]] = {}
    for pid, tags in tagged_papers(reviews).items():
        for tag in tags:
            papers.setdefault(tag, set()).add(pid)
    return {tag: pids for tag, pids in sorted(papers.items()) if len(pids) >= minimum}


def rated_by(reviews: Reviews, reader: str | None, *, liked_only: bool) -> set[str]:
    """Papers `reader` (anyone, when None) rated; only those rated 4-5 when `liked_only`."""
    readers = [reader] if reader is not None else list(reviews)
    low = 4 if liked_only else 1
    return {pid for name in readers for pid, r in reviews.get(name, {}).items() if r.rating is not None and r.rating >= low}


def label_summary(found: Iterable[Label]) -> str:
    """`5 liked, 2 disliked, 3 queued or reading`-style count of what a model learned from."""
    counts: Counter[str] = Counter("positive" if label.positive else "negative" for label in found)
    return f"{counts['positive']} positive and {counts['negative']} negative signals"
