"""Handouts after the session (who came, the minutes), the archive of past sessions, and
Semantic Scholar's facts on each paper."""

from __future__ import annotations

import datetime as dt

import pytest

import readinglist
from readinglist.cli import main
from readinglist.errors import InputError
from readinglist.meetings import attend, write_minutes
from readinglist.model import ScholarFacts, evolve
from readinglist.sessions import add_session
from readinglist.store import ListStore

from .conftest import ATTACK, SESSION

EARLIER = dt.date(2026, 11, 26)
LATER = dt.date(2026, 12, 10)


@pytest.fixture
def held(example):
    """The example list after two sessions, with attendance and minutes, and a planned one."""
    store = ListStore.open(example)
    add_session(store, EARLIER, presenter="ben", papers=["expert-choice-revisited-when-should-experts"], questions=["Who picks?"])
    add_session(store, LATER, presenter="chen", papers=["pokemon-battles-as-testbed-sparse-policies"])
    for reader in ("ana", "ben"):
        attend(store, reader, SESSION)
    attend(store, "chen", EARLIER)
    write_minutes(store, "ana", SESSION, "Router collapse shows first in the loss.\nTry 64 experts next.")
    write_minutes(store, "chen", EARLIER, f"Expert choice wins. {ATTACK}")
    pid = "sparse-routing-without-tears-load-balanced"
    paper = store.reading_list.papers[pid]
    store.reading_list.papers[pid] = evolve(paper, semantic_scholar=ScholarFacts(dt.date(2026, 11, 30), 412, 37, "Balanced experts at small scale."))
    store.save_catalogue()
    return example


def test_session_handout_shows_who_came_and_the_minutes(held, tmp_path):
    out = readinglist.export(held, "markdown", tmp_path / "s.md", session=SESSION, charts=False)
    text = out.read_text()
    assert "**Attended** ana, ben" in text
    assert "## Minutes" in text and "Router collapse shows first in the loss.\\\n  Try 64 experts next." in text
    assert "**Citations** 412 (37 influential; Semantic Scholar, 2026-11-30)" in text
    assert "**TLDR** Balanced experts at small scale." in text
    assert text.index("## Discussion questions") < text.index("## Minutes") < text.index("## Summary")


def test_archive_has_every_past_session_newest_first(held, tmp_path):
    out = readinglist.export(held, "html", tmp_path / "a.html", archive=True, today=dt.date(2026, 12, 5), charts=False)
    html = out.read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html  # minutes are inert text too
    assert "Archive of 2 past sessions (2026-11-26 to 2026-12-03), newest first" in html
    later, earlier = html.index("Session of Thursday 3 December 2026"), html.index("Session of Thursday 26 November 2026")
    assert later < earlier and "10 December" not in html
    assert html.index("Field Guide", later) < earlier  # the session's papers follow its heading
    assert html.index("Expert Choice Revisited", earlier) > earlier
    assert "Who picks?" in html and "Expert choice wins." in html and "Try 64 experts next." in html


def test_archive_command_and_refusals(held, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(held), "--archive", "--to", "ipynb"]) == 0
    assert (tmp_path / "handouts" / "example-archive.ipynb").exists()  # the default handouts/ folder, beside the list
    with pytest.raises(InputError, match="archive"):
        readinglist.export(held, "html", tmp_path / "x.html", archive=True, session=SESSION)
    assert main(["export", str(held), "--archive", "--session", "2026-12-03"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
