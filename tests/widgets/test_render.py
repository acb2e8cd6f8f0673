"""What the widgets make of text from a list: escaped markup, safe links, readable math."""

from __future__ import annotations

import dataclasses
import datetime as dt

from readinglist.model import Org, Paper
from readinglist.widgets.card import PaperCard
from readinglist.widgets.render import math_html, meta_line, paper_links, readable, safe_url, shorten

PAPER = Paper(
    id="p",
    title="Sparse <b>Routing</b>",
    abstract="Costs $O(n \\log n)$ & beats $\\alpha$-nets.",
    author_count=4,
    org=Org("example-lab", "Example Lab"),
    published=dt.date(2025, 2, 3),
    upvotes=19,
    arxiv_id="2401.01234",
    links={"code": "https://github.com/a/b", "project": "https://x.org/", "code-2": "https://gitlab.com/c/d"},
)


def card(paper: Paper) -> PaperCard:
    shown = PaperCard()
    shown.show(paper, "paper 1 of 1")
    return shown


def test_title_and_meta_are_escaped():
    view = card(dataclasses.replace(PAPER, title="<img src=x onerror=alert(1)>")).view
    assert "<img" not in view.title_html
    assert view.title_html == "&lt;img src=x onerror=alert(1)&gt;"
    assert view.meta == meta_line(PAPER)  # plain text: the front end sets it as text
    assert meta_line(PAPER) == "2025-02-03 · 19 upvotes · 4 authors · Example Lab"
    assert meta_line(dataclasses.replace(PAPER, authors=("A", "B", "C", "D", "E"), org=None, upvotes=1)) == (
        "2025-02-03 · 1 upvote · A, B, C, D and 1 more"
    )


def test_links_open_in_a_new_tab_and_arxiv_comes_from_the_id():
    assert paper_links(PAPER) == [
        ("code", "https://github.com/a/b"),
        ("project", "https://x.org/"),
        ("code 2", "https://gitlab.com/c/d"),
        ("arXiv", "https://arxiv.org/abs/2401.01234"),
    ]
    assert card(PAPER).view.links == [{"label": label, "url": url} for label, url in paper_links(PAPER)]


def test_links_that_could_break_out_of_the_attribute_are_dropped():
    evil = dataclasses.replace(
        PAPER,
        arxiv_id=None,
        links={"code": 'https://x.org/"><script>alert(1)</script>', "project": "javascript:alert(1)"},
    )
    assert paper_links(evil) == []
    assert card(evil).view.links == []
    assert safe_url("https://example.org/a?b=c&d=e") == "https://example.org/a?b=c&d=e"


def test_abstract_math_becomes_readable_text_and_markup_stays_text():
    assert readable("Costs $O(n \\log n)$ in $\\mathbb{R}^d$.") == "Costs O(n log n) in ℝ^d."
    assert readable("no math, 5$ only") == "no math, 5$ only"
    assert readable("broken $\\href{x}$ stays") == "broken \\href{x} stays"
    html = card(dataclasses.replace(PAPER, abstract="A <script>alert(1)</script> & $\\alpha$")).view.abstract_html
    assert html == math_html("A <script>alert(1)</script> & $\\alpha$") == "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; α"
    assert card(dataclasses.replace(PAPER, abstract="")).view.abstract_html == ""  # the card hides the fold


def test_shorten_cuts_at_a_word_and_says_so():
    assert shorten("Short title", 40) == "Short title"
    assert shorten("A fairly long title about mixture of experts routing", 30) == "A fairly long title about…"
    assert len(shorten("x" * 100, 20)) == 20 and shorten("x" * 100, 20).endswith("…")
