"""End to end with real git: a bare origin, clones that import and review at the same time."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.store import ListStore
from tests.conftest import page

ABSTRACT = "We study sparse experts and routing at a scale a small lab can afford, with care. " * 3
ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **ENV}, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done


def rl(*argv: object) -> int:
    return main([str(a) for a in argv])


def write_page(path: Path, *titles: str) -> Path:
    blocks = []
    for i, title in enumerate(titles):
        blocks += [title, ABSTRACT, f"  • {i + 2} authors\n·\nMar {i + 1}, 2025 {i}"]
    path.write_text(page(*blocks), encoding="utf-8")
    return path


@pytest.fixture
def origin(tmp_path: Path, monkeypatch) -> Path:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", str(bare), str(seed))
    assert rl("git-setup", seed) == 0
    write_page(tmp_path / "week1.txt", "Sparse Experts", "Router Collapse")
    assert rl("import", tmp_path / "week1.txt", "--into", seed / "lists" / "moe", "--year", "2025", "--title", "MoE") == 0
    git(seed, "add", "-A")
    git(seed, "commit", "-m", "start the list")
    git(seed, "push", "origin", "HEAD:main")
    return bare


def clone(origin: Path, where: Path, setup: bool = True) -> Path:
    git(origin.parent, "clone", str(origin), str(where))
    if setup:
        assert rl("git-setup", where) == 0
    return where


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-m", message)


def test_git_setup_is_idempotent_and_says_what_it_did(origin, tmp_path, capsys):
    a = clone(origin, tmp_path / "a", setup=False)
    capsys.readouterr()
    assert rl("git-setup", a) == 0
    first = capsys.readouterr().out
    assert "already names the readinglist merge driver" in first  # committed by the seed clone
    assert "set git config merge.readinglist.driver" in first
    assert rl("git-setup", a) == 0
    assert "already set" in capsys.readouterr().out
    assert git(a, "check-attr", "merge", "lists/moe/list.yaml").stdout.strip().endswith("merge: readinglist")
    assert git(a, "check-attr", "merge", "lists/moe/reviews/ann.yaml").stdout.strip().endswith("merge: readinglist")


def test_two_members_import_and_review_at_once_and_nothing_is_lost(origin, tmp_path):
    a = clone(origin, tmp_path / "a")
    b = clone(origin, tmp_path / "b")
    # Member A: a new page, reviews as ann and as the shared reader "group".
    write_page(tmp_path / "a.txt", "Dense Students", "Sparse Experts")
    assert rl("import", tmp_path / "a.txt", "--into", a / "lists/moe", "--year", "2025") == 0
    assert rl("review", a / "lists/moe", "sparse-experts", "--reader", "ann", "--rating", "4", "--tag", "moe") == 0
    assert rl("review", a / "lists/moe", "router-collapse", "--reader", "group", "--status", "read") == 0
    commit_all(a, "A imports and reviews")
    git(a, "push", "origin", "HEAD:main")
    # Member B, at the same time: another page, reviews as bob and as "group" on other papers.
    write_page(tmp_path / "b.txt", "Capacity Factors", "Router Collapse")
    assert rl("import", tmp_path / "b.txt", "--into", b / "lists/moe", "--year", "2025") == 0
    assert rl("review", b / "lists/moe", "sparse-experts", "--reader", "bob", "--rating", "2", "--note", "not convinced") == 0
    assert rl("review", b / "lists/moe", "capacity-factors", "--reader", "group", "--rating", "5", "--tag", "moe") == 0
    assert rl("review", b / "lists/moe", "router-collapse", "--reader", "group", "--tag", "classic") == 0
    commit_all(b, "B imports and reviews")
    git(b, "pull", "--no-rebase", "origin", "main")  # both changed list.yaml and reviews/group.yaml
    git(b, "push", "origin", "HEAD:main")
    git(a, "pull", "--no-rebase", "origin", "main")
    for clone_dir in (a, b):
        assert rl("validate", clone_dir / "lists/moe") == 0
    assert (a / "lists/moe/list.yaml").read_bytes() == (b / "lists/moe/list.yaml").read_bytes()
    assert (a / "lists/moe/reviews/group.yaml").read_bytes() == (b / "lists/moe/reviews/group.yaml").read_bytes()
    merged = ListStore.open(a / "lists/moe").reading_list
    assert set(merged.papers) == {"sparse-experts", "router-collapse", "dense-students", "capacity-factors"}
    assert merged.reviews["ann"]["sparse-experts"].rating == 4
    assert merged.reviews["bob"]["sparse-experts"].note == "not convinced"
    group = merged.reviews["group"]
    assert (group["router-collapse"].status, group["router-collapse"].tags) == ("read", ("classic",))
    assert group["capacity-factors"].rating == 5


def test_same_field_changed_both_ways_stops_the_merge_and_loses_nothing(origin, tmp_path):
    a = clone(origin, tmp_path / "a")
    b = clone(origin, tmp_path / "b")
    assert rl("review", a / "lists/moe", "sparse-experts", "--reader", "ann", "--rating", "4") == 0
    commit_all(a, "ann says 4")
    git(a, "push", "origin", "HEAD:main")
    assert rl("review", b / "lists/moe", "sparse-experts", "--reader", "ann", "--rating", "2") == 0
    commit_all(b, "ann says 2")
    pulled = git(b, "pull", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode != 0 and "conflict" in (pulled.stdout + pulled.stderr).lower()
    text = (b / "lists/moe/reviews/ann.yaml").read_text(encoding="utf-8")
    assert "conflicts:" in text and "ours: '2'" in text and "theirs: '4'" in text
    assert rl("validate", b / "lists/moe") == 1


def test_a_clone_without_set_up_gets_a_validation_error_not_silent_damage(origin, tmp_path, capsys):
    a = clone(origin, tmp_path / "a")
    c = clone(origin, tmp_path / "c", setup=False)
    for repo, name in ((a, "a.txt"), (c, "c.txt")):
        write_page(tmp_path / name, f"Paper From {name[0].upper()}")
        assert rl("import", tmp_path / name, "--into", repo / "lists/moe", "--year", "2025") == 0
        commit_all(repo, f"import {name}")
    git(a, "push", "origin", "HEAD:main")
    git(c, "pull", "--no-rebase", "origin", "main", check=False)  # git's text merge: both appended papers
    capsys.readouterr()
    assert rl("validate", c / "lists/moe") == 1
    assert "readinglist git-setup" in capsys.readouterr().err


def test_validate_takes_the_files_a_pre_commit_hook_passes(origin, tmp_path, capsys):
    a = clone(origin, tmp_path / "a")
    assert rl("review", a / "lists/moe", "sparse-experts", "--reader", "ann", "--rating", "4") == 0
    capsys.readouterr()
    assert rl("validate", a / "lists/moe/list.yaml", a / "lists/moe/reviews/ann.yaml") == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1 and out.rstrip().endswith("valid (2 papers, 1 reader)")  # one list, once
