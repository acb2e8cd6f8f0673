"""Sanitising imported papers: repaired where the meaning is certain, else left out with a
located problem; and whatever comes out, a list can hold (the save gate accepts it)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.catalogue import add_papers
from readinglist.model import Org, Paper, Source
from readinglist.sanitise import MAX_TEXT_CHARS, repair_url, sanitise
from readinglist.store import ListStore
from tests.strategies import TRICKY, any_char, surrogate


def imported(**fields) -> Paper:
    return Paper(id="", **{"title": "A paper", "sources": (Source("bibtex", "a.bib", 4),), **fields})


@pytest.mark.parametrize(
    "raw, repaired",
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("  https://example.org/x  ", "https://example.org/x"),
        ("<https://example.org/x>", "https://example.org/x"),
        ('"https://example.org/x"', "https://example.org/x"),
        ("HTTPS://example.org/X", "https://example.org/X"),
        ('https://example.org/a"onclick="x', "https://example.org/a%22onclick=%22x"),
        ("https://example.org/<script>", "https://example.org/%3Cscript%3E"),
        ("https://example.org/a\\b`c'd", "https://example.org/a%5Cb%60c%27d"),
        ("https://example.org/a\x00b\x1bc", "https://example.org/a%00b%1Bc"),
        ("https://example.org/caf\u00e9\u00a0x", "https://example.org/caf\u00e9%C2%A0x"),
        ("https://example.org/x\n", "https://example.org/x"),
        ("https://example.org/a\nb", "https://example.org/a%0Ab"),
    ],
)
def test_links_are_repaired_where_the_meaning_is_certain(raw, repaired):
    assert repair_url(raw) == (repaired, "")
    paper, problems = sanitise(imported(links={"project": raw}))
    assert paper.links == {"project": repaired} and problems == []


@pytest.mark.parametrize(
    "raw",
    ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x", "data:text/html,x", "example.org/x", "https://",
     "https:///path", "http://[::1", "https://" + "a" * MAX_TEXT_CHARS],
)  # fmt: skip
def test_links_that_cannot_be_http_are_left_out_with_a_located_problem(raw):
    paper, problems = sanitise(imported(links={"project": raw, "code": "https://github.com/a/b"}))
    assert paper.links == {"code": "https://github.com/a/b"}
    assert [(p.file, p.line, p.field) for p in problems] == [("a.bib", 4, "links.project")]
    assert problems[0].message.endswith("left out")


def test_a_link_kind_the_format_refuses_is_left_out():
    paper, problems = sanitise(imported(links={"Code Link": "https://github.com/a/b"}))
    assert paper.links == {} and problems[0].field == "links"


def test_control_characters_are_removed_and_surrogates_replaced_and_both_reported():
    paper, problems = sanitise(imported(title="A\x00 title\x1b[31m", abstract="x\ud800y", authors=("Ann\x07",)))
    assert (paper.title, paper.abstract, paper.authors) == ("A title[31m", "x\ufffdy", ("Ann",))
    assert {p.field for p in problems} == {"title", "abstract", "authors[0]"}
    assert all((p.file, p.line) == ("a.bib", 4) for p in problems)


def test_tabs_and_line_breaks_are_not_control_characters_to_remove():
    paper, problems = sanitise(imported(doi="10.1/a\tb", suggested_tags=("two\nlines",)))
    assert (paper.doi, paper.suggested_tags, problems) == ("10.1/a\tb", ("two\nlines",), [])


def test_a_value_over_the_size_limit_is_left_out():
    paper, problems = sanitise(imported(abstract="x" * (MAX_TEXT_CHARS + 1), venue="Venue"))
    assert (paper.abstract, paper.venue) == ("", "Venue")
    assert [p.field for p in problems] == ["abstract"]


def test_a_title_over_the_size_limit_leaves_a_paper_the_catalogue_skips_with_a_problem():
    from readinglist.model import ReadingList

    paper, problems = sanitise(imported(title="t " * MAX_TEXT_CHARS))
    assert paper.title == "" and problems[0].field == "title"
    reading_list = ReadingList(title="T")
    report = add_papers(reading_list, [imported(title="t " * MAX_TEXT_CHARS), imported(title="Kept")])
    assert [p.title for p in reading_list.papers.values()] == ["Kept"]
    assert [p.field for p in report.problems] == ["title", None]  # left out, then the paper skipped


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"upvotes": -1}, "upvotes"),
        ({"upvotes": 10**10}, "upvotes"),
        ({"upvotes": True}, "upvotes"),
        ({"author_count": -3}, "author_count"),
        ({"author_count": 10**12}, "author_count"),
        ({"year": 999}, "year"),
        ({"year": 10000}, "year"),
        ({"published": dt.date(5, 1, 1)}, "published"),
    ],
)
def test_numbers_outside_sane_ranges_are_left_out(fields, field):
    paper, problems = sanitise(imported(**fields))
    assert [p.field for p in problems] == [field]
    assert getattr(paper, field) in (0, None)


def test_numbers_inside_the_ranges_stay():
    fields = {"upvotes": 9_999_999_999, "author_count": 0, "year": 1000, "published": dt.date(9999, 12, 31)}
    assert sanitise(imported(**fields)) == (imported(**fields), [])


@pytest.mark.parametrize(
    "raw, kept",
    [("math.AG/0601001", "math/0601001"), ("Hep-TH/9901001", "hep-th/9901001"), ("2401.01234v3", "2401.01234"), ("2401.01234", "2401.01234")],
)
def test_arxiv_ids_are_written_as_arxiv_writes_them(raw, kept):
    paper, problems = sanitise(imported(arxiv_id=raw))
    assert paper.arxiv_id == kept and problems == []


def test_an_arxiv_id_that_is_none_is_left_out():
    paper, problems = sanitise(imported(arxiv_id="../../etc"))
    assert paper.arxiv_id is None and problems[0].field == "arxiv_id"


def test_empty_authors_and_tags_go_and_an_org_without_a_name_is_left_out():
    paper, problems = sanitise(imported(authors=("Ann", "\x00", " "), suggested_tags=("moe", "\x07", "moe"), org=Org("lab", "\x1b")))
    assert (paper.authors, paper.suggested_tags, paper.org) == (("Ann",), ("moe",), None)
    assert "org" in {p.field for p in problems}


def test_a_fit_paper_comes_back_as_it_is():
    paper = imported(abstract="Fine.", authors=("Ann",), links={"code": "https://github.com/a/b"}, upvotes=3)
    fitted, problems = sanitise(paper)
    assert fitted is paper and problems == []


# -- whatever comes out of sanitising, a list can hold -------------------------------------------

hostile_text = st.one_of(
    st.text(st.one_of(any_char, surrogate), max_size=30),
    st.lists(st.sampled_from(TRICKY), max_size=8).map("".join),
)
hostile_url = st.one_of(
    hostile_text,
    st.builds(lambda s, rest: s + rest, st.sampled_from(["http://", "HTTPS://", "file://", "javascript:", " <https://", '"http://']), hostile_text),
)
numbers = st.one_of(st.integers(), st.integers(-5, 5), st.booleans(), st.just(10**4999))
hostile_papers = st.builds(
    Paper,
    id=st.just(""),
    title=st.one_of(st.just("Hostile"), hostile_text),
    abstract=hostile_text,
    authors=st.lists(hostile_text, max_size=3).map(tuple),
    author_count=st.none() | numbers,
    org=st.none() | st.builds(Org, hostile_text, hostile_text),
    published=st.none() | st.dates(),
    year=st.none() | numbers,
    venue=hostile_text,
    upvotes=numbers,
    arxiv_id=st.none() | hostile_text | st.sampled_from(["math.AG/0601001", "2401.01234v2", "HEP-TH/9901001"]),
    doi=st.none() | hostile_text,
    links=st.dictionaries(st.one_of(st.sampled_from(["code", "project", "pdf"]), hostile_text), hostile_url, max_size=3),
    suggested_tags=st.lists(hostile_text, max_size=3).map(tuple),
    sources=st.lists(st.builds(Source, hostile_text, hostile_text, st.none() | numbers), min_size=1, max_size=2).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_papers, min_size=1, max_size=4))
def test_sanitised_papers_always_save_and_reload_as_they_are(papers):
    with tempfile.TemporaryDirectory() as tmp:
        store = ListStore.create(Path(tmp) / "list", "Hostile")
        add_papers(store.reading_list, papers)
        store.save_catalogue()  # the gate raises UnsavableError for anything the loader would refuse
        assert ListStore.check(store.folder) == []
        assert list(ListStore.open(store.folder).reading_list.papers.items()) == list(store.reading_list.papers.items())
