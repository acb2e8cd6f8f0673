"""Corpus tests over the real files of every format in ../shared/samples, read in place.

Expected values live in tests/corpus/samples/<format folder>/<file>.json; regenerate them
after a deliberate change with `READINGLIST_REGENERATE=1 pytest tests/importers` and read
the diff before committing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.importers import decode_source, detect, parse_source
from readinglist.model import ReadingList
from tests.conftest import REPO, shared_path

SAMPLES = REPO.parent / "shared" / "samples"
EXPECTED = REPO / "tests" / "corpus" / "samples"
SUPPORTED = {"hf_papers_api": "hf-api", "arxiv_api": "arxiv-atom", "bibtex": "bibtex", "csl_json": "csl-json", "ris": "ris"}
pytestmark = pytest.mark.corpus


def _sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.relative_to(SAMPLES).parts[0] in SUPPORTED)


def _facts(path: Path) -> dict:
    text = decode_source(path.read_bytes(), path.name)
    result = parse_source(text, path.name)
    reading_list = ReadingList(title="corpus")
    report = add_papers(reading_list, result.papers)
    papers = list(reading_list.papers.values())

    def fields(p):
        return {
            "id": p.id,
            "title": p.title,
            "authors": list(p.authors[:3]),
            "author_count": p.author_count,
            "org": p.org.to_dict() if p.org else None,
            "published": p.published.isoformat() if p.published else None,
            "year": p.year,
            "arxiv_id": p.arxiv_id,
            "doi": p.doi,
            "upvotes": p.upvotes,
            "links": p.links,
            "suggested_tags": list(p.suggested_tags[:3]),
            "source_line": p.sources[0].line,
            "abstract_sha1": hashlib.sha1(p.abstract.encode()).hexdigest(),
        }

    return {
        "format": detect(text),
        "parsed": len(result.papers),
        "papers": len(papers),
        "problems": [str(p) for p in result.problems + report.problems],
        "with_arxiv_id": sum(1 for p in papers if p.arxiv_id),
        "samples": {str(i): fields(papers[i]) for i in sorted({0, len(papers) // 2, len(papers) - 1}) if papers},
    }


def test_samples_are_present():
    assert any(shared_path("samples").rglob("*.bib"))


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_sample_imports_as_expected(path: Path):
    facts = _facts(path)
    expected_file = EXPECTED / path.relative_to(SAMPLES).with_suffix(path.suffix + ".json")
    if os.environ.get("READINGLIST_REGENERATE") == "1":
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert facts["format"] == SUPPORTED[path.relative_to(SAMPLES).parts[0]]
    assert facts == expected


def test_every_bibtex_entry_is_a_paper_or_a_located_problem():
    # Independent of bibtexparser: count the entries a grep would see.
    for path in sorted((SAMPLES / "bibtex").rglob("*.bib")) if SAMPLES.is_dir() else []:
        text = decode_source(path.read_bytes(), path.name)
        entries = sum(
            1
            for line in text.splitlines()
            if line.lstrip().startswith("@") and not line.lstrip().lower().startswith(("@comment", "@string", "@preamble"))
        )
        result = parse_source(text, path.name)
        unparsed = [p for p in result.problems if "not imported" in p.message or "no title" in p.message]
        assert len(result.papers) + len(unparsed) == entries, path.name
        assert all(p.line for p in result.problems), path.name


def test_error_feed_is_a_problem_not_a_paper():
    path = shared_path("samples", "arxiv_api", "query_2026_id_list_abc_error_http400.xml")
    result = parse_source(path.read_text(encoding="utf-8"), path.name)
    assert result.papers == []
    assert "incorrect id format for abc" in result.problems[0].message


def test_mojibake_names_are_repaired():
    path = shared_path("samples", "arxiv_api", "query_2026_id_list_1707.08567_34authors_mojibake.xml")
    [paper] = parse_source(path.read_text(encoding="utf-8"), path.name).papers
    assert "Dirk Wübben" in paper.authors
    assert paper.author_count == 34


def test_api_keywords_are_suggested_tags_only():
    path = shared_path("samples", "hf_papers_api", "daily_papers_2026-06-12_30items_compact.json")
    result = parse_source(path.read_text(encoding="utf-8"), path.name)
    assert all(p.suggested_tags for p in result.papers)
    assert all(p.arxiv_id for p in result.papers)
