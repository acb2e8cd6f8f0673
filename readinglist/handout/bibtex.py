"""BibTeX of a handout's papers, written with bibtexparser v2.

Every value is escaped for LaTeX: the ten special characters become text commands
(`\\input{x}` in a title is printed as the text `\\input{x}`, never run by LaTeX), and no raw
brace is written, so BibTeX's brace counting cannot be thrown off by a title either.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser.model import Entry, Field

from .select import Handout
from .text import is_arxiv_id, readable

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile("[" + re.escape("".join(_LATEX_SPECIALS)) + "]")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9:._-]+", re.ASCII)
_URL_PREFERENCE = ("arxiv", "pdf", "project", "code")


def latex_escape(text: str) -> str:
    """`text` as LaTeX that prints it literally (whitespace runs become one space)."""
    return _SPECIAL_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], " ".join(text.split()))


def _url_escape(url: str) -> str:
    # Inside `url = {...}` (read verbatim by biblatex and url.sty) only braces and backslashes
    # can hurt: percent-encode them, which names the same URL.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def citation_key(paper_id: str, taken: set[str]) -> str:
    base = _KEY_CHARS.sub("-", paper_id).strip("-") or "paper"
    key, n = base, 2
    while key.lower() in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key.lower())
    return key


def bibtex_text(handout: Handout) -> str:
    """One `@misc` entry per paper of the handout, in its order."""
    library = bibtexparser.Library()
    taken: set[str] = set()
    for e in handout.entries:
        paper = e.paper
        fields = [Field("title", latex_escape(readable(paper.title)))]
        if paper.authors:
            fields.append(Field("author", " and ".join(latex_escape(a) for a in paper.authors)))
        elif paper.org:
            fields.append(Field("author", "{" + latex_escape(paper.org.name) + "}"))  # a corporate author
        year = paper.published.year if paper.published else getattr(paper, "year", None)
        if year:
            fields.append(Field("year", str(year)))
        if paper.published:
            fields.append(Field("month", paper.published.strftime("%b").lower()))
        venue = getattr(paper, "venue", "")
        if venue:
            fields.append(Field("howpublished", latex_escape(venue)))
        if is_arxiv_id(paper.arxiv_id):
            fields += [Field("eprint", paper.arxiv_id or ""), Field("archiveprefix", "arXiv")]
        doi = getattr(paper, "doi", None)
        if doi:
            fields.append(Field("doi", latex_escape(doi)))
        url = next((paper.links[k] for k in _URL_PREFERENCE if k in paper.links), None)
        if url is None and paper.links:
            url = next(iter(paper.links.values()))
        if url:
            fields.append(Field("url", _url_escape(url)))
        if e.tags:
            fields.append(Field("keywords", latex_escape(", ".join(e.tags))))
        if paper.abstract.strip():
            fields.append(Field("abstract", latex_escape(readable(paper.abstract))))
        library.add(Entry("misc", citation_key(paper.id, taken), fields))
    if not handout.entries:
        return ""
    return bibtexparser.write_string(library)
