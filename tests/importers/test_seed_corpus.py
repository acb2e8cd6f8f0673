"""Corpus tests over the real pasted pages in ../shared/seeds, against expected files.

The expected values live in tests/corpus/seeds/<page>.json. After a deliberate change of
behaviour, regenerate them with `READINGLIST_REGENERATE=1 pytest tests/importers` and read
the diff before committing it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.importers import parse_source
from readinglist.model import ReadingList
from tests.conftest import REPO, shared_path

EXPECTED_DIR = REPO / "tests" / "corpus" / "seeds"
CAPTURE_YEAR = 2025  # the year the seed pages were captured (docs in ../shared say so)
pytestmark = pytest.mark.corpus


def _seed_pages() -> list[Path]:
    folder = REPO.parent / "shared" / "seeds"
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def _import(path: Path) -> tuple[ReadingList, list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    result = parse_source(text, path.name, year=CAPTURE_YEAR)
    reading_list = ReadingList(title=path.stem)
    report = add_papers(reading_list, result.papers)
    return reading_list, [str(p) for p in result.problems + report.problems]


def _facts(reading_list: ReadingList, problems: list[str]) -> dict:
    papers = list(reading_list.papers.values())

    def fields(p):
        return {
            "id": p.id,
            "title": p.title,
            "author_count": p.author_count,
            "org": p.org.to_dict() if p.org else None,
            "published": p.published.isoformat() if p.published else None,
            "upvotes": p.upvotes,
            "links": p.links,
            "source_line": p.sources[0].line,
            "abstract_chars": len(p.abstract),
            "abstract_sha1": hashlib.sha1(p.abstract.encode()).hexdigest(),
        }

    chosen = {0, 1, len(papers) - 1}
    chosen |= {i for i, p in enumerate(papers) if p.org or p.published is None or p.links}
    chosen |= {i for i, p in enumerate(papers) if "\\" in p.abstract or "{" in p.abstract}
    return {
        "papers": len(papers),
        "problems": problems,
        "with_org": sum(1 for p in papers if p.org),
        "with_author_count": sum(1 for p in papers if p.author_count is not None),
        "without_metadata": sum(1 for p in papers if p.published is None and p.author_count is None and p.org is None),
        "with_upvotes": sum(1 for p in papers if p.upvotes),
        "with_code_link": sum(1 for p in papers if "code" in p.links),
        "with_project_link": sum(1 for p in papers if "project" in p.links),
        "samples": {str(i): fields(papers[i]) for i in sorted(chosen)},
    }


def test_seed_pages_are_present():
    folder = shared_path("seeds")
    assert len(list(folder.glob("*.txt"))) >= 3


@pytest.mark.parametrize("path", _seed_pages(), ids=lambda p: p.stem)
def test_seed_page_imports_as_expected(path: Path):
    reading_list, problems = _import(path)
    facts = _facts(reading_list, problems)
    expected_file = EXPECTED_DIR / f"{path.stem}.json"
    if os.environ.get("READINGLIST_REGENERATE") == "1":
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert facts["papers"] == expected["papers"]
    assert facts["problems"] == expected["problems"]
    for key in ("with_org", "with_author_count", "without_metadata", "with_upvotes", "with_code_link", "with_project_link"):
        assert facts[key] == expected[key], key
    for index, want in expected["samples"].items():
        assert facts["samples"][index] == want, f"paper {index} of {path.name}"


@pytest.mark.parametrize("path", _seed_pages(), ids=lambda p: p.stem)
def test_seed_page_every_block_becomes_a_paper(path: Path):
    # Independent of the parser: every '·' line closes one paper's details.
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    dots = sum(1 for line in lines if line.strip() == "·")
    reading_list, problems = _import(path)
    with_details = sum(1 for p in reading_list.papers.values() if p.published or p.author_count or p.org)
    assert with_details == dots
    assert problems == []


@pytest.mark.parametrize("path", _seed_pages(), ids=lambda p: p.stem)
def test_seed_links_are_clean(path: Path):
    reading_list, _ = _import(path)
    for paper in reading_list.papers.values():
        for url in paper.links.values():
            assert url.startswith(("http://", "https://"))
            assert not url.endswith((".", ",", ";", ")", "}", ".git")), url
            assert "{" not in url and "\\" not in url, url


def test_seed_pages_crlf_and_bom_change_nothing(tmp_path: Path):
    for path in _seed_pages():
        text = path.read_text(encoding="utf-8")
        dos = "\ufeff" + text.replace("\n", "\r\n")
        plain = parse_source(text, path.name, year=CAPTURE_YEAR)
        converted = parse_source(dos, path.name, year=CAPTURE_YEAR)
        assert converted.papers == plain.papers
        assert converted.problems == plain.problems


def test_seed_pages_imported_twice_leave_files_byte_identical(tmp_path: Path):
    from readinglist.ingest import import_files

    pages = _seed_pages()
    if not pages:
        shared_path("seeds")
    folder = tmp_path / "seeds"
    first = import_files(pages, folder, year=CAPTURE_YEAR, title="Seeds")
    before = (folder / "list.yaml").read_bytes()
    second = import_files(pages, folder, year=CAPTURE_YEAR)
    assert (folder / "list.yaml").read_bytes() == before
    assert (second.added, second.merged) == (0, 0)
    assert second.skipped == first.added
