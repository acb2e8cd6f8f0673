"""Several writers on one machine: crashes leave old or new files, parallel saves lose nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.errors import ListFormatError
from readinglist.model import Paper
from readinglist.store import ListStore

N_PAPERS = 60


def make_list(folder: Path, papers: int = N_PAPERS) -> Path:
    """A list of `papers` papers with long abstracts: saves take long enough to be killed mid-way."""
    store = ListStore.create(folder, "Group")
    add_papers(store.reading_list, [Paper("", f"Paper number {i}", abstract="word " * 250) for i in range(papers)])
    store.save_catalogue()
    return store.folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_list(tmp_path / "l")


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


@dataclass
class KillFigures:
    kills: int = 0
    corrupt: int = 0  # rounds after which a file did not load, or papers were missing


def kill_rounds(folder: Path, rounds: int, seed: int, max_delay_s: float = 0.25) -> KillFigures:
    """SIGKILL a process saving the list and a review file over and over, at random moments,
    `rounds` times; after each kill every file must load with every paper."""
    rng = random.Random(seed)
    figures = KillFigures()
    for _ in range(rounds):
        writer = _python(WRITER, str(folder))
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, max_delay_s))
        writer.send_signal(signal.SIGKILL)
        writer.communicate()  # reaps it and closes the pipes
        figures.kills += 1
        try:
            store = ListStore.open(folder)  # a half-written file would fail to load here
            intact = len(store.reading_list.papers) == N_PAPERS and store.reading_list.title.startswith("Group")
        except ListFormatError:
            intact = False
        figures.corrupt += not intact
    return figures


def test_a_writer_killed_at_random_moments_leaves_old_or_new_files(folder):
    assert kill_rounds(folder, rounds=12, seed=5) == KillFigures(kills=12, corrupt=0)
    assert ListStore.check(folder) == []


REVIEWER = """
    import sys
    from readinglist.store import ListStore
    folder, worker, workers, papers = sys.argv[1], *map(int, sys.argv[2:])
    store = ListStore.open(folder)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(worker, papers, workers):
        store.update_review("ann", f"paper-number-{i}", rating=i % 5 + 1, add_tags=(f"w{worker}",))
        store.update_review(f"reader-{worker}", f"paper-number-{i}", status="read")
    print("done", flush=True)
"""


@dataclass
class RaceFigures:
    operations: int = 0  # saves attempted, all processes together
    lost: int = 0  # saves whose change is not in the files afterwards


def race_reviews(folder: Path, workers: int, papers: int = N_PAPERS) -> RaceFigures:
    """`workers` processes review the list's papers at once: each one rates and tags its share
    of the papers in ann's file (one file for all) and marks them read in its own file."""
    procs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(REVIEWER), str(folder), str(w), str(workers), str(papers)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(workers)
    ]
    for w in procs:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    for w in procs:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in procs:
        out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err
    reviews = ListStore.open(folder).reading_list.reviews
    figures = RaceFigures(operations=2 * papers)
    for i in range(papers):
        got = reviews.get("ann", {}).get(f"paper-number-{i}")
        figures.lost += got is None or got.tags != (f"w{i % workers}",) or got.rating != i % 5 + 1
        figures.lost += f"paper-number-{i}" not in reviews.get(f"reader-{i % workers}", {})
    return figures


def test_processes_saving_reviews_to_one_list_at_once_lose_none(folder):
    assert race_reviews(folder, workers=4) == RaceFigures(operations=2 * N_PAPERS, lost=0)
