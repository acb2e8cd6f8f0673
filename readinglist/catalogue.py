"""Adding imported papers to a list: one paper per real paper, nothing known lost.

A paper matches an existing one by arXiv id, else by title key (case, accents,
punctuation, hyphens and spacing ignored). Matching papers merge field by field: a field
the list lacks is filled in, upvotes keep the highest count, sources and links add up,
and where both have a different value the list keeps its own and a problem reports it.
Every paper is first normalised and sanitised (`sanitise`): what reaches a list, it can hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .bulk import collector_paused
from .errors import Problem
from .ids import paper_id_for, title_key
from .model import Paper, ReadingList, evolve
from .normalise import normalise
from .sanitise import sanitise

# Fields compared one by one when two records of a paper meet (id and sources aside).
_PLAIN_FIELDS = ("title", "abstract", "authors", "author_count", "org", "published", "year", "venue", "arxiv_id", "doi")


def placeholder_title(arxiv_id: str) -> str:
    """The title a paper known only by its arXiv id carries until a source gives the real one."""
    return f"arXiv:{arxiv_id}"


def _is_placeholder(paper: Paper) -> bool:
    return bool(paper.arxiv_id) and paper.title == placeholder_title(paper.arxiv_id or "")


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


def _loose(value: Any) -> str:
    return title_key(" ".join(value) if isinstance(value, tuple) else str(value))


def merge_paper(kept: Paper, incoming: Paper) -> tuple[Paper, list[str]]:
    """`kept` completed with what `incoming` knows; and the fields where they disagree."""
    changes: dict[str, Any] = {}
    disagreements: list[str] = []
    for name in _PLAIN_FIELDS:
        mine, theirs = getattr(kept, name), getattr(incoming, name)
        if _empty(theirs) or mine == theirs:
            continue
        if _empty(mine) or (name == "title" and _is_placeholder(kept)):
            changes[name] = theirs
        elif name in ("title", "abstract", "authors", "venue") and _loose(mine) == _loose(theirs):
            continue  # the same text spelt differently (case, accents, punctuation): not a disagreement
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
    suggested = kept.suggested_tags + tuple(t for t in incoming.suggested_tags if t not in kept.suggested_tags)
    if suggested != kept.suggested_tags:
        changes["suggested_tags"] = suggested
    sources = kept.sources + tuple(s for s in incoming.sources if s not in kept.sources)
    if sources != kept.sources:
        changes["sources"] = sources
    return (evolve(kept, **changes) if changes else kept), disagreements


class _Index:
    """Where to find a list's papers by arXiv id and by title key."""

    def __init__(self, papers: dict[str, Paper], merged_titles: dict[str, str] | None = None) -> None:
        self.papers = papers
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        self.by_title: dict[str, str] = {}
        for paper in papers.values():
            self.add(paper)
        # Titles of papers the user merged into another (readinglist dedupe) lead to it.
        for title, kept in (merged_titles or {}).items():
            if kept in papers:
                self.by_title.setdefault(title_key(title), kept)

    def add(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, paper.id)
        if paper.doi:
            self.by_doi.setdefault(paper.doi.lower(), paper.id)
        key = title_key(paper.title)
        if key and not _is_placeholder(paper):
            self.by_title.setdefault(key, paper.id)

    def find(self, paper: Paper) -> str | None:
        """The id of the list's paper that `paper` is: same arXiv id, same DOI, or same title.

        Two different arXiv ids (or DOIs) are two papers, whatever their titles say.
        """
        if paper.arxiv_id and paper.arxiv_id in self.by_arxiv:
            return self.by_arxiv[paper.arxiv_id]
        if paper.doi and paper.doi.lower() in self.by_doi:
            return self.by_doi[paper.doi.lower()]
        found = self.by_title.get(title_key(paper.title))
        return found if found is not None and self._compatible(found, paper) else None

    def _compatible(self, found_id: str, paper: Paper) -> bool:
        other = self.papers.get(found_id)
        if other is None:
            return True
        if paper.arxiv_id and other.arxiv_id and paper.arxiv_id != other.arxiv_id:
            return False
        return not (paper.doi and other.doi and paper.doi.lower() != other.doi.lower())


class _Taken:
    """The ids a new paper may not take: the list's papers and its removed ones."""

    def __init__(self, reading_list: ReadingList) -> None:
        self.papers, self.removed = reading_list.papers, reading_list.removed

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self.papers or paper_id in self.removed


def add_papers(reading_list: ReadingList, papers: Iterable[Paper]) -> MergeReport:
    """Add imported papers to `reading_list` in place, merging ones it already holds.

    Imported papers carry no id yet (`id == ""`); new ones get one here, which they keep.
    A paper that matches one already added or merged in this same call counts once.
    """
    with collector_paused():
        return _add_papers(reading_list, papers)


def _add_papers(reading_list: ReadingList, papers: Iterable[Paper]) -> MergeReport:
    report = MergeReport()
    merged_titles = {d.other_title: d.kept for d in reading_list.duplicates if d.decision == "merged" and d.other_title}
    index = _Index(reading_list.papers, merged_titles)
    # Removed papers are not imported again (their ids stay taken): `remove --undo` brings them back.
    removed_index = _Index({pid: r.paper for pid, r in reading_list.removed.items()}) if reading_list.removed else None
    taken = _Taken(reading_list)
    merged_keys = {title_key(t) for t in merged_titles}
    touched: set[str] = set()
    for raw in papers:
        paper, unfit = sanitise(normalise(raw))
        report.problems.extend(unfit)
        source = paper.sources[0] if paper.sources else None
        where = (source.file, source.line) if source else ("<input>", None)
        if not title_key(paper.title):
            if not paper.arxiv_id:
                report.problems.append(Problem(where[0], where[1], "paper without a title: skipped"))
                continue
            # Known only by its arXiv id (an id list): a placeholder title until fetched.
            paper = evolve(paper, title=placeholder_title(paper.arxiv_id))
        existing_id = index.find(paper)
        gone_id = removed_index.find(paper) if existing_id is None and removed_index is not None else None
        if gone_id is not None:
            removal = reading_list.removed[gone_id]
            report.problems.append(
                Problem(
                    where[0], where[1],
                    f"paper {gone_id!r} was removed by {removal.by} on {removal.at:%Y-%m-%d}: not imported again "
                    f"('readinglist remove LIST {gone_id} --undo' brings it back)",
                )
            )  # fmt: skip
            if gone_id not in touched:
                report.skipped.append(gone_id)
                touched.add(gone_id)
            continue
        if existing_id is None:
            new_id = paper_id_for(paper.title, paper.arxiv_id, taken)
            paper = evolve(paper, id=new_id)
            reading_list.papers[new_id] = paper
            index.add(paper)
            report.added.append(new_id)
            touched.add(new_id)
            continue
        kept = reading_list.papers[existing_id]
        merged, disagreements = merge_paper(kept, paper)
        if title_key(paper.title) in merged_keys:  # a title the user merged into this paper
            disagreements = [d for d in disagreements if not d.startswith("title:")]
        for text in disagreements:
            report.problems.append(Problem(where[0], where[1], f"paper {existing_id!r} {text} (kept the list's value)"))
        if merged != kept:
            reading_list.papers[existing_id] = merged
            index.add(merged)
            if existing_id in report.skipped:  # seen unchanged earlier in this call, new facts now
                report.skipped.remove(existing_id)
                touched.discard(existing_id)
            if existing_id not in touched:
                report.merged.append(existing_id)
                touched.add(existing_id)
            if _is_placeholder(kept) and not _is_placeholder(merged):
                _reconcile(reading_list, index, report, existing_id)
        elif existing_id not in touched:
            report.skipped.append(existing_id)
            touched.add(existing_id)
    return report


def _reconcile(reading_list: ReadingList, index: _Index, report: MergeReport, paper_id: str) -> None:
    """A paper known only by its arXiv id just got its title: if another paper of this same
    import has that title, the two are one paper (the earlier id stays)."""
    paper = reading_list.papers[paper_id]
    key = title_key(paper.title)
    other_id = index.by_title.get(key)
    if other_id is None or other_id == paper_id or other_id not in reading_list.papers:
        index.by_title[key] = paper_id
        return
    if not index._compatible(other_id, paper):
        return
    new_ids = set(report.added)
    if paper_id not in new_ids and other_id not in new_ids:
        return  # both were in the list before: a decision for `readinglist dedupe`
    order = list(reading_list.papers)
    kept_id, gone_id = (other_id, paper_id) if order.index(other_id) < order.index(paper_id) else (paper_id, other_id)
    if kept_id not in new_ids and gone_id not in new_ids:
        return
    if gone_id not in new_ids:  # only ever remove a paper this import created
        return
    merged, _ = merge_paper(reading_list.papers[kept_id], reading_list.papers[gone_id])
    del reading_list.papers[gone_id]
    reading_list.papers[kept_id] = merged
    report.added.remove(gone_id)
    if gone_id in report.merged:
        report.merged.remove(gone_id)
    index.by_title[key] = kept_id
    if merged.arxiv_id:
        index.by_arxiv[merged.arxiv_id] = kept_id
    if merged.doi:
        index.by_doi[merged.doi.lower()] = kept_id
    if kept_id not in report.added and kept_id not in report.merged:
        report.merged.append(kept_id)

