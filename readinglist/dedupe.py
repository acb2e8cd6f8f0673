"""Possible duplicates: papers whose titles are nearly, but not certainly, the same.

Certain matches (same arXiv id, DOI or title key) merge on import. What is left here are
near misses: a version suffix (`... v2`, `(extended version)`), a subtitle added or
dropped, a typo. They are proposed to the user, whose answer is kept in the list
(`duplicates:` in list.yaml) so the same question is never asked twice.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel

from .catalogue import merge_paper
from .ids import title_key
from .model import DuplicateDecision, Paper, ReadingList, Review, update_review

# Words that mark another version of the same paper, not another paper.
_VERSION_TAIL = re.compile(
    r"(v\d+|version\d*|extendedversion|extendedabstract|preprint|fullversion|longversion|supplementarymaterial|arxiv)+$"
)
SIMILARITY = 0.92
# difflib's ratio counts the characters of matching blocks that form a common subsequence,
# so it is never above Indel's normalised similarity (longest common subsequence): a pair
# below the cut-off there is below it in difflib too. rapidfuzz (C++) rules out nearly
# every pair; difflib, which gives the reported figure, runs only on the few left.
_PREFILTER = SIMILARITY - 1e-9
# Titles are compared only within blocks sharing their first or last letters, and blocks
# that many titles share say nothing: this keeps the search near-linear on big lists.
_BLOCK_CHARS = 12
_BLOCK_MAX = 40


@dataclass(frozen=True)
class Candidate:
    """Two papers that may be one, and why they were proposed."""

    first: str
    second: str
    reason: str


def loose_key(title: str) -> str:
    """The title key without version words at its end."""
    key = title_key(title)
    stripped = _VERSION_TAIL.sub("", key)
    return stripped or key


def _decided(reading_list: ReadingList) -> set[frozenset[str]]:
    return {frozenset((d.kept, d.other)) for d in reading_list.duplicates}


def _different_identifiers(a: Paper, b: Paper) -> bool:
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(a.doi and b.doi and a.doi.lower() != b.doi.lower())


def find_candidates(reading_list: ReadingList, only: set[str] | None = None) -> list[Candidate]:
    """Pairs of papers that look alike and have no decision yet (`only`: pairs touching these ids)."""
    papers = list(reading_list.papers.values())
    position = {paper_id: i for i, paper_id in enumerate(reading_list.papers)}
    decided = _decided(reading_list)
    found: dict[frozenset[str], Candidate] = {}

    def propose(a: Paper, b: Paper, reason: str) -> None:
        pair = frozenset((a.id, b.id))
        if a.id == b.id or pair in decided or pair in found or _different_identifiers(a, b):
            return
        if only is not None and a.id not in only and b.id not in only:
            return
        first, second = (a, b) if position[a.id] < position[b.id] else (b, a)
        found[pair] = Candidate(first.id, second.id, reason)

    by_loose: dict[str, list[Paper]] = defaultdict(list)
    blocks: dict[tuple[str, str], list[tuple[str, Paper]]] = defaultdict(list)
    for paper in papers:
        key = loose_key(paper.title)
        by_loose[key].append(paper)
        blocks["head", key[:_BLOCK_CHARS]].append((key, paper))
        blocks["tail", key[-_BLOCK_CHARS:]].append((key, paper))
    for group in by_loose.values():
        for other in group[1:]:
            propose(group[0], other, "same title apart from a version suffix")
    for block in blocks.values():
        if not 2 <= len(block) <= _BLOCK_MAX:
            continue
        if only is not None and not any(p.id in only for _, p in block):
            continue
        for i, (key_a, a) in enumerate(block):
            for key_b, b in block[i + 1 :]:
                if key_a == key_b or abs(len(key_a) - len(key_b)) > max(len(key_a), len(key_b)) * (1 - SIMILARITY) * 2:
                    continue
                if Indel.normalized_similarity(key_a, key_b, score_cutoff=_PREFILTER) == 0:
                    continue
                ratio = difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()
                if ratio >= SIMILARITY:
                    propose(a, b, f"titles {ratio:.0%} alike")
    return list(found.values())


def mark_distinct(reading_list: ReadingList, first: str, second: str) -> None:
    """Remember that two papers are different, so they are not proposed again."""
    for paper_id in (first, second):
        if paper_id not in reading_list.papers:
            raise KeyError(paper_id)
    if frozenset((first, second)) not in _decided(reading_list):
        reading_list.duplicates.append(DuplicateDecision(first, second, "distinct"))


def merge_duplicates(reading_list: ReadingList, kept: str, other: str) -> set[str]:
    """Merge paper `other` into `kept`, in place; returns the readers whose reviews moved.

    `kept` keeps its id, order and values, completed by what `other` knew. Readers'
    reviews of `other` move to `kept`; a reader who reviewed both keeps one review with the
    tags of both, the rating and status of `kept`'s review (or `other`'s when unset) and
    both notes. The decision is recorded so later imports of `other` land on `kept`.
    """
    papers = reading_list.papers
    if kept == other:
        raise ValueError("a paper cannot be merged into itself")
    if kept in papers and other not in papers and is_merged(reading_list, kept, other):
        return fold_references(reading_list, kept, other)  # merged before: fold what still names it
    for paper_id in (kept, other):
        if paper_id not in papers:
            raise KeyError(paper_id)
    merged, _ = merge_paper(papers[kept], papers[other])
    removed = papers.pop(other)
    papers[kept] = merged
    reading_list.duplicates = [d for d in reading_list.duplicates if (d.kept, d.other) != (kept, other)]
    moved = fold_references(reading_list, kept, other)
    reading_list.duplicates = [d for d in reading_list.duplicates if other not in (d.kept, d.other) or d.decision == "merged"]
    reading_list.duplicates.append(DuplicateDecision(kept, other, "merged", removed.title))
    return moved


def is_merged(reading_list: ReadingList, kept: str, other: str) -> bool:
    return any((d.kept, d.other, d.decision) == (kept, other, "merged") for d in reading_list.duplicates)


def fold_references(reading_list: ReadingList, kept: str, other: str) -> set[str]:
    """Move what names `other` (reviews, session places) to `kept`; the readers whose
    reviews moved. Also for reviews of `other` that arrived after the merge (git)."""
    moved: set[str] = set()
    for reader, by_paper in reading_list.reviews.items():
        theirs = by_paper.pop(other, None)
        if theirs is None:
            continue
        moved.add(reader)
        mine = by_paper.get(kept)
        by_paper[kept] = replace(theirs, paper_id=kept) if mine is None else _combine(mine, theirs)
    for session_index, session in enumerate(reading_list.sessions):
        if other in session.papers:
            ids = tuple(dict.fromkeys(kept if p == other else p for p in session.papers))
            reading_list.sessions[session_index] = replace(session, papers=ids)
    return moved


def _combine(mine: Review, theirs: Review) -> Review:
    note = mine.note if not theirs.note or theirs.note == mine.note else (f"{mine.note}\n\n{theirs.note}" if mine.note else theirs.note)
    combined = update_review(
        mine,
        rating=mine.rating if mine.rating is not None else theirs.rating,
        status=mine.status or theirs.status,
        add_tags=theirs.tags,
        note=note,
        now=max(filter(None, (mine.updated, theirs.updated)), default=None) or mine.updated,  # type: ignore[arg-type]
    )
    return combined
