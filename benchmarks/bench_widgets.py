"""Benchmarks of the review widgets on a large list (not timed tests: numbers to report).

A synthetic list of N papers (default 20,000; titles and ~1.3 KB abstracts from a fixed
seed) with one reader file of 2,000 reviews is written by the package into a temporary
folder and opened once. Then, in this Python process (widgets without a browser: the
times are the kernel's side, what the user waits for before the front end redraws):

1. widget ready: `readinglist.review(store, reader)` (review tab + browser tab, with the
   browser's search index) on the already loaded list;
2. search / filter change: setting the browser's search text, tag, status, reader,
   minimum rating or sort, each followed by the query and the redraw of one page;
3. rating click on disk: `stars[n].click()` on an open widget, alternating ratings, so
   each click rewrites the reader's file (atomic write with fsync) before it returns;
4. card keys: a key pressed on the card, delivered to its message handler as the front
   end delivers it: `1`/`2` (a rating, on disk when it returns) and `j`/`k` (next and
   previous paper, the card and the controls redrawn).

Run from the repository root:

    python benchmarks/bench_widgets.py                            # table on stdout
    python benchmarks/bench_widgets.py --write docs/performance.md  # also update our section
    python benchmarks/bench_widgets.py --size 2000 --repeats 5      # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from perfdoc import timed, write_section  # beside this script

import readinglist
from readinglist.model import STATUSES, Paper, Review
from readinglist.store import ListStore
from readinglist.widgets.browser import ANY

SEED = 20251211
READER = "reader-a"
REVIEWS = 2_000
TARGETS = {"ready": 2.0, "query": 0.100, "rating": 0.050, "move": 0.050}
HEADING = "## Review widgets (`benchmarks/bench_widgets.py`)"
WORDS = [
    "sparse",
    "mixture",
    "experts",
    "routing",
    "attention",
    "transformer",
    "diffusion",
    "language",
    "model",
    "vision",
    "retrieval",
    "agent",
    "reasoning",
    "scaling",
    "efficient",
    "training",
    "inference",
    "benchmark",
    "alignment",
    "reward",
    "policy",
    "token",
    "memory",
    "graph",
    "contrastive",
    "distillation",
    "quantisation",
    "robust",
    "multimodal",
    "video",
    "speech",
    "code",
    "data",
]
TAGS = ["moe", "routing", "rl", "vision", "llm", "eval", "theory", "systems", "data", "agents"]


def make_list(folder: Path, size: int, rng: random.Random) -> None:
    store = ListStore.create(folder, title=f"Benchmark list of {size:,} papers")
    papers = store.reading_list.papers
    start = dt.date(2023, 1, 1)
    for i in range(size):
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(6, 12))) + f" {i}"
        abstract = " ".join(rng.choice(WORDS) for _ in range(170))
        pid = f"paper-{i:05d}"
        papers[pid] = Paper(
            id=pid, title=title, abstract=abstract, upvotes=rng.randint(0, 300),
            published=start + dt.timedelta(days=rng.randint(0, 900)),
        )  # fmt: skip
    store.save_catalogue()
    for pid in rng.sample(list(papers), min(REVIEWS, size)):
        store.reading_list.set_review(
            READER,
            Review(
                paper_id=pid,
                rating=rng.choice([None, 1, 2, 3, 4, 5]),
                status=rng.choice(STATUSES),
                tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
            ),
        )
    store.save_reviews(READER)


def cycling(control: object, values: list[object]) -> Callable[[], None]:
    """An action that sets `control.value` to the next of `values`: a change every time."""
    values_iter = itertools.cycle(values)

    def action() -> None:
        control.value = next(values_iter)

    return action



def run(size: int, repeats: int) -> tuple[list[tuple[str, str, list[float]]], float]:
    rng = random.Random(SEED)
    workdir = Path(tempfile.mkdtemp(prefix="readinglist-bench-widgets-"))
    try:
        folder = workdir / "list"
        make_list(folder, size, rng)
        t0 = time.perf_counter()
        store = ListStore.open(folder)
        load = time.perf_counter() - t0
        rows: list[tuple[str, str, list[float]]] = []
        rows.append(
            (
                "ready",
                "review(store, reader): review + browser tabs",
                timed(lambda: readinglist.review(store, READER), repeats),
            )
        )
        app = readinglist.review(store, READER)
        b = app.browser
        # Two words, then cleared, then two other words...: every change is a new query.
        words = iter(rng.choice(WORDS) + " " + rng.choice(WORDS) if i % 2 == 0 else "" for i in range(10 * repeats))
        queries: list[tuple[str, Callable[[], object]]] = [
            ("search text (two words, or cleared)", lambda: setattr(b.search, "value", next(words))),
            ("filter by tag", cycling(b.tag, [*TAGS, ANY])),
            ("filter by status", cycling(b.status, [*STATUSES, ANY])),
            ("filter by reader", cycling(b.reader_filter, [READER, ANY])),
            ("minimum rating", cycling(b.min_rating, [2, 3, 4, ANY])),
            ("sort", cycling(b.sort, ["date", "upvotes", "own-rating", "group-rating", "list"])),
        ]
        for label, action in queries:
            rows.append(("query", label, timed(action, repeats)))
        review_file = folder / "reviews" / f"{READER}.yaml"
        stars = app.review.controls.rating.stars
        rating = app.review.controls.rating

        def click() -> None:
            before = review_file.stat().st_ino
            stars[0 if rating.value != 1 else 1].click()  # 1, 2, 1, ...: every click changes the review
            if review_file.stat().st_ino == before or "saved" not in app.review.save_status.value:
                raise SystemExit("a rating click did not rewrite the reader's file")

        rows.append(("rating", "star click, on disk when it returns", timed(click, repeats)))

        view = app.review.card.view

        def rate_by_key() -> None:
            before = review_file.stat().st_ino
            view._handle_custom_msg({"type": "key", "key": "2" if rating.value == 1 else "1"}, [])
            if review_file.stat().st_ino == before:
                raise SystemExit("a rating key did not rewrite the reader's file")

        rows.append(("rating", "card key 1 / 2 (rating), on disk when it returns", timed(rate_by_key, repeats)))
        moves = itertools.cycle("jk")
        rows.append(
            (
                "move",
                "card key j / k (next / previous paper)",
                timed(lambda: view._handle_custom_msg({"type": "key", "key": next(moves)}, []), repeats),
            )
        )
        return rows, load
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(rows: list[tuple[str, str, list[float]]]) -> str:
    lines = ["| measure | median | max | runs | target | met |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for kind, label, times in rows:
        median = statistics.median(times)
        lines.append(
            f"| {label} | {ms(median)} | {ms(max(times))} | {len(times)} | < {ms(TARGETS[kind])} | "
            f"{'yes' if median < TARGETS[kind] else 'NO'} |"
        )
    return "\n".join(lines)


def section(rows: list[tuple[str, str, list[float]]], size: int, load: float) -> str:
    machine = f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    return f"""{HEADING}

The review workflow on a synthetic list of {size:,} papers (abstracts of about 1.3 KB)
with one reader file of {REVIEWS:,} reviews, measured in the Python process with no
browser (the kernel's share of each action; the front end then redraws one page).
Opening the list (`ListStore.open`, not part of the targets) took {ms(load)}.
Machine: {machine}; measured on {dt.date.today().isoformat()}.

    python benchmarks/bench_widgets.py --write docs/performance.md

{table(rows)}

- *ready*: `readinglist.review(store, reader)` on the loaded list: the review tab, the
  browser tab and its search index (case-folded titles and abstracts, group means).
- *query*: one change of the browser's search text, a filter or the sort, including the
  query over all papers and the redraw of the 20 rows of the first page.
- *rating*: a star click, or a rating key pressed on the card, on an open widget; when it
  returns, the reader's file has been rewritten atomically (temp file, fsync, rename,
  fsync of the folder).
- *move*: `j` or `k` on the card: the next or previous paper's card (title, abstract,
  links, chips) and controls are redrawn.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--size", type=int, default=20_000, help="papers in the list (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=21, help="runs of each measure (default: %(default)s)")
    parser.add_argument("--write", metavar="PATH", help="also replace our section of this Markdown file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    rows, load = run(args.size, args.repeats)
    text = section(rows, args.size, load)
    print(text)
    if args.write:
        write_section(Path(args.write), HEADING, text)
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
