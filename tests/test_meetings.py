"""Attendance and minutes: in each reader's own file, strictly read, merged, and the commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.errors import InputError, ListFormatError
from readinglist.listfile import read_reader_text
from readinglist.meetings import attend, attendees, session_minutes, write_minutes
from readinglist.merge import merge_texts
from readinglist.model import Paper
from readinglist.sessions import add_session
from readinglist.store import ListStore

DAY = dt.date(2026, 12, 3)


@pytest.fixture
def folder(tmp_path, clock) -> Path:
    store = ListStore.create(tmp_path / "l", "Group", clock=clock)
    store.reading_list.papers["p1"] = Paper("p1", "Paper one")
    store.save_catalogue()
    add_session(store, DAY, presenter="ann", papers=["p1"])
    return tmp_path / "l"


def test_attendance_and_minutes_live_in_the_readers_file(folder, clock):
    store = ListStore.open(folder, clock=clock)
    before = (folder / "list.yaml").read_bytes()
    assert attend(store, "bob", DAY) is True
    assert attend(store, "bob", DAY) is False  # already recorded: nothing written
    write_minutes(store, "bob", DAY, "We read p1.\nNext: p2.")
    attend(store, "ann", DAY)
    assert (folder / "list.yaml").read_bytes() == before
    assert (folder / "reviews" / "bob.yaml").read_text() == (
        "format_version: 1\nreader: bob\nreviews: []\n\n"
        "attended:\n- '2026-12-03'\nminutes:\n- session: '2026-12-03'\n  text: |-\n    We read p1.\n    Next: p2.\n"
        "  updated: '2026-01-15T09:30:00Z'\n"
    )
    rl = ListStore.open(folder).reading_list
    assert attendees(rl, DAY) == ["ann", "bob"]
    assert session_minutes(rl, DAY)["bob"].text == "We read p1.\nNext: p2."
    write_minutes(store, "bob", DAY, "")
    attend(store, "bob", DAY, present=False)
    assert (folder / "reviews" / "bob.yaml").read_text() == "format_version: 1\nreader: bob\nreviews: []\n"


def test_unknown_sessions_are_refused(folder, clock):
    store = ListStore.open(folder, clock=clock)
    with pytest.raises(InputError, match="no session on 2026-12-04"):
        attend(store, "bob", DAY + dt.timedelta(days=1))
    with pytest.raises(InputError, match="sessions: 2026-12-03"):
        write_minutes(store, "bob", DAY + dt.timedelta(days=1), "x")
    assert not (folder / "reviews").exists()


BAD = [
    ("attended:\n- 2026-13-01\n", 5, "attended[0]", "YYYY-MM-DD"),
    ("attended:\n- '2026-12-03'\n- '2026-12-03'\n", 6, "attended[1]", "listed twice"),
    ("attended: '2026-12-03'\n", 4, "attended", "expected a list"),
    ("minutes:\n- session: '2026-12-03'\n", 5, "minutes[0].text", "missing"),
    ("minutes:\n- session: '2026-12-03'\n  text: '  '\n", 6, "minutes[0].text", "must not be empty"),
    ("minutes:\n- session: '2026-12-03'\n  text: a\n  by: ann\n", 7, "minutes[0].by", "unknown key"),
    ("minutes:\n- session: '2026-12-03'\n  text: a\n- session: '2026-12-03'\n  text: b\n", 7, "minutes[1]", "second minutes"),
]


@pytest.mark.parametrize(("tail", "line", "field", "words"), BAD)
def test_bad_attendance_and_minutes_are_located(folder, tail, line, field, words):
    (folder / "reviews").mkdir()
    (folder / "reviews" / "bob.yaml").write_text("format_version: 1\nreader: bob\nreviews: []\n" + tail)
    problems = ListStore.check(folder)
    assert (problems[0].line, problems[0].field) == (line, field) and words in problems[0].message
    with pytest.raises(ListFormatError):
        ListStore.open(folder)


def test_minutes_and_attendance_merge_from_two_clones():
    head = "format_version: 1\nreader: bob\nreviews: []\n"
    base = head + "minutes:\n- session: '2026-12-03'\n  text: draft\n"
    ours = head + "attended:\n- '2026-12-03'\nminutes:\n- session: '2026-12-03'\n  text: final\n"
    theirs = head + "attended:\n- '2026-11-26'\nminutes:\n- session: '2026-12-03'\n  text: draft\n- session: '2026-11-26'\n  text: older\n"
    merged = merge_texts(base, ours, theirs, "reviews/bob.yaml")
    assert merged.clean
    data = read_reader_text(merged.text, "bob.yaml", "bob")
    assert data.attended == (dt.date(2026, 11, 26), dt.date(2026, 12, 3))
    assert {d: m.text for d, m in data.minutes.items()} == {dt.date(2026, 12, 3): "final", dt.date(2026, 11, 26): "older"}
    clash = merge_texts(base, ours, theirs.replace("text: draft", "text: other"), "reviews/bob.yaml")
    assert [c.where for c in clash.conflicts] == ["minutes[2026-12-03].text"]


def test_attend_and_minutes_commands(folder, capsys):
    assert main(["session", "attend", str(folder), "2026-12-03", "--reader", "cy"]) == 0
    assert main(["session", "minutes", str(folder), "2026-12-03", "--reader", "cy", "--text", "Good talk."]) == 0
    assert "cy's 1 line of minutes" in capsys.readouterr().out
    assert main(["session", "attend", str(folder), "2026-12-31", "--reader", "cy"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no session on 2026-12-31" in err
    assert main(["session", "minutes", str(folder), "2026-12-03", "--reader", "Cy!", "--text", "x"]) == 2
    assert main(["validate", str(folder)]) == 0
