"""Votes on what to read: counting ballots (pure) and casting them (through the store).

Counting, for the ballots of one session (or the open ballots, for the next session):

- only approval ballots: each approval counts one; most approvals first;
- any ranked ballot: the Schulze method. Each ranked ballot prefers the papers it ranks, in
  its order, to every paper it does not rank; an approval ballot alongside ranked ones
  prefers the papers it approves to the others. `d[a][b]` is the number of ballots
  preferring a to b; the strength of a path is its weakest link (counting only links that
  win, d[a][b] > d[b][a]); a beats b when the strongest path from a to b is stronger than
  the one back. That relation is transitive, so papers are placed by how many others they
  beat, and a paper that beats every other head to head (a Condorcet winner) is first.

Ties (the same approvals, or Schulze beats-counts) are broken by more first preferences
(ballots that rank the paper first, or approve it), then by the list's order: the paper
added to the list earlier goes first. Every member computes the same standings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import InputError, UnknownPaperError
from .meetings import edit_reader_file
from .model import ReadingList
from .participation import Ballot
from .readers import check_reader

if TYPE_CHECKING:
    import numpy as np

METHOD_APPROVAL = "approval"
METHOD_SCHULZE = "schulze"
METHOD_NONE = "none"  # no ballots yet


@dataclass(frozen=True)
class Standing:
    """One paper's place in a vote, with the counts behind it."""

    place: int
    paper_id: str
    title: str
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "id": self.paper_id, "title": self.title, **self.counts}


@dataclass(frozen=True)
class VoteResult:
    """The standings of one vote, best first."""

    method: str
    session: dt.date | None
    ballots: int
    standings: list[Standing] = field(default_factory=list)

    @property
    def winner(self) -> str | None:
        return self.standings[0].paper_id if self.standings else None

    def top(self, count: int) -> list[str]:
        return [s.paper_id for s in self.standings[:count]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "session": self.session.isoformat() if self.session else None,
            "ballots": self.ballots,
            "tie_break": "more first preferences, then the list's order",
            "standings": [s.to_dict() for s in self.standings],
        }


def _levels(ballot: Ballot) -> dict[str, int]:
    """Paper -> preference level on this ballot (0 best); papers absent are below all."""
    if ballot.kind == "rank":
        return {pid: i for i, pid in enumerate(ballot.papers)}
    return {pid: 0 for pid in ballot.papers}


def _matrix(ballots: Sequence[Ballot], candidates: Sequence[str]) -> np.ndarray:
    """d[i, j]: how many ballots prefer candidate i to candidate j (numpy: n² per ballot)."""
    import numpy as np  # only when counting: the command line starts without it
    index = {c: i for i, c in enumerate(candidates)}
    n = len(candidates)
    d = np.zeros((n, n), dtype=np.int64)
    for ballot in ballots:
        level = np.full(n, n + 1, dtype=np.int64)  # papers a ballot leaves out: below all it names
        for pid, rank in _levels(ballot).items():
            if pid in index:
                level[index[pid]] = rank
        d += level[:, None] < level[None, :]
    return d


def pairwise(ballots: Sequence[Ballot], candidates: Sequence[str]) -> dict[str, dict[str, int]]:
    """d[a][b]: how many ballots prefer a to b."""
    d = _matrix(ballots, candidates)
    return {a: {b: int(d[i, j]) for j, b in enumerate(candidates) if j != i} for i, a in enumerate(candidates)}


def condorcet_winner(ballots: Sequence[Ballot], candidates: Sequence[str]) -> str | None:
    """The candidate who beats every other head to head, if there is one."""
    d = pairwise(ballots, candidates)
    for a in candidates:
        if all(d[a][b] > d[b][a] for b in candidates if b != a):
            return a
    return None


def _strongest_paths(d: np.ndarray) -> np.ndarray:
    """p[i, j]: the strength of the strongest path from i to j (links: winning margins' votes)."""
    import numpy as np
    p = np.where(d > d.T, d, 0)
    for k in range(len(p)):  # Floyd-Warshall for widest paths, one row-and-column sweep per k
        p = np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]))
    np.fill_diagonal(p, 0)
    return p


def schulze_beats(d: Mapping[str, Mapping[str, int]], candidates: Sequence[str]) -> dict[str, set[str]]:
    """Candidate -> the candidates it beats by the Schulze method (strongest paths)."""
    import numpy as np

    n = len(candidates)
    matrix = np.array([[d[a][b] if a != b else 0 for b in candidates] for a in candidates], dtype=np.int64).reshape(n, n)
    return _beats(_strongest_paths(matrix), candidates)


def _beats(p: np.ndarray, candidates: Sequence[str]) -> dict[str, set[str]]:
    import numpy as np

    wins = p > p.T
    return {a: {candidates[j] for j in np.flatnonzero(wins[i])} for i, a in enumerate(candidates)}


def count_votes(ballots: Iterable[Ballot], order: Sequence[str], titles: Mapping[str, str] | None = None, *, session: dt.date | None = None) -> VoteResult:
    """The standings of `ballots`. `order` is the list's paper order (the last tie-break);
    papers not in it are not counted."""
    position = {pid: i for i, pid in enumerate(order)}
    ballots = list(ballots)
    titles = titles or {}
    named = {pid for b in ballots for pid in b.papers if pid in position}
    candidates = sorted(named, key=position.__getitem__)
    first = {c: 0 for c in candidates}
    supporters = {c: 0 for c in candidates}
    for ballot in ballots:
        levels = _levels(ballot)
        for pid, level in levels.items():
            if pid in first:
                supporters[pid] += 1
                first[pid] += level == 0
    ranked = any(b.kind == "rank" for b in ballots)
    counts: dict[str, dict[str, int]]
    if ranked:
        d = _matrix(ballots, candidates)
        beats = _beats(_strongest_paths(d), candidates)
        wins = (d > d.T).sum(axis=1)
        head_to_head = {c: int(wins[i]) for i, c in enumerate(candidates)}
        counts = {
            c: {"beats": len(beats[c]), "head_to_head_wins": head_to_head[c], "first_preferences": first[c], "ballots": supporters[c]}
            for c in candidates
        }
        primary = {c: len(beats[c]) for c in candidates}
    else:
        counts = {c: {"approvals": supporters[c], "ballots": supporters[c]} for c in candidates}
        primary = dict(supporters)
    placed = sorted(candidates, key=lambda c: (-primary[c], -first[c], position[c]))
    standings = [Standing(i + 1, c, titles.get(c, c), counts[c]) for i, c in enumerate(placed)]
    method = METHOD_SCHULZE if ranked else METHOD_APPROVAL if ballots else METHOD_NONE
    return VoteResult(method=method, session=session, ballots=len(ballots), standings=standings)


def session_ballots(reading_list: ReadingList, session: dt.date | None) -> list[Ballot]:
    """Every reader's ballot for `session` (None: the open ballots), readers in name order."""
    return [by_session[session] for _, by_session in sorted(reading_list.ballots.items()) if session in by_session]


def results(reading_list: ReadingList, session: dt.date | None = None) -> VoteResult:
    """The standings of the vote for `session` (None: the open vote, for the next session)."""
    titles = {pid: " ".join(p.title.split()) for pid, p in reading_list.papers.items()}
    return count_votes(session_ballots(reading_list, session), list(reading_list.papers), titles, session=session)


def check_ballot(reading_list: ReadingList, papers: Sequence[str], *, where: str = "the list") -> tuple[str, ...]:
    """The papers of a new ballot, or one InputError line: none, unknown or named twice."""
    if not papers:
        raise InputError("a ballot names at least one paper")
    for pid in papers:
        if pid not in reading_list.papers:
            raise UnknownPaperError(f"{where}: no paper {pid!r} in this list")
    seen: set[str] = set()
    for pid in papers:
        if pid in seen:
            raise InputError(f"the ballot names paper {pid!r} twice")
        seen.add(pid)
    return tuple(papers)


def cast_ballot(store: Any, reader: str, kind: str, papers: Sequence[str], *, session: dt.date | None = None) -> Ballot:
    """Record the reader's ballot (replacing their earlier one for that session) and save
    only the reader's file. `kind` is `approve` or `rank` (best first)."""
    if kind not in ("approve", "rank"):
        raise InputError(f"a ballot is approve or rank, not {kind!r}")
    check_reader(reader)
    ballot = Ballot(session=session, kind=kind, papers=check_ballot(store.reading_list, papers, where=str(store.list_path)), cast=store.clock())
    edit_reader_file(store, reader, lambda mine: mine.ballots.__setitem__(session, ballot))
    return ballot


def clear_ballot(store: Any, reader: str, *, session: dt.date | None = None) -> bool:
    """Withdraw the reader's ballot for `session`; False when there was none."""
    check_reader(reader)
    if session not in store.reading_list.ballots.get(reader, {}):
        return False
    edit_reader_file(store, reader, lambda mine: mine.ballots.pop(session))
    return True


def has_voted_for(reading_list: ReadingList, reader: str, paper_id: str, *, session: dt.date | None = None) -> bool:
    ballot = reading_list.ballots.get(reader, {}).get(session)
    return ballot is not None and paper_id in ballot.papers


def toggle_vote(store: Any, reader: str, paper_id: str, *, session: dt.date | None = None) -> bool:
    """The card's vote toggle: add the paper to the reader's ballot (a new approval ballot,
    or the end of their ranking) or take it off; True when the paper is now voted for.

    The rest of the ballot stays as it is, even a paper another clone has since removed
    (such references are reported by `readinglist validate`, never dropped here)."""
    check_reader(reader)
    if paper_id not in store.reading_list.papers:
        raise UnknownPaperError(f"{store.list_path}: no paper {paper_id!r} in this list")
    ballot = store.reading_list.ballots.get(reader, {}).get(session)
    voted = ballot is not None and paper_id in ballot.papers
    if ballot is None:
        papers: tuple[str, ...] = (paper_id,)
    elif voted:
        papers = tuple(p for p in ballot.papers if p != paper_id)
    else:
        papers = (*ballot.papers, paper_id)
    new = Ballot(session, ballot.kind if ballot else "approve", papers, cast=store.clock()) if papers else None

    def change(mine: Any) -> None:
        if new is None:
            mine.ballots.pop(session, None)
        else:
            mine.ballots[session] = new

    edit_reader_file(store, reader, change)
    return not voted
