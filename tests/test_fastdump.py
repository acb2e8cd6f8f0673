"""The fast item writer writes exactly the general dumper's bytes, or declines.

Each property draws items, writes them with `fastdump.item_block` and with PyYAML
(`yamlio.dumps([item])`, what the store wrote before the fast writer) and requires the
same text whenever the fast writer answers. Text is drawn twice: from the round-trip
strategies (all of Unicode, mostly declined) and from prose close to real papers (words,
`: `, apostrophes, `#`, double spaces, accents and CJK, lengths around the line width),
which the fast writer must cover.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist import fastdump, yamlio
from readinglist.catalogue import add_papers
from readinglist.importers import parse_source
from readinglist.model import ReadingList
from readinglist.schema import paper_to_data, review_to_data

from .conftest import shared_path
from .strategies import papers, reading_lists, reviews

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def general(item: dict) -> str:
    return yamlio.dumps([item])


def assert_same_or_declined(item: dict) -> str | None:
    fast = fastdump.item_block(item)
    if fast is not None:
        assert fast == general(item)
    return fast


# -- prose like real lists' -------------------------------------------------------------------

_WORD = st.one_of(
    st.sampled_from(["Attention", "is", "all", "you", "need:", "Don't", "O'Brien's", "#1", "C#", "x:y", "a-b", "--",
                     "Pokémon", "naïve", "日本語", "Ω", "50%", "[v2]", "{x}", "&", "*", "!", "|", ">", "@", "`", "?", ":", "-",
                     "null", "no", "yes", "1e3", "2024-01-02", "~", "'", '"', ",", "...", "---", "=", "<<"]),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789éü'#:-,."), min_size=1, max_size=14),
)
_SEPARATOR = st.sampled_from([" ", " ", " ", " ", "  ", ": ", " #", "\n", "\n\n", "\n  "])


@st.composite
def prose(draw: st.DrawFn, max_words: int = 60) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=max_words))
    text = words[0]
    for word in words[1:]:
        text += draw(_SEPARATOR) + word
    return text


@st.composite
def prose_papers(draw: st.DrawFn) -> dict:
    line = st.one_of(prose(max_words=18).filter(lambda t: "\n" not in t), prose())
    paper = {
        "id": draw(st.from_regex(r"[a-z0-9][a-z0-9.-]{0,40}", fullmatch=True)),
        "title": draw(line),
        "abstract": draw(prose(max_words=300)),
        "authors": draw(st.lists(line, min_size=1, max_size=3)),
        "author_count": draw(st.integers(0, 10**10)),
        "org": {"handle": draw(line), "name": draw(line)},
        "published": "2025-02-03",
        "upvotes": draw(st.integers(1, 500)),
        "links": draw(st.dictionaries(st.sampled_from(["code", "project", "pdf", "no", "code-2"]),
                                      st.sampled_from(["https://github.com/a/b", "https://x.org/p?q=1#f"]), min_size=1)),
        "sources": [{"format": "hf-page", "file": draw(line), "line": draw(st.integers(1, 99999))}],
    }
    return {k: v for k, v in paper.items() if draw(st.booleans()) or k in ("id", "title")}


@SETTINGS
@given(prose_papers())
@example({"id": "a", "title": "x" * 79 + " y"})
@example({"id": "a", "title": "Don't: " + "word " * 30 + "end"})
@example({"id": "a", "abstract": "\nleading break\n  then indented\n\nand a gap"})
@example({"id": "a", "abstract": " starts with a space " + "word " * 20 + "end"})
@example({"id": "a", "abstract": "double  spaces " * 12 + "end"})
def test_prose_items_are_written_as_the_general_dumper_writes_them(item: dict) -> None:
    assert_same_or_declined(item)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose(max_words=200))
def test_prose_text_is_covered(text: str) -> None:
    """Printable text without trailing spaces before a line break takes the fast path."""
    item = {"id": "a", "abstract": text}
    written = assert_same_or_declined(item)
    plain_enough = not text.endswith(" ") and " \n" not in text and not text.endswith("\n")
    if plain_enough:
        assert written is not None


# -- the round-trip strategies: all of Unicode -------------------------------------------------


@SETTINGS
@given(papers())
def test_generated_papers_are_written_as_the_general_dumper_writes_them(paper) -> None:
    assert_same_or_declined(paper_to_data(paper))


@SETTINGS
@given(st.sampled_from(["p", "arxiv:2401.01234"]).flatmap(reviews))
def test_generated_reviews_are_written_as_the_general_dumper_writes_them(review) -> None:
    assert_same_or_declined(review_to_data(review))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reading_lists())
def test_whole_lists_render_the_same_bytes(reading_list: ReadingList) -> None:
    from readinglist.listfile import list_text

    blocks = [general(paper_to_data(p)) for p in reading_list.papers.values()]
    try:
        expected = list_text(reading_list, blocks)
    except UnicodeEncodeError:
        return  # lone surrogates: refused by both writers (tests/test_roundtrip_properties.py)
    assert list_text(reading_list) == expected


@pytest.mark.parametrize("value", ["", [], {}, None, 1.5, True, ("a",), "ends in a break\n", "tab\there", "emoji 😀"])
def test_what_the_fast_writer_does_not_cover_is_declined(value) -> None:
    assert fastdump.item_block({"id": "a", "x": value}) is None
    assert yamlio.dump_item({"id": "a", "x": value}) == general({"id": "a", "x": value})


# -- real pages --------------------------------------------------------------------------------


def test_every_paper_of_the_seed_pages_takes_the_fast_path(seed_files: list[Path]) -> None:
    reading_list = ReadingList("seeds")
    for path in seed_files:
        add_papers(reading_list, parse_source(path.read_bytes().decode("utf-8-sig"), path.name, year=2025).papers)
    assert reading_list.papers
    for paper in reading_list.papers.values():
        data = paper_to_data(paper)
        assert assert_same_or_declined(data) is not None, paper.id


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(shared_path("seeds").glob("*.txt"))
