"""The format's parts for running a group: checked like the rest, each problem located.

In list.yaml: the list's `timezone`, a session's `time`, `duration` and `place`, a paper's
`semantic_scholar` facts. In a reader's file: `ballots`, `attended` and `minutes`.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from .checks import Checker, check_date, shown
from .model import ScholarFacts, parse_timestamp
from .participation import BALLOT_KINDS, Ballot, Minutes

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$", re.ASCII)
# IANA names: `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+5`.
ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$", re.ASCII)
MAX_DURATION_MINUTES = 24 * 60
BALLOT_KEYS = ("session", "approve", "rank", "cast")
MINUTES_KEYS = ("session", "text", "updated")
SCHOLAR_KEYS = ("citations", "influential_citations", "tldr", "fetched")


def zone_problem(name: object) -> str | None:
    """Why `name` is not an IANA time zone zoneinfo knows, or None when it is one."""
    if not isinstance(name, str) or not ZONE_NAME.fullmatch(name):
        return f"expected an IANA time zone such as Europe/Berlin or UTC, found {shown(name)}"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {name!r} (IANA names such as Europe/Berlin, America/New_York, UTC)"
    return None


def check_timezone(check: Checker, data: dict[str, Any]) -> str:
    value = data.get("timezone")
    if value is None:
        return "UTC"
    problem = zone_problem(value)
    if problem:
        check.problem(check.lines.of_key(data, "timezone"), "timezone", problem)
        return "UTC"
    return value


def parse_time(text: str) -> dt.time | None:
    """`HH:MM` (24-hour) as a time, or None when it is not one."""
    return dt.time.fromisoformat(text) if isinstance(text, str) and TIME.fullmatch(text) else None


def session_schedule(check: Checker, item: dict[str, Any], where: str) -> tuple[dt.time | None, int | None, str]:
    """A session's `time`, `duration` (minutes) and `place`."""
    time = None
    raw = item.get("time")
    if raw is not None:
        time = parse_time(raw)
        if time is None:
            check.problem(check.lines.of_key(item, "time"), f"{where}.time", f"expected a time HH:MM (24-hour), found {shown(raw)}")
    duration = check.integer(item, "duration", f"{where}.duration", minimum=1, maximum=MAX_DURATION_MINUTES)
    place = check.text(item, "place", f"{where}.place") or ""
    if "\n" in place or "\r" in place:
        check.problem(check.lines.of_key(item, "place"), f"{where}.place", "must be one line (a room or a link)")
    return time, duration, place


def scholar_facts(check: Checker, data: dict[str, Any], where: str) -> ScholarFacts | None:
    raw = data.get("semantic_scholar")
    if raw is None:
        return None
    field = f"{where}.semantic_scholar"
    if not check.mapping(raw, check.lines.of_key(data, "semantic_scholar"), field, SCHOLAR_KEYS, ("fetched",)):
        return None
    before = len(check.problems)
    fetched = check_date(check, raw["fetched"], check.lines.of_key(raw, "fetched"), f"{field}.fetched")
    citations = check.integer(raw, "citations", f"{field}.citations") or 0
    influential = check.integer(raw, "influential_citations", f"{field}.influential_citations") or 0
    tldr = check.text(raw, "tldr", f"{field}.tldr") or ""
    if len(check.problems) > before or fetched is None:
        return None
    return ScholarFacts(fetched=fetched, citations=citations, influential_citations=influential, tldr=tldr)


def _timestamp(check: Checker, owner: dict[str, Any], key: str, field: str) -> dt.datetime | None:
    raw = owner.get(key)
    if raw is None:
        return None
    try:
        if not isinstance(raw, str):
            raise ValueError
        return parse_timestamp(raw)
    except ValueError:
        check.problem(check.lines.of_key(owner, key), field, f"expected a time such as 2026-01-31T12:00:00Z, found {shown(raw)}")
        return None


def ballots_from_data(check: Checker, data: dict[str, Any]) -> dict[dt.date | None, Ballot]:
    """The reader's ballots: at most one per session (and one open ballot, without `session`)."""
    raw = check.sequence(data, "ballots", "ballots")
    ballots: dict[dt.date | None, Ballot] = {}
    first_line: dict[dt.date | None, int | None] = {}
    for i, item in enumerate(raw):
        where, line = f"ballots[{i}]", check.lines.of_item(raw, i)
        if not check.mapping(item, line, where, BALLOT_KEYS, ()):
            continue
        before = len(check.problems)
        session = None
        if item.get("session") is not None:
            session = check_date(check, item["session"], check.lines.of_key(item, "session"), f"{where}.session")
        kinds = [k for k in BALLOT_KINDS if item.get(k) is not None]
        if len(kinds) != 1:
            check.problem(line, where, "a ballot has exactly one of approve (any number of papers) or rank (best first)")
            continue
        kind = kinds[0]
        ids = check.text_list(item, kind, f"{where}.{kind}")
        raw_ids = item[kind]
        if isinstance(raw_ids, list) and not raw_ids:
            check.problem(check.lines.of_key(item, kind), f"{where}.{kind}", "names no paper (withdraw a vote by deleting the ballot)")
        for j, pid in enumerate(ids if isinstance(raw_ids, list) and len(ids) == len(raw_ids) else ()):
            # A paper the list does not hold is kept: references.py reports it (git merges files apart).
            if pid in ids[:j]:
                check.problem(check.lines.of_item(raw_ids, j), f"{where}.{kind}[{j}]", f"paper {pid!r} is named twice")
        cast = _timestamp(check, item, "cast", f"{where}.cast")
        if len(check.problems) > before:
            continue
        if session in ballots:
            which = f"session {session}" if session else "the next session"
            check.problem(line, where, f"a second ballot for {which} (first on line {first_line[session]})")
            continue
        ballots[session] = Ballot(session=session, kind=kind, papers=tuple(ids), cast=cast)
        first_line[session] = line
    return ballots


def attended_from_data(check: Checker, data: dict[str, Any]) -> tuple[dt.date, ...]:
    """The sessions the reader came to: dates, each once."""
    raw = check.sequence(data, "attended", "session dates")
    dates: list[dt.date] = []
    for i, item in enumerate(raw):
        day = check_date(check, item, check.lines.of_item(raw, i), f"attended[{i}]")
        if day is None:
            continue
        if day in dates:
            check.problem(check.lines.of_item(raw, i), f"attended[{i}]", f"session {day} is listed twice")
            continue
        dates.append(day)
    return tuple(sorted(dates))


def minutes_from_data(check: Checker, data: dict[str, Any]) -> dict[dt.date, Minutes]:
    """The reader's minutes, one entry per session."""
    raw = check.sequence(data, "minutes", "minutes")
    out: dict[dt.date, Minutes] = {}
    for i, item in enumerate(raw):
        where, line = f"minutes[{i}]", check.lines.of_item(raw, i)
        if not check.mapping(item, line, where, MINUTES_KEYS, ("session", "text")):
            continue
        before = len(check.problems)
        session = check_date(check, item["session"], check.lines.of_key(item, "session"), f"{where}.session")
        text = check.text(item, "text", f"{where}.text", required=True)
        updated = _timestamp(check, item, "updated", f"{where}.updated")
        if len(check.problems) > before or session is None or text is None:
            continue
        if session in out:
            check.problem(line, where, f"second minutes of session {session}")
            continue
        out[session] = Minutes(session=session, text=text, updated=updated)
    return out

