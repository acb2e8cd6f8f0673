"""Votes: Schulze and approval counting, the Condorcet property, ballots in the reader's file."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.errors import InputError, ListFormatError, UnknownPaperError
from readinglist.model import Paper
from readinglist.participation import Ballot
from readinglist.store import ListStore
from readinglist.voting import (
    cast_ballot,
    clear_ballot,
    condorcet_winner,
    count_votes,
    pairwise,
    results,
    schulze_beats,
)

CANDIDATES = ["a", "b", "c", "d", "e"]


def ranked(*order: str, session: dt.date | None = None) -> Ballot:
    return Ballot(session=session, kind="rank", papers=tuple(order))


def approve(*papers: str) -> Ballot:
    return Ballot(session=None, kind="approve", papers=tuple(papers))


def test_schulze_on_the_classic_45_voter_example():
    # The worked example of Schulze's paper: 45 voters, no Condorcet winner, E wins.
    groups = [(5, "acbed"), (5, "adecb"), (8, "bedac"), (3, "cabed"), (7, "caebd"), (2, "cbade"), (7, "dceba"), (8, "ebadc")]
    ballots = [ranked(*order) for n, order in groups for _ in range(n)]
    assert condorcet_winner(ballots, CANDIDATES) is None
    result = count_votes(ballots, CANDIDATES)
    assert result.method == "schulze"
    assert [s.paper_id for s in result.standings] == ["e", "a", "c", "b", "d"]
    assert [s.counts["beats"] for s in result.standings] == [4, 3, 2, 1, 0]


def test_pairwise_counts_unranked_papers_below_ranked_ones():
    d = pairwise([ranked("a", "b"), ranked("c")], ["a", "b", "c"])
    assert d["a"]["b"] == 1 and d["a"]["c"] == 1 and d["c"]["a"] == 1 and d["c"]["b"] == 1 and d["b"]["c"] == 1
    assert d["b"]["a"] == 0


def test_approval_counts_and_the_documented_tie_break():
    # b and c tie on approvals; c comes earlier in the list's order, so c is placed first.
    ballots = [approve("a", "b", "c"), approve("a", "b"), approve("a", "c"), approve("d")]
    result = count_votes(ballots, ["a", "c", "b", "d"])
    assert result.method == "approval"
    assert [(s.paper_id, s.counts["approvals"]) for s in result.standings] == [("a", 3), ("c", 2), ("b", 2), ("d", 1)]
    assert [s.place for s in result.standings] == [1, 2, 3, 4]


def test_schulze_ties_go_to_more_first_preferences_then_list_order():
    leader = count_votes([ranked("a", "b"), ranked("b", "a"), ranked("a")], ["b", "a"])
    assert leader.winner == "a"
    tied = count_votes([ranked("a", "b"), ranked("b", "a")], ["b", "a"])
    assert [s.paper_id for s in tied.standings] == ["b", "a"]  # same beats, same first preferences: list order
    assert tied.standings[0].counts == {"beats": 0, "head_to_head_wins": 0, "first_preferences": 1, "ballots": 2}


def test_approval_ballots_beside_ranked_ones_count_as_two_levels():
    result = count_votes([ranked("b", "a"), approve("a"), approve("a")], ["a", "b"])
    assert result.method == "schulze" and result.winner == "a"


_rankings = st.lists(st.permutations(CANDIDATES).flatmap(lambda order: st.integers(1, 5).map(lambda n: tuple(order[:n]))), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(_rankings)
def test_a_condorcet_winner_always_wins(orders):
    ballots = [ranked(*order) for order in orders]
    winner = condorcet_winner(ballots, CANDIDATES)
    result = count_votes(ballots, CANDIDATES)
    if winner is not None:
        assert result.winner == winner
    # The Schulze relation is a strict order: never both ways, and transitive.
    beats = schulze_beats(pairwise(ballots, CANDIDATES), CANDIDATES)
    for a in CANDIDATES:
        for b in beats[a]:
            assert a not in beats[b]
            assert beats[b] <= beats[a]


@settings(max_examples=150, deadline=None)
@given(_rankings, st.sampled_from(CANDIDATES), st.data())
def test_a_paper_first_on_most_ballots_wins(orders, favourite, data):
    # Ranked first on a strict majority of ballots, it beats every other head to head.
    ballots = [ranked(*order) for order in orders]
    for _ in range(len(ballots) + 1):
        rest = data.draw(st.permutations([c for c in CANDIDATES if c != favourite]))
        ballots.append(ranked(favourite, *rest[: data.draw(st.integers(0, 4))]))
    assert condorcet_winner(ballots, CANDIDATES) == favourite
    assert count_votes(ballots, CANDIDATES).winner == favourite


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sets(st.sampled_from(CANDIDATES), min_size=1), min_size=1, max_size=20))
def test_approval_standings_are_sorted_by_approvals(sets):
    result = count_votes([approve(*sorted(s)) for s in sets], CANDIDATES)
    approvals = [s.counts["approvals"] for s in result.standings]
    assert approvals == sorted(approvals, reverse=True)
    assert {s.paper_id: s.counts["approvals"] for s in result.standings} == {c: sum(c in s for s in sets) for c in set().union(*sets)}


# -- ballots in the store ---------------------------------------------------------------------


def _store(folder: Path, clock) -> ListStore:
    store = ListStore.create(folder, "Group", clock=clock)
    for pid in ("p1", "p2", "p3"):
        store.reading_list.papers[pid] = Paper(pid, f"Paper {pid}")
    store.save_catalogue()
    return ListStore.open(folder, clock=clock)


def test_voting_writes_only_the_readers_file_and_reloads(tmp_path, clock):
    store = _store(tmp_path / "l", clock)
    before = (tmp_path / "l" / "list.yaml").read_bytes()
    cast_ballot(store, "ann", "rank", ["p2", "p1"])
    cast_ballot(store, "bob", "approve", ["p1"], session=dt.date(2026, 12, 3))
    assert (tmp_path / "l" / "list.yaml").read_bytes() == before
    text = (tmp_path / "l" / "reviews" / "ann.yaml").read_text()
    assert "ballots:\n- rank:\n  - p2\n  - p1\n  cast: '2026-01-15T09:30:00Z'\n" in text
    again = ListStore.open(tmp_path / "l").reading_list
    assert again.ballots["ann"][None].papers == ("p2", "p1")
    assert again.ballots["bob"][dt.date(2026, 12, 3)].kind == "approve"
    assert results(again).winner == "p2"
    assert results(again, dt.date(2026, 12, 3)).standings[0].to_dict() == {"place": 1, "id": "p1", "title": "Paper p1", "approvals": 1, "ballots": 1}
    assert clear_ballot(store, "ann") is True and clear_ballot(store, "ann") is False
    assert "ballots" not in (tmp_path / "l" / "reviews" / "ann.yaml").read_text()


@pytest.mark.parametrize(("papers", "error", "words"), [(["p1", "p1"], InputError, "twice"), (["p1", "nope"], UnknownPaperError, "no paper 'nope'"), ([], InputError, "at least one")])
def test_bad_ballots_are_refused_and_nothing_is_written(tmp_path, clock, papers, error, words):
    store = _store(tmp_path / "l", clock)
    with pytest.raises(error, match=words):
        cast_ballot(store, "ann", "rank", papers)
    assert not (tmp_path / "l" / "reviews").exists()
    assert "ann" not in store.reading_list.ballots


BAD_BALLOTS = [
    ("- rank:\n  - p1\n  - p1\n", 7, "ballots[0].rank[1]", "named twice"),
    ("- rank: []\n", 5, "ballots[0].rank", "names no paper"),
    ("- rank:\n  - p1\n  approve:\n  - p2\n", 5, "ballots[0]", "exactly one of approve"),
    ("- session: 2026-13-01\n  rank:\n  - p1\n", 5, "ballots[0].session", "YYYY-MM-DD"),
    ("- rank:\n  - p1\n  cast: yesterday\n", 7, "ballots[0].cast", "2026-01-31T12:00:00Z"),
    ("- rank:\n  - p1\n- approve:\n  - p2\n", 7, "ballots[1]", "second ballot for the next session"),
    ("- rank:\n  - p1\n  colour: red\n", 7, "ballots[0].colour", "unknown key"),
]


def test_a_ballot_naming_a_paper_the_list_lacks_is_kept_and_reported(tmp_path, clock):
    # Git merges reader files apart from list.yaml: the paper may come with the next pull.
    folder = tmp_path / "l"
    _store(folder, clock)
    (folder / "reviews").mkdir()
    (folder / "reviews" / "ann.yaml").write_text("format_version: 1\nreader: ann\nreviews: []\nballots:\n- rank:\n  - p9\n  - p1\n")
    store = ListStore.open(folder)
    assert store.reading_list.ballots["ann"][None].papers == ("p9", "p1")
    [warning] = store.warnings()
    assert (warning.line, warning.field) == (6, "ballots[0].rank[0]") and "no paper 'p9'" in warning.message


@pytest.mark.parametrize(("ballots", "line", "field", "words"), BAD_BALLOTS)
def test_bad_ballots_in_a_file_are_located(tmp_path, clock, ballots, line, field, words):
    folder = tmp_path / "l"
    _store(folder, clock)
    (folder / "reviews").mkdir()
    (folder / "reviews" / "ann.yaml").write_text("format_version: 1\nreader: ann\nreviews: []\nballots:\n" + ballots)
    with pytest.raises(ListFormatError) as caught:
        ListStore.open(folder)
    problem = caught.value.problems[0]
    assert (problem.line, problem.field) == (line, field) and words in problem.message
    assert str(problem).startswith(f"{folder / 'reviews' / 'ann.yaml'}:{line}: {field}: ")


def test_a_ballot_naming_a_paper_the_list_does_not_hold_is_kept_and_reported(tmp_path, clock):
    # git merges reader files apart from the list: a ballot may name a paper another clone removed.
    folder = tmp_path / "l"
    _store(folder, clock)
    (folder / "reviews").mkdir()
    text = "format_version: 1\nreader: ann\nreviews: []\nballots:\n- rank:\n  - p9\n  - p2\n"
    (folder / "reviews" / "ann.yaml").write_text(text)
    store = ListStore.open(folder)
    assert store.reading_list.ballots["ann"][None].papers == ("p9", "p2")
    [warning] = store.warnings()
    assert (warning.line, warning.field) == (6, "ballots[0].rank[0]") and "p9" in warning.message
    assert [s.paper_id for s in results(store.reading_list).standings] == ["p2"]  # only papers of the list count
    cast_ballot(store, "bob", "approve", ["p1"])
    assert (folder / "reviews" / "ann.yaml").read_text() == text  # never dropped on save


def test_ballots_of_one_reader_merge_from_two_clones():
    from readinglist.listfile import read_reader_text
    from readinglist.merge import merge_texts

    head = "format_version: 1\nreader: ann\nreviews: []\n"
    base = head + "ballots:\n- rank:\n  - p1\n  cast: '2026-01-01T00:00:00Z'\n"
    ours = head + "ballots:\n- rank:\n  - p2\n  cast: '2026-01-02T00:00:00Z'\n- session: '2026-12-03'\n  approve:\n  - p1\n"
    theirs = head + "ballots:\n- rank:\n  - p3\n  - p1\n  cast: '2026-01-03T00:00:00Z'\nattended:\n- '2026-11-26'\n"
    merged = merge_texts(base, ours, theirs, "reviews/ann.yaml")
    assert merged.clean
    data = read_reader_text(merged.text, "ann.yaml", "ann")
    assert data.ballots[None].papers == ("p3", "p1")  # changed on both sides: the later ballot
    assert data.ballots[dt.date(2026, 12, 3)].papers == ("p1",)
    assert data.attended == (dt.date(2026, 11, 26),)
    same_time = theirs.replace("2026-01-03", "2026-01-02")
    assert not merge_texts(base, ours, same_time, "reviews/ann.yaml").clean


def test_round_trip_in_a_temporary_folder_keeps_ballot_order(clock):
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(Path(tmp), clock)
        for day in (dt.date(2026, 12, 10), None, dt.date(2026, 12, 3)):
            cast_ballot(store, "ann", "approve", ["p1"], session=day)
        text = (Path(tmp) / "reviews" / "ann.yaml").read_text()
        assert text.index("- approve") < text.index("2026-12-03") < text.index("2026-12-10")
        assert ListStore.open(tmp).save_reviews("ann") is False


def test_no_ballots_yet():
    result = count_votes([], CANDIDATES)
    assert result.to_dict()["method"] == "none" and result.standings == [] and result.winner is None
