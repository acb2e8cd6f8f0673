"""The save gate: nothing is written that the loader would refuse, whichever command or
widget made the change; what is written reloads exactly as it was saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist import writecheck, yamlio
from readinglist.cli import main
from readinglist.errors import UnsavableError
from readinglist.model import Paper, Review, Session, Source
from readinglist.store import ListStore
from tests.test_sanitise import hostile_papers, hostile_text


@pytest.fixture
def store(tmp_path, clock):
    store = ListStore.create(tmp_path / "list", "Gate", clock=clock)
    for n in range(3):
        pid = f"paper-{n}"
        store.reading_list.papers[pid] = Paper(id=pid, title=f"Paper {n}", links={"code": f"https://github.com/a/{n}"})
    store.save_catalogue()
    return ListStore.open(tmp_path / "list", clock=clock)


def refused_unchanged(store: ListStore, save) -> UnsavableError:
    before = {p: p.read_bytes() for p in store.folder.rglob("*.yaml")}
    with pytest.raises(UnsavableError) as info:
        save()
    assert {p: p.read_bytes() for p in store.folder.rglob("*.yaml")} == before
    assert "\n" not in str(info.value) and str(info.value).endswith("nothing was written")
    assert ListStore.check(store.folder) == []
    return info.value


@pytest.mark.parametrize(
    "change, field",
    [
        ({"links": {"code": "file:///etc/passwd"}}, "papers[1].links.code"),
        ({"links": {"code": "https://example.org/a b"}}, "papers[1].links.code"),
        ({"links": {"Code": "https://example.org/"}}, "papers[1].links"),
        ({"upvotes": -1}, "papers[1].upvotes"),
        ({"upvotes": 10**10}, "papers[1].upvotes"),
        ({"year": 99}, "papers[1].year"),
        ({"title": "   "}, "papers[1].title"),
        ({"authors": ("Ann", " ")}, "papers[1].authors[1]"),
        ({"sources": (Source("csv", ""),)}, "papers[1].sources[0].file"),
    ],
)
def test_a_paper_the_loader_would_refuse_is_not_written(store, change, field):
    store.reading_list.papers["paper-1"] = dataclasses.replace(store.reading_list.papers["paper-1"], **change)
    error = refused_unchanged(store, store.save_catalogue)
    assert [p.field for p in error.problems] == [field]
    assert "paper-1" in str(error)


def test_a_paper_id_the_loader_would_refuse_is_not_written(store):
    store.reading_list.papers["Bad Id"] = Paper(id="Bad Id", title="Bad")
    refused_unchanged(store, store.save_catalogue)


def test_a_value_over_the_size_limit_is_not_written(store):
    paper = store.reading_list.papers["paper-0"]
    store.reading_list.papers["paper-0"] = dataclasses.replace(paper, abstract="x" * (yamlio.MAX_SCALAR_CHARS + 1))
    assert "paper-0" in str(refused_unchanged(store, store.save_catalogue))


def test_a_file_over_the_size_limit_is_not_written(store, monkeypatch):
    before = store.list_path.read_bytes()
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(before) + 100)
    store.reading_list.description = "d" * 200
    with pytest.raises(UnsavableError, match="MiB"):
        store.save_catalogue()
    assert store.list_path.read_bytes() == before


@pytest.mark.parametrize(
    "change",
    [
        lambda rl: setattr(rl, "title", " "),
        lambda rl: rl.sessions.append(Session(dt.date(2026, 1, 1), questions=("  ",))),
        lambda rl: rl.sessions.append(Session(dt.date(2026, 1, 1), presenter="Not A Reader")),
        lambda rl: rl.sessions.append(Session(dt.date(2026, 1, 1), papers=("paper-0", "paper-0"))),
    ],
    ids=["blank-title", "blank-question", "bad-presenter", "paper-twice"],
)
def test_a_list_head_the_loader_would_refuse_is_not_written(store, change):
    change(store.reading_list)
    refused_unchanged(store, store.save_catalogue)


def test_a_removed_paper_the_loader_would_refuse_is_not_written(store, clock):
    from readinglist.removal import remove_papers

    remove_papers(store.reading_list, ["paper-2"], by="ann", now=clock())
    removal = store.reading_list.removed["paper-2"]
    store.reading_list.removed["paper-2"] = dataclasses.replace(removal, paper=dataclasses.replace(removal.paper, upvotes=-4))
    error = refused_unchanged(store, store.save_catalogue)
    assert error.problems[0].field == "removed[0].upvotes"


def test_minutes_the_loader_would_refuse_are_not_written(store, clock):
    from readinglist.participation import Minutes

    store.update_review("ann", "paper-0", rating=3)
    store.reading_list.minutes["ann"] = {dt.date(2026, 1, 8): Minutes(dt.date(2026, 1, 8), "x" * (yamlio.MAX_SCALAR_CHARS + 1), clock())}
    refused_unchanged(store, lambda: store.save_reviews("ann"))


def test_a_review_note_over_the_size_limit_is_refused_and_memory_rolled_back(store):
    error = refused_unchanged(store, lambda: store.update_review("ann", "paper-0", rating=4, note="x" * (yamlio.MAX_SCALAR_CHARS + 1)))
    assert "paper-0" in str(error)
    assert "ann" not in store.reading_list.reviews
    assert not (store.folder / "reviews" / "ann.yaml").exists()


def test_a_review_tag_the_loader_would_refuse_is_not_written(store):
    store.reading_list.reviews["ann"] = {"paper-0": Review("paper-0", tags=("Not Normalised",))}
    refused_unchanged(store, lambda: store.save_reviews("ann"))


def test_only_blocks_not_written_or_loaded_before_are_read_back(store, monkeypatch):
    seen: list[list[str]] = []
    real = writecheck.check_papers

    def recording(file, items):
        seen.append([paper.id for _, paper, _ in items])
        real(file, items)

    monkeypatch.setattr(writecheck, "check_papers", recording)
    store.reading_list.papers["paper-2"] = dataclasses.replace(store.reading_list.papers["paper-2"], upvotes=7)
    store.save_catalogue()
    store.save_catalogue()
    assert seen == [["paper-2"], []]


def test_control_characters_in_a_note_are_carried_and_reload_as_written(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("title\nA paper\n", encoding="utf-8")
    folder = tmp_path / "list"
    assert main(["import", str(source), "--into", str(folder), "--title", "T"], out=io.StringIO(), err=io.StringIO()) == 0
    err = io.StringIO()
    note = "line one\x1b[31m\x00 red\nline two"
    assert main(["review", str(folder), "paper", "--reader", "ann", "--note", note], out=io.StringIO(), err=err) == 0, err.getvalue()
    assert ListStore.check(folder) == []
    assert ListStore.open(folder).reading_list.reviews["ann"]["paper"].note == note


def test_an_empty_title_on_import_is_one_line_and_nothing_changes(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("title\nA paper\n", encoding="utf-8")
    folder = tmp_path / "list"
    assert main(["import", str(source), "--into", str(folder), "--title", "T"], out=io.StringIO(), err=io.StringIO()) == 0
    before = (folder / "list.yaml").read_bytes()
    err = io.StringIO()
    assert main(["import", str(source), "--into", str(folder), "--title", "  "], out=io.StringIO(), err=err) == 1
    assert err.getvalue().count("\n") == 1 and "title" in err.getvalue()
    assert (folder / "list.yaml").read_bytes() == before


# -- the gate's property: refused and nothing written, or written and reloaded as it was ---------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_papers, min_size=1, max_size=3), st.lists(hostile_text, min_size=1, max_size=3))
def test_whatever_the_change_the_file_reloads_as_saved_or_nothing_is_written(papers, notes):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "list"
        store = ListStore.create(folder, "Gate")
        store.save_catalogue()
        for n, paper in enumerate(papers):  # unsanitised: as a buggy command might make them
            store.reading_list.papers[f"p{n}"] = dataclasses.replace(paper, id=f"p{n}")
        try:
            store.save_catalogue()
        except UnsavableError:
            assert ListStore.open(folder).reading_list.papers == {}
            return
        assert list(ListStore.open(folder).reading_list.papers.items()) == list(store.reading_list.papers.items())
        for note in notes:
            try:
                store.update_review("ann", "p0", note=note, add_tags=(note,))
            except UnsavableError:
                continue
        reopened = ListStore.open(folder)
        assert reopened.reading_list.reviews.get("ann", {}) == store.reading_list.reviews.get("ann", {})


def test_new_blocks_are_read_back_in_batches_and_every_bad_one_is_found(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(writecheck, "CHECK_BATCH", 2)
    store = ListStore.create(tmp_path / "batched", "Gate", clock=clock)
    for n in range(7):
        store.reading_list.papers[f"paper-{n}"] = Paper(id=f"paper-{n}", title=f"Paper {n}", upvotes=-1 if n in (0, 3, 6) else 1)
    with pytest.raises(UnsavableError) as info:
        store.save_catalogue()
    assert [p.field for p in info.value.problems] == ["papers[0].upvotes", "papers[3].upvotes", "papers[6].upvotes"]
    assert not (tmp_path / "batched" / "list.yaml").exists()
    for n in (0, 3, 6):
        store.reading_list.papers[f"paper-{n}"] = dataclasses.replace(store.reading_list.papers[f"paper-{n}"], upvotes=2)
    assert store.save_catalogue() is True
    assert list(ListStore.open(tmp_path / "batched").reading_list.papers) == [f"paper-{n}" for n in range(7)]
