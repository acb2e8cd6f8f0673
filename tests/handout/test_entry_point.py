"""The exporters as nbconvert finds them: `jupyter nbconvert --to readinglist-...`."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import readinglist
from readinglist.handout.exporters import REVEAL, REVEAL_INIT

from .conftest import SECRET_GIT_TOKEN, chromium_or_skip
from .test_injection import assert_inert_html

NAMES = {"readinglist-handout", "readinglist-slides", "readinglist-markdown", "readinglist-pdf"}


def nbconvert(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_exporters_are_registered_entry_points():
    found = {ep.name: ep.load() for ep in entry_points(group="nbconvert.exporters") if ep.name.startswith("readinglist")}
    assert set(found) == NAMES
    from nbconvert.exporters import get_exporter

    assert get_exporter("readinglist-handout") is found["readinglist-handout"]


def test_jupyter_nbconvert_renders_the_handout_notebook(example, tmp_path):
    readinglist.export(example, "ipynb", tmp_path / "handout.ipynb")
    done = nbconvert("--to", "readinglist-handout", "handout.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    soup = BeautifulSoup((tmp_path / "handout.html").read_text(), "html.parser")
    assert soup.find("h1").get_text() == "Sparse models reading group"
    assert len(soup.find_all("img")) == 2 and not soup.find_all("script")
    done = nbconvert("--to", "readinglist-markdown", "handout.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "handout_files").glob("*.png"))) == 2


def hostile_notebook() -> nbformat.NotebookNode:
    """A notebook someone sends around: raw HTML, script outputs, widget state, local images."""
    md = new_markdown_cell(
        "# Notes\n\n<script>alert('md')</script><img src=x onerror=alert(1)>\n\n"
        "[x](javascript:alert(2)) ![cfg](.git/config) <a href='file:///etc/passwd'>f</a>"
    )
    code = new_code_cell("print('hi')")
    code.outputs = [
        new_output("stream", name="stdout", text="<script>alert('stream')</script>\n"),
        new_output("display_data", data={"text/html": "<b>ok</b><script>alert('html')</script><svg onload=alert(3)></svg>"}),
        new_output("display_data", data={"application/javascript": "alert('js')", "text/plain": "js"}),
        new_output("display_data", data={"image/svg+xml": "<svg onload='alert(4)'/>", "text/plain": "svg"}),
        new_output("error", ename="E", evalue="v", traceback=["<script>alert('tb')</script>"]),
    ]
    raw = nbformat.v4.new_raw_cell("<script>alert('raw')</script>", metadata={"raw_mimetype": "text/html"})
    nb = new_notebook(cells=[md, code, raw])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}}
    return nb


def test_any_notebook_through_the_entry_point_comes_out_inert(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(SECRET_GIT_TOKEN)
    nbformat.write(hostile_notebook(), tmp_path / "sent.ipynb")
    for name, out in (("readinglist-handout", "sent.html"), ("readinglist-slides", "sent.slides.html")):
        done = nbconvert("--to", name, "sent.ipynb", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        html = (tmp_path / out).read_text()
        ours = () if name == "readinglist-handout" else (REVEAL.joinpath("reveal.js").read_text(), REVEAL_INIT)
        soup = assert_inert_html(html, scripts=ours)
        text = " ".join(soup.get_text(" ").split())
        assert "<script>alert('stream')</script>" in text and "<script>alert('tb')</script>" in text
        assert "alert('js')" not in html and "widget-state" not in html and "print('hi')" not in html


def test_pdf_entry_point(example, tmp_path):
    chromium_or_skip()
    readinglist.export(example, "ipynb", tmp_path / "handout.ipynb")
    done = nbconvert("--to", "readinglist-pdf", "handout.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "handout.pdf").read_bytes().startswith(b"%PDF")
