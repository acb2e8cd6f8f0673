"""Session times in list.yaml and the calendar export, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import icalendar
import pytest

from readinglist.calendar_ics import calendar_bytes
from readinglist.cli import main
from readinglist.errors import InputError, ListFormatError
from readinglist.model import Paper, ReadingList, Session
from readinglist.sessions import add_session, set_timezone
from readinglist.store import ListStore

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.timezone.utc)

LIST = """\
format_version: 1
title: MoE group
timezone: Europe/Berlin
sessions:
- date: '2026-12-03'
  time: '18:30'
  duration: 90
  place: Room 4 and https://meet.example.org/moe
  presenter: ann
  papers:
  - p1
  - p2
  questions:
  - Does it scale?
- date: '2026-12-10'
papers:
- id: p1
  title: Sparse Routing
  links:
    arxiv: https://arxiv.org/abs/2401.01234
    code: https://github.com/a/b

- id: p2
  title: Expert Choice
"""


def write(tmp_path: Path, text: str = LIST) -> Path:
    folder = tmp_path / "moe"
    folder.mkdir(parents=True)
    (folder / "list.yaml").write_text(text, encoding="utf-8")
    return folder


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_session_times_load_and_save_unchanged(tmp_path):
    store = ListStore.open(write(tmp_path))
    rl = store.reading_list
    assert rl.timezone == "Europe/Berlin"
    first = rl.sessions[0]
    assert (first.time, first.duration, first.place) == (dt.time(18, 30), 90, "Room 4 and https://meet.example.org/moe")
    assert store.save_catalogue() is False
    assert store.catalogue_text() == LIST


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("timezone: Europe/Berlin", "timezone: Europe/Atlantis", 3, "timezone", "unknown time zone"),
        ("timezone: Europe/Berlin", "timezone: ../../etc/passwd", 3, "timezone", "IANA time zone"),
        ("  time: '18:30'", "  time: '25:00'", 6, "sessions[0].time", "HH:MM"),
        ("  time: '18:30'", "  time: 6pm", 6, "sessions[0].time", "HH:MM"),
        ("  duration: 90", "  duration: 0", 7, "sessions[0].duration", "1-1440"),
        ("  duration: 90", "  duration: long", 7, "sessions[0].duration", "whole number"),
        ("  place: Room 4 and https://meet.example.org/moe", "  place: [a, b]", 8, "sessions[0].place", "expected text"),
    ],
)
def test_bad_schedule_values_are_located(tmp_path, old, new, line, field, words):
    problems = ListStore.check(write(tmp_path, LIST.replace(old, new)))
    assert (problems[0].line, problems[0].field) == (line, field) and words in problems[0].message


def test_calendar_has_one_event_per_session_in_the_lists_time_zone(tmp_path):
    rl = ListStore.open(write(tmp_path)).reading_list
    data = calendar_bytes(rl, "moe", now=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    [timed, all_day] = events(data)
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start, end = timed.decoded("dtstart"), timed.decoded("dtend")
    assert start == dt.datetime(2026, 12, 3, 18, 30, tzinfo=berlin)
    assert start.utcoffset() == dt.timedelta(hours=1) and end - start == dt.timedelta(minutes=90)
    assert timed["dtstart"].params["TZID"] == "Europe/Berlin"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(timed["summary"]) == "MoE group: Sparse Routing; Expert Choice"
    description = str(timed["description"])
    assert "Presenter: ann" in description and "https://arxiv.org/abs/2401.01234" in description and "Does it scale?" in description
    assert str(timed["location"]) == "Room 4 and https://meet.example.org/moe"
    assert all_day.decoded("dtstart") == dt.date(2026, 12, 10) and all_day.decoded("dtend") == dt.date(2026, 12, 11)
    assert timed.decoded("dtstamp") == NOW


def test_uids_stay_the_same_when_the_list_changes(tmp_path):
    folder = write(tmp_path)
    first = {str(e["uid"]) for e in events(calendar_bytes(ListStore.open(folder).reading_list, "moe", now=NOW))}
    store = ListStore.open(folder)
    add_session(store, dt.date(2026, 11, 26), presenter="bob")
    store.reading_list.title = "Renamed group"
    later = [str(e["uid"]) for e in events(calendar_bytes(store.reading_list, "moe", now=NOW + dt.timedelta(days=3)))]
    assert first < set(later) and len(set(later)) == 3
    assert len(first) == 2 and all(u.endswith(".moe@readinglist") for u in later)


def test_utc_lists_write_utc_times():
    rl = ReadingList("G", papers={"p": Paper("p", "P")}, sessions=[Session(dt.date(2026, 1, 2), time=dt.time(9, 0))])
    [event] = events(calendar_bytes(rl, "g", now=NOW))
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == dt.datetime(2026, 1, 2, 9, 0) and start.utcoffset() == dt.timedelta(0)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=1)


def test_add_session_with_time_and_set_timezone(tmp_path):
    folder = write(tmp_path, LIST.replace("timezone: Europe/Berlin\n", ""))
    store = ListStore.open(folder)
    add_session(store, dt.date(2026, 12, 17), time=dt.time(17, 0), duration=45, place="  Room   5 ")
    set_timezone(store, "America/New_York")
    again = ListStore.open(folder).reading_list
    assert again.timezone == "America/New_York"
    assert again.session(dt.date(2026, 12, 17)) == Session(dt.date(2026, 12, 17), time=dt.time(17, 0), duration=45, place="Room 5")
    with pytest.raises(InputError, match="unknown time zone"):
        set_timezone(store, "Mars/Olympus")
    with pytest.raises(InputError, match="minutes"):
        add_session(store, dt.date(2026, 12, 24), duration=0)
    assert ListStore.open(folder).reading_list.timezone == "America/New_York"


def test_session_ics_command_writes_a_calendar(tmp_path, capsys):
    folder = write(tmp_path)
    out = tmp_path / "moe.ics"
    assert main(["session", "ics", str(folder), "-o", str(out)]) == 0
    assert len(events(out.read_bytes())) == 2
    assert main(["session", "add", str(folder), "2026-12-17", "--time", "7pm"]) == 2
    assert "HH:MM" in capsys.readouterr().err
    assert main(["session", "add", str(folder), "2026-12-17", "--time", "19:00", "--duration", "60", "--place", "Room 1"]) == 0
    capsys.readouterr()
    assert main(["session", "ics", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert len(events(printed.encode())) == 3
    assert main(["session", "timezone", str(folder)]) == 0 and capsys.readouterr().out.strip() == "Europe/Berlin"
    assert main(["session", "timezone", str(folder), "Nowhere/Land"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "time zone" in err
    with pytest.raises(ListFormatError):
        ListStore.open(write(tmp_path / "x", LIST.replace("duration: 90", "duration: 9999")))


def test_session_set_changes_and_clears_the_schedule(tmp_path, capsys):
    folder = write(tmp_path)
    assert main(["session", "set", str(folder), "2026-12-10", "--time", "09:15", "--place", "Room 9"]) == 0
    session = ListStore.open(folder).reading_list.session(dt.date(2026, 12, 10))
    assert (session.time, session.duration, session.place) == (dt.time(9, 15), None, "Room 9")
    assert main(["session", "set", str(folder), "2026-12-03", "--time", "none", "--duration", "none", "--place", ""]) == 0
    session = ListStore.open(folder).reading_list.session(dt.date(2026, 12, 3))
    assert (session.time, session.duration, session.place, session.presenter) == (None, None, "", "ann")
    capsys.readouterr()
    assert main(["session", "set", str(folder), "2026-12-11", "--time", "10:00"]) == 1
    assert "no session on 2026-12-11" in capsys.readouterr().err
    assert main(["session", "set", str(folder), "2026-12-10"]) == 2
    assert main(["session", "set", str(folder), "2026-12-10", "--duration", "0"]) == 2


def test_schedule_and_time_zone_merge_field_by_field():
    from readinglist.merge import merge_texts

    ours = LIST.replace("  time: '18:30'", "  time: '19:00'")
    theirs = LIST.replace("place: Room 4 and https://meet.example.org/moe", "place: Room 5").replace("timezone: Europe/Berlin", "timezone: Europe/Paris")
    result = merge_texts(LIST, ours, theirs, "list.yaml")
    assert result.clean
    merged = list_from_text(result.text)
    first = merged.sessions[0]
    assert (first.time, first.duration, first.place, merged.timezone) == (dt.time(19, 0), 90, "Room 5", "Europe/Paris")
    clash = merge_texts(LIST, ours, LIST.replace("  time: '18:30'", "  time: '20:00'"), "list.yaml")
    assert [c.where for c in clash.conflicts] == ["sessions[2026-12-03].time"]


def list_from_text(text: str) -> ReadingList:
    from readinglist.listfile import read_list_text

    return read_list_text(text, "list.yaml")
