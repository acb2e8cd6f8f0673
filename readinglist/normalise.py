"""Normalisation applied to every imported paper: small `Paper -> Paper` steps, in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .latex import latex_to_unicode
from .links import find_links
from .model import Paper, evolve

Step = Callable[[Paper], Paper]


def _one_line(text: str) -> str:
    # Substring tests run at C speed; most text is already one line with single spaces.
    # (Non-ASCII text may hold other spaces, such as U+00A0: it always takes the full path.)
    if text.isascii() and "  " not in text and "\n" not in text and "\t" not in text and "\r" not in text:
        if "\x0b" not in text and "\x0c" not in text and text.strip() == text:
            return text
    return " ".join(text.split())


one_line = _one_line  # runs of white space as one space, no space at either end


def collapse_whitespace(paper: Paper) -> Paper:
    """Runs of spaces, tabs and line breaks in text fields become one space."""
    title = _one_line(paper.title)
    abstract = _one_line(paper.abstract)
    venue = _one_line(paper.venue)
    authors = tuple(_one_line(a) for a in paper.authors)
    if (title, abstract, venue, authors) == (paper.title, paper.abstract, paper.venue, paper.authors):
        return paper
    return evolve(paper, title=title, abstract=abstract, venue=venue, authors=tuple(a for a in authors if a))


def readable_latex(paper: Paper) -> Paper:
    """LaTeX text commands in text fields become Unicode; math stays."""
    title = latex_to_unicode(paper.title)
    abstract = latex_to_unicode(paper.abstract)
    venue = latex_to_unicode(paper.venue)
    authors = tuple(latex_to_unicode(a) for a in paper.authors)
    if (title, abstract, venue, authors) == (paper.title, paper.abstract, paper.venue, paper.authors):
        return paper
    return evolve(paper, title=title, abstract=abstract, venue=venue, authors=authors)


def links_from_abstract(paper: Paper) -> Paper:
    """Code and project links named in the abstract, added under kinds not already known."""
    found = find_links(paper.abstract)
    if not found:
        return paper
    links = dict(paper.links)
    known = set(links.values())
    for kind, url in found.items():
        if url not in known and kind not in links:
            links[kind] = url
    return evolve(paper, links=links)


def default_steps() -> list[Step]:
    # Links are read before LaTeX conversion, which leaves URLs alone but could touch debris.
    return [collapse_whitespace, links_from_abstract, readable_latex]


def normalise(paper: Paper, steps: Sequence[Step] | None = None) -> Paper:
    for step in default_steps() if steps is None else steps:
        paper = step(paper)
    return paper
