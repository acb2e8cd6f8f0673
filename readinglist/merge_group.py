"""Three-way merge of a reader's whole file: reviews (as merge.py merges them), ballots,
attendance and minutes.

- ballots: session by session; a ballot changed on both sides is the later one (`cast`):
  the same reader voted again on another machine; the same time both ways is a conflict;
- attendance: a set of dates, additions and removals of both sides kept;
- minutes: session by session; text changed both ways is a conflict, `updated` the latest.
"""

from __future__ import annotations

from .merge import Conflict, _Merger, merge_reviews
from .participation import Ballot, Minutes, ReaderFile


def _merge_ballot(m: _Merger, where: str, base: Ballot | None, ours: Ballot, theirs: Ballot) -> Ballot:
    """Both sides voted anew: the later ballot is the reader's choice; same time, a conflict."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if ours.cast and theirs.cast and ours.cast != theirs.cast:
        return max(ours, theirs, key=lambda b: b.cast)  # type: ignore[arg-type,return-value]
    m.conflicts.append(Conflict(where, _ballot_text(base), _ballot_text(ours), _ballot_text(theirs)))
    return ours


def _ballot_text(ballot: Ballot | None) -> str:
    return f"{ballot.kind} {', '.join(ballot.papers)}" if ballot else "(absent)"


def _merge_minutes(m: _Merger, where: str, base: Minutes | None, ours: Minutes, theirs: Minutes) -> Minutes:
    b = base or Minutes(session=ours.session, text="")
    text = m.value(f"{where}.text", b.text, ours.text, theirs.text)
    updated = max((x for x in (ours.updated, theirs.updated) if x is not None), default=None)
    return Minutes(session=ours.session, text=text, updated=updated)


def merge_reader_files(
    base: ReaderFile | None, ours: ReaderFile, theirs: ReaderFile, *, unknown: set[str] | None = None
) -> tuple[ReaderFile, list[Conflict]]:
    """The three-way merge of one reader's file: reviews per paper, ballots per session
    (a ballot changed on both sides: the later one), attendance as a set, minutes per session."""
    b = base or ReaderFile()
    reviews, conflicts = merge_reviews(b.reviews if base else None, ours.reviews, theirs.reviews, unknown=unknown)
    m = _Merger(unknown)
    ballots = m.keyed("ballots", dict(b.ballots), dict(ours.ballots), dict(theirs.ballots), lambda w, x, y, z: _merge_ballot(m, w, x, y, z))  # type: ignore[arg-type]
    minutes = m.keyed("minutes", dict(b.minutes), dict(ours.minutes), dict(theirs.minutes), lambda w, x, y, z: _merge_minutes(m, w, x, y, z))  # type: ignore[arg-type]
    attended = m.set_like(b.attended, ours.attended, theirs.attended)
    merged = ReaderFile(reviews=reviews, ballots=ballots, attended=tuple(sorted(attended)), minutes=minutes)  # type: ignore[arg-type]
    return merged, conflicts + m.conflicts
