"""Sessions in list.yaml: strict reading with lines, deterministic writing, a fair rotation,
and the `readinglist session` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from readinglist.cli import main
from readinglist.errors import InputError
from readinglist.model import ReadingList, Session
from readinglist.sessions import add_session, propose_rotation
from readinglist.store import ListStore

SCHEMA = Path(__file__).resolve().parents[1] / "readinglist" / "schemas" / "list.schema.json"

LIST = """\
format_version: 1
title: Group
sessions:
- date: '2026-12-03'
  presenter: ann
  papers:
  - p1
  questions:
  - Why does it work?
- date: '2026-11-26'
  presenter: bob
papers:
- id: p1
  title: First paper

- id: p2
  title: Second paper
"""


def write(tmp_path: Path, text: str = LIST) -> Path:
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "list.yaml").write_text(text, encoding="utf-8")
    return folder


def test_sessions_load_in_date_order(tmp_path):
    rl = ListStore.open(write(tmp_path)).reading_list
    assert rl.sessions == [
        Session(dt.date(2026, 11, 26), "bob"),
        Session(dt.date(2026, 12, 3), "ann", ("p1",), ("Why does it work?",)),
    ]
    assert rl.session(dt.date(2026, 12, 3)).presenter == "ann"


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("- date: '2026-12-03'", "- date: 2026-13-03", 4, "sessions[0].date", "YYYY-MM-DD"),
        ("- date: '2026-11-26'", "- date: '2026-12-03'", 10, "sessions[1].date", "a second session on 2026-12-03 (first on line 4)"),
        ("  - p1\n  questions", "  - p1\n  - p1\n  questions", 8, "sessions[0].papers[1]", "listed twice"),
        ("  presenter: ann", "  presenter: Ann Smith", 5, "sessions[0].presenter", "not a reader name"),
        ("  presenter: bob", "  presenter: bob\n  room: 2", 12, "sessions[1].room", "unknown key 'room'"),
        ("  - Why does it work?", "  - ''", 9, "sessions[0].questions[0]", "expected text"),
        ("- date: '2026-11-26'\n  presenter: bob\n", "- presenter: bob\n", 10, "sessions[1].date", "missing"),
    ],
)
def test_bad_sessions_name_file_line_and_field(tmp_path, old, new, line, field, words):
    assert old in LIST
    folder = write(tmp_path, LIST.replace(old, new, 1))
    problems = ListStore.check(folder)
    assert problems, "the bad file was accepted"
    assert (problems[0].line, problems[0].field) == (line, field), problems
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"{folder / 'list.yaml'}:{line}: {field}: ")


def test_saving_writes_sessions_first_in_date_order_and_round_trips(tmp_path):
    folder = write(tmp_path)
    store = ListStore.open(folder)
    store.save_catalogue()
    text = (folder / "list.yaml").read_text()
    assert text.index("sessions:") < text.index("papers:")
    assert text.index("'2026-11-26'") < text.index("'2026-12-03'")
    again = ListStore.open(folder)
    assert again.reading_list.sessions == store.reading_list.sessions
    assert again.save_catalogue() is False  # unchanged: nothing written
    jsonschema.validate(yaml.safe_load(text), json.loads(SCHEMA.read_text()))


def test_sessions_must_be_a_list(tmp_path):
    problems = ListStore.check(write(tmp_path, "format_version: 1\ntitle: G\nsessions: soon\npapers: []\n"))
    assert [(p.line, p.field) for p in problems] == [(3, "sessions")] and "expected a list of sessions" in problems[0].message


def test_json_schema_refuses_what_the_loader_refuses():
    schema = json.loads(SCHEMA.read_text())
    for bad in (LIST.replace("  presenter: bob", "  presenter: bob\n  room: 2"), LIST.replace("- date: '2026-11-26'", "- date: tomorrow")):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml.safe_load(bad), schema)


def rl_with(sessions: list[Session], readers=("ann", "bob", "cy")) -> ReadingList:
    from readinglist.model import Paper, Review

    rl = ReadingList("G", papers={"p": Paper("p", "P")}, sessions=sessions)
    for r in readers:
        rl.reviews[r] = {"p": Review("p", rating=3)}
    return rl


def test_rotation_gives_everyone_a_turn_before_anyone_presents_twice():
    held = [Session(dt.date(2026, 1, 1), "bob"), Session(dt.date(2026, 1, 8), "ann"), Session(dt.date(2026, 1, 15), "bob")]
    proposals = propose_rotation(rl_with(held), 6)
    assert [p.presenter for p in proposals] == ["cy", "ann", "cy", "bob", "ann", "cy"]
    assert proposals[0].date == dt.date(2026, 1, 22) and proposals[1].date == dt.date(2026, 1, 29)
    counts = {r: sum(1 for s in held if s.presenter == r) for r in ("ann", "bob", "cy")}
    for p in proposals:
        counts[p.presenter] += 1
    assert max(counts.values()) - min(counts.values()) <= 1


def test_rotation_needs_readers_and_starts_today_without_sessions():
    with pytest.raises(InputError, match="no readers yet"):
        propose_rotation(rl_with([], readers=()), 1)
    first = propose_rotation(rl_with([]), 2, today=dt.date(2026, 3, 2), every_days=14)
    assert [(p.date, p.presenter) for p in first] == [(dt.date(2026, 3, 2), "ann"), (dt.date(2026, 3, 16), "bob")]


def test_add_session_refuses_a_taken_date_and_unknown_papers(tmp_path):
    store = ListStore.open(write(tmp_path))
    with pytest.raises(InputError, match="already a session on 2026-12-03"):
        add_session(store, dt.date(2026, 12, 3))
    with pytest.raises(InputError, match="no paper 'p7'"):
        add_session(store, dt.date(2026, 12, 10), papers=["p7"])
    assert len(ListStore.open(store.folder).reading_list.sessions) == 2


def test_cli_session_add_list_propose(tmp_path, capsys):
    folder = write(tmp_path)
    (folder / "reviews").mkdir()
    for reader in ("ann", "bob", "cy"):
        assert main(["review", str(folder), "p2", "--reader", reader, "--rating", "4"]) == 0
    capsys.readouterr()
    assert main(["session", "add", str(folder), "2026-12-10", "--paper", "p2", "--question", "What next?"]) == 0
    assert "presented by cy" in capsys.readouterr().out  # ann and bob have presented once already
    assert main(["session", "list", str(folder)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("2026-11-26  bob") and listing[2].startswith("2026-12-10  cy") and "Second paper" in listing[2]
    assert listing[-1] == "presented: ann 1, bob 1, cy 1"
    assert main(["session", "propose", str(folder), "--count", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2026-12-17  bob  (presented 1 before)", "2026-12-24  ann  (presented 1 before)", "2026-12-31  cy  (presented 1 before)",
    ]  # fmt: skip
    assert main(["validate", str(folder)]) == 0


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["session", "add", "{l}", "2026-12-03"], 1, "already a session"),
        (["session", "add", "{l}", "Dec 3"], 2, "YYYY-MM-DD"),
        (["session", "add", "{l}", "2026-12-17", "--paper", "zz"], 1, "no paper 'zz'"),
        (["session", "add", "{l}", "2026-12-17", "--presenter", "Not Valid"], 2, "reader name"),
        (["session", "propose", "{l}"], 1, "no readers yet"),
        (["session"], 2, "required"),
    ],
)
def test_cli_session_errors_are_one_line(tmp_path, capsys, argv, code, words):
    folder = write(tmp_path)
    before = (folder / "list.yaml").read_bytes()
    assert main([a.replace("{l}", str(folder)) for a in argv]) == code
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert (folder / "list.yaml").read_bytes() == before
