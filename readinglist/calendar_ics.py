"""The group's sessions as an RFC 5545 calendar (icalendar), for any calendar app.

One VEVENT per session. A session with a time starts then, in the list's time zone (with
its VTIMEZONE), and lasts its duration (default an hour); one without a time is an
all-day event. The UID comes from the list's folder name and the session's date, so a
new export updates the events a calendar app already has instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar

from .model import Paper, ReadingList, Session

DEFAULT_DURATION_MINUTES = 60
PRODID = "-//readinglist//reading group sessions//EN"
# Links worth a click from a calendar entry, best first.
LINK_ORDER = ("arxiv", "hf", "pdf", "code", "project")
# RFC 5545 TEXT holds no control characters but tab and (escaped) line breaks; bidi
# overrides and isolates could also show another member's text backwards in a terminal.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def event_uid(list_name: str, session: Session) -> str:
    """The same for a session on every export: list folder name and date."""
    slug = re.sub(r"[^a-z0-9]+", "-", list_name.lower()).strip("-") or "reading-list"
    return f"session-{session.date.isoformat()}.{slug}@readinglist"


def _one_line(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", text).split())


def _paper_links(paper: Paper) -> list[str]:
    kinds = sorted(paper.links, key=lambda k: (LINK_ORDER.index(k) if k in LINK_ORDER else len(LINK_ORDER), k))
    return [paper.links[k] for k in kinds]


def summary(reading_list: ReadingList, session: Session) -> str:
    titles = [_one_line(reading_list.papers[p].title) for p in session.papers if p in reading_list.papers]
    head = _one_line(reading_list.title)
    return f"{head}: {'; '.join(titles)}" if titles else f"{head}: session"


def description(reading_list: ReadingList, session: Session) -> str:
    parts = [f"Presenter: {session.presenter}" if session.presenter else "Presenter: not chosen yet"]  # a reader slug
    papers = [reading_list.papers[p] for p in session.papers if p in reading_list.papers]
    if papers:
        lines = ["Papers:"]
        for n, paper in enumerate(papers, 1):
            lines.append(f"{n}. {_one_line(paper.title)}")
            lines.extend(f"   {url}" for url in _paper_links(paper))
        parts.append("\n".join(lines))
    if session.questions:
        parts.append("\n".join(["Questions:", *(f"- {_one_line(q)}" for q in session.questions)]))
    return "\n\n".join(parts)


def build_calendar(reading_list: ReadingList, list_name: str, *, now: dt.datetime | None = None) -> icalendar.Calendar:
    """The calendar of every session of the list. `now` is the DTSTAMP (default: the clock)."""
    zone = zoneinfo.ZoneInfo(reading_list.timezone)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _one_line(reading_list.title))
    calendar.add("x-wr-timezone", reading_list.timezone)
    for session in sorted(reading_list.sessions, key=lambda s: s.date):
        event = icalendar.Event()
        event.add("uid", event_uid(list_name, session))
        event.add("dtstamp", stamp)
        if session.time is not None:
            start = dt.datetime.combine(session.date, session.time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=session.duration or DEFAULT_DURATION_MINUTES))
        else:
            event.add("dtstart", session.date)
            event.add("dtend", session.date + dt.timedelta(days=1))
        event.add("summary", summary(reading_list, session))
        event.add("description", description(reading_list, session))
        if session.place:
            event.add("location", _one_line(session.place))
        calendar.add_component(event)
    timed = [s.date for s in reading_list.sessions if s.time is not None]
    if timed:
        # The VTIMEZONE's rules only need to cover the sessions (the default stops in 2038).
        first, last = min(timed), max(timed)
        calendar.add_missing_timezones(
            first_date=dt.date(max(first.year - 1, 1), 1, 1), last_date=dt.date(min(last.year + 2, 9999), 1, 1)
        )
    return calendar


def calendar_bytes(reading_list: ReadingList, list_name: str, *, now: dt.datetime | None = None) -> bytes:
    """The calendar as .ics bytes (CRLF lines, folded at 75 octets, as RFC 5545 asks)."""
    return build_calendar(reading_list, list_name, now=now).to_ical()
