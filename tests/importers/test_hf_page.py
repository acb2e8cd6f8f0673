"""The pasted Hugging Face page parser, on small pages written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from readinglist.importers import detect, parse_source
from readinglist.importers.hf_page import parse_hf_page
from readinglist.model import Org
from tests.conftest import page

ABSTRACT = "We study a thing carefully and at length. " * 5  # long enough to read as an abstract


def parse(text: str, year: int = 2025):
    return parse_hf_page(text, "p.txt", year=year)


def test_full_paper_with_author_count_date_and_upvotes():
    result = parse(page("A Paper", ABSTRACT, "  • 8 authors\n·\nSep 25, 2024 4"))
    assert result.problems == []
    [paper] = result.papers
    assert paper.title == "A Paper"
    assert paper.abstract == ABSTRACT.strip()
    assert paper.author_count == 8
    assert paper.org is None
    assert paper.published == dt.date(2024, 9, 25)
    assert paper.upvotes == 4
    assert paper.sources[0].file == "p.txt"
    assert paper.sources[0].line == 13  # the title's line, after the 12-line header


def test_organisation_line_gives_handle_and_display_name():
    [paper] = parse(page("A Paper", ABSTRACT, "deepseek-ai DeepSeek\n·\nJan 11, 2024 2")).papers
    assert paper.org == Org("deepseek-ai", "DeepSeek")
    assert paper.author_count is None


def test_organisation_display_name_may_have_spaces():
    [paper] = parse(page("A Paper", ABSTRACT, "CohereLabs Cohere Labs\n·\nMar 10")).papers
    assert paper.org == Org("CohereLabs", "Cohere Labs")


@pytest.mark.parametrize(
    ("line", "year", "expected", "upvotes"),
    [
        ("Sep 28 2", 2025, dt.date(2025, 9, 28), 2),
        ("Sep 28", 2023, dt.date(2023, 9, 28), 0),
        ("Jan 11, 2024 2", 2025, dt.date(2024, 1, 11), 2),
        ("Jul 20, 2024", 2025, dt.date(2024, 7, 20), 0),
        ("Feb 29", 2024, dt.date(2024, 2, 29), 0),
    ],
)
def test_dates_with_and_without_year_and_upvotes(line, year, expected, upvotes):
    [paper] = parse(page("T", ABSTRACT, f"  • 1 authors\n·\n{line}"), year=year).papers
    assert (paper.published, paper.upvotes) == (expected, upvotes)


def test_one_author_is_still_authors():
    [paper] = parse(page("T", ABSTRACT, "  • 1 authors\n·\nMar 2, 2021")).papers
    assert paper.author_count == 1


def test_papers_without_metadata_are_imported():
    result = parse(page("First", ABSTRACT, "Second", ABSTRACT, "  • 2 authors\n·\nMar 2, 2021", "Third", ABSTRACT))
    assert [p.title for p in result.papers] == ["First", "Second", "Third"]
    first, second, third = result.papers
    assert (first.author_count, first.published, first.upvotes) == (None, None, 0)
    assert second.author_count == 2
    assert third.published is None
    assert result.problems == []


def test_crlf_and_byte_order_mark_change_nothing():
    text = page("A Paper", ABSTRACT, "  • 8 authors\n·\nSep 25, 2024 4", "B Paper", ABSTRACT)
    plain = parse(text)
    crlf = parse("\ufeff" + text.replace("\n", "\r\n"))
    assert crlf.papers == plain.papers
    assert crlf.problems == plain.problems == []


def test_bad_date_is_a_located_problem_and_the_rest_imports():
    result = parse(page("A", ABSTRACT, "  • 8 authors\n·\nSomeday 4", "B", ABSTRACT, "  • 2 authors\n·\nMar 2, 2021"))
    assert [p.title for p in result.papers] == ["A", "B"]
    assert result.papers[0].published is None
    assert result.papers[0].author_count == 8
    assert result.papers[1].published == dt.date(2021, 3, 2)
    [problem] = result.problems
    assert problem.line == 19
    assert "Someday 4" in problem.message
    assert str(problem).startswith("p.txt:19: ")


def test_impossible_date_is_a_problem():
    result = parse(page("A", ABSTRACT, "  • 8 authors\n·\nFeb 30, 2024"))
    assert result.papers[0].published is None
    assert "no such date" in result.problems[0].message


@pytest.mark.parametrize(
    ("meta", "line", "words"),
    [
        ("  • many authors\n·\nMar 2, 2021", 17, "or an organisation"),
        ("  • 2 authors\n  • 3 authors\n·\nMar 2, 2021", 18, "second author line"),
        ("  • 2 authors\n·\nMar 2, 2021\nMar 3, 2021", 20, "after the date"),
        ("  • 2 authors\nMar 2, 2021", 17, "without the '·' line"),
    ],
)
def test_meta_lines_that_do_not_fit_are_located(meta, line, words):
    result = parse(page("A", ABSTRACT, meta, "B", ABSTRACT))
    assert [p.title for p in result.papers] == ["A", "B"]
    assert any(p.line == line and words in p.message for p in result.problems), result.problems


def test_stray_meta_group_is_a_problem_and_parsing_recovers():
    result = parse(page("  • 2 authors\n·\nMar 2, 2021", "A", ABSTRACT))
    # The header's date groups are skipped; a meta group before any paper is not.
    assert [p.title for p in result.papers] == ["A"]
    assert result.problems[0].line == 13


def test_long_line_where_a_title_belongs_is_reported_and_skipped():
    result = parse(page("A", ABSTRACT, "x" * 500, "  • 1 authors\n·\nMar 2, 2021", "B", ABSTRACT))
    assert [p.title for p in result.papers] == ["A", "B"]
    assert result.problems[0].line == 17
    assert "500-character" in result.problems[0].message


def test_missing_abstract_between_titles_is_not_swallowed():
    # "Lost" has no abstract: the next title must not become its abstract.
    result = parse(page("Lost", "Found", ABSTRACT, "  • 2 authors\n·\nMar 2, 2021"))
    assert [(p.title, bool(p.abstract)) for p in result.papers] == [("Lost", False), ("Found", True)]


def test_title_at_end_of_page_is_imported_with_a_problem():
    result = parse(page("A", ABSTRACT, "Cut short"))
    assert [p.title for p in result.papers] == ["A", "Cut short"]
    assert "cut short" in result.problems[0].message


def test_extra_line_glued_to_a_title_is_a_problem():
    result = parse(page("A\nsubtitle", ABSTRACT))
    assert result.papers[0].title == "A"
    assert result.problems[0].line == 14


def test_page_with_only_header_has_no_papers():
    result = parse(page())
    assert result.papers == []


def test_detect_recognises_a_pasted_page():
    assert detect(page("A", ABSTRACT, "  • 2 authors\n·\nMar 2, 2021")) == "hf-page"


def test_parse_source_defaults_to_this_year():
    result = parse_source(page("A", ABSTRACT, "  • 2 authors\n·\nMar 2"), "p.txt")
    assert result.papers[0].published.year == dt.date.today().year


def test_abstract_text_is_kept_raw_by_the_parser():
    # Normalisation (LaTeX, links) is the catalogue's job: the parser keeps the text as pasted.
    raw = r"We play Pok\'emon and release https://github.com/a/b{here}. " + ABSTRACT
    [paper] = parse(page("T", raw)).papers
    assert paper.abstract == raw.strip()


@pytest.mark.parametrize("blank", ["", "   ", "\t", "\u00a0", "\u3000 "])
def test_any_blank_line_separates_groups(blank):
    text = page("A Paper", ABSTRACT, "  • 8 authors\n·\nSep 25, 2024 4").replace("\n\n", f"\n{blank}\n")
    result = parse(text)
    assert [(p.title, p.author_count) for p in result.papers] == [("A Paper", 8)]
    assert result.problems == []
