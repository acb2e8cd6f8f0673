"""Citation counts and TLDRs from Semantic Scholar's batch endpoint (`readinglist enrich`).

`POST https://api.semanticscholar.org/graph/v1/paper/batch?fields=...` with a JSON body
`{"ids": ["ARXIV:2401.01234", "DOI:10.1000/x"]}`, at most 500 ids per request, answers a JSON
array in the same order (`null` for an id it does not know). The transport is a callable
`(url, body) -> bytes` raising FetchError, so tests serve written answers. Every request is
made before the list is written; each paper keeps the facts with the day they were fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FetchError, Problem
from .model import Paper, ScholarFacts, evolve
from .pacing import Pacer
from .store import ListStore

API = "https://api.semanticscholar.org/graph/v1/paper/batch"
FIELDS = "externalIds,citationCount,influentialCitationCount,tldr"
BATCH = 500
# Anonymous callers share about 100 requests per 5 minutes; a key starts at 1 per second.
POLITE_DELAY_S = 3.0
KEY_VARIABLE = "SEMANTIC_SCHOLAR_API_KEY"
RETRIES_ON_429 = 3

PostTransport = Callable[[str, bytes], bytes]


def scholar_transport(url: str, body: bytes, *, timeout: float = 60.0) -> bytes:
    """The real network: POST with urllib, the API key from SEMANTIC_SCHOLAR_API_KEY if set;
    a 429 (rate limit) is retried after the wait the answer asks for."""
    headers = {"Content-Type": "application/json", "User-Agent": "readinglist (reading-group list tool)"}
    key = os.environ.get(KEY_VARIABLE)
    if key:
        headers["x-api-key"] = key
    for attempt in range(RETRIES_ON_429 + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed https URL
                return response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 and attempt < RETRIES_ON_429:
                wait = exc.headers.get("Retry-After", "")
                time.sleep(float(wait) if wait.isdigit() else 5.0 * (attempt + 1))
                continue
            raise FetchError(f"Semantic Scholar: HTTP {exc.code} for {url}; nothing was changed") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"Semantic Scholar unreachable ({reason}); nothing was changed") from None
    raise FetchError("Semantic Scholar: still rate-limited after retries; nothing was changed")


def scholar_id(paper: Paper) -> str | None:
    """How Semantic Scholar knows the paper: `ARXIV:<id>`, else `DOI:<doi>`; None without either."""
    if paper.arxiv_id:
        return f"ARXIV:{paper.arxiv_id}"
    if paper.doi:
        return f"DOI:{paper.doi}"
    return None


@dataclass
class EnrichSummary:
    folder: Path
    enriched: list[str] = field(default_factory=list)  # paper ids whose facts changed
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def facts_from_record(record: dict, fetched: dt.date) -> ScholarFacts:
    tldr = record.get("tldr")
    text = tldr.get("text") if isinstance(tldr, dict) else None
    return ScholarFacts(
        fetched=fetched,
        citations=_count(record.get("citationCount")),
        influential_citations=_count(record.get("influentialCitationCount")),
        tldr=" ".join(text.split()) if isinstance(text, str) else "",
    )


def fetch_facts(
    ids: list[str], *, transport: PostTransport, delay: float, fetched: dt.date, where: str = "Semantic Scholar"
) -> tuple[dict[str, ScholarFacts], list[Problem], int]:
    """Semantic Scholar id -> facts, for every id it knows; the problems; the requests made."""
    pacer = Pacer(delay)
    found: dict[str, ScholarFacts] = {}
    problems: list[Problem] = []
    url = f"{API}?fields={FIELDS}"
    requests = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        pacer.wait()
        answer = transport(url, json.dumps({"ids": batch}).encode("utf-8"))
        requests += 1
        try:
            records = json.loads(answer.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FetchError(f"{where}: the answer is not JSON; nothing was changed") from None
        if isinstance(records, dict):  # the API explains refusals in an object
            message = records.get("message") or records.get("error") or "unexpected answer"
            raise FetchError(f"{where}: {str(message)[:160]}; nothing was changed")
        if not isinstance(records, list) or len(records) != len(batch):
            raise FetchError(f"{where}: expected {len(batch)} answers in order, got {len(records) if isinstance(records, list) else 'no list'}; nothing was changed")
        for sid, record in zip(batch, records):
            if isinstance(record, dict):
                found[sid] = facts_from_record(record, fetched)
            else:
                problems.append(Problem(where, None, f"{sid}: not known to Semantic Scholar"))
    return found, problems, requests


def enrich_citations(
    path: str | os.PathLike[str],
    *,
    transport: PostTransport = scholar_transport,
    delay: float = POLITE_DELAY_S,
    today: dt.date | None = None,
) -> EnrichSummary:
    """Add Semantic Scholar's citation counts and TLDR to every paper of the list that has
    an arXiv id or a DOI; list.yaml is written once, after the last request."""
    store = ListStore.open(path)
    reading_list = store.reading_list
    fetched = today or dt.date.today()
    summary = EnrichSummary(folder=store.folder)
    by_id: dict[str, list[str]] = {}
    for paper in reading_list.papers.values():
        sid = scholar_id(paper)
        if sid is None:
            summary.problems.append(Problem(str(store.list_path), None, f"paper {paper.id!r}: no arXiv id or DOI to ask Semantic Scholar with"))
        else:
            by_id.setdefault(sid, []).append(paper.id)
    facts, problems, summary.requests = fetch_facts(list(by_id), transport=transport, delay=delay, fetched=fetched)
    summary.problems.extend(problems)
    for sid, facts_of in facts.items():
        for pid in by_id[sid]:
            paper = reading_list.papers[pid]
            if paper.semantic_scholar == facts_of:
                summary.unchanged.append(pid)
                continue
            reading_list.papers[pid] = evolve(paper, semantic_scholar=facts_of)
            summary.enriched.append(pid)
    if summary.enriched:
        store.save_catalogue()
    return summary
