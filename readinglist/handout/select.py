"""Which papers a handout shows, in which order: filters over a reading list. Pure."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from ..meetings import attendees, session_minutes
from ..model import STATUSES, Paper, ReadingList, Review, Session, normalise_tag

if TYPE_CHECKING:
    from .candidates import Candidates

ORDERS: tuple[str, ...] = ("list", "rating", "date")


@dataclass(frozen=True)
class Selection:
    """What to put in a handout. Filters combine: a paper must pass every one given.

    - `session`: only the papers of the session on that date, in the session's order;
    - `tags`: papers carrying every one of these tags;
    - `min_rating`: papers whose group rating (mean of readers' ratings) is at least this;
    - `statuses`: papers some reader marked with one of these statuses;
    - `reader`: papers this reader reviewed; `tags` and `statuses` then mean this reader's;
    - `order`: `list` (the list's order, or the session's), `rating` (highest group rating
      first, unrated last) or `date` (newest first, undated last).
    """

    session: dt.date | None = None
    tags: tuple[str, ...] = ()
    min_rating: float | None = None
    statuses: tuple[str, ...] = ()
    reader: str | None = None
    order: str = "list"
    archive: bool = False  # every past session, newest first (see handout/meetings.py)
    today: dt.date | None = None  # what "past" means for the archive (default: the clock's day)

    def __post_init__(self) -> None:
        if self.archive and self.session is not None:
            raise InputError("an archive shows every past session: leave out the session date")
        if self.order not in ORDERS:
            raise InputError(f"order must be one of {', '.join(ORDERS)}, not {self.order!r}")
        if self.min_rating is not None and not 1 <= self.min_rating <= 5:
            raise InputError(f"minimum rating must be 1-5, not {self.min_rating:g}")
        for status in self.statuses:
            if status not in STATUSES:
                raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        object.__setattr__(self, "tags", tuple(t for t in map(normalise_tag, self.tags) if t))

    def describe(self) -> list[str]:
        """The filters in words, for the handout's header."""
        words = []
        if self.tags:
            words.append("tagged " + " and ".join(self.tags))
        if self.min_rating is not None:
            words.append(f"group rating at least {self.min_rating:g}")
        if self.statuses:
            words.append("status " + " or ".join(self.statuses))
        if self.reader:
            words.append(f"reviewed by {self.reader}")
        if self.order != "list":
            words.append({"rating": "highest rated first", "date": "newest first"}[self.order])
        return words


@dataclass(frozen=True)
class Entry:
    """One paper of a handout with what the group thinks of it."""

    paper: Paper
    group_rating: float | None
    ratings: int
    tags: list[str]
    tag_counts: dict[str, int]
    reviews: dict[str, Review]  # reader -> review, readers in name order


@dataclass(frozen=True)
class Handout:
    """Everything a handout shows, ready to be laid out."""

    title: str
    description: str
    session: Session | None
    selection: Selection
    entries: list[Entry]
    readers: list[str]
    total_papers: int
    all_tags: dict[str, int] = field(default_factory=dict)  # tag -> papers carrying it, selected papers
    attendees: tuple[str, ...] = ()  # of the session: readers who recorded they came
    minutes: dict[str, str] = field(default_factory=dict)  # of the session: reader -> minutes
    archive: tuple[SessionRecord, ...] = ()  # an archive: past sessions, newest first
    candidates: Candidates | None = None  # "Candidates for next session", when asked for


def entry(reading_list: ReadingList, paper: Paper) -> Entry:
    reviews = reading_list.reviews_of(paper.id)
    ratings = [r.rating for r in reviews.values() if r.rating is not None]
    counts = reading_list.tag_counts(paper.id)
    return Entry(
        paper=paper,
        group_rating=statistics.fmean(ratings) if ratings else None,
        ratings=len(ratings),
        tags=sorted(counts, key=lambda t: (-counts[t], t)),
        tag_counts=dict(counts),
        reviews=reviews,
    )


def select(reading_list: ReadingList, selection: Selection, *, where: str = "the list") -> Handout:
    """The handout of `reading_list` for `selection`; InputError for an unknown session or reader."""
    session = None
    if selection.archive:
        return archive_handout(reading_list, selection)
    if selection.session is not None:
        try:
            session = reading_list.session(selection.session)
        except KeyError:
            known = ", ".join(s.date.isoformat() for s in reading_list.sessions) or "none yet"
            raise InputError(f"{where}: no session on {selection.session.isoformat()} (sessions: {known})") from None
        # A paper the session names that the list does not show (removed, not pulled yet) is left out.
        papers = [reading_list.papers[pid] for pid in session.papers if pid in reading_list.papers]
    else:
        papers = list(reading_list.papers.values())
    if selection.reader is not None and selection.reader not in reading_list.reviews:
        known = ", ".join(reading_list.readers()) or "none yet"
        raise InputError(f"{where}: no reviews by reader {selection.reader!r} (readers: {known})")
    entries = _entries(reading_list, papers, selection)
    tag_totals: dict[str, int] = {}
    for e in entries:
        for tag in e.tags:
            tag_totals[tag] = tag_totals.get(tag, 0) + 1
    return Handout(
        title=reading_list.title,
        description=reading_list.description,
        session=session,
        selection=selection,
        entries=entries,
        readers=reading_list.readers(),
        total_papers=len(reading_list),
        all_tags=dict(sorted(tag_totals.items(), key=lambda kv: (-kv[1], kv[0]))),
        attendees=tuple(attendees(reading_list, session.date)) if session else (),
        minutes={r: m.text for r, m in session_minutes(reading_list, session.date).items()} if session else {},
    )


def _entries(reading_list: ReadingList, papers: list[Paper], selection: Selection) -> list[Entry]:
    """The papers that pass the filters, as entries, in the selection's order."""
    entries = [e for e in (entry(reading_list, p) for p in papers) if _passes(e, selection)]
    return _ordered(entries, selection.order)


def _passes(e: Entry, selection: Selection) -> bool:
    if selection.reader is not None:
        own = e.reviews.get(selection.reader)
        if own is None:
            return False
        tags, statuses = set(own.tags), {own.status}
    else:
        tags = set(e.tags)
        statuses = {r.status for r in e.reviews.values()}
    if selection.tags and not set(selection.tags) <= tags:
        return False
    if selection.statuses and not statuses & set(selection.statuses):
        return False
    return selection.min_rating is None or (e.group_rating is not None and e.group_rating >= selection.min_rating)


def _ordered(entries: list[Entry], order: str) -> list[Entry]:
    # sorted() is stable: ties keep the list's (or the session's) order.
    if order == "rating":
        return sorted(entries, key=lambda e: (e.group_rating is None, -(e.group_rating or 0), -e.ratings))
    if order == "date":
        return sorted(entries, key=lambda e: (e.paper.published is None, -(e.paper.published or dt.date.min).toordinal()))
    return entries


@dataclass(frozen=True)
class SessionRecord:
    """One past session in an archive: what was read, who came, what they noted."""

    session: Session
    entries: list[Entry]
    attendees: tuple[str, ...]
    minutes: dict[str, str]


def archive_handout(reading_list: ReadingList, selection: Selection) -> Handout:
    """Every session up to `selection.today` (default: today), newest first, with its papers."""
    today = selection.today or dt.date.today()
    if selection.reader is not None and selection.reader not in reading_list.reviews:
        known = ", ".join(reading_list.readers()) or "none yet"
        raise InputError(f"no reviews by reader {selection.reader!r} (readers: {known})")
    records = []
    for session in sorted((s for s in reading_list.sessions if s.date <= today), key=lambda s: s.date, reverse=True):
        papers = [reading_list.papers[pid] for pid in session.papers if pid in reading_list.papers]
        records.append(
            SessionRecord(
                session=session,
                entries=_entries(reading_list, papers, selection),
                attendees=tuple(attendees(reading_list, session.date)),
                minutes={r: m.text for r, m in session_minutes(reading_list, session.date).items()},
            )
        )
    seen: dict[str, Entry] = {}
    for record in records:
        for e in record.entries:
            seen.setdefault(e.paper.id, e)
    tag_totals: dict[str, int] = {}
    for e in seen.values():
        for tag in e.tags:
            tag_totals[tag] = tag_totals.get(tag, 0) + 1
    return Handout(
        title=reading_list.title,
        description=reading_list.description,
        session=None,
        selection=selection,
        entries=list(seen.values()),
        readers=reading_list.readers(),
        total_papers=len(reading_list),
        all_tags=dict(sorted(tag_totals.items(), key=lambda kv: (-kv[1], kv[0]))),
        archive=tuple(records),
    )
