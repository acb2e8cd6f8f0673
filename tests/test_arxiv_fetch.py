"""Fetching from the arXiv API through a transport that serves recorded answers."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.errors import FetchError, InputError, NoPapersError
from readinglist.ingest import fetch_arxiv, import_files
from readinglist.store import ListStore
from tests.conftest import shared_path

HERE = Path(__file__).parent / "data"


def recorded(answers: dict[str, bytes]):
    """A transport answering from recordings keyed by the query's id_list or title words."""
    asked: list[str] = []

    def transport(url: str) -> bytes:
        asked.append(url)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        key = query.get("id_list", query.get("search_query", [""]))[0]
        if key not in answers:
            raise FetchError(f"arXiv API unreachable (no recording for {key}); nothing was changed")
        return answers[key]

    transport.asked = asked  # type: ignore[attr-defined]
    return transport


def test_fetch_by_id_from_a_real_recorded_answer(tmp_path):
    answer = shared_path("samples", "arxiv_api", "query_2026_id_list_1707.08567_34authors_mojibake.xml").read_bytes()
    transport = recorded({"1707.08567": answer})
    summary = fetch_arxiv(["https://arxiv.org/abs/1707.08567v2"], tmp_path / "l", transport=transport, delay=0, title="L")
    assert summary.added == 1
    [paper] = ListStore.open(tmp_path / "l").reading_list.papers.values()
    assert paper.id == "arxiv:1707.08567" and paper.author_count == 34


def test_placeholders_from_an_id_list_are_filled_in(tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("2501.00001\n", encoding="utf-8")
    import_files([ids], tmp_path / "l", title="L")
    [paper] = ListStore.open(tmp_path / "l").reading_list.papers.values()
    assert paper.title == "arXiv:2501.00001"
    feed = (HERE / "arxiv_2501.00001.xml").read_bytes()
    summary = fetch_arxiv([], tmp_path / "l", transport=recorded({"2501.00001": feed}), delay=0)
    assert summary.merged == 1
    [paper] = ListStore.open(tmp_path / "l").reading_list.papers.values()
    assert paper.id == "arxiv:2501.00001"  # ids never change
    assert paper.title == "Sparse Experts at Small Scale"


def test_enrich_by_exact_title_only(tmp_path, make_page):
    abstract = "We study sparse experts at a scale a small lab can afford, in some detail. " * 3
    source = make_page("p.txt", "Sparse experts at small scale", abstract, "  • 2 authors\n·\nJan 2, 2025", "Unknown Paper", abstract)
    import_files([source], tmp_path / "l", title="L")
    feed = (HERE / "arxiv_2501.00001.xml").read_bytes()
    transport = recorded({'ti:"Sparse experts at small scale"': feed, 'ti:"Unknown Paper"': (HERE / "arxiv_empty.xml").read_bytes()})
    summary = fetch_arxiv([], tmp_path / "l", enrich_titles=True, transport=transport, delay=0)
    papers = ListStore.open(tmp_path / "l").reading_list.papers
    assert papers["sparse-experts-at-small-scale"].arxiv_id == "2501.00001"
    assert papers["unknown-paper"].arxiv_id is None
    assert any("no arXiv paper with exactly this title" in p.message for p in summary.problems)


def test_network_failure_is_one_clear_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    def offline(url: str) -> bytes:
        raise FetchError("arXiv API unreachable (no network); nothing was changed")

    monkeypatch.setattr("readinglist.ingest.urllib_transport", offline)
    monkeypatch.setattr("readinglist.ingest.POLITE_DELAY_S", 0)
    code = main(["fetch-arxiv", "2501.00001", "--into", str(tmp_path / "l")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "unreachable" in err
    assert not (tmp_path / "l").exists()


def test_an_unknown_id_is_a_problem(tmp_path):
    empty = shared_path("samples", "arxiv_api", "query_2026_id_list_0000.0000_zero_results.xml").read_bytes()
    with pytest.raises(NoPapersError, match="arXiv has no paper '2501.99999'"):
        fetch_arxiv(["2501.99999"], tmp_path / "l", transport=recorded({"2501.99999": empty}), delay=0, title="L")
    assert not (tmp_path / "l").exists()


def test_bad_id_is_refused_before_any_request(tmp_path):
    transport = recorded({})
    with pytest.raises(InputError, match="not an arXiv id"):
        fetch_arxiv(["abc"], tmp_path / "l", transport=transport, delay=0)
    assert transport.asked == []

