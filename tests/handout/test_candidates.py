"""`export --candidates N`: the handout proposes the group's next papers, with reasons."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace

import mistune
import pytest

from readinglist.cli import main
from readinglist.errors import InputError
from readinglist.handout import export
from readinglist.store import ListStore
from readinglist.suggestions import suggest
from tests.suggestions.conftest import build
from tests.topics import FIXED_NOW


@pytest.fixture(scope="module")
def topical(tmp_path_factory):
    return build(tmp_path_factory.mktemp("cands") / "list", size=200, reviewed=40)


def section(text: str) -> str:
    start = text.index("## Candidates for next session")
    return text[start:]


def test_markdown_handout_lists_the_groups_top_candidates(topical, tmp_path):
    path = export(topical.folder, "markdown", tmp_path / "h.md", charts=False, candidates=3)
    text = section(path.read_text())
    expected = suggest(topical.folder, limit=3)
    assert len(expected) == 3
    positions = [text.index(s.title) for s in expected]
    assert positions == sorted(positions)
    for s in expected:
        assert all(word in text for word in s.because)
    assert "because:" in text and "like:" in text


def test_without_the_option_there_is_no_section(topical, tmp_path):
    path = export(topical.folder, "markdown", tmp_path / "h.md", charts=False)
    assert "Candidates for next session" not in path.read_text()


def test_the_cli_option(topical, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "h.ipynb"
    code = main(["export", str(topical.folder), "--to", "ipynb", "-o", str(target), "--no-charts", "--candidates", "2"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert '"id": "candidates"' in target.read_text()


def test_tables_refuse_candidates(topical, tmp_path):
    with pytest.raises(InputError, match="not csv"):
        export(topical.folder, "csv", tmp_path / "h.csv", candidates=2)


def test_hostile_titles_stay_text(tmp_path, topical):
    folder = tmp_path / "list"
    shutil.copytree(topical.folder, folder, ignore=shutil.ignore_patterns(".readinglist-cache"))
    store = ListStore.open(folder, clock=lambda: FIXED_NOW)
    first = suggest(folder, limit=1)[0].id
    paper = store.reading_list.papers[first]
    store.reading_list.papers[first] = replace(paper, title="<img src=x onerror=alert(1)> [click](javascript:alert(2)) " + paper.title)
    store.save_catalogue()
    text = section(export(folder, "markdown", tmp_path / "h.md", charts=False, candidates=1).read_text())
    html = mistune.html(text)
    assert "<img" not in html and "<a " not in html
    assert "click" in html
