"""Attacks in every field a person can write, exported to every format: all of it shows as
text, nothing runs, no link leads to script, and no local file is read into the output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import mistune
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from readinglist import mathml
from readinglist.handout import export_handout
from readinglist.handout.exporters import REVEAL_INIT

from .conftest import ATTACK_TAG, QUOTED_ATTACK_URL, SECRET_FILE_TOKEN, SECRET_GIT_TOKEN, chromium_or_skip

# GitHub, JupyterLab and nbconvert accept raw HTML in Markdown before sanitising it: rendering
# with raw HTML passed through shows exactly what our escaping let through.
RAW_MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough", "footnotes", "math"])
SAFE_HREF = ("http://", "https://", "mailto:", "#")


def assert_inert_html(html: str, *, scripts: tuple[str, ...] = (), images: frozenset[str] = frozenset()) -> BeautifulSoup:
    """`images`: local image files the export itself wrote (Markdown's charts)."""
    soup = BeautifulSoup(html, "html.parser")
    assert tuple(s.string for s in soup.find_all("script")) == scripts
    assert not soup.find_all(["iframe", "object", "embed", "link", "base", "form", "svg", "input"])
    for math in soup.find_all("math"):  # MathML typeset by the export: its own elements, plain attributes
        for element in [math, *math.find_all(True)]:
            assert element.name in mathml.ELEMENTS, element.name
            allowed = {"xmlns", "display", "alttext"} if element.name == "math" else mathml.ATTRIBUTES
            assert set(element.attrs) <= allowed, (element.name, element.attrs)
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag.name, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                ok = str(value).startswith("data:image/") or value in images if name == "src" else str(value).startswith(SAFE_HREF)
                assert ok, (tag.name, name, value)
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            raise AssertionError("meta refresh")
    assert SECRET_FILE_TOKEN not in html and SECRET_GIT_TOKEN not in html
    return soup


def visible_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_html(hostile, out):
    html = export_handout(hostile, "html", out / "h.html", session="2026-12-03").path.read_text()
    soup = assert_inert_html(html)
    text = visible_text(soup)
    # The attacks are shown, as the text they are, in the title, summary, sections and questions.
    assert text.count("<script>alert('x')</script>") >= 10
    assert "![x](.git/config)" in text and "\\input{secret.txt}" in text and "[click](javascript:alert('l'))" in text
    assert "&lt;script&gt;alert('e')&lt;/script&gt;" in text  # entities stay entities, not markup
    assert soup.find("h1").get_text().startswith("<script>alert('x')</script> <img src=x onerror")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert any(h.startswith("https://example.org/x") and "javascript" in h for h in hrefs)  # one inert URL, not two links
    assert not any(h.startswith("javascript") for h in hrefs)


def test_html_from_an_unchecked_list_with_quotes_in_links(hostile, out):
    # A ReadingList built in memory skips the schema: the export alone must keep it inert.
    from readinglist.store import ListStore

    reading_list = ListStore.open(hostile).reading_list
    for pid, paper in list(reading_list.papers.items()):
        reading_list.papers[pid] = type(paper)(**{**paper.__dict__, "links": {"code": QUOTED_ATTACK_URL}})
    html = export_handout(reading_list, "html", out / "q.html").path.read_text()
    soup = assert_inert_html(html)
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert any(h.startswith("https://example.org/x%22onmouseover=%22alert%28%27u%27%29%22%3Cscript%3E") for h in hrefs)


def test_slides(hostile, out):
    html = export_handout(hostile, "slides", out / "s.slides.html").path.read_text()
    reveal_js = (Path(__file__).resolve().parents[2] / "readinglist/handout/templates/readinglist-slides/reveal/reveal.js").read_text()
    soup = assert_inert_html(html, scripts=(reveal_js, REVEAL_INIT))
    assert "<script>alert('x')</script>" in visible_text(soup)
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'sha256-" in csp and "unsafe-inline'; img" not in csp.split("script-src")[1].split(";")[0]


def test_markdown(hostile, out):
    done = export_handout(hostile, "markdown", out / "h.md")
    text = done.path.read_text()
    charts = frozenset(p.relative_to(out).as_posix() for p in done.extra)
    soup = assert_inert_html(RAW_MARKDOWN(text), images=charts)
    assert len(soup.find_all("img")) == len(charts) == 2
    assert {p.parent.name for p in done.extra} == {"h_files"} and all(p.suffix == ".png" for p in done.extra)
    assert sorted(p.name for p in out.iterdir()) == ["h.md", "h_files"]


def test_ipynb(hostile, out):
    nb = json.loads(export_handout(hostile, "ipynb", out / "h.ipynb").path.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            assert_inert_html(RAW_MARKDOWN(source))
        else:
            assert source.startswith("#") and "\n" not in source  # a comment: nothing to run
            assert {m for o in cell["outputs"] for m in o["data"]} == {"image/png", "text/plain"}
    assert nb["metadata"]["title"].startswith("<script>")  # metadata is data, escaped where shown


def test_pdf(hostile, out):
    chromium_or_skip()
    path = export_handout(hostile, "pdf", out / "h.pdf").path
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)
    assert "<script>alert('x')</script>" in text and "\\input{secret.txt}" in text
    assert SECRET_FILE_TOKEN not in text and SECRET_GIT_TOKEN not in text
    assert SECRET_FILE_TOKEN.encode() not in path.read_bytes()


def test_bibtex(hostile, out):
    text = export_handout(hostile, "bibtex", out / "h.bib").path.read_text()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 3
    # No LaTeX command of the attacker's survives: every backslash and brace is escaped.
    assert "\\input" not in text and "\\textbackslash{}input\\textbraceleft{}secret.txt\\textbraceright{}" in text
    for entry in library.entries:
        for f in entry.fields:
            depth = 0
            for ch in f.value:  # BibTeX counts braces even after a backslash
                depth += {"{": 1, "}": -1}.get(ch, 0)
                assert depth >= 0
            assert depth == 0, (entry.key, f.key)
    assert SECRET_FILE_TOKEN not in text


def test_csv(hostile, out):
    text = export_handout(hostile, "csv", out / "h.csv").path.read_text()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")), value
    assert any(ATTACK_TAG in v for v in rows[1])
