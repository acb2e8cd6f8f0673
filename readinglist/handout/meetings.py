"""The parts of a handout about meetings: who came, the minutes, the archive of past
sessions, and Semantic Scholar's facts on a paper. Markdown only; every field goes
through `text.py`, like the rest of the handout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..model import Paper, Session
from ..words import plural
from .select import SessionRecord
from .text import md_lines, md_text


def long_date(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def schedule_text(session: Session) -> str:
    """`18:30, 90 minutes, Room 4`: what a session's time and place say, or empty."""
    parts = []
    if session.time is not None:
        parts.append(f"{session.time:%H:%M}")
    if session.duration:
        parts.append(f"{session.duration} minutes")
    if session.place:
        parts.append(md_text(session.place))
    return ", ".join(parts)


def attendance_line(attendees: Sequence[str]) -> str:
    return "**Attended** " + (", ".join(md_text(r) for r in attendees) if attendees else "nobody recorded yet")


def minutes_markdown(minutes: Mapping[str, str], heading: str = "##") -> str:
    items = [f"- **{md_text(reader)}**\n\n  {md_lines(text, indent='  ')}" for reader, text in minutes.items()]
    return f"{heading} Minutes\n\n" + "\n\n".join(items)


def archived_session_markdown(record: SessionRecord) -> str:
    """The heading block of one past session in an archive."""
    session = record.session
    line = f"## Session of {long_date(session.date)}"
    facts = []
    if session.presenter:
        facts.append(f"presented by **{md_text(session.presenter)}**")
    schedule = schedule_text(session)
    if schedule:
        facts.append(schedule)
    blocks = [line]
    if facts:
        blocks.append(" · ".join(facts))
    blocks.append(attendance_line(record.attendees))
    if not record.entries:
        blocks.append("No paper of this session matches the selection.")
    if session.questions:
        blocks.append("### Discussion questions\n\n" + "\n".join(f"{i}. {md_text(q)}" for i, q in enumerate(session.questions, 1)))
    if record.minutes:
        blocks.append(minutes_markdown(record.minutes, heading="###"))
    return "\n\n".join(blocks)


def archive_intro(records: Sequence[SessionRecord]) -> str:
    if not records:
        return "No past sessions yet."
    span = f"{records[-1].session.date.isoformat()} to {records[0].session.date.isoformat()}"
    return f"Archive of {plural(len(records), 'past session')} ({span}), newest first"


def scholar_parts(paper: Paper) -> list[str]:
    """Byline parts: citation counts with the day they were fetched."""
    facts = paper.semantic_scholar
    if facts is None:
        return []
    return [
        f"**Citations** {facts.citations} ({facts.influential_citations} influential; Semantic Scholar, {facts.fetched.isoformat()})"
    ]


def tldr_markdown(paper: Paper) -> str | None:
    facts = paper.semantic_scholar
    return f"**TLDR** {md_text(facts.tldr)}" if facts is not None and facts.tldr else None
