"""The members' app: who is reviewing, from the address or typed; each name its own file."""

from __future__ import annotations

import ipywidgets as w
import pytest

from readinglist.store import ListStore
from readinglist.widgets import MemberApp, review_app
from readinglist.widgets.member import member_app_from_environment
from readinglist.widgets.readername import reader_from_query

FIRST = "sparse-routing-without-tears-load-balanced"


def enter(app: MemberApp, name: str | None = None) -> None:
    """Type `name` (when given) into the name field and press Enter, as the front end reports it."""
    if name is not None:
        app.picker.name.value = name
    app.picker.name._handle_custom_msg({"event": "submit"}, [])


def review_files(folder) -> set[str]:
    return {p.name for p in (folder / "reviews").iterdir()}


@pytest.mark.parametrize(
    ("query", "reader"),
    [("reader=ana", "ana"), ("?x=1&reader=bea%2Dc", "bea-c"), ("reader=", ""), ("", ""), ("reader=a&reader=b", "a")],
)
def test_the_reader_comes_from_the_query_string(query, reader):
    assert reader_from_query(query) == reader


def test_the_address_prefills_the_name_and_enter_confirms_it(example, monkeypatch):
    monkeypatch.setenv("READINGLIST_LIST", str(example))
    monkeypatch.setenv("QUERY_STRING", "reader=dora")
    monkeypatch.setenv("READINGLIST_READER", "server-user")  # the server's own name: never used
    app = member_app_from_environment()
    assert app.picker.name.value == "dora" and app.app is None  # prefilled, not yet confirmed
    before = review_files(example)
    enter(app)  # Enter on the unchanged, prefilled value
    assert app.reader == "dora"
    app.app.review.controls.rating.stars[2].click()
    assert review_files(example) == before | {"dora.yaml"}
    assert not (example / "reviews" / "server-user.yaml").exists()


def test_no_name_no_writing_and_a_refused_name_is_explained(example, monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.setenv("READINGLIST_LIST", str(example))
    monkeypatch.setenv("READINGLIST_READER", "server-user")
    app = member_app_from_environment()
    assert app.picker.name.value == "" and app.body.children == ()
    enter(app)
    assert "Type your name first" in app.picker.message.value and app.app is None
    enter(app, "Dora Marsden")
    message = app.picker.message.value
    assert "cannot be a reader name" in message and "dora-marsden" in message and app.app is None
    app.picker.button.click()
    assert app.app is None
    assert "server-user.yaml" not in review_files(example)


def test_two_pages_with_different_names_write_different_files(example):
    first, second = MemberApp(example), MemberApp(example)
    enter(first, "eve")
    enter(second, "fay")
    first.app.review.controls.rating.stars[3].click()
    second.app.review.controls.status.buttons.value = "queued"
    first.app.review.controls.tags.input.value = "from eve"
    reviews = ListStore.open(example).reading_list.reviews
    assert reviews["eve"][FIRST].rating == 4 and reviews["eve"][FIRST].tags == ("from eve",)
    assert reviews["fay"][FIRST].status == "queued" and reviews["fay"][FIRST].rating is None


def test_another_name_switches_the_file(example):
    app = MemberApp(example, reader="gil")
    app.picker.button.click()
    first = app.app
    enter(app, "gil")
    assert app.app is first  # the same name again keeps the app
    enter(app, "hal")
    assert app.reader == "hal" and app.app is not first
    app.app.review.controls.rating.stars[0].click()
    assert "hal.yaml" in review_files(example) and "gil.yaml" not in review_files(example)


def test_without_a_list_the_app_says_how_to_start_it(monkeypatch, tmp_path):
    monkeypatch.delenv("READINGLIST_LIST", raising=False)
    shown = review_app()
    assert isinstance(shown, w.HTML) and "readinglist app LIST" in shown.value
    missing = review_app(tmp_path / "nowhere")
    assert isinstance(missing, w.HTML) and "nowhere" in missing.value
