"""One import of a pasted page, an API answer, a BibTeX file and an arXiv list that overlap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.ingest import import_files
from readinglist.model import Org
from readinglist.store import ListStore
from tests.conftest import page

ABSTRACT = "We study sparse experts at a scale that a small lab can afford, and report what we found. " * 3


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    pasted = tmp_path / "page.txt"
    pasted.write_text(
        page(
            "Sparse Experts at Small Scale", ABSTRACT, "example-lab Example Lab\n·\nJan 2, 2025 7",
            "Router Collapse in Practice", ABSTRACT, "  • 3 authors\n·\nFeb 1, 2025",
        ),
        encoding="utf-8",
    )  # fmt: skip
    api = tmp_path / "daily.json"
    api.write_text(
        json.dumps(
            [
                {"paper": {"id": "2501.00001", "title": "Sparse experts at small scale", "summary": ABSTRACT,
                           "authors": [{"name": "Ana Lima"}, {"name": "Ben Okafor"}], "upvotes": 9,
                           "publishedAt": "2025-01-02T00:00:00.000Z", "ai_keywords": ["moe"]}},
                {"paper": {"id": "2502.00002", "title": "Dense Students", "summary": "Distillation.", "upvotes": 1}},
            ]  # fmt: skip
        ),
        encoding="utf-8",
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@inproceedings{okafor2025router,\n  title = {Router Collapse in Practice},\n  author = {Okafor, Ben and Lima, Ana and Wu, Dan},\n"
        "  booktitle = {Workshop on Sparse Models},\n  year = {2025},\n  doi = {10.1000/router.1},\n}\n"
        "@misc{dense, title = {Dense Students}, eprint = {2502.00002}, archivePrefix = {arXiv}, year = {2025}}\n",
        encoding="utf-8",
    )
    ids = tmp_path / "ids.txt"
    ids.write_text("https://arxiv.org/abs/2501.00001v2\n2502.00002\n2503.00003\n", encoding="utf-8")
    return [ids, pasted, api, bib]


def test_each_paper_once_with_the_union_of_what_was_known(tmp_path, sources):
    summary = import_files(sources, tmp_path / "l", title="L", year=2025)
    papers = ListStore.open(tmp_path / "l").reading_list.papers
    assert len(papers) == 4, list(papers)
    sparse = papers["arxiv:2501.00001"]  # the id list came first: its id is kept
    assert sparse.title.lower() == "sparse experts at small scale"
    assert sparse.org == Org("example-lab", "Example Lab")  # from the page
    assert sparse.authors == ("Ana Lima", "Ben Okafor")  # from the API
    assert sparse.upvotes == 9 and sparse.suggested_tags == ("moe",)
    assert {s.format for s in sparse.sources} == {"arxiv-ids", "hf-page", "hf-api"}
    router = papers["router-collapse-practice"]
    assert router.author_count == 3 and router.authors == ("Ben Okafor", "Ana Lima", "Dan Wu")
    assert router.venue == "Workshop on Sparse Models" and router.doi == "10.1000/router.1"
    dense = papers["arxiv:2502.00002"]
    assert dense.title == "Dense Students" and dense.year == 2025
    assert papers["arxiv:2503.00003"].title == "arXiv:2503.00003"  # known only by id until fetched
    assert summary.added == 4


def test_any_order_of_sources_gives_the_same_papers(tmp_path, sources):
    first = import_files(sources, tmp_path / "a", title="L", year=2025)
    second = import_files(list(reversed(sources)), tmp_path / "b", title="L", year=2025)
    a = ListStore.open(tmp_path / "a").reading_list.papers.values()
    b = ListStore.open(tmp_path / "b").reading_list.papers.values()
    assert sorted(p.arxiv_id or p.title for p in a) == sorted(p.arxiv_id or p.title for p in b)
    assert first.added == second.added == 4
