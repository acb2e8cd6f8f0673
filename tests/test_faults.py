"""Faults at every step of a save and of an export: one line, old file intact, nothing left over.

Each case makes the system refuse one step (lock file, temp file, write, fsync, rename,
folder fsync) with one errno, through the API and through the command line, and checks:
the error is one line naming the file and the cause, exit 1, every file on disk is
byte-for-byte what it was, no temporary file is left, the list in memory is as it was,
and once the fault is gone the same change saves.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.cli import main
from readinglist.errors import StoreError
from readinglist.handout.api import export_handout
from readinglist.layout import LOCK_FILE
from readinglist.listcache import CACHE_DIR
from readinglist.model import Paper
from readinglist.sessions import add_session
from readinglist.store import ListStore
from tests.faults import ERRNOS, STEPS, Fault, stray_temps

SESSION_DAY = dt.date(2026, 12, 3)


def make_list(root: Path, papers: int = 20) -> Path:
    store = ListStore.create(root / "group", "Group")
    add_papers(store.reading_list, [Paper("", f"Paper number {i}", abstract="words " * 80) for i in range(max(papers, 4))])
    store.save_catalogue()
    store.update_review("ann", "paper-number-1", rating=4, note="keep this")
    return store.folder


@pytest.fixture
def folder(tmp_path):
    return make_list(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the lock file (which holds nothing) and the parse cache
    (not a list file: any command that reads the list may fill it)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE and CACHE_DIR not in p.relative_to(root).parts
    }


def cli(*argv) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, err.getvalue()


def api_review(folder, out):
    store = ListStore.open(folder)
    before = copy.deepcopy(store.reading_list.reviews)
    try:
        store.update_review("ann", "paper-number-1", rating=2, add_tags=("moe",))
    except StoreError:
        assert store.reading_list.reviews == before  # the list in memory is as it was
        raise


def api_new_reader(folder, out):
    store = ListStore.open(folder)
    before = copy.deepcopy(store.reading_list.reviews)
    try:
        store.update_review("bob", "paper-number-2", status="read")
    except StoreError:
        assert store.reading_list.reviews == before
        raise


def api_session(folder, out):
    store = ListStore.open(folder)
    before = list(store.reading_list.sessions)
    try:
        add_session(store, SESSION_DAY, papers=("paper-number-3",), questions=("Does it scale?",))
    except StoreError:
        assert store.reading_list.sessions == before
        raise


def api_export(folder, out):
    export_handout(folder, "csv", out)


def cli_review(folder, out):
    return cli("review", folder, "paper-number-1", "--reader", "ann", "--rating", "2")


def cli_session(folder, out):
    return cli("session", "add", folder, SESSION_DAY.isoformat(), "--paper", "paper-number-3", "--presenter", "ann")


def cli_export(folder, out):
    return cli("export", folder, "--to", "csv", "-o", out)


# operation: (call, the file it writes relative to the list folder or None for the export)
OPERATIONS = {
    "api-review": (api_review, "reviews/ann.yaml"),
    "api-new-reader": (api_new_reader, "reviews/bob.yaml"),
    "api-session": (api_session, "list.yaml"),
    "api-export": (api_export, None),
    "cli-review": (cli_review, "reviews/ann.yaml"),
    "cli-session": (cli_session, "list.yaml"),
    "cli-export": (cli_export, None),
}
CASES = [
    pytest.param(op, step, code, id=f"{op}-{step}-{errno.errorcode[code]}")
    for op, (_, target) in OPERATIONS.items()
    for step in STEPS
    if not (target is None and step == "lock")  # an export takes no lock
    for code in ERRNOS
]


def refused_cleanly(operation: str, step: str, code: int, root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run `operation` on the list under `root` with `step` failing with `code`; what went wrong.

    Empty when: the error is one line naming the file and the cause (exit 1 from the CLI),
    every file is as it was, no temp file is left, memory is as it was (the API helpers
    check that), and once the fault is gone the same change saves and the list is valid.
    """
    monkeypatch.setattr(ListStore, "lock_timeout", 2.0)  # a lock fault must not turn into a wait
    run, relative = OPERATIONS[operation]
    folder = root / "group"
    out = root / "handout.csv"
    out.write_text("the old handout\n")
    target = out if relative is None else folder / relative
    before = snapshot(root)
    fault = Fault(step, code, target).install(monkeypatch)
    wrong = []
    if operation.startswith("cli-"):
        exit_code, message = run(folder, out)
        if exit_code != 1:
            wrong.append(f"exit {exit_code}")
    else:
        try:
            run(folder, out)
            message = ""
            wrong.append("no error raised")
        except StoreError as exc:
            message = str(exc)
    lines = message.strip().splitlines()
    if len(lines) != 1 or "Traceback" in message:
        wrong.append(f"not one line: {message!r}")
    if target.name not in message or errno.errorcode[code] not in message:
        wrong.append(f"file or cause not named: {message!r}")
    if fault.hits < 1:
        wrong.append("the fault was never reached")
    if stray_temps(root):
        wrong.append(f"temp files left: {stray_temps(root)}")
    if snapshot(root) != before:
        wrong.append("files changed")
    fault.armed = False  # the disk is fine again: the same change saves
    result = run(folder, out)
    if not (result is None or result[0] == 0):
        wrong.append(f"the retry failed: {result}")
    if snapshot(root) == before:
        wrong.append("the retry changed nothing")
    if ListStore.check(folder):
        wrong.append(f"invalid after the retry: {ListStore.check(folder)[0]}")
    return wrong


@pytest.mark.parametrize(("operation", "step", "code"), CASES)
def test_a_refused_step_changes_nothing_and_says_so_in_one_line(operation, step, code, folder, tmp_path, monkeypatch):
    assert refused_cleanly(operation, step, code, tmp_path, monkeypatch) == []


def test_every_step_and_errno_is_covered():
    assert len(CASES) == len(OPERATIONS) * len(STEPS) * len(ERRNOS) - 2 * len(ERRNOS)


WRITER = """
import signal, sys
from readinglist.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _small_file_limit():  # in the child: files may not grow past 8 KiB; SIGXFSZ becomes EFBIG
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))


def test_a_real_file_size_limit_refuses_the_save_cleanly(folder):
    before = snapshot(folder)
    assert len(before["list.yaml"]) > 8 * 1024  # the limit bites on this list
    # A new session rewrites list.yaml, which is larger than the limit.
    proc = subprocess.run(
        [sys.executable, "-c", WRITER, "session", "add", str(folder), "2026-12-03", "--paper", "paper-number-3", "--presenter", "ann"],
        capture_output=True, text=True, timeout=60, preexec_fn=_small_file_limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "list.yaml" in lines[0] and "EFBIG" in lines[0], proc.stderr
    assert snapshot(folder) == before
    assert stray_temps(folder) == []
