"""Several writers on one machine: crashes leave old or new files, parallel saves lose nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.model import Paper
from readinglist.store import ListStore

N_PAPERS = 60


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = ListStore.create(tmp_path / "l", "Group")
    add_papers(store.reading_list, [Paper("", f"Paper number {i}", abstract="word " * 250) for i in range(N_PAPERS)])
    store.save_catalogue()
    return store.folder


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


WRITER = """
    import sys
    from readinglist.store import ListStore
    store = ListStore.open(sys.argv[1])
    n = 0
    print("ready", flush=True)
    while True:  # killed from outside
        n += 1
        store.reading_list.title = f"Group, save {n}"
        store.save_catalogue()
        store.update_review("ann", f"paper-number-{n % 60}", rating=n % 5 + 1, note="x" * (n % 400))
"""


def test_a_writer_killed_at_random_moments_leaves_old_or_new_files(folder):
    rng = random.Random(5)
    for round_ in range(12):
        writer = _python(WRITER, str(folder))
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        writer.communicate()  # reaps it and closes the pipes
        store = ListStore.open(folder)  # a half-written file would fail to load here
        assert len(store.reading_list.papers) == N_PAPERS, round_
        assert store.reading_list.title.startswith("Group")
    assert ListStore.check(folder) == []


REVIEWER = """
    import sys
    from readinglist.store import ListStore
    folder, worker = sys.argv[1], int(sys.argv[2])
    store = ListStore.open(folder)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(worker, 60, 4):
        store.update_review("ann", f"paper-number-{i}", rating=i % 5 + 1, add_tags=(f"w{worker}",))
        store.update_review(f"reader-{worker}", f"paper-number-{i}", status="read")
    print("done", flush=True)
"""


def test_processes_saving_reviews_to_one_list_at_once_lose_none(folder):
    workers = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(REVIEWER), str(folder), str(w)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(4)
    ]
    for w in workers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    reviews = ListStore.open(folder).reading_list.reviews
    assert len(reviews["ann"]) == N_PAPERS  # all four wrote the same reader file, none lost
    assert all(reviews["ann"][f"paper-number-{i}"].tags == (f"w{i % 4}",) for i in range(N_PAPERS))
    for w in range(4):
        assert len(reviews[f"reader-{w}"]) == N_PAPERS // 4
