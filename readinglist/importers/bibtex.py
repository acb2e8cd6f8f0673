"""BibTeX and BibLaTeX, as Zotero, Better BibTeX, JabRef, Google Scholar and arXiv export it.

Parsed by bibtexparser v2 with its own middlewares (LaTeX decoding, author splitting,
field-key normalisation). Every block it could not parse becomes a located problem: none
is dropped silently. An entry whose key repeats an earlier one is still a paper (Google
Scholar pastes do this with different papers), reported as a problem.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser import model as bib
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

from ..errors import Problem
from ..ids import find_arxiv_id
from ..latex import latex_to_unicode
from ..model import Paper, Source
from .base import ImportResult

FORMAT = "bibtex"

# bibtexparser logs parse failures itself; we report them as problems instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_ENTRY_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.M)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_YEAR = re.compile(r"^\s*(\d{4})\s*$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def looks_like(text: str) -> bool:
    return bool(_ENTRY_START.search(text[:20000]))


def _parse_stack() -> list[Any]:
    # LaTeX is decoded by our own converter afterwards (latex_to_unicode): bibtexparser's
    # LatexDecodingMiddleware runs pylatexenc over every value and is ~50x slower.
    return [
        mw.ResolveStringReferencesMiddleware(True),
        mw.RemoveEnclosingMiddleware(True),
        mw.NormalizeFieldKeys(True),
        mw.SeparateCoAuthors(True),
    ]


_LITERAL_BRACES = (("\\textbraceleft{}", "\ue000"), ("\\textbraceright{}", "\ue001"), ("\\{", "\ue000"), ("\\}", "\ue001"))


def _clean(value: Any) -> str:
    """Readable text of a field: LaTeX converted, then the protective braces dropped.

    Braces written as text (`\\{`, `\\textbraceleft{}`) are kept: they stand aside in
    private-use characters while the structural ones go.
    """
    text = str(value)
    if "{" in text or "\\" in text:
        for latex, stand_in in _LITERAL_BRACES:
            text = text.replace(latex, stand_in)
        text = latex_to_unicode(text).replace("{", "").replace("}", "")
        text = text.replace("\ue000", "{").replace("\ue001", "}")
    return " ".join(text.split())


Fields = dict[str, Any]


def _fields(entry: bib.Entry) -> Fields:
    # Entry.fields_dict builds a new dict on every access: read it once per entry.
    return {f.key: f.value for f in entry.fields}


def _field(fields: Fields, *names: str) -> Any:
    for name in names:
        value = fields.get(name)
        if value not in ("", None, []):
            return value
    return None


def _name(raw: Any) -> str:
    """`von Neumann, John` -> `John von Neumann`; a name bibtexparser cannot split stays as written.

    Names are split one by one (not by the SplitNameParts middleware) so that one malformed
    author list costs that list its order, not the whole entry.
    """
    try:
        parts = parse_single_name_into_parts(str(raw))
    except InvalidNameError:
        return _clean(raw)
    name = " ".join(p for p in (" ".join(parts.first), " ".join(parts.von), " ".join(parts.last)) if p)
    if parts.jr:
        name += ", " + " ".join(parts.jr)
    return _clean(name)


def _arxiv_id(entry: Fields) -> str | None:
    eprint = _field(entry, "eprint")
    prefix = str(_field(entry, "archiveprefix", "eprinttype") or "").lower()
    if eprint and (prefix in ("", "arxiv") or "arxiv" in str(eprint).lower()):
        found = find_arxiv_id(str(eprint))
        if found:
            return found
    doi = _field(entry, "doi")
    if doi and (m := _ARXIV_DOI.match(str(doi).strip())):
        return find_arxiv_id(m.group(1))
    for name in ("url", "journal", "number", "note", "howpublished"):
        value = _field(entry, name)
        if value and "arxiv" in str(value).lower():
            found = find_arxiv_id(str(value))
            if found:
                return found
    return None


def _published(entry: Fields, report: Callable[[str, str], None]) -> tuple[dt.date | None, int | None]:
    date = _field(entry, "date")
    if date and (m := _ISO_DATE.match(str(date).strip())):
        year, month, day = m.groups()
        if month and day:
            try:
                return dt.date(int(year), int(month), int(day)), None
            except ValueError:
                pass
        return None, int(year)
    if date:
        report("date", f"not a date YYYY-MM-DD: {_short(date)}: left out")
    year = _field(entry, "year")
    if year and (m := _YEAR.match(str(year))):
        return None, int(m.group(1))
    if year:
        report("year", f"not a year: {_short(year)}: left out")
    return None, None


def _short(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 30 else text[:27] + "...")


def _venue(entry: Fields) -> str:
    value = _field(entry, "journal", "journaltitle", "booktitle", "publisher", "institution", "school", "howpublished")
    text = " ".join(str(value).split()) if value else ""
    return "" if text.lower().startswith("arxiv") else text


def _keywords(entry: Fields) -> tuple[str, ...]:
    raw = _field(entry, "keywords")
    if not raw:
        return ()
    separator = ";" if ";" in str(raw) else ","
    tags: list[str] = []
    for word in _clean(raw).split(separator):
        tag = " ".join(word.split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _paper(block: bib.Entry, file: str, problems: list[Problem]) -> tuple[Paper | None, str | None]:
    line = block.start_line + 1
    entry = _fields(block)

    def report(field: str, message: str) -> None:
        problems.append(Problem(file, line, message, field))

    title = _field(entry, "title")
    if not title or not str(title).strip():
        return None, f"entry {block.key!r} has no title"
    authors_value = _field(entry, "author")
    names = [] if not authors_value else authors_value if isinstance(authors_value, list) else [authors_value]
    authors = tuple(n for n in (_name(p) for p in names) if n)
    if authors and authors[-1].lower() == "others":
        authors = authors[:-1]
    published, year = _published(entry, report)
    arxiv_id = _arxiv_id(entry)
    links: dict[str, str] = {}
    url = str(_field(entry, "url") or "").strip()
    if url:  # repaired or reported by the list's sanitising
        links["arxiv" if "arxiv.org/abs/" in url else "project"] = url
    if arxiv_id:
        links["arxiv"] = f"https://arxiv.org/abs/{arxiv_id}"
    doi = _field(entry, "doi")
    doi_text = str(doi).strip() if doi else None
    if doi_text and _ARXIV_DOI.match(doi_text):
        doi_text = None  # arXiv's own DOIs say no more than the arXiv id
    paper = Paper(
        id="",
        title=_clean(title),
        abstract=_clean(_field(entry, "abstract", "abstractnote") or ""),
        authors=authors,
        author_count=len(authors) if authors and "others" not in str(authors_value).lower() else None,
        published=published,
        year=year,
        venue=_clean(_venue(entry)),
        arxiv_id=arxiv_id,
        doi=doi_text,
        links=links,
        suggested_tags=_keywords(entry),
        sources=(Source(FORMAT, file, line),),
    )
    return paper, None


def parse_bibtex(text: str, file: str, *, year: int | None = None) -> ImportResult:
    """Papers from a .bib file; unparseable blocks and title-less entries as problems."""
    library = bibtexparser.parse_string(text.lstrip("\ufeff"), parse_stack=_parse_stack())
    result = ImportResult()
    entries: list[bib.Entry] = list(library.entries)
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, bib.Entry):
            result.problems.append(Problem(file, line, f"entry key {block.key!r} is used twice; imported both entries"))
            duplicate = block.ignore_error_block
            entries.append(_transform_duplicate(duplicate))
            continue
        result.problems.append(Problem(file, line, f"BibTeX block not imported: {_failure_reason(block)}"))
    for comment in library.comments:
        if isinstance(comment, bib.ImplicitComment) and _looks_like_bibtex(comment.comment):
            result.problems.append(Problem(file, comment.start_line + 1, f"text outside any entry, not imported: {_short(comment.comment.strip())} (a brace too many, or an entry without '@'?)"))
    entries.sort(key=lambda e: e.start_line)
    for entry in entries:
        paper, why = _paper(entry, file, result.problems)
        if paper is None:
            result.problems.append(Problem(file, entry.start_line + 1, why or "entry not imported"))
        else:
            result.papers.append(paper)
    return result


def _looks_like_bibtex(comment: str) -> bool:
    """Text between entries is a comment, unless it holds BibTeX syntax: then it is input
    that a brace too many or a missing `@` cut off from its entry. `%` lines are comments."""
    text = "\n".join(line for line in comment.splitlines() if not line.lstrip().startswith("%"))
    return any(mark in text for mark in "{}=")


def _failure_reason(block: bib.Block) -> str:
    error = getattr(block, "error", None)
    if type(error).__name__ == "BlockAbortedException":
        raw = (getattr(block, "raw", "") or "").lstrip()
        head = raw.split("{", 1)[0].split("(", 1)[0].strip() or "an entry"
        return f"{head} is not finished (was the file cut short?)"
    text = " ".join(str(error or "").split())
    return text or "could not be parsed"


def _transform_duplicate(entry: bib.Entry) -> bib.Entry:
    """Run the parse middlewares over an entry bibtexparser set aside as a duplicate."""
    library = bibtexparser.Library([entry])
    for middleware in _parse_stack():
        library = middleware.transform(library)
    return library.entries[0]
