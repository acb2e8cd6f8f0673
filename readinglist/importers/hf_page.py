"""The text of a huggingface.co papers page, selected in a browser and pasted into a file.

A page is groups of lines separated by blank lines (see docs/format.md, "Pasted pages"):

    TITLE
    ABSTRACT                  (one long line)
      • 8 authors             (or an organisation: "deepseek-ai DeepSeek"; or absent)
    ·
    Sep 25, 2024 4            (date, then upvotes when there are any)

Papers may lack the last group. Anything that does not fit becomes a located problem and
the rest of the page still imports.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from ..errors import Problem
from ..model import Org, Paper, Source
from .base import ImportResult, split_lines

FORMAT = "hf-page"

_HEADER_LINES = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "Trending Papers",
        "Papers",
    }
)
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?:, (\d{4}))?(?: (\d{1,7}))?$", re.ASCII)
_AUTHORS = re.compile(r"^•\s*(\d{1,5}) authors?$", re.ASCII)
_ORG = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]{0,95}) (\S.{0,199})$")
_DOT = "·"

# A title longer than this is an abstract whose title went missing.
TITLE_MAX_CHARS = 400
# An abstract shorter than this, followed by a long line, is really the next paper's title.
ABSTRACT_MIN_CHARS = 160


class _Line(NamedTuple):
    number: int
    text: str


class _Details(NamedTuple):
    """What a paper's details group says."""

    author_count: int | None = None
    org: Org | None = None
    published: dt.date | None = None
    upvotes: int = 0


_BLANK_LINES = re.compile(r"\n(?:[ \t\u00a0]*\n)+")


def _groups(text: str) -> list[list[_Line]]:
    """Runs of non-blank lines, each line stripped and numbered (from 1).

    The text is cut at blank lines by one regular expression and the line numbers are
    counted per cut: a page has a hundred thousand lines, and a loop over them in Python
    is most of the parse.
    """
    groups: list[list[_Line]] = []
    number = 1
    position = 0
    for separator in _BLANK_LINES.finditer(text):
        _add_group(groups, text[position : separator.start()], number)
        number += text.count("\n", position, separator.end())
        position = separator.end()
    _add_group(groups, text[position:], number)
    return groups


def _add_group(groups: list[list[_Line]], chunk: str, number: int) -> None:
    if "\n" not in chunk:  # one line: a title or an abstract, the common case
        stripped = chunk.strip()
        if stripped:
            groups.append([_Line(number, stripped)])
        return
    current: list[_Line] = []
    for k, raw in enumerate(chunk.split("\n")):
        text = raw.strip()
        if text:
            current.append(_Line(number + k, text))
        elif current:  # a line of other white space (U+3000...) still separates groups
            groups.append(current)
            current = []
    if current:
        groups.append(current)


def _is_meta(group: list[_Line]) -> bool:
    first = group[0].text
    if len(first) > 80 and len(group) == 1:  # a title or an abstract: the common case, decided at once
        return False
    return any(line.text == _DOT for line in group) or bool(_AUTHORS.match(first)) or _is_date(first)


def _is_date(text: str) -> bool:
    return _DATE.match(text) is not None


def looks_like(text: str) -> bool:
    """Whether `text` is likely a pasted papers page (used by format detection)."""
    head = text[:4000]
    return "\n·" in head or "Daily Papers" in head or bool(re.search(r"^\s*• \d+ authors?\s*$", head, re.M))


class _PageParser:
    def __init__(self, text: str, file: str, year: int) -> None:
        self.file = file
        self.year = year
        self.groups = _groups("\n".join(split_lines(text)) if "\r" in text or text.startswith("\ufeff") else text)
        self.meta = [_is_meta(g) for g in self.groups]
        self.papers: list[Paper] = []
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def parse(self) -> ImportResult:
        groups = self.groups
        i = self._skip_header()
        if i == 0 and not any(self.meta):
            # Without the page's header or a single details line, any two paragraphs
            # would pass for a paper: this is not a pasted page.
            first = groups[0][0].number if groups else 1
            self.problem(first, "does not look like a pasted papers page: no page header and no '·' details lines")
            return ImportResult([], self.problems)
        while i < len(groups):
            group = groups[i]
            if self.meta[i]:
                self.problem(group[0].number, f"paper details without a paper before them: {group[0].text[:60]!r}")
                i += 1
                continue
            i = self._paper(i)
        return ImportResult(self.papers, self.problems)

    def _skip_header(self) -> int:
        i = 0
        while i < len(self.groups):
            group = self.groups[i]
            if all(line.text in _HEADER_LINES or _is_date(line.text) for line in group):
                i += 1
                continue
            break
        return i

    def _paper(self, i: int) -> int:
        groups = self.groups
        title_group = groups[i]
        title = title_group[0]
        for extra in title_group[1:]:
            self.problem(extra.number, f"unexpected line after the title: {extra.text[:60]!r}")
        if len(title.text) > TITLE_MAX_CHARS:
            self.problem(title.number, f"expected a paper title, found a {len(title.text)}-character line (no title?)")
            i += 1
            if i < len(groups) and self.meta[i]:
                i += 1
            return i
        i += 1
        abstract = ""
        if i < len(groups) and not self.meta[i]:
            candidate = groups[i]
            next_group = groups[i + 1] if i + 1 < len(groups) else None
            short = len(candidate[0].text) < ABSTRACT_MIN_CHARS
            next_is_long_text = (
                next_group is not None and not self.meta[i + 1] and len(next_group[0].text) >= ABSTRACT_MIN_CHARS
            )
            if not (short and next_is_long_text):
                abstract = candidate[0].text
                for extra in candidate[1:]:
                    self.problem(extra.number, f"unexpected line after the abstract: {extra.text[:60]!r}")
                i += 1
        if not abstract and i >= len(groups):
            self.problem(title.number, "paper without an abstract at the end of the page (was the paste cut short?)")
        details = _Details()
        if i < len(groups) and self.meta[i]:
            details = self._meta(groups[i])
            i += 1
        self.papers.append(
            Paper(
                id="", title=title.text, abstract=abstract, author_count=details.author_count, org=details.org,
                published=details.published, upvotes=details.upvotes, sources=(Source(FORMAT, self.file, title.number),),
            )  # fmt: skip
        )
        return i

    def _meta(self, group: list[_Line]) -> _Details:
        """author_count or org, published and upvotes from a details group."""
        author_count: int | None = None
        org: Org | None = None
        published: dt.date | None = None
        upvotes = 0
        dot_seen = False
        for line in group:
            text = line.text
            if text == _DOT:
                dot_seen = True
                continue
            if not dot_seen:
                if author_count is not None or org is not None:
                    self.problem(line.number, f"second author line: {text[:60]!r}")
                elif m := _AUTHORS.match(text):
                    author_count = int(m.group(1))
                elif m := _ORG.match(text):
                    org = Org(handle=m.group(1), name=m.group(2).strip())
                else:
                    self.problem(line.number, f"expected '• N authors' or an organisation, found {text[:60]!r}")
                continue
            if published is not None or upvotes:
                self.problem(line.number, f"unexpected line after the date: {text[:60]!r}")
                continue
            parsed = self._date(line)
            if parsed is not None:
                published, upvotes = parsed
        if not dot_seen:
            self.problem(group[0].number, "paper details without the '·' line")
        return _Details(author_count, org, published, upvotes)

    def _date(self, line: _Line) -> tuple[dt.date | None, int] | None:
        m = _DATE.match(line.text)
        if not m:
            self.problem(line.number, f"expected a date such as 'Sep 25, 2024 4', found {line.text[:60]!r}")
            return None
        month, day, year, votes = m.groups()
        try:
            published = dt.date(int(year) if year else self.year, _MONTHS[month], int(day))
        except ValueError:
            self.problem(line.number, f"no such date: {line.text!r}")
            published = None
        return published, int(votes) if votes else 0


def parse_hf_page(text: str, file: str, *, year: int) -> ImportResult:
    """Papers and located problems from the text of a pasted papers page.

    `year` is the year the page was captured: dates shown without a year belong to it.
    """
    return _PageParser(text, file, year).parse()
