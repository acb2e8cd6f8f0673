"""The group's view of a list: per-paper rating statistics, disagreement and a ranking.

Pure: works on a `ReadingList` in memory, no I/O, no pandas (`frames.py` builds
DataFrames from these results, the widgets show them).

- *spread* is the range of a paper's ratings (highest minus lowest; 0 for one rating),
  which reads directly on a 1-5 scale.
- A paper is flagged *discuss* when at least two readers rated it and their ratings are
  `DISCUSS_SPREAD` or more apart (a 2 and a 5, a 1 and a 4).
- The ranking of what to read next scores each paper the group has not finished by its
  Bayesian mean rating (`PRIOR_WEIGHT` imaginary ratings of 3, the middle of the scale, are
  added to its ratings, so one 5 counts for less than three; an unrated paper scores 3),
  plus a bonus when readers disagree (worth a session) and a small one per reader who
  queued it or is reading it. Ties go to more upvotes, then to the list's order.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from .model import ReadingList
from .words import plural

DISCUSS_SPREAD = 3
PRIOR_WEIGHT = 2.0
NEUTRAL_RATING = 3.0
DISCUSS_BONUS = 0.5
INTEREST_BONUS = 0.1
DONE_STATUSES = frozenset({"read", "skipped"})
INTEREST_STATUSES = frozenset({"queued", "reading"})


@dataclass(frozen=True)
class PaperStats:
    """What the group thinks of one paper."""

    paper_id: str
    ratings: dict[str, int] = field(default_factory=dict)  # reader -> rating, readers in name order
    statuses: dict[str, str] = field(default_factory=dict)  # reader -> status
    tag_counts: Counter[str] = field(default_factory=Counter)  # tag -> number of readers who set it
    reviewers: int = 0  # readers with any review of the paper

    @property
    def count(self) -> int:
        return len(self.ratings)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.ratings.values()) if self.ratings else None

    @property
    def spread(self) -> int | None:
        """Highest minus lowest rating; None without ratings."""
        if not self.ratings:
            return None
        return max(self.ratings.values()) - min(self.ratings.values())

    @property
    def stdev(self) -> float | None:
        """Population standard deviation of the ratings; None without ratings."""
        return statistics.pstdev(self.ratings.values()) if self.ratings else None

    @property
    def discuss(self) -> bool:
        spread = self.spread
        return self.count >= 2 and spread is not None and spread >= DISCUSS_SPREAD

    def tags(self) -> list[str]:
        """Tags, most used first, then by name."""
        return sorted(self.tag_counts, key=lambda t: (-self.tag_counts[t], t))


def paper_stats(reading_list: ReadingList, paper_id: str) -> PaperStats:
    """The group's statistics for one paper (empty when nobody reviewed it)."""
    ratings: dict[str, int] = {}
    statuses: dict[str, str] = {}
    tags: Counter[str] = Counter()
    reviews = reading_list.reviews_of(paper_id)
    for reader, review in reviews.items():
        if review.rating is not None:
            ratings[reader] = review.rating
        if review.status is not None:
            statuses[reader] = review.status
        tags.update(set(review.tags))
    return PaperStats(paper_id, ratings, statuses, tags, len(reviews))


def group_stats(reading_list: ReadingList) -> dict[str, PaperStats]:
    """Statistics for every paper of the list, in the list's order."""
    reviewed: set[str] = set()
    for by_paper in reading_list.reviews.values():
        reviewed.update(by_paper)
    return {pid: paper_stats(reading_list, pid) if pid in reviewed else PaperStats(pid) for pid in reading_list.papers}


def bayesian_mean(s: PaperStats, prior: float = NEUTRAL_RATING, weight: float = PRIOR_WEIGHT) -> float:
    return (prior * weight + sum(s.ratings.values())) / (weight + s.count)


@dataclass(frozen=True)
class Ranked:
    """A paper in the ranking of what to read next, with its score and why."""

    paper_id: str
    score: float
    reason: str


def is_done(s: PaperStats, reader: str | None = None) -> bool:
    """Finished: by `reader` (read or skipped), or by the group (every reviewer did)."""
    if reader is not None:
        return s.statuses.get(reader) in DONE_STATUSES
    return bool(s.statuses) and len(s.statuses) == s.reviewers and all(v in DONE_STATUSES for v in s.statuses.values())


def rank_next(reading_list: ReadingList, *, reader: str | None = None, limit: int | None = 10) -> list[Ranked]:
    """Papers to read next, best first: for `reader`, or for the group when None."""
    stats = group_stats(reading_list)
    order = {pid: i for i, pid in enumerate(reading_list.papers)}
    ranked: list[tuple[tuple[float, int, int], Ranked]] = []
    for pid, s in stats.items():
        if is_done(s, reader):
            continue
        interest = sum(1 for v in s.statuses.values() if v in INTEREST_STATUSES)
        score = bayesian_mean(s) + (DISCUSS_BONUS if s.discuss else 0.0) + INTEREST_BONUS * interest
        reasons = []
        if s.count:
            reasons.append(f"mean {s.mean:.1f} from {plural(s.count, 'rating')}")
        else:
            reasons.append("not rated yet")
        if s.discuss:
            reasons.append(f"ratings {s.spread} apart: discuss")
        if interest:
            reasons.append(f"{interest} queued or reading")
        upvotes = reading_list.papers[pid].upvotes
        ranked.append(((-score, -upvotes, order[pid]), Ranked(pid, round(score, 3), "; ".join(reasons))))
    ranked.sort(key=lambda pair: pair[0])
    out = [r for _, r in ranked]
    return out if limit is None else out[:limit]


def rating_histogram(reading_list: ReadingList) -> dict[int, int]:
    """How many ratings of each value (1-5) the list holds, over every reader."""
    counts = dict.fromkeys(range(1, 6), 0)
    for by_paper in reading_list.reviews.values():
        for paper_id, review in by_paper.items():
            if review.rating is not None and paper_id in reading_list.papers:  # removed papers are hidden
                counts[review.rating] += 1
    return counts


def reader_agreement(reading_list: ReadingList) -> dict[tuple[str, str], tuple[float, int]]:
    """For each pair of readers: mean absolute rating difference and papers both rated."""
    readers = reading_list.readers()
    out: dict[tuple[str, str], tuple[float, int]] = {}
    for i, a in enumerate(readers):
        for b in readers[i + 1 :]:
            ra, rb = reading_list.reviews[a], reading_list.reviews[b]
            diffs = [
                abs(ra[p].rating - rb[p].rating)  # type: ignore[operator]
                for p in ra.keys() & rb.keys()
                if ra[p].rating is not None and rb[p].rating is not None and p in reading_list.papers
            ]
            out[(a, b)] = (statistics.fmean(diffs) if diffs else float("nan"), len(diffs))
    return out
