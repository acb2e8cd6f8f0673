"""Fetching the daily papers through a transport that serves the recorded API answers in place."""

from __future__ import annotations

import urllib.parse

import pytest

from readinglist import hf_fetch
from readinglist.cli import main
from readinglist.errors import FetchError, InputError, NoPapersError
from readinglist.hf_fetch import fetch_hf, period
from readinglist.store import ListStore
from tests.conftest import shared_path

SAMPLES = ("samples", "hf_papers_api")


def recorded(pages: dict[tuple[str, str], list[bytes]]):
    """A transport answering `key=value` page p from recordings; past the last page, `[]`."""
    asked: list[str] = []

    def transport(url: str) -> bytes:
        asked.append(url)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        assert urllib.parse.urlsplit(url).path == "/api/daily_papers"
        [key] = [k for k in ("date", "week", "month") if k in query]
        answers = pages.get((key, query[key][0]))
        if answers is None:
            raise FetchError("Hugging Face API unreachable (no recording); nothing was changed")
        page = int(query["p"][0])
        return answers[page] if page < len(answers) else b"[]"

    transport.asked = asked  # type: ignore[attr-defined]
    return transport


def sample(name: str) -> bytes:
    return (shared_path(*SAMPLES) / name).read_bytes()


def test_a_day_is_fetched_page_by_page_until_an_empty_page(tmp_path):
    transport = recorded({("date", "2026-06-12"): [sample("daily_papers_2026-06-12_30items_compact.json")]})
    summary = fetch_hf(tmp_path / "l", date="2026-06-12", transport=transport, delay=0, title="Daily")
    assert summary.created and summary.added == 30 and summary.problems == []
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["p"] for u in transport.asked] == [["0"], ["1"]]
    rl = ListStore.open(tmp_path / "l").reading_list
    paper = rl.papers["arxiv:2606.13681"]
    assert paper.upvotes == 118 and paper.suggested_tags  # ai_keywords become suggested tags
    assert all(not reviews for reviews in rl.reviews.values())
    before = (tmp_path / "l" / "list.yaml").read_bytes()
    again = fetch_hf(tmp_path / "l", date="2026-06-12", transport=transport, delay=0)
    assert (again.added, again.merged, again.skipped) == (0, 0, 30)
    assert (tmp_path / "l" / "list.yaml").read_bytes() == before


def test_a_week_of_several_pages_and_min_upvotes(tmp_path):
    pages = [sample("daily_papers_2026-07-31_5items_pretty.json"), sample("daily_papers_2026-08-03_3items_pretty.json")]
    transport = recorded({("week", "2026-W31"): pages})
    summary = fetch_hf(tmp_path / "l", week="2026-W31", min_upvotes=3, transport=transport, delay=0)
    # Upvotes on the pages: 3, 11, 17, 2, 0 and 3, 4, 2: five papers have at least 3.
    assert summary.added == 5 and summary.left_out == 3
    assert len(transport.asked) == 3
    rl = ListStore.open(tmp_path / "l").reading_list
    assert min(p.upvotes for p in rl.papers.values()) >= 3
    assert not any(p.suggested_tags for p in rl.papers.values())  # these pages carry no ai_keywords


def test_every_request_is_made_before_anything_is_written(tmp_path):
    first = sample("daily_papers_2026-07-31_5items_pretty.json")

    def failing(url: str) -> bytes:
        if "p=0" in url:
            return first
        raise FetchError("Hugging Face API unreachable (timed out); nothing was changed")

    with pytest.raises(FetchError):
        fetch_hf(tmp_path / "l", month="2026-07", transport=failing, delay=0)
    assert not (tmp_path / "l").exists()


def test_a_page_repeated_by_an_api_that_ignores_p_stops_the_paging(tmp_path):
    answer = sample("daily_papers_2026-08-03_3items_pretty.json")
    asked = []

    def same_page(url: str) -> bytes:
        asked.append(url)
        return answer

    summary = fetch_hf(tmp_path / "l", date="2026-08-03", transport=same_page, delay=0)
    assert summary.added == 3 and len(asked) == 2


def test_waits_between_requests(tmp_path, monkeypatch):
    pauses = []
    monkeypatch.setattr("readinglist.pacing.time.sleep", pauses.append)
    transport = recorded({("date", "2026-08-03"): [sample("daily_papers_2026-08-03_3items_pretty.json")]})
    fetch_hf(tmp_path / "l", date="2026-08-03", transport=transport, delay=5.0)
    assert len(pauses) == 1 and 4.0 < pauses[0] <= 5.0


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"date": "2026-02-30"}, "YYYY-MM-DD"),
        ({"week": "2026-W54"}, "YYYY-Www"),
        ({"month": "2026-13"}, "YYYY-MM"),
        ({}, "name one period"),
        ({"date": "2026-06-12", "week": "2026-W24"}, "name one period"),
    ],
)
def test_bad_periods_are_refused(kwargs, words):
    with pytest.raises(InputError, match=words):
        period(**kwargs)


def test_garbage_answers_change_nothing(tmp_path):
    for body in (b"<html>rate limited</html>", b'{"error": "Invalid date"}', b'{"a": 1}'):
        with pytest.raises(FetchError):
            fetch_hf(tmp_path / "l", date="2026-06-12", transport=lambda url, body=body: body, delay=0)
    with pytest.raises(NoPapersError):
        fetch_hf(tmp_path / "l", date="2026-06-12", transport=lambda url: b"[]", delay=0)
    assert not (tmp_path / "l").exists()


def test_fetch_hf_command(tmp_path, monkeypatch, capsys):
    transport = recorded({("month", "2026-06"): [sample("daily_papers_2026-06-12_30items_compact.json")]})
    monkeypatch.setattr(hf_fetch, "hf_transport", transport)
    monkeypatch.setattr(hf_fetch, "POLITE_DELAY_S", 0)
    assert main(["fetch-hf", "--month", "2026-06", "--min-upvotes", "10", "--into", str(tmp_path / "l")]) == 0
    out = capsys.readouterr().out
    assert "created; 9 added" in out and "21 below 10 upvotes" in out
    assert main(["fetch-hf", "--week", "2026-24", "--into", str(tmp_path / "l")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YYYY-Www" in err
    assert main(["fetch-hf", "--date", "2026-06-12", "--month", "2026-06", "--into", str(tmp_path / "l")]) == 2
