"""The card's vote toggle (`rl-vote`), Semantic Scholar's facts on the card, and the vote's
standings in the group view; driven as a user would, checked on disk."""

from __future__ import annotations

import dataclasses
import datetime as dt

import yaml

from readinglist.model import ScholarFacts
from readinglist.store import ListStore
from readinglist.voting import cast_ballot
from readinglist.widgets import GroupView, ReviewWidget

READER = "zed"
FIRST = "sparse-routing-without-tears-load-balanced"
SECOND = "expert-choice-revisited-when-should-experts"


def press(widget, keys: str) -> None:
    for key in keys:
        widget.card.view._handle_custom_msg({"type": "key", "key": key}, [])


def ballot_on_disk(folder, reader=READER):
    path = folder / "reviews" / f"{reader}.yaml"
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    return data.get("ballots")


def vote_chip(widget):
    [chip] = [c for c in widget.card.chips if c.kind == "vote"]
    return chip


def test_the_vote_toggle_writes_the_readers_ballot(store, example):
    before = (example / "list.yaml").read_bytes()
    widget = ReviewWidget(store, READER)
    assert vote_chip(widget).active is False and vote_chip(widget).label == "+ vote"
    widget.card.view._handle_custom_msg({"type": "chip", "kind": "vote", "value": FIRST}, [])  # a click
    assert ballot_on_disk(example) == [{"approve": [FIRST], "cast": "2026-01-15T09:30:00Z"}]
    assert vote_chip(widget).active is True and "voted" in widget.save_status.value
    widget.next()
    press(widget, "v")  # the key does the same
    assert ballot_on_disk(example)[0]["approve"] == [FIRST, SECOND]
    widget.prev()
    assert vote_chip(widget).active is True
    press(widget, "v")  # take it back
    assert ballot_on_disk(example)[0]["approve"] == [SECOND]
    widget.next()
    press(widget, "v")
    assert ballot_on_disk(example) is None  # nothing left: the ballot is withdrawn
    assert (example / "list.yaml").read_bytes() == before


def test_the_toggle_adds_to_the_end_of_a_ranking(store, example):
    cast_ballot(store, READER, "rank", [SECOND])
    widget = ReviewWidget(store, READER)
    press(widget, "v")
    assert ballot_on_disk(example)[0]["rank"] == [SECOND, FIRST]


def test_the_card_shows_citations_and_the_tldr_escaped(store):
    paper = store.reading_list.papers[FIRST]
    facts = ScholarFacts(dt.date(2026, 11, 30), citations=412, influential_citations=37, tldr="Balance <b>experts</b>.")
    store.reading_list.papers[FIRST] = dataclasses.replace(paper, semantic_scholar=facts)
    widget = ReviewWidget(store, READER)
    assert "412 citations (37 influential, 2026-11-30)" in widget.card.view.meta
    assert widget.card.view.abstract_html.startswith('<p class="rl-tldr"><b>TLDR</b> Balance &lt;b&gt;experts&lt;/b&gt;.</p>')


def test_the_group_view_shows_the_standings(store, example):
    view = GroupView(store)
    assert "No votes yet" in view.votes.value
    for reader, ranking in (("ana", [FIRST, SECOND]), ("ben", [SECOND, FIRST]), ("chen", [SECOND])):
        cast_ballot(store, reader, "rank", ranking)
    view.reload()
    items = view.votes.value.split("<li>")[1:]
    assert "3 ballots, counted by Schulze" in view.votes.value
    assert "Expert Choice Revisited" in items[0] and "beats 1, first on 2" in items[0]
    assert "Sparse Routing" in items[1]
    assert ListStore.open(example).reading_list.ballots["chen"][None].papers == (SECOND,)


def test_the_toggle_keeps_the_rest_of_the_ballot_as_it_is(store, example):
    from readinglist.participation import Ballot
    from readinglist.voting import toggle_vote

    # A ballot that also names a paper this clone does not hold (merged in from another clone).
    store.reading_list.ballots[READER] = {None: Ballot(None, "rank", ("gone-elsewhere", FIRST))}
    assert toggle_vote(store, READER, FIRST) is False
    assert store.reading_list.ballots[READER][None].papers == ("gone-elsewhere",)
    assert toggle_vote(store, READER, SECOND) is True
    assert store.reading_list.ballots[READER][None].papers == ("gone-elsewhere", SECOND)
