"""Hugging Face papers API JSON, and papers pages saved from the browser as HTML.

Shapes read (see docs/format.md, "Import formats"):

- `GET /api/daily_papers`: a JSON array of items `{"paper": {...}, "title", "summary", ...}`;
- `GET /api/papers/<arxiv id>`: one paper object, no `paper` wrapper;
- a saved papers page: the same items, HTML-escaped in the `data-props` attribute of the
  element whose `data-target` is `DailyPapers` (`{"dailyPapers": [...]}`).

`ai_keywords` become suggested tags, never anyone's tags.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any

from ..errors import Problem
from ..model import Org, Paper, Source
from .arxiv import normalise_arxiv_id
from .base import ImportResult, JsonFields, load_json

FORMAT_API = "hf-api"
FORMAT_HTML = "hf-html"
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(v\d+)?$", re.ASCII | re.I)


def looks_like_api(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:20000]
    return head[:1] in "[{" and '"upvotes"' in head and ('"paper"' in head or '"summary"' in head)


def looks_like_html(text: str) -> bool:
    head = text[:200000].lower()
    return "<html" in head and "dailypapers" in head


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _published(fields: JsonFields) -> dt.date | None:
    text = fields.text("publishedAt")
    published = _date(text)
    if text and published is None:
        fields.problem("publishedAt", f"not a date: {text[:30]!r}: left out")
    return published


def _org(value: Any, fields: JsonFields) -> Org | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.wrong("organization", "an object", value)
        return None
    handle, name = value.get("name"), value.get("fullname") or value.get("name")
    if isinstance(handle, str) and handle.strip() and isinstance(name, str) and name.strip():
        return Org(handle.strip(), name.strip())
    return None


def _paper_from_item(item: dict[str, Any], file: str, line: int | None, fmt: str, problems: list[Problem]) -> tuple[Paper | None, str | None]:
    """A paper from one daily-papers item or one single-paper response; or why not.

    Fields of the wrong type are problems and left out; the rest of the item imports.
    """
    inner = item.get("paper") if isinstance(item.get("paper"), dict) else item
    paper_fields = JsonFields(inner, file, line, problems)
    item_fields = JsonFields(item, file, line, problems) if inner is not item else paper_fields

    def either(key: str) -> str:
        return paper_fields.text(key) or (item_fields.text(key) if item_fields is not paper_fields else "")

    raw_id = paper_fields.text("id").strip()
    arxiv_id = normalise_arxiv_id(raw_id) if _ARXIV_ID.match(raw_id) else None
    title = either("title")
    if not title.strip():
        return None, "item without a title"
    summary = either("summary")
    authors = []
    for author in paper_fields.items("authors"):
        if isinstance(author, dict) and isinstance(author.get("name"), str) and author["name"].strip():
            authors.append(author["name"].strip())
    links: dict[str, str] = {}
    if arxiv_id:
        links["arxiv"] = f"https://arxiv.org/abs/{arxiv_id}"
        links["hf"] = f"https://huggingface.co/papers/{arxiv_id}"
    # Links go in as given: the list's sanitising repairs them or reports why they are left out.
    repo = either("githubRepo").strip()
    if repo:
        links["code"] = repo
    page = either("projectPage").strip()
    if page:
        links["project"] = page
    suggested = []
    for keyword in paper_fields.items("ai_keywords"):
        if isinstance(keyword, str) and keyword.strip():
            tag = " ".join(keyword.split()).lower()
            if tag not in suggested:
                suggested.append(tag)
    upvotes = paper_fields.count("upvotes") if "upvotes" in inner else item_fields.count("upvotes")
    organization = inner.get("organization") or item.get("organization")
    paper = Paper(
        id="",
        title=title,
        abstract=summary,
        authors=tuple(authors),
        author_count=len(authors) if authors else None,
        org=_org(organization, paper_fields),
        published=_published(paper_fields),
        upvotes=upvotes or 0,
        arxiv_id=arxiv_id,
        links=links,
        suggested_tags=tuple(suggested),
        sources=(Source(fmt, file, line),),
    )
    return paper, None


class _LineFinder:
    """Lines of successive needles in a text, searching forward only (linear in all)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def find(self, needle: str) -> int | None:
        at = self.text.find(needle, self.pos) if needle else -1
        if at == -1:
            return None
        self.line += self.text.count("\n", self.pos, at)
        self.pos = at
        return self.line


def _items_to_result(items: list[Any], text: str, file: str, fmt: str, base_line: int | None = None) -> ImportResult:
    result = ImportResult()
    lines = _LineFinder(text)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            result.problems.append(Problem(file, base_line, f"item [{index}] is not a paper object"))
            continue
        inner = item.get("paper") if isinstance(item.get("paper"), dict) else item
        raw_id, raw_title = inner.get("id"), inner.get("title")
        needle = f'"{raw_id}"' if isinstance(raw_id, str) and raw_id else json.dumps(raw_title)[:40] if isinstance(raw_title, str) else ""
        line = base_line if base_line is not None else lines.find(needle)
        paper, why = _paper_from_item(item, file, line, fmt, result.problems)
        if paper is None:
            result.problems.append(Problem(file, line, f"item [{index}]: {why}"))
        else:
            result.papers.append(paper)
    return result


def parse_hf_api(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a daily-papers listing or a single-paper response of the papers API."""
    data, problem = load_json(text, file)
    if problem is not None:
        return ImportResult([], [problem])
    if isinstance(data, dict) and isinstance(data.get("dailyPapers"), list):
        data = data["dailyPapers"]
    if isinstance(data, dict):
        if "error" in data and "title" not in data:
            return ImportResult([], [Problem(file, 1, f"the API answered with an error: {str(data['error'])[:120]}")])
        data = [data]
    if not isinstance(data, list):
        return ImportResult([], [Problem(file, 1, "expected a list of papers or one paper object")])
    return _items_to_result(data, text, file, FORMAT_API)


class _PropsFinder(HTMLParser):
    """Finds the `data-props` of the element whose `data-target` is `DailyPapers`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.props: str | None = None
        self.line: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.props is not None:
            return
        values = dict(attrs)
        if values.get("data-target") == "DailyPapers" and values.get("data-props"):
            self.props = values["data-props"]
            self.line = self.getpos()[0]


def parse_hf_html(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a huggingface.co papers page saved from the browser."""
    finder = _PropsFinder()
    finder.feed(text)
    finder.close()
    if finder.props is None:
        return ImportResult([], [Problem(file, None, "no DailyPapers data in this page (was it saved as 'HTML only'?)")])
    data, problem = load_json(finder.props, file, line=finder.line)
    if problem is not None:
        return ImportResult([], [Problem(file, problem.line, f"the page's DailyPapers data: {problem.message}")])
    items = data.get("dailyPapers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return ImportResult([], [Problem(file, finder.line, "the page's DailyPapers data holds no 'dailyPapers' list")])
    return _items_to_result(items, text, file, FORMAT_HTML, base_line=finder.line)
