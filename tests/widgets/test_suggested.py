"""Suggestions in the widgets: Browse's "suggested for you" order that next-unreviewed
follows, the group's tags as chips on the card, and the group view's candidates."""

from __future__ import annotations

import html
import shutil

import pytest

from readinglist.model import Paper
from readinglist.store import ListStore
from readinglist.suggestions import suggest, suggest_tags
from readinglist.widgets import GroupView, ReviewApp
from readinglist.widgets import suggested as suggested_module
from tests.suggestions.conftest import build
from tests.topics import FIXED_NOW


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("widget-topics") / "list", size=300, reviewed=60)


@pytest.fixture
def store(template, tmp_path):
    folder = tmp_path / "list"
    shutil.copytree(template.folder, folder, ignore=shutil.ignore_patterns(".readinglist-cache"))
    return ListStore.open(folder, clock=lambda: FIXED_NOW)


def test_browse_sorts_by_suggestion_with_reasons(store):
    app = ReviewApp(store, "ann")
    browser = app.browser
    assert "suggested" in [value for _, value in browser.sort.options]
    browser.sort.value = "suggested"
    expected = suggest(store, reader="ann", limit=None)
    assert browser.results[: len(expected)] == expected.ids
    # Papers ann reviewed come after every suggestion.
    assert set(browser.results[len(expected) :]) == set(store.reading_list.reviews["ann"])
    first_row = html.unescape(browser.rows[0][1].value)
    assert "because:" in first_row and expected[0].because[0].split()[0] in first_row
    assert "ann's ratings" in html.unescape(browser.suggested_note.value)
    browser.sort.value = "list"
    assert browser.suggested_note.value == "" and "because:" not in browser.rows[0][1].value


def test_next_unreviewed_follows_the_suggested_order(store):
    app = ReviewApp(store, "ann")
    app.browser.sort.value = "suggested"
    order = app.browser.results
    app.browser.pick_slot(0)
    assert app.review.paper_id == order[0]
    app.review.next_unreviewed()
    assert app.review.paper_id == order[1]
    app.review.card.view._handle_custom_msg({"type": "key", "key": "u"}, [])
    assert app.review.paper_id == order[2]


def test_a_new_rating_is_learned_at_the_next_query(store):
    app = ReviewApp(store, "ann")
    app.browser.sort.value = "suggested"
    top = app.browser.results[0]
    app.browser.pick(top)
    app.review.card.view._handle_custom_msg({"type": "key", "key": "1"}, [])  # rates the top suggestion 1
    assert store.reading_list.reviews["ann"][top].rating == 1
    app.browser.search.value = " "  # any new query
    assert app.browser.results.index(top) >= len(suggest(store, reader="ann", limit=None))


def test_the_card_offers_the_groups_tags_as_chips(store):
    tagged = {pid for by in store.reading_list.reviews.values() for pid, r in by.items() if r.tags}
    found = suggest_tags(store)
    assert len(found)
    paper = found.items[0]
    assert paper.id not in tagged
    app = ReviewApp(store, "carl", start=paper.id)
    chips = app.review.card.chips
    offered = [c.value for c in chips if c.title.startswith("the group's tag")]
    assert offered == [t.tag for t in paper.tags]
    assert all(t in found.group_tags for t in offered)
    assert "because:" in chips[0].title
    assert "carl" not in store.reading_list.reviews  # nothing set until a member accepts
    app.review.card.accept_chip(1)
    saved = ListStore.open(store.folder).reading_list.reviews["carl"][paper.id]
    assert saved.tags == (paper.tags[0].tag,)
    assert not [c for c in app.review.card.chips if c.title.startswith("the group's tag")]  # it has a tag now


def test_group_view_shows_candidates_beside_the_ranking(store):
    view = GroupView(store)
    expected = suggest(store, limit=10)
    shown = html.unescape(view.candidates.value)
    positions = [shown.index(s.id) for s in expected]
    assert positions == sorted(positions)
    assert "because:" in shown and "the group's ratings" in shown


def test_large_lists_wait_for_their_features(store, monkeypatch):
    monkeypatch.setattr(suggested_module, "BUILD_LIMIT", 10)
    # A paper no other test has: these features are in no cache and no memo yet.
    store.reading_list.papers["only-here"] = Paper(id="only-here", title="A Paper Only This Test Has")
    store.save_catalogue()
    view = GroupView(store)
    assert "readinglist suggest LIST" in view.candidates.value
    suggest(store.folder)  # builds the cache beside the list
    view.reload()
    assert "because:" in view.candidates.value


def test_hostile_titles_are_escaped_in_candidates():
    from readinglist.suggestions import Suggestion, Suggestions

    found = Suggestions((Suggestion("x", "<img src=x onerror=alert(1)>", 0.5, ("<b>bold</b>",)),), basis="<i>basis</i>")
    shown = suggested_module.candidates_html(found)
    assert "<img" not in shown and "<b>bold" not in shown and "<i>basis" not in shown
