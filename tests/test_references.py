"""References between files: absent papers never stop a command; removal keeps everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.dedupe import merge_duplicates
from readinglist.errors import UnknownPaperError
from readinglist.frames import to_frame
from readinglist.gitmerge import run_merge_driver
from readinglist.listfile import list_text, read_list_text
from readinglist.merge import merge_texts
from readinglist.model import Paper, ReadingList
from readinglist.records import to_records
from readinglist.removal import remove_papers
from readinglist.store import ListStore
from tests.conftest import FIXED_NOW

LIST = """format_version: 1
title: Group
sessions:
- date: '2026-12-03'
  papers:
  - p1
  - gone-session
duplicates:
- kept: p1
  other: gone-distinct
  decision: distinct
papers:
- id: p1
  title: One
- id: p2
  title: Two
"""
ANN = """format_version: 1
reader: ann
reviews:
- paper: p1
  rating: 4
- paper: gone-review
  rating: 2
  note: keep me
"""


def rl(*argv: object) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "g" / "reviews").mkdir(parents=True)
    (tmp_path / "g" / "list.yaml").write_text(LIST, encoding="utf-8")
    (tmp_path / "g" / "reviews" / "ann.yaml").write_text(ANN, encoding="utf-8")
    return tmp_path / "g"


def test_every_reference_is_listed_with_its_file_and_line(folder):
    store = ListStore.open(folder)
    found = {(Path(r.file).name, r.line, r.field, r.paper_id) for r in store.references()}
    assert found == {
        ("list.yaml", 6, "sessions[0].papers[0]", "p1"),
        ("list.yaml", 7, "sessions[0].papers[1]", "gone-session"),
        ("list.yaml", 9, "duplicates[0].kept", "p1"),
        ("list.yaml", 10, "duplicates[0].other", "gone-distinct"),
        ("ann.yaml", 4, "reviews[0].paper", "p1"),
        ("ann.yaml", 6, "reviews[1].paper", "gone-review"),
    }
    dangling = {(Path(w.file).name, w.line, w.field) for w in store.warnings()}
    assert dangling == {("list.yaml", 7, "sessions[0].papers[1]"), ("list.yaml", 10, "duplicates[0].other"), ("ann.yaml", 6, "reviews[1].paper")}


def test_absent_papers_are_kept_and_every_command_works(folder, tmp_path):
    code, out, err = rl("validate", folder)
    assert code == 0 and "3 warnings" in out
    assert err.count("warning: ") == 3 and "ann.yaml:6: reviews[1].paper: no paper 'gone-review'" in err
    assert rl("validate", "--strict", folder)[0] == 1
    code, out, _ = rl("show", folder)
    assert code == 0 and out.rstrip().splitlines()[-1].startswith("3 references to papers not in the list")
    assert rl("show", "--json", folder)[0] == 0
    assert rl("export", folder, "--to", "markdown", "-o", tmp_path / "h.md")[0] == 0
    assert rl("export", folder, "--to", "html", "--session", "2026-12-03", "-o", tmp_path / "h.html")[0] == 0
    assert rl("session", "list", folder)[0] == 0
    # A save of that reader's file keeps the review of the absent paper.
    assert rl("review", folder, "p2", "--reader", "ann", "--rating", "5")[0] == 0
    assert rl("import", tmp_path / "nothing.txt", "--into", folder)[0] == 2
    text = (folder / "reviews" / "ann.yaml").read_text(encoding="utf-8")
    assert "gone-review" in text and "keep me" in text
    assert "gone-session" in (folder / "list.yaml").read_text(encoding="utf-8")


def test_remove_keeps_a_tombstone_hides_the_paper_and_keeps_its_reviews(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("READINGLIST_READER", "bob")
    code, out, _ = rl("remove", folder, "p1")
    assert code == 0 and "1 review kept" in out
    store = ListStore.open(folder)
    removal = store.reading_list.removed["p1"]
    assert (removal.by, removal.paper.title) == ("bob", "One")
    assert "p1" not in store.reading_list.papers and store.reading_list.reviews["ann"]["p1"].rating == 4
    assert [r["id"] for r in to_records(store.reading_list)] == ["p2"]
    assert list(to_frame(folder).index) == ["p2"] and set(to_frame(folder, long=True)["paper"]) <= {"p2"}
    code, out, _ = rl("show", folder)
    assert "One" not in out and "1 removed paper not shown" in out
    assert rl("export", folder, "--to", "markdown", "-o", tmp_path / "h.md")[0] == 0
    assert "One" not in (tmp_path / "h.md").read_text(encoding="utf-8")
    code, _, err = rl("review", folder, "p1", "--reader", "ann", "--rating", "1")
    assert code == 1 and "was removed by bob" in err and "--undo" in err
    # A review of a removed paper is not a warning; the session naming it is.
    warned = {w.field for w in ListStore.open(folder).warnings()}
    assert "reviews[0].paper" not in warned and "sessions[0].papers[0]" in warned
    assert rl("remove", folder, "p1")[0] == 1  # already removed: said, nothing changed
    code, out, _ = rl("remove", folder, "p1", "--undo")
    assert code == 0
    back = ListStore.open(folder).reading_list
    assert list(back.papers) == ["p2", "p1"] and not back.removed and back.reviews["ann"]["p1"].rating == 4
    assert rl("remove", folder, "p1", "--undo")[0] == 1


def _two(base: ReadingList, edit_ours, edit_theirs) -> tuple[str, str, str]:
    ours, theirs = read_list_text(list_text(base), "b"), read_list_text(list_text(base), "b")
    edit_ours(ours)
    edit_theirs(theirs)
    return list_text(base), list_text(ours), list_text(theirs)


def _base() -> ReadingList:
    return ReadingList("G", papers={"a": Paper("a", "A"), "b": Paper("b", "B")})


def test_a_removal_and_an_edit_merge_into_the_removed_paper_with_the_edit():
    later = FIXED_NOW.replace(hour=12)
    texts = _two(
        _base(),
        lambda rl_: remove_papers(rl_, ["a"], by="ann", now=FIXED_NOW),
        lambda rl_: rl_.papers.__setitem__("a", Paper("a", "A", abstract="now with an abstract")),
    )
    for base, ours, theirs in (texts, (texts[0], texts[2], texts[1])):
        result = merge_texts(base, ours, theirs, "list.yaml")
        merged = read_list_text(result.text, "m")
        assert result.clean and "a" not in merged.papers
        assert merged.removed["a"].paper.abstract == "now with an abstract"
    both = _two(
        _base(), lambda x: remove_papers(x, ["a"], by="ann", now=later), lambda x: remove_papers(x, ["a"], by="bob", now=FIXED_NOW)
    )
    one, two = merge_texts(*both, "l"), merge_texts(both[0], both[2], both[1], "l")
    assert one.clean and one.text == two.text and read_list_text(one.text, "m").removed["a"].by == "bob"  # the first removal


def test_the_driver_never_exits_0_on_a_side_it_cannot_read_and_names_the_real_path(tmp_path):
    good = list_text(_base())
    for bad in (good + "conflicts:\n- where: title\n", good.replace("title: A", "<<<<<<< ours\ntitle: A\n=======\ntitle: Z\n>>>>>>> theirs")):
        for name, text in (("base", good), ("ours", good.replace("title: B", "title: Bee")), ("theirs", bad)):
            (tmp_path / f".merge_file_{name}").write_text(text, encoding="utf-8")
        code, message = run_merge_driver(*(str(tmp_path / f".merge_file_{n}") for n in ("base", "ours", "theirs")), "lists/g/list.yaml")
        assert code == 1 and "lists/g/list.yaml" in message and ".merge_file" not in message


def test_a_virtual_base_with_conflicts_is_read_and_its_conflicts_are_unknown():
    base = list_text(ReadingList("G", papers={"a": Paper("a", "A")}))
    one = base.replace("title: A", "title: A1")
    two = base.replace("title: A", "title: A2")
    virtual = merge_texts(base, one, two, "l")  # what git makes of two merge bases
    assert not virtual.clean and "conflicts:" in virtual.text
    # Both later sides settled on A1 (the virtual base's own value): clean, and the same either way.
    agreed = merge_texts(virtual.text, one, one, "l")
    assert agreed.clean and "title: A1" in agreed.text
    # Different settlements are a conflict whichever side is ours, never a silent pick.
    assert not merge_texts(virtual.text, one, two, "l").clean and not merge_texts(virtual.text, two, one, "l").clean
    # A base that cannot be read at all: what either side has is kept, the same either way.
    broken = "<<<<<<< a\n" + base + "=======\n>>>>>>> b\n"
    added = one.replace("papers:", "papers:\n- id: c\n  title: C")
    x, y = merge_texts(broken, added, one, "l"), merge_texts(broken, one, added, "l")
    assert x.clean and x.text == y.text and "id: c" in x.text


def test_a_review_saved_after_another_process_merged_its_paper_lands_on_the_kept_one(folder):
    notebook = ListStore.open(folder, clock=lambda: FIXED_NOW)  # a kernel holding the list open
    notebook.update_review("ann", "p2", note="two")
    # Another process (the CLI) merges p2 into p1.
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "dedupe", str(folder), "--merge", "p1", "p2"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    saved = notebook.update_review("ann", "p2", rating=5)
    assert saved.paper_id == "p1"
    after = ListStore.open(folder).reading_list
    assert "p2" not in after.papers and after.reviews["ann"]["p1"].rating == 5 and "two" in after.reviews["ann"]["p1"].note
    assert "p2" not in after.reviews["ann"] and "gone-review" in after.reviews["ann"]


def test_reviews_of_a_merged_paper_arriving_later_are_folded_by_merging_again(folder):
    store = ListStore.open(folder)
    merge_duplicates(store.reading_list, "p1", "p2")
    store.save_catalogue()
    (folder / "reviews" / "bob.yaml").write_text("format_version: 1\nreader: bob\nreviews:\n- paper: p2\n  rating: 3\n", encoding="utf-8")
    code, _, err = rl("validate", folder)
    assert code == 0 and "was merged into 'p1'" in err
    assert rl("dedupe", folder, "--merge", "p1", "p2")[0] == 0
    again = ListStore.open(folder)
    assert again.reading_list.reviews["bob"] == {"p1": again.reading_list.reviews["bob"]["p1"]}
    assert not again.warnings() or all("p2" not in w.message for w in again.warnings())
    assert [d.decision for d in again.reading_list.duplicates if d.other == "p2"] == ["merged"]


def test_remove_refuses_unknown_papers_all_or_nothing():
    reading_list = _base()
    with pytest.raises(UnknownPaperError):
        remove_papers(reading_list, ["a", "zz"], by="ann", now=FIXED_NOW)
    assert set(reading_list.papers) == {"a", "b"} and not reading_list.removed


def test_the_json_schema_accepts_a_list_with_removed_papers_and_refuses_a_tombstone_without_its_author(folder):
    import json

    import jsonschema
    import yaml

    assert rl("remove", folder, "p2", "--reader", "ann")[0] == 0
    schema = json.loads((Path(__file__).resolve().parents[1] / "readinglist" / "schemas" / "list.schema.json").read_text())
    data = yaml.safe_load((folder / "list.yaml").read_text(encoding="utf-8"))
    assert data["removed"][0]["removed_by"] == "ann"
    jsonschema.validate(data, schema)
    del data["removed"][0]["removed_by"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_importing_a_removed_paper_again_says_so_and_keeps_it_removed(folder, tmp_path):
    assert rl("remove", folder, "p2", "--reader", "ann")[0] == 0
    source = tmp_path / "again.csv"
    source.write_text("title\nTwo\nThree\n", encoding="utf-8")
    code, out, err = rl("import", source, "--into", folder)
    assert code == 0 and "'p2' was removed by ann" in err and "1 added" in out
    after = ListStore.open(folder).reading_list
    assert "p2" in after.removed and "p2" not in after.papers and "three" in after.papers


def test_the_group_view_figures_leave_out_reviews_of_removed_papers(folder):
    from readinglist.analysis import rating_histogram, reader_agreement
    from readinglist.widgets.group import GroupView

    (folder / "reviews" / "bob.yaml").write_text("format_version: 1\nreader: bob\nreviews:\n- paper: p1\n  rating: 1\n", encoding="utf-8")
    before = ListStore.open(folder).reading_list
    assert rating_histogram(before)[4] == 1 and reader_agreement(before)[("ann", "bob")][1] == 1
    assert rl("remove", folder, "p1", "--reader", "ann")[0] == 0
    after = ListStore.open(folder).reading_list
    assert sum(rating_histogram(after).values()) == 0 and reader_agreement(after)[("ann", "bob")][1] == 0
    assert "One" not in GroupView(ListStore.open(folder)).table.value


def test_the_review_and_browse_widgets_do_not_offer_a_removed_paper(folder):
    from readinglist.widgets import ListBrowser

    assert rl("remove", folder, "p1", "--reader", "ann")[0] == 0
    store = ListStore.open(folder)
    browser = ListBrowser(store, "ann")
    assert browser.results == ["p2"]
