"""The Hugging Face daily papers, fetched from its API into a list.

`GET https://huggingface.co/api/daily_papers?date=YYYY-MM-DD` (or `week=YYYY-Www`,
`month=YYYY-MM`) answers one page of items; `p=` numbers the pages from 0. Pages are asked
for until one comes back empty, waiting between requests; only when every page is in
are the papers merged into the list, like any import, and the list written once. The
transport is the one of `fetch_arxiv`: a callable `url -> bytes` that raises FetchError.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace

from .arxiv_fetch import Transport
from .catalogue import add_papers
from .errors import FetchError, InputError, NoPapersError, Problem
from .importers.hf_api import FORMAT_API, parse_hf_api
from .ingest import ImportSummary, possible_duplicate_problems, store_for
from .layout import LIST_FILE, list_folder
from .model import Paper, Source
from .pacing import Pacer
from .progress import progress

API = "https://huggingface.co/api/daily_papers"
PAGE_SIZE = 100
MAX_PAGES = 200  # a month is a few thousand papers; more pages means the API ignores `p`
POLITE_DELAY_S = 1.0

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def hf_transport(url: str, *, timeout: float = 30.0) -> bytes:
    """The real network, through urllib; every failure becomes one FetchError line."""
    request = urllib.request.Request(url, headers={"User-Agent": "readinglist (reading-group list tool)", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed https URL
            return response.read()
    except urllib.error.HTTPError as exc:
        hint = " (too many requests: wait a minute and try again)" if exc.code == 429 else ""
        raise FetchError(f"Hugging Face API: HTTP {exc.code} for {url}{hint}; nothing was changed") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"Hugging Face API unreachable ({reason}); nothing was changed") from None


def period(*, date: str | dt.date | None = None, week: str | None = None, month: str | None = None) -> tuple[str, str]:
    """The API's query key and value for exactly one of date, week or month; InputError otherwise."""
    given = [(k, v) for k, v in (("date", date), ("week", week), ("month", month)) if v is not None]
    if len(given) != 1:
        raise InputError("name one period: a date (YYYY-MM-DD), a week (YYYY-Www) or a month (YYYY-MM)")
    key, value = given[0]
    if isinstance(value, dt.date):
        return key, value.isoformat()
    text = str(value).strip()
    try:
        if key == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
            return key, dt.date.fromisoformat(text).isoformat()
        if key == "week" and (m := _WEEK.fullmatch(text)):
            dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return key, text
        if key == "month" and (m := _MONTH.fullmatch(text)) and 1 <= int(m.group(2)) <= 12:
            return key, text
    except ValueError:
        pass
    shape = {"date": "YYYY-MM-DD", "week": "YYYY-Www (ISO week, such as 2026-W24)", "month": "YYYY-MM"}[key]
    raise InputError(f"--{key}: expected {shape}, not {text!r}")


def page_url(key: str, value: str, page: int, limit: int = PAGE_SIZE) -> str:
    return f"{API}?" + urllib.parse.urlencode({key: value, "limit": limit, "p": page})


def fetch_pages(key: str, value: str, *, transport: Transport, delay: float) -> tuple[list[Paper], list[Problem]]:
    """Every paper of the period, page after page until an empty one; nothing is written."""
    pacer = Pacer(delay)
    label = f"daily papers {key}={value}"
    papers: list[Paper] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        url = page_url(key, value, page)
        pacer.wait()
        body = transport(url)
        try:
            text = body.decode("utf-8")
            items = json.loads(text.lstrip("\ufeff"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FetchError(f"Hugging Face API: the answer to {url} is not JSON; nothing was changed") from None
        if isinstance(items, dict) and "error" in items:
            raise FetchError(f"Hugging Face API: {str(items['error'])[:160]} ({url}); nothing was changed")
        if not isinstance(items, list):
            raise FetchError(f"Hugging Face API: expected a list of papers from {url}; nothing was changed")
        if not items:
            return papers, problems
        parsed = parse_hf_api(text, f"{label} p={page}")
        keys = {p.arxiv_id or p.title for p in parsed.papers}
        if keys and keys <= seen:  # the same page again: the API does not page; stop here
            return papers, problems
        seen |= keys
        # One source per period, without line numbers: fetching again adds no new source.
        papers.extend(replace(p, sources=(Source(FORMAT_API, label),)) for p in parsed.papers)
        problems.extend(parsed.problems)
    problems.append(Problem(label, None, f"stopped after {MAX_PAGES} pages"))
    return papers, problems


def fetch_hf(
    into: str | os.PathLike[str],
    *,
    date: str | dt.date | None = None,
    week: str | None = None,
    month: str | None = None,
    min_upvotes: int = 0,
    transport: Transport = hf_transport,
    delay: float = POLITE_DELAY_S,
    title: str | None = None,
) -> ImportSummary:
    """Fetch the daily papers of one date, ISO week or month into the list at `into`
    (created when missing); papers with fewer than `min_upvotes` upvotes are left out.

    Returns an ImportSummary; `ai_keywords` become suggested tags. Every page is fetched
    before anything is written: a network failure changes nothing.
    """
    if min_upvotes < 0:
        raise InputError(f"--min-upvotes must be 0 or more, not {min_upvotes}")
    key, value = period(date=date, week=week, month=month)
    folder = list_folder(into)
    with progress("fetch Hugging Face", unit="page") as shown:  # pages: as many as the period has
        papers, problems = fetch_pages(key, value, transport=shown.counting(transport), delay=delay)
    if not papers and not (folder / LIST_FILE).exists():
        raise NoPapersError(f"Hugging Face API: no daily papers for {key} {value}; no list was created")
    kept = [p for p in papers if p.upvotes >= min_upvotes]
    store, created = store_for(folder, title)
    report = add_papers(store.reading_list, kept)
    problems = problems + report.problems + possible_duplicate_problems(store, set(report.added))
    report.problems = problems
    store.save_catalogue()
    return ImportSummary(folder=folder, created=created, report=report, problems=problems, left_out=len(papers) - len(kept))
