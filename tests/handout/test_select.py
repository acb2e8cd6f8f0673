"""Choosing and ordering a handout's papers, on the example list (three readers)."""

from __future__ import annotations

import pytest

from readinglist.errors import InputError
from readinglist.handout import Selection, select
from readinglist.store import ListStore

from .conftest import SESSION


def ids(example, **options) -> list[str]:
    return [e.paper.id for e in select(ListStore.open(example).reading_list, Selection(**options)).entries]


def test_no_filter_keeps_every_paper_in_list_order(example):
    rl = ListStore.open(example).reading_list
    assert ids(example) == list(rl.papers)


def test_session_keeps_its_papers_in_its_order(example):
    assert ids(example, session=SESSION) == ["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"]


def test_tags_must_all_be_present(example):
    assert ids(example, tags=("moe",)) == [
        "sparse-routing-without-tears-load-balanced", "field-guide-router-collapse", "capacity-factors-considered-harmful",
    ]  # fmt: skip
    assert ids(example, tags=("MoE", "routing")) == ["sparse-routing-without-tears-load-balanced"]


def test_min_rating_uses_the_group_mean_and_drops_unrated(example):
    # ana 5 + ben 4 = 4.5; ben 5; pokemon ben 2 + chen 5 = 3.5; expert-choice ana 3
    assert ids(example, min_rating=4.5) == ["sparse-routing-without-tears-load-balanced", "field-guide-router-collapse"]


def test_status_and_reader(example):
    assert ids(example, reader="chen") == ["pokemon-battles-as-testbed-sparse-policies", "distilling-mixtures-into-dense-students"]
    assert ids(example, reader="chen", statuses=("reading",)) == ["distilling-mixtures-into-dense-students"]
    assert ids(example, reader="ana", statuses=("queued",)) == ["capacity-factors-considered-harmful"]
    assert "pokemon-battles-as-testbed-sparse-policies" in ids(example, statuses=("skimmed",))
    assert ids(example, reader="ana", tags=("games",)) == []


def test_order_by_rating_then_by_date(example):
    by_rating = ids(example, order="rating")
    assert by_rating[:2] == ["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"]
    rl = ListStore.open(example).reading_list
    dates = [rl.papers[p].published for p in ids(example, order="date")]
    known = [d for d in dates if d is not None]
    assert known == sorted(known, reverse=True) and dates[: len(known)] == known


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"order": "random"}, "order must be one of"),
        ({"min_rating": 7}, "1-5"),
        ({"statuses": ("done",)}, "status must be one of"),
    ],
)
def test_bad_options_are_refused(options, words):
    with pytest.raises(InputError, match=words):
        Selection(**options)


def test_unknown_session_and_reader_name_what_exists(example):
    rl = ListStore.open(example).reading_list
    import datetime as dt

    with pytest.raises(InputError, match=r"no session on 2026-12-04 \(sessions: 2026-12-03\)"):
        select(rl, Selection(session=dt.date(2026, 12, 4)))
    with pytest.raises(InputError, match=r"no reviews by reader 'zed' \(readers: ana, ben, chen\)"):
        select(rl, Selection(reader="zed"))
