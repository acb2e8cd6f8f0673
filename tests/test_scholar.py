"""`readinglist enrich`: Semantic Scholar's batch endpoint behind a transport serving written answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from readinglist import scholar
from readinglist.cli import main
from readinglist.errors import FetchError
from readinglist.model import Paper, ScholarFacts
from readinglist.scholar import BATCH, enrich_citations
from readinglist.store import ListStore

ANSWER = (Path(__file__).parent / "data" / "semantic_scholar_batch.json").read_bytes()
TODAY = dt.date(2026, 12, 1)


def make_list(folder: Path) -> Path:
    store = ListStore.create(folder, "Group")
    papers = [
        Paper("arxiv:2401.01234", "Sparse routing", arxiv_id="2401.01234"),
        Paper("expert-choice", "Expert choice", doi="10.1000/expert-choice"),
        Paper("arxiv:2402.09999", "Unknown to them", arxiv_id="2402.09999"),
        Paper("no-ids", "A paper without ids"),
    ]
    store.reading_list.papers = {p.id: p for p in papers}
    store.save_catalogue()
    return folder


def recorded(answer: bytes):
    asked: list[tuple[str, dict]] = []

    def transport(url: str, body: bytes) -> bytes:
        asked.append((url, json.loads(body)))
        return answer

    transport.asked = asked  # type: ignore[attr-defined]
    return transport


def test_counts_and_tldr_are_kept_with_the_day_fetched(tmp_path):
    folder = make_list(tmp_path / "l")
    transport = recorded(ANSWER)
    summary = enrich_citations(folder, transport=transport, delay=0, today=TODAY)
    [(url, body)] = transport.asked
    assert url.startswith("https://api.semanticscholar.org/graph/v1/paper/batch?fields=")
    assert "citationCount" in url and "tldr" in url
    assert body == {"ids": ["ARXIV:2401.01234", "DOI:10.1000/expert-choice", "ARXIV:2402.09999"]}
    assert summary.enriched == ["arxiv:2401.01234", "expert-choice"]
    assert [p.message for p in summary.problems] == [
        "paper 'no-ids': no arXiv id or DOI to ask Semantic Scholar with",
        "ARXIV:2402.09999: not known to Semantic Scholar",
    ]
    papers = ListStore.open(folder).reading_list.papers
    assert papers["arxiv:2401.01234"].semantic_scholar == ScholarFacts(
        fetched=TODAY, citations=412, influential_citations=37,
        tldr="A load-balancing loss keeps small mixture-of-experts models from collapsing onto a few experts.",
    )  # fmt: skip
    assert papers["expert-choice"].semantic_scholar == ScholarFacts(fetched=TODAY, citations=58, influential_citations=4)
    assert papers["no-ids"].semantic_scholar is None
    text = (folder / "list.yaml").read_text()
    assert "  semantic_scholar:\n    citations: 412\n    influential_citations: 37\n" in text and "fetched: '2026-12-01'" in text
    again = enrich_citations(folder, transport=recorded(ANSWER), delay=0, today=TODAY)
    assert again.enriched == [] and len(again.unchanged) == 2


def test_at_most_500_ids_a_request(tmp_path):
    store = ListStore.create(tmp_path / "l", "Big")
    store.reading_list.papers = {f"p{i}": Paper(f"p{i}", f"Paper {i}", arxiv_id=f"2401.{i:05d}") for i in range(1201)}
    store.save_catalogue()
    sizes = []

    def transport(url: str, body: bytes) -> bytes:
        ids = json.loads(body)["ids"]
        sizes.append(len(ids))
        return json.dumps([{"citationCount": int(i.split(".")[1]), "influentialCitationCount": 0} for i in ids]).encode()

    summary = enrich_citations(tmp_path / "l", transport=transport, delay=0, today=TODAY)
    assert sizes == [BATCH, BATCH, 201] and summary.requests == 3 and len(summary.enriched) == 1201
    assert ListStore.open(tmp_path / "l").reading_list.papers["p1200"].semantic_scholar.citations == 1200


@pytest.mark.parametrize("answer", [b"not json", b'{"message": "Too Many Requests"}', b"[null]"])
def test_a_bad_answer_changes_nothing(tmp_path, answer):
    folder = make_list(tmp_path / "l")
    before = (folder / "list.yaml").read_bytes()
    with pytest.raises(FetchError):
        enrich_citations(folder, transport=recorded(answer), delay=0, today=TODAY)
    assert (folder / "list.yaml").read_bytes() == before


def test_a_later_fetch_wins_when_two_clones_enriched():
    from readinglist.listfile import list_text, read_list_text
    from readinglist.merge import merge_texts
    from readinglist.model import ReadingList, evolve

    paper = Paper("p", "P", arxiv_id="2401.01234")
    base = ReadingList("G", papers={"p": paper})
    ours = ReadingList("G", papers={"p": evolve(paper, semantic_scholar=ScholarFacts(dt.date(2026, 1, 1), 5))})
    theirs = ReadingList("G", papers={"p": evolve(paper, semantic_scholar=ScholarFacts(dt.date(2026, 2, 1), 9))})
    merged = merge_texts(list_text(base), list_text(ours), list_text(theirs), "list.yaml")
    assert merged.clean
    assert read_list_text(merged.text, "list.yaml").papers["p"].semantic_scholar.citations == 9


def test_enrich_command(tmp_path, monkeypatch, capsys):
    folder = make_list(tmp_path / "l")
    monkeypatch.setattr(scholar, "scholar_transport", recorded(ANSWER))
    monkeypatch.setattr(scholar, "POLITE_DELAY_S", 0)
    assert main(["enrich", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "2 enriched, 0 unchanged, 1 request, 2 problems" in captured.out
    assert "no-ids" in captured.err


@pytest.mark.parametrize(
    ("facts", "line", "field", "words"),
    [
        ("    citations: many\n    fetched: '2026-12-01'\n", 7, "papers[0].semantic_scholar.citations", "whole number"),
        ("    citations: 3\n", 7, "papers[0].semantic_scholar.fetched", "missing"),
        ("    fetched: 2026-13-01\n", 7, "papers[0].semantic_scholar.fetched", "YYYY-MM-DD"),
        ("    fetched: '2026-12-01'\n    h_index: 3\n", 8, "papers[0].semantic_scholar.h_index", "unknown key"),
    ],
)
def test_bad_facts_in_the_file_are_located(tmp_path, facts, line, field, words):
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "list.yaml").write_text("format_version: 1\ntitle: G\npapers:\n- id: p1\n  title: P\n  semantic_scholar:\n" + facts)
    problems = ListStore.check(folder)
    assert (problems[0].line, problems[0].field) == (line, field) and words in problems[0].message
