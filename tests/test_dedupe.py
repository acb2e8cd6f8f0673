"""Possible duplicates: proposed once, decided by the user, remembered in the list."""

from readinglist import dedupe
from readinglist.catalogue import add_papers
from readinglist.dedupe import find_candidates, loose_key, mark_distinct, merge_duplicates
from readinglist.model import Paper, ReadingList, Review, Session, Source


def build(*titles, **fields):
    rl = ReadingList("t")
    add_papers(rl, [Paper(id="", title=t, sources=(Source("csv", "p.csv", i),), **fields) for i, t in enumerate(titles, 2)])
    return rl


def test_loose_key_drops_version_words():
    assert loose_key("Attention Is All You Need (extended version)") == loose_key("Attention is all you need v2")
    assert loose_key("v2") == "v2"


def test_version_suffix_and_typo_are_proposed_but_different_papers_are_not():
    rl = build("Attention Is All You Need", "Attention is all you need (v2)", "Attention Is All You Nead", "Retention Is All You Need Too", "Something Else")
    pairs = {(c.first, c.second) for c in find_candidates(rl)}
    assert ("attention-all-you-need", "attention-all-you-need-v2") in pairs
    assert ("attention-all-you-need", "attention-all-you-nead") in pairs
    assert not any("something-else" in pair for pair in pairs)


def test_different_arxiv_ids_are_never_proposed():
    rl = ReadingList("t")
    add_papers(rl, [Paper("", "Scaling Laws v1", arxiv_id="2001.00001"), Paper("", "Scaling Laws v2", arxiv_id="2001.00002")])
    assert find_candidates(rl) == []


def test_distinct_is_remembered():
    rl = build("Attention Is All You Need", "Attention Is All You Nead")
    mark_distinct(rl, "attention-all-you-need", "attention-all-you-nead")
    assert find_candidates(rl) == []


def test_merge_moves_reviews_combines_overlaps_and_remembers_the_title():
    rl = build("Attention Is All You Need", "Attention Is All You Nead")
    rl.papers["attention-all-you-nead"] = Paper("attention-all-you-nead", "Attention Is All You Nead", year=2017)
    rl.set_review("ann", Review("attention-all-you-nead", rating=4, tags=("nlp",), note="typo copy"))
    rl.set_review("bob", Review("attention-all-you-need", rating=2, tags=("classic",), note="mine"))
    rl.set_review("bob", Review("attention-all-you-nead", rating=5, status="read", tags=("nlp",), note="theirs"))
    rl.sessions.append(Session(date=__import__("datetime").date(2026, 1, 1), papers=("attention-all-you-nead",)))
    moved = merge_duplicates(rl, "attention-all-you-need", "attention-all-you-nead")
    assert moved == {"ann", "bob"}
    assert list(rl.papers) == ["attention-all-you-need"]
    assert rl.papers["attention-all-you-need"].year == 2017
    assert rl.reviews["ann"]["attention-all-you-need"].rating == 4
    bob = rl.reviews["bob"]["attention-all-you-need"]
    assert (bob.rating, bob.status, bob.tags, bob.note) == (2, "read", ("classic", "nlp"), "mine\n\ntheirs")
    assert rl.sessions[0].papers == ("attention-all-you-need",)
    report = add_papers(rl, [Paper("", "Attention Is All You Nead", sources=(Source("csv", "again.csv", 2),))])
    assert report.added == [] and report.problems == []


# -- the rapidfuzz pre-filter keeps difflib's results ------------------------------------

from difflib import SequenceMatcher  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rapidfuzz.distance import Indel  # noqa: E402

_keys = st.text(st.sampled_from("abcdeilnorstu0123"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_keys, _keys)
def test_indel_similarity_is_never_below_difflib_ratio(a, b):
    """Why the pre-filter loses nothing: a pair it rules out is below the cut-off in difflib too."""
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert Indel.normalized_similarity(a, b) >= ratio - 1e-12


class _NoPrefilter:
    """Indel's place in dedupe with every pair let through: find_candidates as it was before the pre-filter."""

    @staticmethod
    def normalized_similarity(a, b, score_cutoff=None):
        return 1.0


_BASES = ["Attention Is All You Need", "Sparse Routing of Mixture of Experts Layers", "Scaling Laws for Neural Language Models"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_BASES), min_size=2, max_size=8),
       st.lists(st.tuples(st.integers(0, 45), st.sampled_from("aeiouxyz -")), max_size=4))
def test_candidates_are_the_same_with_and_without_the_prefilter(bases, edits):
    """Titles a few edits apart: the pre-filter changes neither the pairs nor the figures reported."""
    titles = []
    for i, base in enumerate(bases):
        title = base
        for at, char in edits[: i % 5]:
            title = title[:at] + char + title[at + 1 :]
        titles.append(title)
    rl = build(*titles)
    fast = find_candidates(rl)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dedupe, "Indel", _NoPrefilter)
        slow = find_candidates(rl)
    assert fast == slow
