"""The handout's "Candidates for next session": the group's top suggestions, with reasons.

Made by `readinglist.suggest` for the group (papers nobody has reviewed yet, ranked by a
model of the members' ratings, or by the group's signals on a cold start); each entry
shows the paper, the words of it that weighed most and the rated papers it is like.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ReadingList
from .text import md_text, readable

HEADING = "Candidates for next session"


@dataclass(frozen=True)
class Candidate:
    paper_id: str
    title: str
    score: float
    because: tuple[str, ...] = ()
    like: tuple[str, ...] = ()  # titles of the rated papers it is closest to
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidates:
    items: tuple[Candidate, ...]
    basis: str


def group_candidates(source: object, reading_list: ReadingList, count: int) -> Candidates:
    """The group's top `count` suggestions for `source` (a folder, a store or a list)."""
    from ..suggestions import suggest

    found = suggest(source, limit=count)  # type: ignore[arg-type]
    papers = reading_list.papers
    items = tuple(
        Candidate(
            s.id, s.title, s.score, s.because,
            tuple(papers[p].title for p in s.like if p in papers), s.reasons,
        )  # fmt: skip
        for s in found
    )
    return Candidates(items, found.basis)


def candidates_markdown(candidates: Candidates) -> str:
    """The section as Markdown; every text from the list goes through the escaping helpers."""
    blocks = [f"## {HEADING}", md_text(readable(candidates.basis[:1].upper() + candidates.basis[1:])) + "."]
    if not candidates.items:
        blocks.append("Every paper of the list has been reviewed: nothing to propose.")
    for n, c in enumerate(candidates.items, 1):
        lines = [f"{n}. **{md_text(readable(c.title), math=True)}**"]
        if c.because:
            lines.append("   *because:* " + "; ".join(md_text(readable(w)) for w in c.because))
        if c.like:
            lines.append("   *like:* " + "; ".join(md_text(readable(t), math=True) for t in c.like))
        if c.reasons:
            lines.append("   " + "; ".join(md_text(readable(r)) for r in c.reasons))
        blocks.append("  \n".join(lines))
    return "\n\n".join(blocks)
