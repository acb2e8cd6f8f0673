"""Adding imported papers to a list: one paper per real paper, nothing known lost.

A paper matches an existing one by arXiv id, else by title key (case, accents,
punctuation, hyphens and spacing ignored). Matching papers merge field by field: a field
the list lacks is filled in, upvotes keep the highest count, sources and links add up,
and where both have a different value the list keeps its own and a problem reports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import Problem
from .ids import paper_id_for, title_key
from .model import Paper, ReadingList
from .normalise import normalise

# Fields compared one by one when two records of a paper meet (id and sources aside).
_PLAIN_FIELDS = ("title", "abstract", "authors", "author_count", "org", "published", "arxiv_id")


@dataclass
class MergeReport:
    """What adding papers did: counts, and the disagreements found, each located."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == {}


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        value = ", ".join(map(str, value))
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def merge_paper(kept: Paper, incoming: Paper) -> tuple[Paper, list[str]]:
    """`kept` completed with what `incoming` knows; and the fields where they disagree."""
    changes: dict[str, Any] = {}
    disagreements: list[str] = []
    for name in _PLAIN_FIELDS:
        mine, theirs = getattr(kept, name), getattr(incoming, name)
        if _empty(theirs) or mine == theirs:
            continue
        if _empty(mine):
            changes[name] = theirs
        elif name == "title" and title_key(mine) == title_key(theirs):
            continue  # the same title by the matching rule, spelt differently: not a disagreement
        else:
            disagreements.append(f"{name}: list has {_show(mine)}, source has {_show(theirs)}")
    if incoming.upvotes > kept.upvotes:
        changes["upvotes"] = incoming.upvotes
    links = dict(kept.links)
    for kind, url in incoming.links.items():
        if kind not in links and url not in links.values():
            links[kind] = url
        elif links.get(kind) not in (None, url) and url not in links.values():
            disagreements.append(f"links.{kind}: list has {_show(links[kind])}, source has {_show(url)}")
    if links != kept.links:
        changes["links"] = links
    sources = kept.sources + tuple(s for s in incoming.sources if s not in kept.sources)
    if sources != kept.sources:
        changes["sources"] = sources
    return (replace(kept, **changes) if changes else kept), disagreements


class _Index:
    """Where to find a list's papers by arXiv id and by title key."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self.by_arxiv: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for paper in papers:
            self.add(paper)

    def add(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, paper.id)
        key = title_key(paper.title)
        if key:
            self.by_title.setdefault(key, paper.id)

    def find(self, paper: Paper) -> str | None:
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id]
        return self.by_title.get(title_key(paper.title))


def add_papers(reading_list: ReadingList, papers: Iterable[Paper]) -> MergeReport:
    """Add imported papers to `reading_list` in place, merging ones it already holds.

    Imported papers carry no id yet (`id == ""`); new ones get one here, which they keep.
    A paper that matches one already added or merged in this same call counts once.
    """
    report = MergeReport()
    index = _Index(reading_list.papers.values())
    touched: set[str] = set()
    for raw in papers:
        paper = normalise(raw)
        source = paper.sources[0] if paper.sources else None
        where = (source.file, source.line) if source else ("<input>", None)
        if not title_key(paper.title):
            report.problems.append(Problem(where[0], where[1], "paper without a title: skipped"))
            continue
        existing_id = index.find(paper)
        if existing_id is None:
            new_id = paper_id_for(paper.title, paper.arxiv_id, reading_list.papers)
            paper = replace(paper, id=new_id)
            reading_list.papers[new_id] = paper
            index.add(paper)
            report.added.append(new_id)
            touched.add(new_id)
            continue
        kept = reading_list.papers[existing_id]
        merged, disagreements = merge_paper(kept, paper)
        for text in disagreements:
            report.problems.append(Problem(where[0], where[1], f"paper {existing_id!r} {text} (kept the list's value)"))
        if merged != kept:
            reading_list.papers[existing_id] = merged
            index.add(merged)
            if existing_id not in touched:
                report.merged.append(existing_id)
                touched.add(existing_id)
        elif existing_id not in touched:
            report.skipped.append(existing_id)
    return report

