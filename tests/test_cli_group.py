"""`readinglist vote`, `session propose/add --from-vote`, and votes shared through real git."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.model import Paper
from readinglist.store import ListStore

from .test_git_sharing import clone, commit_all, git, origin  # noqa: F401 - the fixture is used below

PAPERS = ("sparse-experts", "router-collapse", "capacity-factors", "dense-students")


@pytest.fixture
def folder(tmp_path) -> Path:
    store = ListStore.create(tmp_path / "moe", "MoE")
    for pid in PAPERS:
        store.reading_list.papers[pid] = Paper(pid, pid.replace("-", " ").title())
    store.save_catalogue()
    return tmp_path / "moe"


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def test_votes_and_results(folder, capsys):
    before = (folder / "list.yaml").read_bytes()
    assert run("vote", folder, "--reader", "ann", "--rank", "router", "sparse", "capacity") == 0
    assert "ann's ranked ballot for the next session: 3 papers" in capsys.readouterr().out
    assert run("vote", folder, "--reader", "bob", "--rank", "sparse", "router") == 0
    assert run("vote", folder, "--reader", "cy", "--rank", "router", "dense") == 0
    assert run("vote", folder, "--reader", "dee", "--approve", "capacity", "dense", "--session", "2026-12-10") == 0
    assert "(no session on 2026-12-10 yet)" in capsys.readouterr().out
    assert (folder / "list.yaml").read_bytes() == before  # voting never rewrites list.yaml
    assert run("vote", folder, "--results", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["method"] == "schulze" and result["ballots"] == 3
    assert [s["id"] for s in result["standings"]] == ["router-collapse", "sparse-experts", "capacity-factors", "dense-students"]
    assert result["standings"][0] == {
        "place": 1, "id": "router-collapse", "title": "Router Collapse",
        "beats": 3, "head_to_head_wins": 3, "first_preferences": 2, "ballots": 3,
    }  # fmt: skip
    assert run("vote", folder, "--results", "--session", "2026-12-10") == 0
    table = capsys.readouterr().out
    assert "counted by approval" in table and "1. capacity-factors" in table and "1 approval" in table
    assert run("vote", folder, "--reader", "ann", "--clear") == 0
    assert "withdrawn" in capsys.readouterr().out
    assert run("vote", folder, "--results", "--json") == 0
    assert json.loads(capsys.readouterr().out)["ballots"] == 2


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["--rank", "sparse", "sparse-experts"], 1, "names paper 'sparse-experts' twice"),
        (["--approve", "nothing-like-this"], 1, "no paper 'nothing-like-this'"),
        (["--rank"], 2, "expected at least one argument"),
        (["--rank", "sparse", "--approve", "router"], 2, "not allowed with"),
        ([], 2, "one of --approve, --rank, --clear or --results"),
        (["--approve", "sparse", "--json"], 2, "--json goes with --results"),
        (["--approve", "sparse", "--session", "2026-02-30"], 2, "YYYY-MM-DD"),
    ],
)
def test_bad_votes_are_one_line_and_write_nothing(folder, capsys, argv, code, words):
    assert run("vote", folder, "--reader", "ann", *argv) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert not (folder / "reviews").exists()


def test_the_top_of_the_vote_goes_into_sessions(folder, capsys):
    for reader, ranking in (("ann", ("dense", "sparse")), ("bob", ("dense", "router")), ("cy", ("sparse", "dense"))):
        assert run("vote", folder, "--reader", reader, "--rank", *ranking) == 0
    capsys.readouterr()
    assert run("session", "propose", folder, "--count", "2", "--start", "2026-12-03", "--from-vote", "1") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("dense-students") and lines[1].endswith("sparse-experts")
    assert run("session", "add", folder, "2026-12-03", "--from-vote", "2", "--time", "18:30") == 0
    session = ListStore.open(folder).reading_list.sessions[0]
    assert session.papers == ("dense-students", "sparse-experts")
    assert run("session", "add", folder, "2026-12-10", "--from-vote", "1") == 0  # the next one not taken yet
    assert ListStore.open(folder).reading_list.sessions[1].papers == ("router-collapse",)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_members_vote_and_take_minutes_at_once_through_git(origin, tmp_path):  # noqa: F811
    a = clone(origin, tmp_path / "a")
    b = clone(origin, tmp_path / "b")
    moe = "lists/moe"
    assert run("session", "add", a / moe, "2026-12-03", "--paper", "sparse") == 0
    commit_all(a, "plan a session")
    git(a, "push", "origin", "HEAD:main")
    git(b, "pull", "--no-rebase", "origin", "main")
    # The same reader on two machines, and another reader.
    assert run("vote", a / moe, "--reader", "ann", "--rank", "router", "sparse") == 0
    assert run("session", "attend", a / moe, "2026-12-03", "--reader", "ann") == 0
    commit_all(a, "A votes and attends")
    git(a, "push", "origin", "HEAD:main")
    assert run("vote", b / moe, "--reader", "ann", "--approve", "sparse", "--session", "2026-12-03") == 0
    assert run("session", "minutes", b / moe, "2026-12-03", "--reader", "ann", "--text", "Good session.") == 0
    assert run("vote", b / moe, "--reader", "bob", "--rank", "sparse") == 0
    commit_all(b, "B votes and writes minutes")
    git(b, "pull", "--no-rebase", "origin", "main")  # both changed reviews/ann.yaml
    assert run("validate", b / moe) == 0
    merged = ListStore.open(b / moe).reading_list
    assert set(merged.ballots["ann"]) == {None, dt.date(2026, 12, 3)}
    assert merged.attended["ann"] and merged.minutes["ann"]
    assert set(merged.ballots) == {"ann", "bob"}
