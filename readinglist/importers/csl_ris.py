"""CSL JSON (Zotero, Better CSL JSON) and RIS (Zotero, EndNote, Mendeley) exports.

Titles in CSL JSON may carry HTML markup (`<i>`, `<b>`, `<span class="nocase">`); it is
reduced to its text. arXiv ids come from arXiv DOIs (`10.48550/arXiv.*`), arXiv URLs and
`arXiv:` numbers in the RIS secondary title.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any

from ..errors import Problem
from ..ids import find_arxiv_id
from ..model import Paper, Source
from .base import ImportResult, split_lines

FORMAT_CSL = "csl-json"
FORMAT_RIS = "ris"
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def looks_like_csl(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:5000]
    return head[:1] in "[{" and '"type"' in head and ('"issued"' in head or '"container-title"' in head or '"author"' in head) and '"title"' in head


def looks_like_ris(text: str) -> bool:
    lines = [line for line in split_lines(text)[:50] if line.strip()]
    return bool(lines) and lines[0].startswith("TY  - ")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(value: str) -> str:
    if "<" not in value:
        return value
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def _arxiv_from(doi: str | None, url: str | None, *others: str | None) -> str | None:
    if doi and (m := _ARXIV_DOI.match(doi.strip())):
        return find_arxiv_id(m.group(1))
    for text in (url, *others):
        if text and "arxiv" in text.lower():
            found = find_arxiv_id(text)
            if found:
                return found
    return None


def _csl_date(value: Any) -> tuple[dt.date | None, int | None]:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not parts or not isinstance(parts, list) or not parts[0]:
        return None, None
    first = [int(p) for p in parts[0] if str(p).strip().isdigit()]
    if len(first) >= 3:
        try:
            return dt.date(first[0], first[1], first[2]), None
        except ValueError:
            return None, first[0]
    return (None, first[0]) if first else (None, None)


def _csl_name(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return str(person["literal"]).strip()
    given, family = str(person.get("given", "")).strip(), str(person.get("family", "")).strip()
    particle = str(person.get("non-dropping-particle", "")).strip()
    return " ".join(p for p in (given, particle, family) if p)


def parse_csl_json(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a CSL JSON export: a list of items (or one item)."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return ImportResult([], [Problem(file, exc.lineno, f"not valid JSON: {exc.msg}")])
    items = data if isinstance(data, list) else [data]
    result = ImportResult()
    position = 0
    for index, item in enumerate(items):
        line = None
        if isinstance(item, dict) and item.get("id") is not None:
            found = text.find(json.dumps(str(item["id"]))[1:-1], position)
            if found != -1:
                line = text.count("\n", 0, found) + 1
                position = found
        if not isinstance(item, dict) or not str(item.get("title", "")).strip():
            result.problems.append(Problem(file, line, f"item [{index}] has no title: not imported"))
            continue
        doi = str(item.get("DOI", "")).strip() or None
        url = str(item.get("URL", "")).strip() or None
        arxiv_id = _arxiv_from(doi, url, str(item.get("number", "")))
        published, pub_year = _csl_date(item.get("issued"))
        authors = tuple(n for n in (_csl_name(p) for p in item.get("author") or ()) if n)
        links = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}"} if arxiv_id else {}
        if url and "arxiv.org" not in url and url.startswith(("http://", "https://")):
            links["project"] = url
        keywords = str(item.get("keyword", ""))
        result.papers.append(
            Paper(
                id="",
                title=_html_text(str(item["title"])),
                abstract=_html_text(str(item.get("abstract", ""))),
                authors=authors,
                author_count=len(authors) or None,
                published=published,
                year=pub_year,
                venue=_html_text(str(item.get("container-title", ""))),
                arxiv_id=arxiv_id,
                doi=None if (doi and _ARXIV_DOI.match(doi)) else doi,
                links=links,
                suggested_tags=tuple(dict.fromkeys(" ".join(k.split()).lower() for k in re.split(r"[;,]", keywords) if k.strip())),
                sources=(Source(FORMAT_CSL, file, line),),
            )
        )
    return result


def _ris_records(lines: list[str]) -> list[tuple[int, dict[str, list[str]]]]:
    records: list[tuple[int, dict[str, list[str]]]] = []
    current: dict[str, list[str]] | None = None
    last_tag = None
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                current = {}
                records.append((number, current))
            elif tag == "ER":
                current = None
                continue
            if current is not None:
                current.setdefault(tag, []).append(value)
                last_tag = tag
        elif line.strip() and current is not None and last_tag:
            current[last_tag][-1] += " " + line.strip()  # a value continued on the next line
    return records


def _ris_date(values: list[str]) -> tuple[dt.date | None, int | None]:
    for value in values:
        parts = [p for p in re.split(r"[/-]", value) if p.strip()]
        numbers = [int(p) for p in parts[:3] if p.strip().isdigit()]
        if len(numbers) == 3:
            try:
                return dt.date(*numbers), None
            except ValueError:
                pass
        if numbers and 1000 <= numbers[0] <= 9999:
            return None, numbers[0]
    return None, None


def parse_ris(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from RIS records (`TY  - ` ... `ER  - `)."""
    result = ImportResult()
    records = _ris_records(split_lines(text))
    if not records:
        return ImportResult([], [Problem(file, 1, "no RIS record (a record starts with 'TY  - ')")])
    for line, fields in records:
        title = (fields.get("TI") or fields.get("T1") or [""])[0]
        if not title.strip():
            result.problems.append(Problem(file, line, "record without a title (TI): not imported"))
            continue
        authors = tuple(_ris_name(a) for a in fields.get("AU", []) + fields.get("A1", []) if a.strip())
        doi = (fields.get("DO") or [None])[0]
        urls = fields.get("UR", [])
        secondary = (fields.get("T2") or [""])[0]
        arxiv_id = _arxiv_from(doi, urls[0] if urls else None, secondary, *(fields.get("N1") or []))
        published, pub_year = _ris_date(fields.get("DA", []) + fields.get("PY", []) + fields.get("Y1", []))
        links: dict[str, str] = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}"} if arxiv_id else {}
        for url in urls + fields.get("L1", []):
            if url.startswith(("http://", "https://")) and "arxiv.org" not in url:
                links.setdefault("pdf" if url.lower().endswith(".pdf") else "project", url)
        result.papers.append(
            Paper(
                id="",
                title=title,
                abstract=" ".join(fields.get("AB", []) or fields.get("N2", [])),
                authors=authors,
                author_count=len(authors) or None,
                published=published,
                year=pub_year,
                venue="" if secondary.lower().startswith("arxiv") else secondary or (fields.get("JO") or [""])[0],
                arxiv_id=arxiv_id,
                doi=None if (doi and _ARXIV_DOI.match(doi)) else doi,
                links=links,
                suggested_tags=tuple(dict.fromkeys(" ".join(k.split()).lower() for k in fields.get("KW", []) if k.strip())),
                sources=(Source(FORMAT_RIS, file, line),),
            )
        )
    return result


def _ris_name(name: str) -> str:
    """`Keiding, Søren` -> `Søren Keiding`; names without a comma stay as written."""
    if "," not in name:
        return name.strip()
    family, _, given = name.partition(",")
    given = given.strip().rstrip(",")
    return f"{given} {family.strip()}".strip()
