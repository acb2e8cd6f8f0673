"""The review widget, driven as a user would (set values, click buttons); checked on disk."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
import yaml

from readinglist.store import ListStore
from readinglist.widgets import ReviewWidget
from readinglist.widgets.card import Chip
from tests.conftest import FIXED_NOW
from tests.listcopies import INJECTED_TITLE, inject_title

READER = "zed"
FIRST = "sparse-routing-without-tears-load-balanced"
SECOND = "expert-choice-revisited-when-should-experts"


def on_disk(folder, reader=READER) -> dict[str, dict]:
    """The reader's reviews as the file holds them (paper id -> review mapping)."""
    path = folder / "reviews" / f"{reader}.yaml"
    if not path.exists():
        return {}
    return {r["paper"]: r for r in yaml.safe_load(path.read_text())["reviews"]}


@pytest.fixture
def widget(store):
    return ReviewWidget(store, READER)


def press(widget, keys: str) -> None:
    """Keys pressed on the card, delivered as its front end delivers them: one message each."""
    for key in keys:
        widget.card.view._handle_custom_msg({"type": "key", "key": key}, [])


def shown_text(widget) -> str:
    """The save line as the reader sees it (without the markup and the hover text)."""
    return re.sub(r"<[^>]+>", "", widget.save_status.value)


def saved_ok(widget) -> bool:
    return "rl-saved-ok" in widget.save_status.value and "saved" in widget.save_status.value


def test_a_star_click_is_on_disk_at_once_and_the_widget_says_saved(widget, example):
    assert widget.paper_id == FIRST and on_disk(example) == {}
    widget.controls.rating.stars[3].click()
    assert on_disk(example)[FIRST]["rating"] == 4
    assert saved_ok(widget) and "reviews/zed.yaml" in widget.save_status.value
    assert [s.description for s in widget.controls.rating.stars] == ["★"] * 4 + ["☆"]
    assert widget.nav.progress.value == "1 of 7 reviewed by zed"
    widget.controls.rating.clear.click()
    assert FIRST not in on_disk(example)  # a review with nothing left is removed
    assert widget.nav.progress.value == "0 of 7 reviewed by zed"


def test_status_tags_and_note_are_saved(widget, example):
    widget.controls.status.buttons.value = "reading"
    assert on_disk(example)[FIRST]["status"] == "reading"
    widget.controls.tags.input.value = "  Mixture  Of Experts "  # what Enter sends
    assert widget.controls.tags.input.value == ""
    widget.controls.tags.input.value = "moe, routing"
    assert on_disk(example)[FIRST]["tags"] == ["mixture of experts", "moe", "routing"]
    assert [c.description for c in widget.controls.tags.chips.children] == [
        "mixture of experts ×",
        "moe ×",
        "routing ×",
    ]
    widget.controls.tags.chips.children[1].click()
    assert on_disk(example)[FIRST]["tags"] == ["mixture of experts", "routing"]
    widget.controls.note.text.value = "Worth a session.\nCompare with expert choice."
    assert on_disk(example)[FIRST]["note"] == "Worth a session.\nCompare with expert choice."
    widget.controls.status.buttons.value = ""
    assert "status" not in on_disk(example)[FIRST]
    assert on_disk(example)[FIRST]["updated"] == "2026-01-15T09:30:00Z"
    assert sorted(on_disk(example, "ana")) == sorted(
        ListStore.open(example).reading_list.reviews["ana"]
    )  # others untouched


def test_tag_field_completes_from_the_lists_tags_and_learns_new_ones(widget):
    options = list(widget.controls.tags.input.options)
    assert options[:2] == ["moe", "games"] and "distillation" in options
    widget.controls.tags.input.value = "brand-new"
    assert "brand-new" in widget.controls.tags.input.options


def test_showing_a_paper_writes_nothing(store, example):
    before = {p.name: p.read_bytes() for p in (example / "reviews").iterdir()}
    widget = ReviewWidget(store, "ana")
    for _ in range(8):
        widget.next()
    widget.jump("1")
    assert {p.name: p.read_bytes() for p in (example / "reviews").iterdir()} == before
    assert widget.controls.rating.value == 5 and widget.controls.tags.tags == ("moe", "routing")


def test_navigation_buttons_jump_and_next_unreviewed(widget):
    assert widget.nav.prev_button.disabled and not widget.nav.next_button.disabled
    widget.nav.next_button.click()
    assert widget.paper_id == SECOND and widget.nav.position.value == "paper 2 of 7"
    widget.nav.prev_button.click()
    assert widget.paper_id == FIRST
    widget.nav.jump.value = "7"
    assert widget.nav.position.value == "paper 7 of 7" and widget.nav.next_button.disabled
    widget.nav.jump.value = "pokemon"  # id prefix
    assert widget.paper_id == "pokemon-battles-as-testbed-sparse-policies"
    widget.nav.jump.value = "router collapse"  # title words
    assert widget.paper_id == "field-guide-router-collapse"
    widget.nav.jump.value = "no such paper"
    assert widget.paper_id == "field-guide-router-collapse" and "no paper matches" in widget.save_status.value
    widget.go(0)
    widget.controls.rating.stars[0].click()
    widget.next()
    widget.controls.rating.stars[0].click()
    widget.go(0)
    widget.nav.unreviewed_button.click()
    assert widget.index == 2


def test_keys_on_the_card_rate_set_status_and_move(widget, example):
    press(widget, "4")
    assert on_disk(example)[FIRST]["rating"] == 4
    assert widget.card.view.rating == 4 and widget.controls.rating.label.value == "4 of 5"
    press(widget, "r")
    assert on_disk(example)[FIRST]["status"] == "read" and widget.card.view.status == "read"
    press(widget, "j")
    assert widget.paper_id == SECOND and widget.card.view.position == "paper 2 of 7"
    press(widget, "2gk")
    assert on_disk(example)[SECOND] | {"updated": None} == {
        "paper": SECOND,
        "rating": 2,
        "status": "reading",
        "updated": None,
    }
    assert widget.paper_id == FIRST
    press(widget, "np")
    assert widget.paper_id == FIRST
    press(widget, "0x")
    assert FIRST not in on_disk(example)
    assert widget.card.view.rating is None and widget.card.view.status is None
    assert widget.card.abstract_open
    press(widget, "a")
    assert not widget.card.abstract_open
    press(widget, "u")
    assert widget.paper_id == "pokemon-battles-as-testbed-sparse-policies"  # the second has a review


def test_question_mark_shows_the_keys_and_unknown_messages_are_ignored(widget, example):
    assert not widget.card.help_open and ["1-5", "rate"] in widget.card.view.key_help
    press(widget, "?")
    assert widget.card.help_open
    press(widget, "?")
    assert not widget.card.help_open
    for message in ({"type": "key", "key": "Z"}, {"type": "key", "key": "44"}, {"type": "nonsense"}, "text"):
        widget.card.view._handle_custom_msg(message, [])
    assert widget.paper_id == FIRST and on_disk(example) == {}


def test_t_and_e_move_the_focus_and_enter_in_the_tag_field_returns_to_the_card(widget, monkeypatch):
    sent = []
    for view, name in ((widget.controls.tags.input, "tags"), (widget.controls.note.text, "note")):
        monkeypatch.setattr(view, "focus", lambda name=name: sent.append(name))
    monkeypatch.setattr(widget.card.view, "send", lambda content, buffers=None: sent.append(content))
    press(widget, "t")
    widget.controls.tags.input.value = "moe"  # Enter in the field
    press(widget, "e")
    assert sent == ["tags", {"type": "focus"}, "note"]


def test_suggested_tags_are_chips_accepted_by_click_or_key(store, example):
    paper = store.reading_list.papers[FIRST]
    store.reading_list.papers[FIRST] = dataclasses.replace(paper, suggested_tags=("routing", "sparse", "moe"))
    widget = ReviewWidget(store, READER)
    assert [(c.kind, c.value) for c in widget.card.chips] == [("tag", "routing"), ("tag", "sparse"), ("tag", "moe"), ("vote", FIRST)]
    widget.card.view._handle_custom_msg({"type": "chip", "kind": "tag", "value": "sparse"}, [])  # a click
    assert on_disk(example)[FIRST]["tags"] == ["sparse"]
    assert [c.value for c in widget.card.chips if c.kind == "tag"] == ["routing", "moe"]
    press(widget, "y")  # the first chip
    widget.card.view._handle_custom_msg({"type": "key", "key": "chip:1"}, [])  # Shift+1: now "moe"
    assert on_disk(example)[FIRST]["tags"] == ["sparse", "routing", "moe"] and [c.kind for c in widget.card.chips] == ["vote"]
    press(widget, "y")  # no suggested tag left: `y` does not press the vote toggle
    assert not widget.store.reading_list.ballots
    widget.card.view._handle_custom_msg({"type": "chip", "kind": "tag", "value": "not-offered"}, [])
    assert on_disk(example)[FIRST]["tags"] == ["sparse", "routing", "moe"]


def test_a_failed_save_is_shown_kept_in_the_widget_and_saved_on_retry(widget, example):
    blocker = example / "reviews" / f"{READER}.yaml"
    blocker.mkdir()  # a folder where the file should be: the save fails with an OSError
    widget.controls.rating.stars[2].click()
    assert "rl-saved-error" in widget.save_status.value
    text = shown_text(widget)
    assert text.startswith("NOT SAVED: ") and "reviews/zed.yaml" in text and str(example) not in text
    assert widget.retry_button.layout.display == "" and widget.retry_button.description == "retry"
    assert widget.controls.rating.value == 3 and widget.pending == {FIRST: {"rating": 3}}
    widget.controls.tags.input.value = "later"
    widget.next()
    widget.prev()
    assert widget.controls.rating.value == 3 and widget.controls.tags.tags == ("later",)  # not lost
    blocker.rmdir()
    widget.retry_button.click()
    assert saved_ok(widget) and widget.pending == {}
    assert on_disk(example)[FIRST]["rating"] == 3 and on_disk(example)[FIRST]["tags"] == ["later"]


def test_a_file_changed_on_disk_is_reported_and_retry_reloads_then_saves(store, example):
    widget = ReviewWidget(store, "ana")
    other = ListStore.open(example, clock=lambda: FIXED_NOW)  # another kernel changes the same rating
    other.update_review("ana", FIRST, rating=1)
    other.update_review("ana", SECOND, note="from the other kernel")
    widget.controls.rating.stars[1].click()
    assert shown_text(widget) == "NOT SAVED: changed on disk by another save"
    assert widget.retry_button.description == "reload and retry"
    assert widget.controls.rating.value == 2 and on_disk(example, "ana")[FIRST]["rating"] == 1
    widget.retry_button.click()  # reloads the list, then saves the change the reader made
    assert saved_ok(widget) and widget.store is not store
    reviews = on_disk(example, "ana")
    assert reviews[FIRST]["rating"] == 2 and reviews[SECOND]["note"] == "from the other kernel"


def test_an_injected_title_is_shown_as_text(example):
    pid = inject_title(example, index=0)
    widget = ReviewWidget(ListStore.open(example), READER)
    assert widget.paper_id == pid
    view = widget.card.view
    assert "<img" not in view.title_html and "&lt;img src=x onerror=alert(1)&gt;" in view.title_html
    assert "<script" not in view.abstract_html and all(link["url"].startswith("http") for link in view.links)
    widget.jump(INJECTED_TITLE)
    assert "no paper matches" not in widget.save_status.value


def test_an_empty_list_shows_no_paper(tmp_path):
    store = ListStore.create(tmp_path / "empty", title="Empty")
    widget = ReviewWidget(store, READER)
    assert widget.paper_id is None and "No paper" in widget.card.view.title_html
    press(widget, "4n")
    widget.next_unreviewed()
    assert not (tmp_path / "empty" / "reviews").exists()
    shutil.rmtree(tmp_path / "empty", ignore_errors=True)


def test_another_feature_adds_its_own_chips_and_gets_their_clicks(widget):
    pins = []

    def pin_chip(review):
        pinned = review.paper_id in pins
        return [Chip("pin", review.paper_id, "pinned" if pinned else "pin", active=pinned)]

    widget.add_chips(pin_chip, "pin", lambda pid: (pins.append(pid), widget._render()))
    # The feature's chip comes after the suggested tags; the vote toggle is always last.
    assert [(c.kind, c.label, c.active) for c in widget.card.chips][0] == ("pin", "pin", False)
    assert widget.card.chips[-1].kind == "vote"
    widget.card.view._handle_custom_msg({"type": "chip", "kind": "pin", "value": FIRST}, [])
    assert pins == [FIRST] and (widget.card.chips[0].label, widget.card.chips[0].active) == ("pinned", True)
    press(widget, "y")  # the first chip's key works for any kind
    assert pins == [FIRST, FIRST]


def test_a_paper_merged_away_by_another_process_is_followed_to_the_kept_one(store, example):
    import subprocess
    import sys

    widget = ReviewWidget(store, READER, start=SECOND)
    press(widget, "2")
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "dedupe", str(example), "--merge", FIRST, SECOND],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    press(widget, "5")  # the card still shows SECOND: the change lands on FIRST
    assert on_disk(example)[FIRST]["rating"] == 5 and SECOND not in on_disk(example)
    assert widget.paper_id == FIRST and SECOND not in widget.order
    assert widget.card.paper.id == FIRST
    assert widget.controls.rating.value == 5
    assert saved_ok(widget) and f"{SECOND} was merged into it" in shown_text(widget)
    assert widget.order.count(FIRST) == 1


def test_a_tag_over_the_limit_stays_in_the_field_with_the_reason_and_nothing_is_saved(widget, example):
    from readinglist.model import MAX_TAG_CHARS

    long = "w" * (MAX_TAG_CHARS + 10)
    widget.controls.tags.input.value = f"moe, {long}"
    assert on_disk(example)[FIRST]["tags"] == ["moe"]
    assert widget.controls.tags.input.value.strip() == long
    assert "characters long" in widget.controls.tags.refusal.value
    widget.controls.tags.input.value = "routing"
    assert on_disk(example)[FIRST]["tags"] == ["moe", "routing"] and widget.controls.tags.refusal.value == ""
