"""Escaping untrusted text for Markdown: inert in any CommonMark renderer, still readable."""

from __future__ import annotations

import mistune
import pytest

from readinglist.handout.text import md_lines, md_link, md_text, safe_url, stars

# A renderer that passes raw HTML through, as GitHub and JupyterLab accept it before sanitising:
# whatever HTML comes out is what our escaping let through.
RENDER = mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough", "footnotes", "math"])


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "![x](.git/config)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<a href='javascript:alert(1)'>a</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_payloads_render_as_text(payload):
    for source in (md_text(payload), md_lines(payload), "- " + md_lines(payload, indent="  ")):
        html = RENDER(source)
        assert "<script" not in html and "<img" not in html and "<a " not in html and "javascript:alert(1)</a" not in html, html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Pokémon: a *sparse* approach_2 (v2) #1 50% ~3x", "Pokémon: a *sparse* approach_2 (v2) #1 50% ~3x"),
        ("- not a list", "- not a list"),
        ("1. not a list either", "1. not a list either"),
        ("# not a heading", "# not a heading"),
        ("| not | a table |", "| not | a table |"),
        ("$O(n^2)$ stays", "$O(n^2)$ stays"),
        ("\\(a<b\\) and \\[c\\] stay", "\\(a<b\\) and \\[c\\] stay"),  # not read as math delimiters either
    ],
)
def test_text_reads_as_written(text, shown):
    html = RENDER(md_text(text)).strip()
    assert html.startswith("<p>") and not html.startswith(("<ul", "<ol", "<h1", "<table"))
    import html as html_module

    assert html_module.unescape(html.removeprefix("<p>").removesuffix("</p>")) == shown


def test_urls_in_text_become_links_with_the_exact_address():
    html = RENDER(md_text("code at https://github.com/a/b_c_d. Done"))
    assert '<a href="https://github.com/a/b_c_d">https://github.com/a/b_c_d</a>.' in html


def test_lines_keep_breaks_and_paragraphs():
    html = RENDER(md_lines("first line\nsecond line\n\nnew paragraph"))
    assert html.count("<p>") == 2 and "<br" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", ".git/config", "data:text/html,x", "//evil.org/x"])
def test_only_http_urls_become_link_targets(url):
    assert safe_url(url) is None
    assert "](" not in md_link("label", url)


def test_link_targets_cannot_break_out():
    target = safe_url('https://x.org/a")<script>(')
    assert target is not None and not set('"<>()\' ') & set(target)


def test_stars_round_to_whole_stars():
    assert [stars(r) for r in (None, 1, 3.4, 3.5, 5)] == ["", "★☆☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"]


def test_jupyter_renderer_shows_backslash_parentheses_as_written():
    from nbconvert.filters.markdown import markdown2html

    assert markdown2html(md_text("cost \\(a<b\\) here")) == "<p>cost \\(a&lt;b\\) here</p>\n"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("cost $O(n \\log n)$ time", "cost $O(n \\log n)$ time"),
        ("show $$\\sum_i x_i$$ now", "show $$\\sum_i x_i$$ now"),
        ("for \\(\\epsilon\\) small", "for $\\epsilon$ small"),
        ("$a<b$", "\\$a&lt;b\\$"),  # markup characters: escaped text
        ("$|x|$ in a table", "\\$\\|x\\|\\$ in a table"),
        ("$[x](javascript:y)$", "\\$\\[x\\](javascript:y)\\$"),
        ("$\\href{x}{y}$", "\\$\\\\href{x}{y}\\$"),
        ("$\\style{color:red}{y}$", "\\$\\\\style{color:red}{y}\\$"),
        ("$tildeOmega(n)$", "\\$tildeOmega(n)\\$"),  # damaged: not typeset anywhere
        ("costs $5 and $10", "costs \\$5 and \\$10"),
    ],
)
def test_math_mode_keeps_safe_formulas_as_dollar_math(text, markdown):
    assert md_text(text, math=True) == markdown


def test_math_mode_output_is_still_inert():
    for payload in ("$x$ <script>alert(1)</script>", "$[a](javascript:alert(1))$", "$x$ [y](javascript:z)"):
        html = RENDER(md_text(payload, math=True))
        assert "<script" not in html and "javascript:" not in html.split("href=")[-1][:12], html
