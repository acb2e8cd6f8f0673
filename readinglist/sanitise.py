"""Imported papers made fit for the list format, before they reach a list.

A value the format refuses (see `schema` and `checks`) is repaired where its meaning is
certain, or left out with a problem located at the paper's source
(`a.bib:4: links.project: not an http(s) link ('file:///etc/passwd'): left out`). Small
steps `(Paper, found) -> Paper`, applied in order, each adding `(field, message)` pairs:

- text: lone surrogates become U+FFFD and control characters (C0 and C1 but the tab and
  line breaks, DEL) are removed, both reported; a value over the format's size limit is
  left out; authors and suggested tags that end up empty are dropped, an organisation
  with an empty handle or name is left out;
- numbers: upvotes and author counts outside 0-9,999,999,999 (ten digits) and years (also
  of `published`) outside 1000-9999 are left out;
- the arXiv id is written as arXiv writes it (`math.AG/0601001` -> `math/0601001`), else
  left out;
- links: surrounding space, quotes and angle brackets go, the scheme is lower case,
  spaces, quotes, angle brackets, backslashes, backquotes and control characters are
  percent-encoded (`%20`); a link that is not http(s) (`file:`, `javascript:`), has no
  host, or is over the size limit is left out; so is a link kind the format refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from .checks import LINK_KIND, URL
from .errors import Problem
from .importers.arxiv import normalise_arxiv_id
from .model import Org, Paper, Source, evolve
from .normalise import one_line
from .words import plural
from .yamlio import MAX_SCALAR_CHARS

Found = list[tuple[str, str]]
Step = Callable[[Paper, Found], Paper]

MAX_TEXT_CHARS = MAX_SCALAR_CHARS
MAX_COUNT = 9_999_999_999  # checks.INT: whole numbers of at most ten digits
MIN_YEAR, MAX_YEAR = 1000, 9999

# C0 and C1 controls and DEL, but the tab and line breaks (the format carries them), and lone
# surrogates (no UTF-8 encoding: a file holding one could not be written).
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# In a link: what checks.URL refuses, plus control characters, percent-encoded.
_URL_UNSAFE = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f-\x9f]")
# A link that needs nothing done: http(s), a host's first character, nothing to encode.
_FIT_URL = re.compile(r"^https?://[A-Za-z0-9][^\s\"'<>\\`\x00-\x1f\x7f-\x9f\ud800-\udfff]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WRAPPERS = (("<", ">"), ('"', '"'), ("'", "'"))


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def clean_text(text: str, field: str, found: Found, *, single_line: bool = False) -> str:
    """`text` as Unicode without control characters; "" when over the size limit.

    `single_line` for the fields normalisation keeps on one line (title, abstract...), so
    that a removed character leaves no double space.
    """
    if _UNFIT.search(text):
        if _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
            found.append((field, "text that is not Unicode (a lone surrogate) replaced by U+FFFD"))
        controls = len(_CONTROL.findall(text))
        if controls:
            text = _CONTROL.sub("", text)
            found.append((field, f"{plural(controls, 'control character')} removed"))
    if single_line:
        text = one_line(text)
    if len(text) > MAX_TEXT_CHARS:
        found.append((field, f"{len(text):,} characters, more than the {MAX_TEXT_CHARS:,} a value may hold: left out"))
        return ""
    return text


def _or(text: str, default: str) -> str:
    return text if text.strip() else default


def _texts(paper: Paper) -> list[str]:
    texts = [paper.title, paper.abstract, paper.venue, paper.doi or "", paper.arxiv_id or "", *paper.authors, *paper.suggested_tags]
    if paper.org is not None:
        texts += (paper.org.handle, paper.org.name)
    for source in paper.sources:
        texts += (source.format, source.file)
    return texts


def _fit_already(paper: Paper) -> bool:
    """True for the usual paper, checked at C speed: nothing in it to repair or leave out."""
    joined = "\n".join(_texts(paper))
    if len(joined) > MAX_TEXT_CHARS or _UNFIT.search(joined):
        return False
    org = paper.org
    return (
        paper.doi != ""
        and paper.arxiv_id != ""
        and all(a.strip() for a in paper.authors)
        and all(t.strip() for t in paper.suggested_tags)
        and (org is None or bool(org.handle.strip() and org.name.strip()))
        and all(s.format.strip() and s.file.strip() for s in paper.sources)
    )


def fit_text(paper: Paper, found: Found) -> Paper:
    if _fit_already(paper):
        return paper
    title = clean_text(paper.title, "title", found, single_line=True)
    abstract = clean_text(paper.abstract, "abstract", found, single_line=True)
    venue = clean_text(paper.venue, "venue", found, single_line=True)
    doi = (clean_text(paper.doi, "doi", found) or None) if paper.doi else None  # "" is not given: None
    arxiv_id = (clean_text(paper.arxiv_id, "arxiv_id", found) or None) if paper.arxiv_id else None
    authors = tuple(
        a for a in (clean_text(a, f"authors[{i}]", found, single_line=True) for i, a in enumerate(paper.authors)) if a.strip()
    )
    tags = tuple(dict.fromkeys(t for t in (clean_text(t, "suggested_tags", found) for t in paper.suggested_tags) if t.strip()))
    org = paper.org
    if org is not None:
        handle, name = clean_text(org.handle, "org.handle", found), clean_text(org.name, "org.name", found)
        if not handle.strip() or not name.strip():
            found.append(("org", f"an organisation needs a handle and a name, found {_shown(handle)} and {_shown(name)}: left out"))
            org = None
        elif (handle, name) != (org.handle, org.name):
            org = Org(handle, name)
    sources = tuple(
        Source(_or(clean_text(s.format, "sources.format", found), "unknown"), _or(clean_text(s.file, "sources.file", found), "unnamed"), s.line)
        for s in paper.sources
    )
    return evolve(paper, title=title, abstract=abstract, venue=venue, doi=doi, arxiv_id=arxiv_id, authors=authors,
                  suggested_tags=tags, org=org, sources=sources)  # fmt: skip


def _number(value: object) -> str:
    """A number as a problem shows it; one too long to print as its size."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    return repr(value)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def fit_numbers(paper: Paper, found: Found) -> Paper:
    changes: dict[str, object] = {}
    if paper.upvotes != 0 and not _count(paper.upvotes):
        found.append(("upvotes", f"must be 0-{MAX_COUNT:,}, found {_number(paper.upvotes)}: left out"))
        changes["upvotes"] = 0
    if paper.author_count is not None and not _count(paper.author_count):
        found.append(("author_count", f"must be 0-{MAX_COUNT:,}, found {_number(paper.author_count)}: left out"))
        changes["author_count"] = None
    year = paper.year
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR):
        found.append(("year", f"must be {MIN_YEAR}-{MAX_YEAR}, found {_number(year)}: left out"))
        changes["year"] = None
    if paper.published is not None and not (isinstance(paper.published, dt.date) and MIN_YEAR <= paper.published.year <= MAX_YEAR):
        found.append(("published", f"a date in the years {MIN_YEAR}-{MAX_YEAR}, found {paper.published!r}: left out"))
        changes["published"] = None
    if any(s.line is not None and not (_count(s.line) and s.line >= 1) for s in paper.sources):
        changes["sources"] = tuple(s if s.line is None or (_count(s.line) and s.line >= 1) else Source(s.format, s.file) for s in paper.sources)
    return evolve(paper, **changes) if changes else paper


def fit_arxiv_id(paper: Paper, found: Found) -> Paper:
    if not paper.arxiv_id:
        return paper
    canonical = normalise_arxiv_id(paper.arxiv_id)
    if canonical == paper.arxiv_id:
        return paper
    if canonical is None:
        found.append(("arxiv_id", f"not an arXiv id: {_shown(paper.arxiv_id)}: left out"))
    return evolve(paper, arxiv_id=canonical)


def repair_url(raw: str) -> tuple[str | None, str]:
    """The link as the format holds it, or None and why it cannot be one."""
    url = raw.strip()
    changed = True
    while changed and len(url) >= 2:
        changed = False
        for left, right in _WRAPPERS:
            if url.startswith(left) and url.endswith(right):
                url, changed = url[1:-1].strip(), True
    scheme = _SCHEME.match(url)
    if scheme is None:
        return None, f"not a link: {_shown(url)}"
    if scheme.group(1).lower() not in ("http", "https"):
        return None, f"not an http(s) link ({_shown(url)})"
    url = scheme.group(1).lower() + url[len(scheme.group(1)) :]
    url = _SURROGATE.sub("\ufffd", url)
    if _URL_UNSAFE.search(url):
        url = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
    if len(url) > MAX_TEXT_CHARS:
        return None, f"a link of {len(url):,} characters, more than the {MAX_TEXT_CHARS:,} a value may hold"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host or not URL.fullmatch(url):
        return None, f"not a link to a host: {_shown(url)}"
    return url, ""


def fit_links(paper: Paper, found: Found) -> Paper:
    if not paper.links:
        return paper
    if all(LINK_KIND.fullmatch(kind) and isinstance(url, str) and len(url) <= MAX_TEXT_CHARS and _FIT_URL.fullmatch(url) for kind, url in paper.links.items()):
        return paper
    links: dict[str, str] = {}
    for kind, url in paper.links.items():
        if not LINK_KIND.fullmatch(kind):
            found.append(("links", f"not a link kind: {_shown(kind)} (lower-case letters, digits, -): left out"))
            continue
        fixed, why = repair_url(url) if isinstance(url, str) else (None, f"not text: {url!r}")
        if fixed is None:
            found.append((f"links.{kind}", f"{why}: left out"))
        elif fixed not in links.values():
            links[kind] = fixed
    return evolve(paper, links=links)


def default_steps() -> list[Step]:
    return [fit_text, fit_numbers, fit_arxiv_id, fit_links]


def sanitise(paper: Paper, steps: list[Step] | None = None) -> tuple[Paper, list[Problem]]:
    """The paper with every value the format refuses repaired or left out, and a problem,
    located at the paper's first source, for each one left out or changed in meaning."""
    found: Found = []
    fitted = paper
    for step in default_steps() if steps is None else steps:
        fitted = step(fitted, found)
    if not found:
        return fitted, []
    source = paper.sources[0] if paper.sources else None
    file, line = (source.file, source.line) if source else ("<input>", None)
    return fitted, [Problem(file, line, message, field) for field, message in found]
