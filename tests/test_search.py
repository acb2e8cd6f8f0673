"""Search, filters, sorting and pages over a list (the browser's engine)."""

from __future__ import annotations

import datetime as dt

import pytest

from readinglist.model import Paper, ReadingList, Review
from readinglist.search import UNREVIEWED, PaperIndex, Query


@pytest.fixture
def rl() -> ReadingList:
    papers = [
        Paper(
            id="a",
            title="Sparse Routing",
            abstract="Mixture of experts at small scale.",
            upvotes=19,
            published=dt.date(2025, 2, 3),
        ),
        Paper(
            id="b",
            title="Expert Choice",
            abstract="Token choice versus expert choice.",
            upvotes=7,
            published=dt.date(2024, 11, 18),
        ),
        Paper(id="c", title="Pokémon Battles", abstract="Sparse policies for games.", upvotes=5),
        Paper(id="d", title="Router Collapse", abstract="A field guide.", upvotes=0, published=dt.date(2025, 3, 1)),
    ]
    out = ReadingList(title="t", papers={p.id: p for p in papers})
    out.set_review("ana", Review("a", rating=5, status="read", tags=("moe",)))
    out.set_review("ana", Review("b", rating=2, status="skimmed"))
    out.set_review("ben", Review("a", rating=3, status="queued", tags=("moe", "routing")))
    out.set_review("ben", Review("c", rating=4, tags=("games",)))
    return out


def ids(index: PaperIndex, **query) -> list[str]:
    return index.search(Query(**query))


def test_text_search_matches_every_word_in_title_or_abstract_without_case_or_accents_in_the_query(rl):
    index = PaperIndex(rl, "ana")
    assert ids(index) == ["a", "b", "c", "d"]
    assert ids(index, text="sparse") == ["a", "c"]
    assert ids(index, text="EXPERT choice") == ["b"]
    assert ids(index, text="pokémon") == ["c"]
    assert ids(index, text="field guide") == ["d"]
    assert ids(index, text="nothing-like-this") == []


def test_filters_for_the_group(rl):
    index = PaperIndex(rl, "ana")
    assert ids(index, tag="moe") == ["a"]
    assert ids(index, tag="games") == ["c"]
    assert ids(index, status="queued") == ["a"]
    assert ids(index, min_rating=4) == ["a", "c"]  # means: a 4.0, b 2.0, c 4.0
    assert ids(index, status=UNREVIEWED) == ["d"]
    assert ids(index, status=UNREVIEWED, min_rating=1) == ids(index, status=UNREVIEWED, tag="moe") == []


def test_filters_for_one_reader(rl):
    index = PaperIndex(rl, "ana")
    assert ids(index, reader="ben") == ["a", "c"]
    assert ids(index, reader="ben", tag="routing") == ["a"]
    assert ids(index, reader="ana", status="read") == ["a"]
    assert ids(index, reader="ana", min_rating=3) == ["a"]
    assert ids(index, reader="ana", status=UNREVIEWED) == ["c", "d"]
    assert ids(index, reader="nobody") == []


def test_sorts_put_papers_without_a_value_last(rl):
    index = PaperIndex(rl, "ana")
    assert ids(index, sort="date") == ["d", "a", "b", "c"]
    assert ids(index, sort="date", descending=False) == ["b", "a", "d", "c"]
    assert ids(index, sort="upvotes") == ["a", "b", "c", "d"]
    assert ids(index, sort="own-rating") == ["a", "b", "c", "d"]
    assert ids(index, sort="own-rating", descending=False) == ["b", "a", "c", "d"]
    assert ids(index, sort="group-rating") == ["a", "c", "b", "d"]
    with pytest.raises(ValueError, match="sort must be one of"):
        Query(sort="title")


def test_refresh_takes_a_changed_review_into_account(rl):
    index = PaperIndex(rl, "ana")
    rl.set_review("ana", Review("d", rating=5))
    assert ids(index, min_rating=5) == []  # stale until told
    index.refresh("d")
    assert ids(index, min_rating=5) == ["d"]


def test_pages_are_clamped_and_count_matches(rl):
    index = PaperIndex(rl, "ana")
    first = index.page(Query(), 0, 3)
    assert (first.ids, first.pages, first.total) == (["a", "b", "c"], 2, 4)
    assert index.page(Query(), 9, 3).ids == ["d"]
    empty = index.page(Query(text="zzz"), 0, 3)
    assert (empty.ids, empty.pages, empty.total) == ([], 1, 0)
