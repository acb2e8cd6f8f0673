"""`readinglist suggest` in-process: JSON fields, tables, modes, and one-line refusals."""

from __future__ import annotations

import io
import json

import pytest

from readinglist.cli import main
from readinglist.store import ListStore


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_json_for_a_reader_has_the_promised_fields(topical):
    code, out, err = run("suggest", topical.folder, "--reader", "ann", "--json", "--limit", "7")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 7
    for row in rows:
        assert {"id", "title", "score", "because", "like", "cold_start"} <= set(row)
        assert row["cold_start"] is False
        assert row["because"] and all(isinstance(p, str) for p in row["because"])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    reviewed = set(ListStore.open(topical.folder).reading_list.reviews["ann"])
    assert not reviewed & {r["id"] for r in rows}


def test_the_default_limit_is_ten_and_the_group_is_the_default_reader(topical):
    code, out, _ = run("suggest", topical.folder, "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 10
    reviews = ListStore.open(topical.folder).reading_list.reviews
    assert not {r["id"] for r in rows} & (set(reviews["ann"]) | set(reviews["bob"]))


def test_the_table_says_what_it_is_based_on(topical):
    code, out, _ = run("suggest", topical.folder, "--reader", "bob", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("a model of bob's ratings")
    assert sum(line.strip().startswith("because:") for line in lines) == 2


def test_a_cold_start_says_so(topical):
    code, out, err = run("suggest", topical.folder, "--reader", "zoe")
    assert code == 0
    assert out.splitlines()[0].startswith("cold start: zoe has 0 ratings")
    code, out, err = run("suggest", topical.folder, "--reader", "zoe", "--json")
    assert all(row["cold_start"] for row in json.loads(out))
    assert err.startswith("cold start")


def test_like_never_lists_the_paper(topical):
    code, out, _ = run("suggest", topical.folder, "--like", "paper-00010", "--json", "--limit", "50")
    assert code == 0
    ids = [r["id"] for r in json.loads(out)]
    assert len(ids) == 50 and "paper-00010" not in ids


def test_tags_json_shape(topical):
    code, out, err = run("suggest", topical.folder, "--tags", "--json", "--limit", "5")
    assert code == 0, err
    rows = json.loads(out)
    assert 0 < len(rows) <= 5
    for row in rows:
        assert set(row) == {"id", "title", "tags"}
        for tag in row["tags"]:
            assert set(tag) == {"tag", "score", "because"}
            assert 0.5 <= tag["score"] <= 1


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--like", "nope"], 1, "no paper 'nope'"),
        (["--reader", "Not A Name"], 2, "reader name"),
        (["--limit", "0"], 2, "--limit"),
        (["--like", "paper-00001", "--tags"], 2, "not allowed with"),
    ],
)
def test_mistakes_are_one_line(topical, argv, code, message):
    got, out, err = run("suggest", topical.folder, *argv)
    assert got == code
    assert message in err and len(err.strip().splitlines()) == 1
    assert out == ""


def test_a_missing_list_is_a_usage_error(tmp_path):
    code, _, err = run("suggest", tmp_path / "none")
    assert code == 2
    assert "no list here" in err


@pytest.mark.parametrize("cached", [False, True], ids=["cold", "cache warm"])
def test_a_broken_review_file_names_file_and_line(topical, cached):
    if cached:
        assert run("suggest", topical.folder)[0] == 0
    bad = topical.folder / "reviews" / "ann.yaml"
    bad.write_text(bad.read_text().replace("rating: 5", "rating: 9", 1))
    code, out, err = run("suggest", topical.folder, "--reader", "ann")
    assert code == 1
    assert "ann.yaml:" in err and "rating" in err
    assert out == ""


def test_a_broken_list_file_is_refused_even_with_a_cache(topical):
    assert run("suggest", topical.folder)[0] == 0
    path = topical.folder / "list.yaml"
    path.write_text(path.read_text().replace("title: ", "title: [", 1))
    code, out, err = run("suggest", topical.folder)
    assert code == 1
    assert "list.yaml:" in err
    assert out == ""


def test_a_hostile_title_stays_one_inert_line(topical):
    store = ListStore.open(topical.folder)
    from dataclasses import replace

    code, out, _ = run("suggest", topical.folder, "--reader", "ann", "--json", "--limit", "1")
    top = json.loads(out)[0]["id"]
    paper = store.reading_list.papers[top]
    store.reading_list.papers[top] = replace(paper, title="Evil\x1b]8;;http://x\x07 title\nsecond line " + paper.title)
    store.save_catalogue()
    code, out, _ = run("suggest", topical.folder, "--reader", "ann", "--limit", "1")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    title_line = out.splitlines()[1]
    assert "Evil" in title_line and "second line" in title_line
