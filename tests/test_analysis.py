"""The group's statistics, the discuss flag and the ranking, on small lists built here."""

from __future__ import annotations

import math

import pytest

from readinglist.analysis import (
    DISCUSS_SPREAD,
    group_stats,
    paper_stats,
    rank_next,
    rating_histogram,
    reader_agreement,
)
from readinglist.model import Paper, ReadingList, Review


def make_list(n: int = 4, upvotes: tuple[int, ...] = ()) -> ReadingList:
    papers = {
        f"p{i}": Paper(id=f"p{i}", title=f"Paper {i}", upvotes=(upvotes[i] if i < len(upvotes) else 0))
        for i in range(n)
    }
    return ReadingList(title="t", papers=papers)


def rate(rl: ReadingList, reader: str, pid: str, rating: int | None = None, status: str | None = None, tags=()) -> None:
    rl.set_review(reader, Review(paper_id=pid, rating=rating, status=status, tags=tuple(tags)))


def test_stats_of_a_paper_collect_each_readers_rating_status_and_tags():
    rl = make_list()
    rate(rl, "ana", "p0", 5, "read", ["moe", "routing"])
    rate(rl, "ben", "p0", 2, "skimmed", ["moe"])
    rate(rl, "chen", "p0", None, "queued", [])
    s = paper_stats(rl, "p0")
    assert s.ratings == {"ana": 5, "ben": 2}
    assert s.statuses == {"ana": "read", "ben": "skimmed", "chen": "queued"}
    assert s.count == 2 and s.reviewers == 3
    assert s.mean == 3.5 and s.spread == 3 and s.stdev == 1.5
    assert s.tags() == ["moe", "routing"] and s.tag_counts["moe"] == 2
    assert s.discuss


@pytest.mark.parametrize(
    ("ratings", "discuss"),
    [((1, 4), True), ((2, 5), True), ((2, 4), False), ((3, 3, 5), False), ((5,), False), ((1, 3, 4), True)],
)
def test_discuss_flag_needs_two_ratings_at_least_three_apart(ratings, discuss):
    rl = make_list()
    for i, r in enumerate(ratings):
        rate(rl, f"r{i}", "p1", r)
    assert paper_stats(rl, "p1").discuss is discuss
    assert DISCUSS_SPREAD == 3


def test_group_stats_cover_every_paper_in_list_order_and_unreviewed_ones_are_empty():
    rl = make_list(3)
    rate(rl, "ana", "p2", 4)
    stats = group_stats(rl)
    assert list(stats) == ["p0", "p1", "p2"]
    assert stats["p0"].mean is None and stats["p0"].spread is None and not stats["p0"].discuss
    assert stats["p2"].mean == 4 and stats["p2"].spread == 0


def test_ranking_prefers_more_evidence_and_leaves_out_what_the_group_finished():
    rl = make_list(5, upvotes=(0, 0, 0, 0, 9))
    rate(rl, "ana", "p0", 5)  # one 5
    for reader in ("ana", "ben", "chen"):
        rate(rl, reader, "p1", 5)  # three 5s: more convincing than one
    rate(rl, "ana", "p2", 5, "read")
    rate(rl, "ben", "p2", 5, "skipped")  # everyone who reviewed it is done
    ranking = rank_next(rl, limit=None)
    ids = [r.paper_id for r in ranking]
    assert "p2" not in ids
    assert ids.index("p1") < ids.index("p0")
    assert ids == ["p1", "p0", "p4", "p3"]  # unrated last: upvotes break their tie
    assert "mean 5.0 from 3 ratings" in ranking[0].reason
    assert ranking[-1].reason == "not rated yet" and ranking[-1].score == 3.0


def test_ranking_for_one_reader_leaves_out_what_that_reader_read_and_boosts_disagreement():
    rl = make_list(3)
    rate(rl, "ana", "p0", 5, "read")
    rate(rl, "ana", "p1", 1)
    rate(rl, "ben", "p1", 5)
    ranking = rank_next(rl, reader="ana", limit=2)
    assert [r.paper_id for r in ranking] == ["p1", "p2"]
    assert "discuss" in ranking[0].reason
    assert rank_next(rl, reader="ben")[0].paper_id == "p0"


def test_histogram_and_pairwise_agreement():
    rl = make_list(3)
    rate(rl, "ana", "p0", 5)
    rate(rl, "ben", "p0", 3)
    rate(rl, "ana", "p1", 4)
    rate(rl, "ben", "p1", 4)
    rate(rl, "chen", "p2", 1)
    assert rating_histogram(rl) == {1: 1, 2: 0, 3: 1, 4: 2, 5: 1}
    agreement = reader_agreement(rl)
    assert agreement[("ana", "ben")] == (1.0, 2)
    diff, n = agreement[("ana", "chen")]
    assert n == 0 and math.isnan(diff)
