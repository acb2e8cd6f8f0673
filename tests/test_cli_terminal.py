"""The CLI on a terminal: `show` fits COLUMNS with ids `review` accepts, ratings are 1-5 or
`none`, and a mistyped command names the nearest real one."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.model import Paper
from readinglist.store import ListStore
from readinglist.tables import text_width

from .handout.conftest import FIXED_NOW

REPO = Path(__file__).resolve().parents[1]
TITLES = [
    "Sparse Routing Without Tears: Load-Balanced Mixture-of-Experts at Small Scale, With a Subtitle That Goes On",
    "Sparse Routing Without Tears Again",
    "日本語の論文のタイトル：専門家の混合モデルにおける負荷分散",
    "Short",
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(map(str, argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path) -> Path:
    store = ListStore.create(tmp_path / "lists" / "wide", title="A list whose title is rather long for a narrow terminal", clock=lambda: FIXED_NOW)
    store.reading_list.description = "A description long enough to need wrapping on a narrow terminal, " * 3
    ids = ["sparse-routing-without-tears-load-balanced", "sparse-routing-without-tears-again", "nihongo-paper", "short"]
    for pid, title in zip(ids, TITLES):
        store.reading_list.papers[pid] = Paper(id=pid, title=title, upvotes=123)
    store.save_catalogue()
    store.update_review("ann", ids[0], rating=4, add_tags=("moe", "routing", "load-balancing"))
    return store.folder


@pytest.mark.parametrize("columns", [24, 40, 60, 80, 120, 240])
def test_show_never_prints_a_line_wider_than_columns(folder, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = run("show", folder)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) >= 6
    assert max(text_width(line) for line in lines) <= columns


def test_titles_get_the_room(folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")
    _, out, _ = run("show", folder)
    assert TITLES[0] in out and TITLES[2] in out  # whole, on a wide terminal
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run("show", folder)
    header = next(line for line in out.splitlines() if line.startswith("ID"))
    # Date, upvotes and tags make way; the id keeps what it needs to stay unique.
    assert header.split() == ["ID", "RATING", "TITLE"]
    row = next(line for line in out.splitlines() if line.startswith("sparse-routing-without-tears-l"))
    assert text_width(row) == 60 and row.endswith("…")


def test_show_ids_are_short_unique_and_accepted_by_review(folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run("show", folder)
    rows = [line for line in out.splitlines()[out.splitlines().index(next(l for l in out.splitlines() if l.startswith("ID "))) + 1 :]]
    shown = [row.split()[0] for row in rows]
    assert shown == ["sparse-routing-without-tears-l", "sparse-routing-without-tears-a", "nihongo-", "short"]
    for prefix, pid in zip(shown, ["sparse-routing-without-tears-load-balanced", "sparse-routing-without-tears-again", "nihongo-paper", "short"]):
        code, said, err = run("review", folder, prefix, "--reader", "bob", "--rating", "3")
        assert code == 0, err
        assert said.startswith(f"{pid} by bob: ★★★☆☆")


@pytest.mark.parametrize("value", ["0", "6", "-1", "4.5", "five", ""])
def test_rating_must_be_1_to_5_or_none(folder, value):
    before = (folder / "reviews" / "ann.yaml").read_bytes()
    code, _, err = run("review", folder, "short", "--reader", "ann", "--rating", value)
    assert code == 2 and err.count("\n") == 1
    assert "1-5" in err and "none" in err
    assert (folder / "reviews" / "ann.yaml").read_bytes() == before


def test_rating_none_clears(folder):
    assert run("review", folder, "sparse-routing-without-tears-l", "--reader", "ann", "--rating", "none")[0] == 0
    assert ListStore.open(folder).review("ann", "sparse-routing-without-tears-load-balanced").rating is None


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["shwo", "x"], "did you mean 'show'?"),
        (["exprot", "x"], "did you mean 'export'?"),
        (["Validate", "x"], "did you mean 'validate'?"),
        (["session", "lst", "x"], "did you mean 'list'?"),
        (["qqqqzz"], "commands: import, show"),
    ],
)
def test_a_mistyped_command_names_the_nearest(argv, suggestion):
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and suggestion in err and "unknown command" in err


def test_the_installed_command_suggests_too(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "shwo"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "readinglist: unknown command 'shwo'; did you mean 'show'?\n"
