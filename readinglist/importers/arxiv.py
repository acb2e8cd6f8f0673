"""arXiv: lists of ids or URLs, and arXiv API Atom responses (both wire formats).

Atom is parsed with defusedxml: a feed is untrusted input. The API answers a bad query
with HTTP 400 and a feed holding one entry titled "Error"; that entry is a problem, not a
paper. Names that arXiv serves double-encoded (`WÃ¼bben`) are repaired.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..errors import Problem
from ..model import Paper, Source
from .base import ImportResult, split_lines

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET  # noqa: N817

FORMAT_IDS = "arxiv-ids"
FORMAT_ATOM = "arxiv-atom"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"

# One id per token: bare, `arXiv:` prefixed, or inside an abs/pdf/html URL; new or old style.
_ID_TOKEN = re.compile(
    r"""^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/)?
        (?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*[a-z](?:\.[A-Z]{2})?/\d{7})
        (?:v\d+)?(?:\.pdf)?/?$""",
    re.X | re.I | re.ASCII,
)


def looks_like_ids(text: str) -> bool:
    tokens = [t for line in split_lines(text)[:200] for t in _tokens(line)]
    return bool(tokens) and all(_ID_TOKEN.match(t) for t in tokens)


def looks_like_atom(text: str) -> bool:
    head = text[:2000]
    return "<feed" in head and "http://www.w3.org/2005/Atom" in head


def _tokens(line: str) -> list[str]:
    content = line.split("#", 1)[0] if not line.lstrip().startswith("http") else line.split(" #", 1)[0]
    return [t.strip(",;") for t in content.split() if t.strip(",;")]


def valid_new_style(arxiv_id: str) -> bool:
    """`YYMM.NNNN` until 2014, `YYMM.NNNNN` from 2015: the month must exist."""
    prefix, number = arxiv_id.split(".")
    month = int(prefix[2:])
    return 1 <= month <= 12 and len(number) == (5 if prefix >= "1501" else 4)


def normalise_arxiv_id(token: str) -> str | None:
    """`https://arxiv.org/pdf/2401.01234v2.pdf` -> `2401.01234`; None when not an arXiv id."""
    match = _ID_TOKEN.match(token.strip())
    if not match:
        return None
    found = match.group("id")
    if "/" in found:  # old style: the archive, without a subject class (math.AG/0601001 -> math/0601001)
        archive, number = found.split("/")
        archive = re.sub(r"\.[A-Za-z]{2}$", "", archive).lower()
        return f"{archive}/{number}"
    return found if valid_new_style(found) else None


def parse_arxiv_ids(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """One paper per arXiv id or URL (`#` starts a comment); titles come from a fetch later."""
    result = ImportResult()
    seen: set[str] = set()
    for number, line in enumerate(split_lines(text), 1):
        for token in _tokens(line):
            arxiv_id = normalise_arxiv_id(token)
            if arxiv_id is None:
                result.problems.append(Problem(file, number, f"not an arXiv id or URL: {token[:60]!r}"))
                continue
            if arxiv_id in seen:
                continue
            seen.add(arxiv_id)
            result.papers.append(
                Paper(
                    id="",
                    title="",
                    arxiv_id=arxiv_id,
                    links={"arxiv": f"https://arxiv.org/abs/{arxiv_id}"},
                    sources=(Source(FORMAT_IDS, file, number),),
                )
            )
    return result


def repair_mojibake(text: str) -> str:
    """`WÃ¼bben` -> `Wübben`: UTF-8 read as Latin-1 once, as some arXiv records are served."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at != -1 else None


def parse_arxiv_atom(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from an arXiv API response (legacy and current Atom)."""
    import xml.etree.ElementTree as ET  # noqa: N817 - only for the ParseError type; XML is parsed only here

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ET.ParseError as exc:
        return ImportResult([], [Problem(file, exc.position[0], f"not valid XML: {exc}")])
    except DefusedXmlException as exc:
        return ImportResult([], [Problem(file, None, f"refused XML: {type(exc).__name__}")])
    if root.tag != f"{ATOM}feed":
        return ImportResult([], [Problem(file, 1, "not an Atom feed")])
    result = ImportResult()
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = _text(entry.find(f"{ATOM}id"))
        line = _line_of(text, entry_id) if entry_id else None
        if "/api/errors" in entry_id:
            message = _text(entry.find(f"{ATOM}summary")) or _text(entry.find(f"{ATOM}title"))
            result.problems.append(Problem(file, line, f"the arXiv API answered with an error: {message}"))
            continue
        arxiv_id = normalise_arxiv_id(entry_id)
        title = _text(entry.find(f"{ATOM}title"))
        if arxiv_id is None or not title:
            result.problems.append(Problem(file, line, f"entry without an arXiv id or title: {entry_id[:60]!r}"))
            continue
        authors = tuple(repair_mojibake(_text(a.find(f"{ATOM}name"))) for a in entry.findall(f"{ATOM}author"))
        links = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}"}
        for link in entry.findall(f"{ATOM}link"):
            if link.get("title") == "pdf" and link.get("href"):
                links["pdf"] = link.get("href", "").replace("http://", "https://", 1)
        published = None
        raw_date = _text(entry.find(f"{ATOM}published"))
        if raw_date:
            try:
                published = dt.date.fromisoformat(raw_date[:10])
            except ValueError:
                result.problems.append(Problem(file, line, f"published: not a date: {raw_date[:30]!r}"))
        doi = _text(entry.find(f"{ARXIV}doi")) or None
        venue = _text(entry.find(f"{ARXIV}journal_ref"))
        result.papers.append(
            Paper(
                id="",
                title=title,
                abstract=_text(entry.find(f"{ATOM}summary")),
                authors=tuple(a for a in authors if a),
                author_count=len(authors) or None,
                published=published,
                venue=venue,
                arxiv_id=arxiv_id,
                doi=doi,
                links=links,
                sources=(Source(FORMAT_ATOM, file, line),),
            )
        )
    return result
