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
from .base import ImportResult, JsonFields, describe, load_json, split_lines

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


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})-(\d{1,2}))?", re.ASCII)
_DIGITS = re.compile(r"^\s*(-?\d{1,9})\s*$", re.ASCII)


def _date_part(part: Any) -> int | None:
    """One number of a CSL `date-parts` entry (a number or digits as text); None otherwise."""
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    if isinstance(part, str) and (m := _DIGITS.match(part)):
        return int(m.group(1))
    return None


def _csl_date(fields: JsonFields, key: str) -> tuple[dt.date | None, int | None]:
    value = fields.mapping(key)
    if value is None:
        return None, None
    parts = value.get("date-parts")
    if parts is None:
        raw = value.get("raw") or value.get("literal")
        if raw is None:
            return None, None
        match = _ISO_DATE.match(raw) if isinstance(raw, str) else None
        if match is None:
            fields.problem(key, f"not a date: {describe(raw)}: left out")
            return None, None
        year_text, month, day = match.groups()
        try:
            return (dt.date(int(year_text), int(month), int(day)), None) if day else (None, int(year_text))
        except ValueError:
            return None, int(year_text)
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        fields.wrong(f"{key}.date-parts", "a list of [year, month, day] lists", parts)
        return None, None
    numbers = [_date_part(p) for p in parts[0]]
    bad = next((p for p, n in zip(parts[0], numbers) if n is None), None)
    if len(numbers) != len([n for n in numbers if n is not None]):
        fields.problem(f"{key}.date-parts", f"not a year, month or day: {describe(bad)}: left out")
        return None, None
    first = [n for n in numbers if n is not None]
    if len(first) >= 3:
        try:
            return dt.date(first[0], first[1], first[2]), None
        except (ValueError, OverflowError):
            return None, first[0]
    return (None, first[0]) if first else (None, None)


def _csl_name(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    def part(key: str) -> str:
        value = person.get(key)
        return value.strip() if isinstance(value, str) else ""
    if part("literal"):
        return part("literal")
    return " ".join(p for p in (part("given"), part("non-dropping-particle"), part("family")) if p)


def parse_csl_json(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a CSL JSON export: a list of items (or one item).

    A field of the wrong type (a title that is a list, an author that is text) is a located
    problem and left out; the rest of the item and the file import.
    """
    data, problem = load_json(text, file)
    if problem is not None:
        return ImportResult([], [problem])
    items = data if isinstance(data, list) else [data]
    result = ImportResult()
    position = 0
    for index, item in enumerate(items):
        line = None
        raw_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
            found = text.find(json.dumps(str(raw_id))[1:-1], position)
            if found != -1:
                line = text.count("\n", 0, found) + 1
                position = found
        if not isinstance(item, dict):
            result.problems.append(Problem(file, line, f"item [{index}] is not an object: not imported"))
            continue
        fields = JsonFields(item, file, line, result.problems)
        title = fields.text("title")
        if not title.strip():
            result.problems.append(Problem(file, line, f"item [{index}] has no title: not imported"))
            continue
        doi = fields.text("DOI").strip() or None
        url = fields.text("URL").strip() or None
        arxiv_id = _arxiv_from(doi, url, fields.text("number", numbers=True))
        published, pub_year = _csl_date(fields, "issued")
        people = fields.items("author")
        authors = tuple(n for n in (_csl_name(p) for p in people) if n)
        if len(authors) < len(people):
            fields.problem("author", f"{len(people) - len(authors)} of {len(people)} names without text: left out")
        links = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}"} if arxiv_id else {}
        if url and "arxiv.org" not in url:
            links["project"] = url
        keywords = fields.text("keyword")
        result.papers.append(
            Paper(
                id="",
                title=_html_text(title),
                abstract=_html_text(fields.text("abstract")),
                authors=authors,
                author_count=len(authors) or None,
                published=published,
                year=pub_year,
                venue=_html_text(fields.text("container-title")),
                arxiv_id=arxiv_id,
                doi=None if (doi and _ARXIV_DOI.match(doi)) else doi,
                links=links,
                suggested_tags=tuple(dict.fromkeys(" ".join(k.split()).lower() for k in re.split(r"[;,]", keywords) if k.strip())),
                sources=(Source(FORMAT_CSL, file, line),),
            )
        )
    return result


def _ris_records(lines: list[str], file: str, problems: list[Problem]) -> list[tuple[int, dict[str, list[str]]]]:
    """(first line, tag -> values) per record. A record not closed by `ER` before the next
    `TY` or the end is still read, with a problem (it may have been cut short); lines outside
    any record are problems too, never skipped in silence."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    current: dict[str, list[str]] | None = None
    last_tag = None
    outside: list[int] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None:
                    problems.append(Problem(file, records[-1][0], f"record not closed by 'ER  -' before the next one on line {number} (was it cut short?); imported what it holds"))
                current = {}
                records.append((number, current))
            elif tag == "ER":
                if current is None:
                    problems.append(Problem(file, number, "'ER  -' without a record to close"))
                current = None
                continue
            if current is not None:
                current.setdefault(tag, []).append(value)
                last_tag = tag
            else:
                outside.append(number)
        elif line.strip() and current is not None and last_tag:
            current[last_tag][-1] += " " + line.strip()  # a value continued on the next line
        elif line.strip():
            outside.append(number)
    if current is not None and records:
        problems.append(Problem(file, records[-1][0], "record not closed by 'ER  -' at the end of the file (was it cut short?); imported what it holds"))
    if outside:
        more = f" (and {len(outside) - 1} more)" if len(outside) > 1 else ""
        problems.append(Problem(file, outside[0], f"text outside any RIS record (a record starts with 'TY  - '): not imported{more}"))
    return records


_NUMBER = re.compile(r"^\s*(\d{1,9})\s*$", re.ASCII)


def _ris_date(values: list[str]) -> tuple[dt.date | None, int | None]:
    for value in values:
        parts = [p for p in re.split(r"[/-]", value) if p.strip()]
        numbers = [int(m.group(1)) for p in parts[:3] if (m := _NUMBER.match(p))]
        if len(numbers) == 3:
            try:
                return dt.date(*numbers), None
            except (ValueError, OverflowError):
                pass
        if numbers and 1000 <= numbers[0] <= 9999:
            return None, numbers[0]
    return None, None


def parse_ris(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from RIS records (`TY  - ` ... `ER  - `)."""
    result = ImportResult()
    records = _ris_records(split_lines(text), file, result.problems)
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
        dates = fields.get("DA", []) + fields.get("PY", []) + fields.get("Y1", [])
        published, pub_year = _ris_date(dates)
        if published is None and pub_year is None and any(d.strip() for d in dates):
            shown = next(d for d in dates if d.strip())
            result.problems.append(Problem(file, line, f"not a date or year: {shown[:30]!r}: left out", "PY"))
        links: dict[str, str] = {"arxiv": f"https://arxiv.org/abs/{arxiv_id}"} if arxiv_id else {}
        for url in urls + fields.get("L1", []):
            if url and "arxiv.org" not in url:  # repaired or reported by the list's sanitising
                kind = "pdf" if url.lower().endswith(".pdf") else "project"
                key, n = kind, 1
                while key in links:
                    n += 1
                    key = f"{kind}-{n}"
                if url not in links.values():
                    links[key] = url
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
