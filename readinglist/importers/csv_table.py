"""CSV files and pandas DataFrames: one paper per row, columns named as documented.

Columns (case, spaces and `_`/`-` do not matter; only `title` is required):

    title, abstract, authors (separated by `;` or ` and `), author_count,
    org (a handle) and org_name, published (YYYY-MM-DD), year, venue, upvotes,
    arxiv_id (also `arxiv`: an id or URL), doi, url, code, project, pdf,
    keywords (also `tags`; separated by `;` or `,`: kept as suggested tags)

Columns not in this list are reported once, never silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem
from ..model import Org, Paper, Source
from .arxiv import normalise_arxiv_id
from .base import MAX_NUMBER_DIGITS, ImportResult

FORMAT = "csv"
COLUMNS = {
    "title": "title", "abstract": "abstract", "summary": "abstract", "authors": "authors", "author": "authors",
    "authorcount": "author_count", "org": "org", "orghandle": "org", "organisation": "org", "organization": "org",
    "orgname": "org_name", "published": "published", "date": "published", "year": "year", "venue": "venue",
    "journal": "venue", "upvotes": "upvotes", "arxivid": "arxiv_id", "arxiv": "arxiv_id", "eprint": "arxiv_id",
    "doi": "doi", "url": "url", "code": "code", "project": "project", "pdf": "pdf", "keywords": "keywords",
    "tags": "keywords",
}  # fmt: skip
_YEAR = re.compile(r"^\d{4}$", re.ASCII)
_INT = re.compile(r"^\d+$", re.ASCII)


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "," in first and "title" in _column_key(first).split(",") or "title" in [
        _column_key(c) for c in first.split(",")
    ]


def _column_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def _split(value: str, separators: tuple[str, ...]) -> list[str]:
    for separator in separators:
        if separator in value:
            return [part.strip() for part in value.split(separator) if part.strip()]
    return [value.strip()] if value.strip() else []


def _row_paper(row: Mapping[str, Any], mapping: dict[str, str], file: str, line: int, problems: list[Problem]) -> Paper | None:
    values: dict[str, str] = {}
    for column, field in mapping.items():
        raw = row.get(column)
        if raw is None or (isinstance(raw, float) and raw != raw):  # None or a DataFrame's NaN
            continue
        text = str(raw).strip()
        if text and field not in values:
            values[field] = text
    if not values.get("title"):
        problems.append(Problem(file, line, "row without a title: not imported", "title"))
        return None

    def number(field: str) -> int | None:
        text = values.get(field)
        if text is None:
            return None
        if text.endswith(".0"):  # DataFrames hold whole numbers as floats
            text = text[:-2]
        if not _INT.match(text):
            problems.append(Problem(file, line, f"not a whole number: {text[:30]!r}", field))
            return None
        if len(text) > MAX_NUMBER_DIGITS:
            problems.append(Problem(file, line, f"a {len(text):,}-digit number: left out", field))
            return None
        return int(text)

    published = None
    if "published" in values:
        try:
            published = dt.date.fromisoformat(values["published"][:10])
        except ValueError:
            problems.append(Problem(file, line, f"not a date YYYY-MM-DD: {values['published'][:30]!r}", "published"))
    year = number("year")
    if year is not None and not _YEAR.match(str(year)):
        problems.append(Problem(file, line, f"not a year: {year}", "year"))
        year = None
    arxiv_id = None
    if "arxiv_id" in values:
        arxiv_id = normalise_arxiv_id(values["arxiv_id"])
        if arxiv_id is None:
            problems.append(Problem(file, line, f"not an arXiv id or URL: {values['arxiv_id'][:40]!r}", "arxiv_id"))
    links: dict[str, str] = {}
    for kind in ("code", "project", "pdf", "url"):
        url = values.get(kind)
        if url is None:
            continue
        if not url.startswith(("http://", "https://")):
            problems.append(Problem(file, line, f"not an http(s) URL: {url[:40]!r}", kind))
            continue
        links["project" if kind == "url" and "project" not in links else kind] = url
    if arxiv_id:
        links.setdefault("arxiv", f"https://arxiv.org/abs/{arxiv_id}")
    org = None
    if "org" in values:
        org = Org(values["org"], values.get("org_name", values["org"]))
    authors = tuple(_split(values.get("authors", ""), (";", " and ")))
    keywords = []
    for word in _split(values.get("keywords", ""), (";", ",")):
        tag = " ".join(word.split()).lower()
        if tag not in keywords:
            keywords.append(tag)
    return Paper(
        id="",
        title=values["title"],
        abstract=values.get("abstract", ""),
        authors=authors,
        author_count=number("author_count") or (len(authors) or None),
        org=org,
        published=published,
        year=year,
        venue=values.get("venue", ""),
        upvotes=number("upvotes") or 0,
        arxiv_id=arxiv_id,
        doi=values.get("doi"),
        links=links,
        suggested_tags=tuple(keywords),
        sources=(Source(FORMAT, file, line),),
    )


def _mapping(columns: Iterable[str], file: str, problems: list[Problem]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    ignored = []
    for column in columns:
        field = COLUMNS.get(_column_key(str(column)))
        if field is None:
            ignored.append(str(column))
        else:
            mapping[str(column)] = field
    if ignored:
        problems.append(Problem(file, 1, f"columns not imported (see the CSV mapping in docs/format.md): {', '.join(ignored)}"))
    return mapping


class _Lines:
    """The file's lines, from a position that can be set back (to go on after a bad row)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.position = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def parse_csv(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a CSV file with a header row.

    Read strictly: a row the csv module cannot read (a quote never closed, text after a
    closing quote) is a problem at the line where that row starts, and reading goes on at
    the next line, so one stray quote cannot swallow the rows after it.
    """
    lines = _Lines(io.StringIO(text.lstrip("\ufeff"), newline="").readlines())
    result = ImportResult()
    header: list[str] | None = None
    mapping: dict[str, str] = {}
    while True:
        reader = csv.reader(lines, strict=True)
        row_start = lines.position
        try:
            for row in reader:
                line = row_start + 1
                row_start = lines.position
                if header is None:
                    header = row
                    mapping = _mapping(header, file, result.problems)
                    if "title" not in mapping.values():
                        result.problems.append(Problem(file, 1, "no 'title' column: the header row must name one"))
                        return result
                    continue
                if not row:
                    continue
                if len(row) > len(header):
                    result.problems.append(Problem(file, line, f"{len(row) - len(header)} more values than columns"))
                values = dict(zip(header, row))
                paper = _row_paper(values, mapping, file, line, result.problems)
                if paper is not None:
                    result.papers.append(paper)
            return result
        except csv.Error as exc:
            what = "the header row" if header is None else "this row was not imported"
            result.problems.append(Problem(file, row_start + 1, f"not valid CSV: {exc}; {what}"))
            if header is None:
                return result
            lines.position = row_start + 1


def parse_records(records: Iterable[Mapping[str, Any]], columns: Iterable[str], name: str = "<DataFrame>") -> ImportResult:
    """Papers from rows of a table (a DataFrame's records); lines are row numbers from 1."""
    result = ImportResult()
    mapping = _mapping(columns, name, result.problems)
    if "title" not in mapping.values():
        result.problems.append(Problem(name, None, "no 'title' column"))
        return result
    for index, row in enumerate(records, 1):
        paper = _row_paper(row, mapping, name, index, result.problems)
        if paper is not None:
            result.papers.append(paper)
    return result
