"""Bad list and review files: every refusal names file, line and field; nothing crashes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from readinglist.errors import ListFormatError
from readinglist.store import ListStore

SCHEMAS = Path(__file__).resolve().parents[1] / "readinglist" / "schemas"

GOOD_LIST = """\
format_version: 1
title: Group
papers:
- id: p1
  title: First paper
  author_count: 3
  published: '2024-09-25'
  upvotes: 4
  links:
    code: https://github.com/a/b
  sources:
  - format: hf-page
    file: a.txt
    line: 13

- id: arxiv:2101.00010
  title: 'no'
"""

GOOD_REVIEWS = """\
format_version: 1
reader: ann
reviews:
- paper: p1
  rating: 4
  status: read
  tags:
  - moe
  note: fine
  updated: '2026-01-15T09:30:00Z'
"""


def write(tmp_path: Path, list_text: str = GOOD_LIST, reviews: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "l"
    (folder / "reviews").mkdir(parents=True)
    (folder / "list.yaml").write_text(list_text, encoding="utf-8")
    for name, text in (reviews or {}).items():
        (folder / "reviews" / name).write_text(text, encoding="utf-8")
    return folder


def test_good_files_load_with_values_kept(tmp_path):
    rl = ListStore.open(write(tmp_path, reviews={"ann.yaml": GOOD_REVIEWS})).reading_list
    assert list(rl.papers) == ["p1", "arxiv:2101.00010"]
    assert rl.papers["arxiv:2101.00010"].title == "no"  # not False
    assert rl.papers["p1"].upvotes == 4
    assert rl.reviews["ann"]["p1"].rating == 4


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("title: Group", "titel: Group", 2, "titel", "unknown key 'titel'"),
        ("format_version: 1", "format_version: 2", 1, "format_version", "upgrade readinglist"),
        ("format_version: 1", "format_version: one", 1, "format_version", "whole number"),
        ("format_version: 1\n", "", 1, "format_version", "missing"),
        ("  upvotes: 4", "  upvotes: many", 8, "papers[0].upvotes", "whole number"),
        ("  upvotes: 4", "  upvotes: -4", 8, "papers[0].upvotes", "whole number"),
        ("  published: '2024-09-25'", "  published: 2024-13-45", 7, "papers[0].published", "YYYY-MM-DD"),
        ("  published: '2024-09-25'", "  published: 2021-02-30", 7, "papers[0].published", "YYYY-MM-DD"),
        ("  author_count: 3", "  authr_count: 3", 6, "papers[0].authr_count", "unknown key"),
        ("    code: https://github.com/a/b", "    code: javascript:alert(1)", 10, "papers[0].links.code", "URL"),
        ("    code: https://github.com/a/b", "    Code: https://x.org", 10, "papers[0].links", "link kind"),
        ("    line: 13", "    line: 0", 14, "papers[0].sources[0].line", "at least 1"),
        ("- id: p1\n", "- id: P 1\n", 4, "papers[0].id", "not a paper id"),
        ("  title: First paper\n", "", 4, "papers[0].title", "missing"),
        ("  title: First paper", "  title: ''", 5, "papers[0].title", "must not be empty"),
        ("  title: First paper", "  title: [a, b]", 5, "papers[0].title", "expected text"),
        ("- id: arxiv:2101.00010", "- id: p1", 16, "papers[1].id", "duplicate paper id 'p1' (first on line 4)"),
    ],
)
def test_bad_list_files(tmp_path, old, new, line, field, words):
    assert old in GOOD_LIST
    folder = write(tmp_path, GOOD_LIST.replace(old, new, 1))
    problems = ListStore.check(folder)
    assert problems, "the bad file was accepted"
    first = problems[0]
    assert (first.line, first.field) == (line, field), problems
    assert words in first.message
    assert str(first).startswith(f"{folder / 'list.yaml'}:{line}: {field}: ")
    with pytest.raises(ListFormatError):
        ListStore.open(folder)


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("  rating: 4", "  rating: 6", 5, "reviews[0].rating", "1-5"),
        ("  rating: 4", "  rating: four", 5, "reviews[0].rating", "whole number"),
        ("  status: read", "  status: done", 6, "reviews[0].status", "one of queued"),
        ("reader: ann", "reader: bob", 2, "reader", "names reader 'bob'"),
        ("  - moe", "  - MoE", 8, "reviews[0].tags[0]", "should be written 'moe'"),
        ("  updated: '2026-01-15T09:30:00Z'", "  updated: yesterday", 10, "reviews[0].updated", "expected a time"),
        ("  note: fine", "  note: fine\n  colour: red", 10, "reviews[0].colour", "unknown key"),
    ],
)
def test_bad_review_files(tmp_path, old, new, line, field, words):
    folder = write(tmp_path, reviews={"ann.yaml": GOOD_REVIEWS.replace(old, new, 1)})
    problems = ListStore.check(folder)
    assert problems and (problems[0].line, problems[0].field) == (line, field), problems
    assert words in problems[0].message
    assert str(problems[0]).startswith(str(folder / "reviews" / "ann.yaml"))


def test_second_review_of_a_paper_is_refused(tmp_path):
    text = GOOD_REVIEWS + "\n- paper: p1\n  rating: 2\n"
    problems = ListStore.check(write(tmp_path, reviews={"ann.yaml": text}))
    assert problems[0].line == 12 and "second review" in problems[0].message


@pytest.mark.parametrize("name", ["Ann.yaml", "a b.yaml", "-x.yaml"])
def test_review_file_names_must_be_reader_names(tmp_path, name):
    problems = ListStore.check(write(tmp_path, reviews={name: GOOD_REVIEWS}))
    assert "not a reader name" in problems[0].message


def test_several_problems_are_all_reported(tmp_path):
    bad = GOOD_LIST.replace("upvotes: 4", "upvotes: x").replace("title: 'no'", "title: 'no'\n  colour: red")
    problems = ListStore.check(write(tmp_path, bad))
    assert [p.field for p in problems] == ["papers[0].upvotes", "papers[1].colour"]


def test_git_conflict_markers_are_named(tmp_path):
    bad = GOOD_LIST.replace("  upvotes: 4\n", "<<<<<<< HEAD\n  upvotes: 4\n=======\n  upvotes: 5\n>>>>>>> theirs\n")
    problems = ListStore.check(write(tmp_path, bad))
    assert problems[0].line == 8 and "conflict" in problems[0].message


def test_not_utf8_is_located(tmp_path):
    folder = write(tmp_path)
    (folder / "list.yaml").write_bytes(GOOD_LIST.encode() + b"\n# caf\xe9\n")
    problems = ListStore.check(folder)
    assert problems[0].line == 19 and "UTF-8" in problems[0].message


def test_papers_must_be_a_list(tmp_path):
    problems = ListStore.check(write(tmp_path, "format_version: 1\ntitle: G\npapers: 3\n"))
    assert (problems[0].line, problems[0].field) == (3, "papers")


def test_a_newer_format_is_refused_even_with_new_keys(tmp_path):
    newer = GOOD_LIST.replace("format_version: 1", "format_version: 3\nshiny_new_key: x")
    problems = ListStore.check(write(tmp_path, newer))
    assert len(problems) == 1 and "upgrade" in problems[0].message


@pytest.mark.parametrize("payload", ["[", "- a\n- b\n", "a: b\n", "!!binary aGk=", "\x00", "&a a", "{a: {b: {c: {d: {e: {f: {g: 1}}}}}}}"])
def test_garbage_never_crashes(tmp_path, payload):
    folder = write(tmp_path, payload)
    problems = ListStore.check(folder)
    assert problems and all(p.file.endswith("list.yaml") for p in problems)


def test_shipped_json_schemas_accept_written_files_and_reject_what_we_reject(tmp_path):
    list_schema = json.loads((SCHEMAS / "list.schema.json").read_text())
    review_schema = json.loads((SCHEMAS / "review.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(list_schema)
    jsonschema.Draft202012Validator.check_schema(review_schema)
    jsonschema.validate(yaml.safe_load(GOOD_LIST), list_schema)
    jsonschema.validate(yaml.safe_load(GOOD_REVIEWS), review_schema)
    example = Path(__file__).resolve().parents[1] / "lists" / "example"
    jsonschema.validate(yaml.safe_load((example / "list.yaml").read_text()), list_schema)
    for review_file in (example / "reviews").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(review_file.read_text()), review_schema)
    for bad in (GOOD_LIST.replace("title: Group", "titel: Group"), GOOD_LIST.replace("format_version: 1", "format_version: 2")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml.safe_load(bad), list_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(GOOD_REVIEWS.replace("rating: 4", "rating: 6")), review_schema)


def test_links_that_could_break_out_of_markup_are_refused(tmp_path):
    bad = GOOD_LIST.replace("    code: https://github.com/a/b", "    code: 'https://x.org/\"><script>alert(1)</script>'")
    problems = ListStore.check(write(tmp_path, bad))
    assert problems[0].field == "papers[0].links.code" and "URL" in problems[0].message


def test_conflict_markers_after_a_lookalike_in_a_note_are_still_found(tmp_path):
    reviews = GOOD_REVIEWS.replace("  note: fine", "  note: |-\n    Title\n    =======\n    body")
    reviews += "<<<<<<< HEAD\n- paper: p1\n=======\n>>>>>>> theirs\n"
    problems = ListStore.check(write(tmp_path, reviews={"ann.yaml": reviews}))
    assert problems[0].line == 14 and "conflict markers" in problems[0].message
