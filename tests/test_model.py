import datetime as dt

import pytest

from readinglist.model import Org, Paper, ReadingList, Review, Source, update_review

NOW = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)


def test_paper_dict_round_trip():
    paper = Paper(
        id="p", title="T", abstract="A", authors=("Ann", "Bob"), author_count=2, org=Org("o", "O"),
        published=dt.date(2024, 9, 25), upvotes=3, arxiv_id="2401.00001", links={"code": "https://x.org"},
        sources=(Source("hf-page", "a.txt", 4),),
    )  # fmt: skip
    assert Paper.from_dict(paper.to_dict()) == paper


def test_review_dict_round_trip_and_checks():
    review = Review("p", rating=5, status="read", tags=("a", "b"), note="n", updated=NOW)
    assert Review.from_dict(review.to_dict()) == review
    assert review.to_dict()["updated"] == "2026-01-15T09:30:00Z"
    with pytest.raises(ValueError):
        Review("p", rating=6)
    with pytest.raises(ValueError):
        Review("p", status="done")


def test_update_review_normalises_tags_and_stamps_time_only_on_change():
    review = Review("p")
    changed = update_review(review, add_tags=(" Mixture  Of Experts ", "moe", "MOE"), now=NOW)
    assert changed.tags == ("mixture of experts", "moe")
    assert changed.updated == NOW
    assert update_review(changed, add_tags=("moe",), now=NOW + dt.timedelta(1)) is changed
    removed = update_review(changed, remove_tags=("MoE",), now=NOW)
    assert removed.tags == ("mixture of experts",)


def test_reading_list_tags_are_the_union_over_readers_with_counts():
    rl = ReadingList("t", papers={"p": Paper("p", "P"), "q": Paper("q", "Q")})
    rl.set_review("ann", Review("p", tags=("moe", "rl")))
    rl.set_review("bob", Review("p", tags=("moe",)))
    rl.set_review("bob", Review("q", rating=2))
    assert rl.tag_counts("p") == {"moe": 2, "rl": 1}
    assert rl.tags("p") == ["moe", "rl"]
    assert rl.all_tags() == {"moe": 2, "rl": 1}
    assert list(rl.reviews_of("p")) == ["ann", "bob"]
    with pytest.raises(KeyError):
        rl.set_review("ann", Review("missing", rating=1))


def test_a_new_tag_over_the_limit_is_refused_and_a_long_tag_already_given_stays():
    from readinglist.errors import InputError
    from readinglist.model import MAX_TAG_CHARS

    review = Review("p")
    assert update_review(review, add_tags=("x" * MAX_TAG_CHARS,), now=NOW).tags == ("x" * MAX_TAG_CHARS,)
    with pytest.raises(InputError) as refused:
        update_review(review, add_tags=("ok", "y" * (MAX_TAG_CHARS + 1)), now=NOW)
    assert f"{MAX_TAG_CHARS + 1} characters" in str(refused.value) and "\n" not in str(refused.value)
    old = Review("p", tags=("z" * 500,))  # as a file may hold it: it still loads and can be removed
    assert update_review(old, remove_tags=("z" * 500,), now=NOW).tags == ()
    assert update_review(old, note="n", now=NOW).tags == old.tags
