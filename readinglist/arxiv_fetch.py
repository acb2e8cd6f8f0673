"""Live look-ups in the arXiv API, behind an injectable transport.

A transport is any callable `url -> bytes` that raises `FetchError` when it cannot
answer; tests pass one that serves recorded responses, so the suite never touches the
network. Everything is fetched before anything is written: a failure mid-way writes
nothing.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import replace

from .catalogue import merge_paper
from .errors import FetchError, Problem
from .ids import title_key
from .importers.arxiv import parse_arxiv_atom
from .importers.base import ImportResult
from .model import Paper, ReadingList
from .normalise import normalise
from .pacing import Pacer
from .sanitise import sanitise

API = "https://export.arxiv.org/api/query"
BATCH = 50
# arXiv asks clients to wait 3 s between requests.
POLITE_DELAY_S = 3.0

Transport = Callable[[str], bytes]


def urllib_transport(url: str, *, timeout: float = 30.0) -> bytes:
    """The real network, through urllib; every failure becomes one FetchError line."""
    import urllib.error  # the network stack (http, ssl, email): only when a request is made
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "readinglist (reading-group list tool)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed https URL
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp else b""
        if body.lstrip().startswith(b"<?xml"):
            return body  # the API explains errors in an Atom feed; the parser reports them
        raise FetchError(f"arXiv API: HTTP {exc.code} for {url}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"arXiv API unreachable ({reason}); nothing was changed") from None


def id_query_url(ids: list[str]) -> str:
    return f"{API}?" + urllib.parse.urlencode({"id_list": ",".join(ids), "max_results": len(ids)})


def title_query_url(title: str) -> str:
    words = " ".join(title_key_words(title))
    return f"{API}?" + urllib.parse.urlencode({"search_query": f'ti:"{words}"', "max_results": 5})


def title_key_words(title: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in title)
    return cleaned.split()


def fetch_ids(ids: Iterable[str], *, transport: Transport = urllib_transport, delay: float = POLITE_DELAY_S) -> ImportResult:
    """Papers for arXiv ids, in batches; ids the API does not know are problems."""
    wanted = list(dict.fromkeys(ids))
    result = ImportResult()
    pacer = Pacer(delay)
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        url = id_query_url(batch)
        pacer.wait()
        body = transport(url)
        parsed = parse_arxiv_atom(_text(body, url), "arXiv API")
        result.papers.extend(parsed.papers)
        result.problems.extend(parsed.problems)
    found = {p.arxiv_id for p in result.papers}
    for arxiv_id in wanted:
        if arxiv_id not in found:
            result.problems.append(Problem("arXiv API", None, f"arXiv has no paper {arxiv_id!r}"))
    return result


def _text(body: bytes, url: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"arXiv API: the answer to {url} is not UTF-8") from None


def find_by_titles(
    papers: Iterable[Paper], *, transport: Transport = urllib_transport, delay: float = POLITE_DELAY_S
) -> tuple[dict[str, Paper], list[Problem]]:
    """For papers without an arXiv id: paper id -> the arXiv record with exactly the same title.

    Only an exact title match (by title key) is taken; anything looser would attach the
    wrong paper's id, so near misses are reported instead.
    """
    found: dict[str, Paper] = {}
    problems: list[Problem] = []
    pacer = Pacer(delay)
    for paper in papers:
        if paper.arxiv_id:
            continue
        url = title_query_url(paper.title)
        pacer.wait()
        parsed = parse_arxiv_atom(_text(transport(url), url), "arXiv API")
        exact = [p for p in parsed.papers if title_key(p.title) == title_key(paper.title)]
        if len(exact) == 1:
            found[paper.id] = exact[0]
        elif len(exact) > 1:
            problems.append(Problem("arXiv API", None, f"paper {paper.id!r}: {len(exact)} arXiv papers have this title; left as it is"))
        else:
            problems.append(Problem("arXiv API", None, f"paper {paper.id!r}: no arXiv paper with exactly this title"))
    return found, problems


def enrich(reading_list: ReadingList, records: dict[str, Paper]) -> tuple[list[str], list[Problem]]:
    """Complete the list's papers with fetched records (paper id -> record), in place."""
    changed: list[str] = []
    problems: list[Problem] = []
    for paper_id, record in records.items():
        kept = reading_list.papers[paper_id]
        fitted, unfit = sanitise(normalise(record))
        problems.extend(unfit)
        merged, disagreements = merge_paper(kept, replace(fitted, id=kept.id))
        for text in disagreements:
            problems.append(Problem("arXiv API", None, f"paper {paper_id!r} {text} (kept the list's value)"))
        if merged != kept:
            reading_list.papers[paper_id] = merged
            changed.append(paper_id)
    return changed, problems
