"""BibTeX written by the export re-imports to the same papers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readinglist.catalogue import add_papers
from readinglist.handout.api import export
from readinglist.importers import parse_source
from readinglist.model import Org, Paper, ReadingList, Source
from tests.conftest import REPO

PAPERS = [
    Paper("arxiv:2501.00001", "Sparse Experts at Small Scale: 50% Fewer {Experts}", abstract="We route $O(n^2)$ tokens & win.",
          authors=("Ana Lima", "Ben Okafor", "Zoë Ruiz"), published=dt.date(2025, 1, 2), arxiv_id="2501.00001",
          links={"arxiv": "https://arxiv.org/abs/2501.00001"}, sources=(Source("hf-page", "p.txt", 13),)),
    Paper("dense-students", "Dense Students #2 and the \\input{x} Trick", venue="Journal of Models", year=2024,
          doi="10.1000/dense.1", org=Org("acme-ai", "Acme AI")),
    Paper("pokemon-battles", "Pokémon Battles", abstract="Games_with hidden ~ information."),
]  # fmt: skip


def _reimport(path: Path) -> ReadingList:
    result = parse_source(path.read_text(encoding="utf-8"), path.name)
    assert result.problems == []
    reading_list = ReadingList("again")
    add_papers(reading_list, result.papers)
    return reading_list


def test_exported_bibtex_reimports_to_the_same_papers(tmp_path):
    original = ReadingList("t", papers={p.id: p for p in PAPERS})
    out = tmp_path / "list.bib"
    export(original, "bibtex", out)
    again = _reimport(out)
    assert len(again.papers) == len(PAPERS)
    by_title = {p.title: p for p in again.papers.values()}
    for paper in PAPERS:
        twin = by_title[paper.title]
        assert twin.arxiv_id == paper.arxiv_id
        assert twin.authors == (paper.authors or ((paper.org.name,) if paper.org else ()))
        assert twin.publication_year == paper.publication_year
        assert twin.doi == paper.doi
        assert twin.abstract == paper.abstract
    assert by_title[PAPERS[1].title].venue == "Journal of Models"
    assert "arxiv:2501.00001" in again.papers  # the arXiv id gives the same id back


def test_the_example_list_survives_the_round_trip(tmp_path):
    out = tmp_path / "example.bib"
    export(REPO / "lists" / "example", "bibtex", out)
    from readinglist.store import ListStore

    original = ListStore.open(REPO / "lists" / "example").reading_list
    again = _reimport(out)
    assert sorted(p.title for p in again.papers.values()) == sorted(p.title for p in original.papers.values())
