"""Math in titles, abstracts and notes: MathML in the HTML, PDF and slides; `$...$` in Markdown."""

from __future__ import annotations

import json
import unicodedata

import mistune
from bs4 import BeautifulSoup
from pypdf import PdfReader

from readinglist import mathml
from readinglist.handout import export_handout

from .conftest import chromium_or_skip

RAW_MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough", "footnotes", "math"])


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def alttexts(soup: BeautifulSoup) -> list[str]:
    return [m["alttext"] for m in soup.find_all("math")]


def text_of(soup: BeautifulSoup) -> str:
    for math in soup.find_all("math"):
        math.decompose()
    return " ".join(soup.get_text(" ").split())


def test_html_typesets_titles_abstracts_and_notes(math_list, tmp_path):
    soup = soup_of(export_handout(math_list, "html", tmp_path / "m.html").path)
    found = alttexts(soup)
    assert found.count("O(n \\log n)") == 2  # summary table and the paper's heading
    assert "\\beta" in found  # the list's title
    assert "\\frac{1}{\\sqrt{d}}" in found  # a reader's note
    assert {"\\tilde{\\Omega}(\\sqrt{T})", "\\epsilon > 0"} <= set(found)
    display = [m for m in soup.find_all("math") if m["display"] == "block"]
    assert [m["alttext"] for m in display] == ["\\sum_{i=1}^{n} \\alpha_i x_i^2 \\le 1"]
    assert soup.find("h2", string=None).find("math") is not None or soup.select("h2 math")
    rest = text_of(soup)
    # Damaged math and money stay as the text they were.
    assert "N=tildeOmega(C^*)" in rest and "$Oleft(1{r}right)$" in rest and "costs $5 and a node $10" in rest
    assert "\\frac" not in rest and "\\sqrt" not in rest


def test_hostile_math_is_plain_math(math_list, tmp_path):
    soup = soup_of(export_handout(math_list, "html", tmp_path / "m.html").path)
    for math in soup.find_all("math"):
        for element in [math, *math.find_all(True)]:
            assert element.name in mathml.ELEMENTS
            assert not {"href", "style", "class", "id", "mathcolor"} & set(element.attrs)
    link = next(m for m in soup.find_all("math") if m["alttext"].startswith("\\href"))
    assert link.get_text() == "click"  # the formula's text, not a link


def test_slides_typeset_math_and_keep_their_script_policy(math_list, tmp_path):
    soup = soup_of(export_handout(math_list, "slides", tmp_path / "m.slides.html").path)
    assert "O(n \\log n)" in alttexts(soup) and "\\sum_{i=1}^{n} \\alpha_i x_i^2 \\le 1" in alttexts(soup)
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'sha256-" in csp and "unsafe-eval" not in csp


def test_pdf_prints_the_typeset_symbols(math_list, tmp_path):
    chromium_or_skip()
    path = export_handout(math_list, "pdf", tmp_path / "m.pdf").path
    printed = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)
    text = unicodedata.normalize("NFKC", printed)  # math italic 𝛼 is α
    assert "∑" in text and "α" in text and "Ω" in text and "√" in text  # typeset, not LaTeX source
    assert "\\sum" not in text and "\\alpha" not in text
    assert "tildeOmega" in text  # damaged math stays readable


def test_markdown_keeps_dollar_math_for_viewers_that_typeset_it(math_list, tmp_path):
    text = export_handout(math_list, "markdown", tmp_path / "m.md").path.read_text(encoding="utf-8")
    assert "# Math $\\beta$-test" in text
    assert "Attention in $O(n \\log n)$ time" in text
    assert "$$\\sum_{i=1}^{n} \\alpha_i x_i^2 \\le 1$$" in text
    assert "<math" not in text
    # What a viewer would run or link stays escaped text: \href, \style, and math holding < or &.
    assert "$\\href" not in text and "\\$\\\\href{javascript" in text
    html = RAW_MARKDOWN(text)
    soup = BeautifulSoup(html, "html.parser")
    spans = [s.get_text() for s in soup.select(".math")]
    assert "\\(O(n \\log n)\\)" in spans
    assert not soup.find_all("a", href=lambda h: h and h.startswith("javascript"))


def test_ipynb_markdown_cells_hold_dollar_math(math_list, tmp_path):
    nb = json.loads(export_handout(math_list, "ipynb", tmp_path / "m.ipynb").path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert any("$\\tilde{\\Omega}(\\sqrt{T})$" in s for s in sources)
    assert not any("<math" in s for s in sources)


def test_the_handout_allow_list_keeps_mathml_and_nothing_more():
    from readinglist.handout.clean import clean_html

    kept = mathml.math_to_html("$\\frac{a}{b}$")
    assert clean_html(kept) == kept
    dirty = (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline" onclick="x()" href="javascript:x">'
        '<mi id="a" style="color:red" mathvariant="normal" mathcolor="red">x</mi>'
        '<maction actiontype="toggle"><mi>y</mi></maction><mspace width="javascript:x"></mspace>'
        '<mtext><a href="javascript:x">t</a></mtext><annotation-xml><img src=x></annotation-xml></math>'
    )
    soup = BeautifulSoup(clean_html(dirty), "html.parser")
    math = soup.find("math")
    assert math.attrs == {"xmlns": mathml.MATHML_NS, "display": "inline"}
    assert soup.find("mi").attrs == {"mathvariant": "normal"}
    assert not soup.find_all(["maction", "annotation-xml"]) and soup.find("mspace").attrs == {}
    assert all(not img.attrs for img in soup.find_all("img"))  # HTML parsing moves it out of the math
    assert not soup.find("a").get("href")
