"""The group's schedule: sessions (date, presenter, papers, questions) kept in list.yaml.

`propose_rotation` is pure: it reads the sessions held or planned and proposes who presents
next so that the load stays even. `add_session` changes the list through its store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import InputError, UnknownPaperError
from .model import ReadingList, Session
from .readers import check_reader
from .schema_group import MAX_DURATION_MINUTES, zone_problem
from .store import ListStore

DEFAULT_EVERY_DAYS = 7


@dataclass(frozen=True)
class Proposal:
    date: dt.date
    presenter: str
    presented_before: int  # sessions this reader presented or is down for, before this one
    papers: tuple[str, ...] = ()  # from the vote, when asked for


def presenter_load(reading_list: ReadingList, readers: Sequence[str]) -> dict[str, tuple[int, dt.date | None]]:
    """Reader -> (sessions presented or planned, date of the latest), for the given readers."""
    load: dict[str, tuple[int, dt.date | None]] = {r: (0, None) for r in readers}
    for session in reading_list.sessions:
        if session.presenter in load:
            count, latest = load[session.presenter]
            load[session.presenter] = (count + 1, max(latest, session.date) if latest else session.date)
    return load


def propose_rotation(
    reading_list: ReadingList,
    count: int = 1,
    *,
    start: dt.date | None = None,
    every_days: int = DEFAULT_EVERY_DAYS,
    readers: Iterable[str] | None = None,
    today: dt.date | None = None,
    papers_each: int = 0,
) -> list[Proposal]:
    """The next `count` sessions and a presenter for each, fairly.

    Each next presenter is the reader with the fewest sessions so far (held or planned);
    ties go to whoever presented longest ago (never before counts as longest), then by
    name, so the proposal is the same for everyone. Dates start at `start` (default: a
    week after the last session, or `today`) and step by `every_days`. With `papers_each`,
    each session also gets that many papers from the top of the open vote, in turn.
    """
    pool = sorted(set(readers) if readers is not None else reading_list.readers())
    if not pool:
        raise InputError("no readers yet to present: a reader appears once they review a paper (readinglist review ...)")
    if count < 1 or every_days < 1:
        raise InputError("count and the days between sessions must be at least 1")
    if start is None:
        last = max((s.date for s in reading_list.sessions), default=None)
        start = last + dt.timedelta(days=every_days) if last else (today or dt.date.today())
    load = presenter_load(reading_list, pool)
    voted = papers_from_vote(reading_list, count * papers_each) if papers_each > 0 else []
    proposals = []
    for i in range(count):
        date = start + dt.timedelta(days=i * every_days)
        reader = min(pool, key=lambda r: (load[r][0], load[r][1] or dt.date.min, r))
        chosen = tuple(voted[i * papers_each : (i + 1) * papers_each])
        proposals.append(Proposal(date, reader, load[reader][0], chosen))
        load[reader] = (load[reader][0] + 1, date)
    return proposals


def add_session(
    store: ListStore,
    date: dt.date,
    *,
    presenter: str | None = None,
    papers: Sequence[str] = (),
    questions: Sequence[str] = (),
    propose_presenter: bool = True,
    time: dt.time | None = None,
    duration: int | None = None,
    place: str = "",
) -> Session:
    """Add a session to the list and save list.yaml; the presenter is proposed when not given.

    `time` is a local time in the list's time zone, `duration` in minutes, `place` a room or a link.
    """
    reading_list = store.reading_list
    if any(s.date == date for s in reading_list.sessions):
        raise InputError(f"{store.list_path}: there is already a session on {date.isoformat()}")
    for pid in papers:
        if pid not in reading_list.papers:
            raise UnknownPaperError(f"{store.list_path}: no paper {pid!r} in this list")
    if len(set(papers)) != len(papers):
        raise InputError("a paper is named twice for the same session")
    cleaned = tuple(" ".join(q.split()) for q in questions)
    if any(not q for q in cleaned):
        raise InputError("a discussion question is empty")
    if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
        raise InputError(f"a session lasts 1 to {MAX_DURATION_MINUTES} minutes, not {duration}")
    if time is not None and (time.second or time.microsecond or time.tzinfo):
        raise InputError("a session's time is whole minutes, local to the list's time zone")
    place = " ".join(place.split())
    if presenter is not None:
        check_reader(presenter)
    elif propose_presenter and reading_list.readers():
        presenter = propose_rotation(reading_list, 1, start=date)[0].presenter
    session = Session(
        date=date, presenter=presenter, papers=tuple(papers), questions=cleaned, time=time, duration=duration, place=place
    )
    before = list(reading_list.sessions)
    reading_list.sessions = sorted([*before, session], key=lambda s: s.date)
    try:
        store.save_catalogue()
    except BaseException:
        reading_list.sessions = before
        raise
    return session


def set_timezone(store: ListStore, name: str) -> bool:
    """Set the list's time zone (an IANA name; session times are local times there); saves list.yaml."""
    problem = zone_problem(name)
    if problem:
        raise InputError(f"time zone: {problem}")
    reading_list = store.reading_list
    before = reading_list.timezone
    reading_list.timezone = name
    try:
        return store.save_catalogue()
    except BaseException:
        reading_list.timezone = before
        raise


def papers_from_vote(reading_list: ReadingList, count: int, *, session: dt.date | None = None) -> list[str]:
    """The top `count` papers of the vote for `session` (or, without ballots for it, the open
    vote), leaving out papers already given to another session."""
    from .voting import results, session_ballots

    if session is not None and not session_ballots(reading_list, session):
        session = None
    taken = {pid for s in reading_list.sessions for pid in s.papers}
    return [pid for pid in (s.paper_id for s in results(reading_list, session).standings) if pid not in taken][:count]


def update_schedule(
    store: ListStore,
    date: dt.date,
    *,
    time: dt.time | None | object = ...,
    duration: int | None | object = ...,
    place: str | object = ...,
) -> Session:
    """Change when, for how long or where the session on `date` meets (`...` leaves a field,
    None or "" clears it) and save list.yaml."""
    reading_list = store.reading_list
    try:
        session = reading_list.session(date)
    except KeyError:
        known = ", ".join(s.date.isoformat() for s in reading_list.sessions) or "none yet"
        raise InputError(f"{store.list_path}: no session on {date.isoformat()} (sessions: {known})") from None
    changes: dict[str, object] = {}
    if time is not ...:
        changes["time"] = time
    if duration is not ...:
        if duration is not None and not (isinstance(duration, int) and 1 <= duration <= MAX_DURATION_MINUTES):
            raise InputError(f"a session lasts 1 to {MAX_DURATION_MINUTES} minutes, not {duration}")
        changes["duration"] = duration
    if place is not ...:
        changes["place"] = " ".join(str(place or "").split())
    updated = dataclasses.replace(session, **changes)
    if updated == session:
        return session
    before = list(reading_list.sessions)
    reading_list.sessions = [updated if s.date == date else s for s in before]
    try:
        store.save_catalogue()
    except BaseException:
        reading_list.sessions = before
        raise
    return updated
