"""Benchmarks of the foundation: importing a pasted page, opening a list, saving a review.

Everything runs on synthetic data made here from a fixed seed (no real page or list is
read), in a temporary folder that is removed at the end:

1. parse + dedupe pasted text: `parse_source` on a pasted Hugging Face papers page of N
   papers (plus ~5% repeats of them, titles in other case and punctuation), then
   `add_papers` into an empty list;
2. open list (load + validate): `ListStore.open` on a list folder written by the package
   (list.yaml of N papers, one reader file of up to 2,000 reviews), against PyYAML's
   `CSafeLoader` and `orjson` reading the same files / the same data as JSON;
3. persist one review: `store.update_review` on an opened store, the rating alternating
   so that every call changes and writes the reader's file.

Run from the repository root:

    python benchmarks/bench_foundation.py                       # table on stdout
    python benchmarks/bench_foundation.py --write docs/performance.md
    python benchmarks/bench_foundation.py --quick --sizes 1000  # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

# Measure the checkout this script is in: run as `python benchmarks/...`, sys.path starts
# with benchmarks/, so an editable install pointing at another clone would win otherwise.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from perfdoc import write_section  # beside this script

import readinglist
from readinglist import listcache
from readinglist.catalogue import add_papers
from readinglist.importers import parse_source
from readinglist.model import STATUSES, ReadingList, Review
from readinglist.store import ListStore

SEED = 20251211
DEFAULT_SIZES = (1_000, 20_000)
PAGE_YEAR = 2025
READER = "reader-a"
MAX_REVIEWS = 2_000
DUPLICATE_SHARE = 0.05
# Lists up to this many papers run in well under a second: they get more repetitions.
SMALL_LIST = 2_000

# Targets from the brief; each applies at the size named.
PARSE_TARGET_S = 0.5
PARSE_TARGET_SIZE = 20_000
OPEN_RATIO_TARGET = 1.0
PERSIST_TARGET_S = 0.050
PERSIST_TARGET_SIZE = 20_000


# -- synthetic text ---------------------------------------------------------------------


def word_list(text: str) -> list[str]:
    return text.split()


# Written for this benchmark: frequent English words and a technical vocabulary, so the
# abstracts have the word-length mix of real ones without copying any real text.
FUNCTION_WORDS = word_list(
    "the of and to a in for is on that with by as we this are from be at an which our it "
    "can these while both than more into over when its not such their between also has "
    "each other most only under without across through where how what all two three"
)
TECHNICAL_WORDS = word_list(
    "model models language learning training data dataset benchmark benchmarks task tasks "
    "performance method methods approach framework network networks neural transformer "
    "attention diffusion generation generative reasoning inference evaluation agent agents "
    "policy reward reinforcement alignment preference token tokens context retrieval "
    "multimodal vision visual image video audio speech text representation representations "
    "embedding embeddings encoder decoder latent sampling optimization gradient scaling "
    "parameters efficient efficiency robust robustness accuracy state-of-the-art baseline "
    "baselines experiments results analysis propose introduce demonstrate achieve improve "
    "outperforms significantly existing novel simple effective large small pretrained "
    "fine-tuning instruction supervised unsupervised self-supervised zero-shot few-shot "
    "distillation compression quantization sparse dense mixture experts routing memory "
    "long-context hallucination safety interpretability grounding planning tool code "
    "mathematical chain-of-thought curriculum synthetic real-world open-source human "
    "annotation feedback trajectory environment simulation robot manipulation navigation"
)
TITLE_TAILS = (
    "A Survey",
    "Towards Robust Evaluation",
    "Scaling Laws Revisited",
    "An Empirical Study",
    "Lessons from Practice",
    "Beyond Next-Token Prediction",
    "A Unified View",
)
LATEX_SNIPPETS = (r"Pok\'emon", r"50\% fewer", r"na\"ive", r"{\em in situ}")
ORGS = (
    ("acme-ai", "Acme AI"),
    ("northwind-labs", "Northwind Labs"),
    ("globex", "Globex Research"),
    ("initech.ml", "Initech ML"),
    ("umbrella_research", "Umbrella Research"),
    ("hooli", "Hooli"),
)
MONTHS = word_list("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
PAGE_HEADER = (
    "new\nGet trending papers in your email inbox!\nSubscribe\n\n"
    "Daily Papers\n\nbyAK and the research community\n\nDec 11\n"
)
TAGS = ("llm", "rl", "vision", "agents", "theory", "must read", "efficiency", "data", "safety", "eval")


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable made-up words (`moraten`, `vistel`): names of methods and datasets."""
    # Plain letters listed twice: they are commoner than clusters in English.
    onsets = word_list("b c d f g h k l m n p r s t v w z b c d g l m n p r s t br cr dr fl gr pl pr st tr")
    vowels = word_list("a e i o u a e i o ai ea io ou")
    codas = ["", "", "", "n", "r", "s", "t", "l", "m", "x", "nd", "st"]
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(codas))
    made_up = sorted(words)  # sorted, then shuffled: the order depends on the seed only
    rng.shuffle(made_up)
    return made_up


@dataclass
class Vocabulary:
    words: list[str]
    weights: list[float]
    names: list[str]  # capitalised made-up names for titles (`Vistelon`)

    @classmethod
    def build(cls, rng: random.Random) -> Vocabulary:
        made_up = pseudo_words(rng, 1_500)
        words = FUNCTION_WORDS + TECHNICAL_WORDS + made_up
        # Zipf-like weights: a few words very frequent, a long tail, as in real prose.
        weights = [1.0 / (rank + 8) for rank in range(len(words))]
        names = [w.capitalize() for w in made_up[:400]]
        return cls(words, weights, names)


CONNECTORS = ("of", "for", "and", "with")


def make_title(rng: random.Random, vocab: Vocabulary) -> str:
    """A title of 60-120 characters: capitalised words, often after a name and a colon."""
    target = rng.randint(60, 120)
    words: list[str] = [f"{rng.choice(vocab.names)}:"] if rng.random() < 0.5 else []
    pool = TECHNICAL_WORDS + vocab.names[:100]
    while True:
        word = rng.choice(pool).title()
        if words and words[-1] not in CONNECTORS and not words[-1].endswith(":") and rng.random() < 0.15:
            word = f"{rng.choice(CONNECTORS)} {word}"
        candidate = " ".join([*words, word])
        if len(candidate) > 120:
            break
        words.append(word)
        if len(candidate) >= target:
            break
    title = " ".join(words)
    if len(title) < 60:  # the last word drawn was too long to fit: finish with a known tail
        title = f"{title.rstrip(':')}: {rng.choice(TITLE_TAILS)}"[:120]
    return title.rstrip(" :")


def make_sentence(rng: random.Random, vocab: Vocabulary) -> str:
    words = rng.choices(vocab.words, vocab.weights, k=rng.randint(12, 32))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
    if rng.random() < 0.4:
        words[rng.randrange(1, len(words) - 1)] += ","
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def make_abstract(rng: random.Random, vocab: Vocabulary) -> str:
    """About 1.3 KB of sentences; 1 in 5 ends with a code link, 1 in 40 carries LaTeX."""
    target = max(400, int(rng.gauss(1_200, 250)))  # the last sentence adds ~100
    sentences: list[str] = []
    length = 0
    while length < target:
        sentence = make_sentence(rng, vocab)
        sentences.append(sentence)
        length += len(sentence) + 1
    if rng.random() < 0.025:
        i = rng.randrange(len(sentences))
        sentences[i] = sentences[i][:-1] + f" on {rng.choice(LATEX_SNIPPETS)} data."
    if rng.random() < 0.2:
        org, repo = rng.choice(vocab.words[-1_500:]), rng.choice(vocab.words[-1_500:])
        sentences.append(f"Code is available at https://github.com/{org}/{repo}.")
    return " ".join(sentences)


def make_meta_lines(rng: random.Random) -> list[str]:
    """The details group: an author count or an organisation (or neither), `·`, a date."""
    lines: list[str] = []
    who = rng.random()
    if who < 0.6:
        n = rng.randint(1, 40)
        lines.append(f"  • {n} author{'s' if n != 1 else ''}")
    elif who < 0.9:
        handle, name = rng.choice(ORGS)
        lines.append(f"{handle} {name}")
    lines.append("·")
    date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
    if rng.random() < 0.5:
        date += f", {rng.randint(2019, 2025)}"
    if rng.random() < 0.7:
        date += f" {rng.randint(1, 400)}"
    lines.append(date)
    return lines


def variant_title(rng: random.Random, title: str) -> str:
    """The same title as another page shows it: other case, other punctuation, same key."""
    choice = rng.randrange(4)
    if choice == 0:
        return title.lower()
    if choice == 1:
        return title.upper().replace(":", " -")
    if choice == 2:
        return title.replace("-", " ").replace(":", "")
    return title.replace(": ", " — ") + "?"


@dataclass
class PastedPage:
    text: str
    unique_papers: int
    repeats: int


def make_pasted_page(size: int, seed: int = SEED) -> PastedPage:
    """A pasted papers page of `size` distinct papers plus ~5% repeats placed after them."""
    rng = random.Random(seed + size)
    vocab = Vocabulary.build(rng)
    entries: list[tuple[str, str, list[str] | None]] = []
    seen_titles: set[str] = set()
    while len(entries) < size:
        title = make_title(rng, vocab)
        key = "".join(c for c in title.casefold() if c.isalnum())
        if key in seen_titles:  # two distinct papers must not share a title by chance
            continue
        seen_titles.add(key)
        meta = make_meta_lines(rng) if rng.random() < 0.97 else None  # some pages lack details
        entries.append((title, make_abstract(rng, vocab), meta))
    # A repeat comes later on the page than its original, as when two days are pasted.
    repeats = round(size * DUPLICATE_SHARE)
    inserted_before: dict[int, list[tuple[str, str, list[str] | None]]] = {}
    for _ in range(repeats):
        original = rng.randrange(size)
        title, abstract, _meta = entries[original]
        repeat = (variant_title(rng, title), abstract, make_meta_lines(rng))
        inserted_before.setdefault(rng.randint(original + 1, size), []).append(repeat)
    blocks = [PAGE_HEADER]
    for position in range(size + 1):
        ordered = inserted_before.get(position, [])
        if position < size:
            ordered = [*ordered, entries[position]]
        for title, abstract, meta in ordered:
            blocks.append(f"\n{title}\n\n{abstract}\n")
            if meta is not None:
                blocks.append("\n" + "\n".join(meta) + "\n")
    return PastedPage("".join(blocks), size, repeats)


def make_reviews(rng: random.Random, paper_ids: list[str], count: int) -> list[Review]:
    """`count` reviews of distinct papers, with the mix of fields readers leave."""
    start = dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc)
    reviews = []
    for pid in rng.sample(paper_ids, count):
        note = ""
        if rng.random() < 0.4:
            note = " ".join(rng.choices(FUNCTION_WORDS + TECHNICAL_WORDS, k=rng.randint(8, 60)))
            if rng.random() < 0.25:  # some notes run over several lines
                note = note.replace(" the ", "\nthe ", 2)
        reviews.append(
            Review(
                paper_id=pid,
                rating=rng.choice((1, 2, 3, 4, 5)) if rng.random() < 0.8 else None,
                status=rng.choice(STATUSES) if rng.random() < 0.7 else "queued",
                tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
                note=note,
                updated=start + dt.timedelta(seconds=rng.randint(0, 90 * 86_400)),
            )
        )
    return reviews


# -- measuring --------------------------------------------------------------------------

PARSE = "parse + dedupe pasted text"
OPEN = "open list (load + validate)"
OPEN_NO_GC = "open list, collector off"
CSAFE = "yaml.load CSafeLoader, same files"
CSAFE_NO_GC = "yaml.load CSafeLoader, collector off"
ORJSON = "orjson.loads, same data as JSON"
PERSIST = "persist one review"
PERSIST_FIRST = "persist first review after open"


@dataclass(frozen=True)
class Sample:
    wall: float  # time.perf_counter
    # time.process_time: close to `wall` for CPU-bound code on an idle machine; much less
    # when the run waited for the disk or for a CPU that other processes held.
    cpu: float


@dataclass
class Measurement:
    benchmark: str
    size: int
    samples: list[Sample]
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def best(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(s.cpu for s in self.samples)


@dataclass(frozen=True)
class Repeats:
    fast: int  # calls of milliseconds
    slow: int  # calls of up to seconds on the large list


def repeats_for(size: int, quick: bool) -> Repeats:
    if quick:
        return Repeats(fast=3, slow=2)
    # Small lists cost little per run: more runs steady the medians on a shared machine.
    return Repeats(fast=15, slow=11) if size <= SMALL_LIST else Repeats(fast=7, slow=5)


def _timed_call(call: Callable[[], object], collector: bool) -> Sample:
    # Collect first so that no run pays for the previous run's garbage.
    gc.collect()
    if not collector:
        gc.disable()
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        return Sample(time.perf_counter() - start, time.process_time() - start_cpu)
    finally:
        gc.enable()


def time_calls(call: Callable[[], object], repeats: int, *, collector: bool = True) -> list[Sample]:
    """Wall time of `repeats` calls of `call`.

    The garbage collector stays on by default because imports and opens run with it on,
    and on large object graphs it is a real part of the cost (PyYAML's constructor most of
    all); `collector=False` measures the code alone.
    """
    return [_timed_call(call, collector) for _ in range(repeats)]


def time_interleaved(
    calls: dict[str, Callable[[], object]], repeats: int, *, collector: bool = True
) -> dict[str, list[Sample]]:
    """Like time_calls for several calls taken in turn, so that a burst of other work on
    the machine slows all of them alike instead of skewing their ratio."""
    samples: dict[str, list[Sample]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            samples[name].append(_timed_call(call, collector))
    return samples


def bench_parse_and_dedupe(page: PastedPage, repeats: int) -> Measurement:
    text = page.text

    def parse_and_dedupe() -> ReadingList:
        result = parse_source(text, "page.txt", year=PAGE_YEAR)
        reading_list = ReadingList(title="bench")
        add_papers(reading_list, result.papers)
        return reading_list

    # Check once, untimed, that the page is what the importer expects: a benchmark on a
    # page the parser half rejects would measure the error path.
    result = parse_source(text, "page.txt", year=PAGE_YEAR)
    if result.problems:
        raise SystemExit(f"synthetic page rejected: {result.problems[0]} (and {len(result.problems) - 1} more)")
    reading_list = ReadingList(title="bench")
    report = add_papers(reading_list, result.papers)
    if len(reading_list) != page.unique_papers:
        raise SystemExit(f"dedupe kept {len(reading_list)} papers, expected {page.unique_papers}")
    notes = {
        "page_mb": len(text.encode()) / 1e6,
        "entries": len(result.papers),
        # Repeats of a paper added in the same call are not in report.merged: count them here.
        "repeats_merged": len(result.papers) - len(report.added),
    }
    # Dropped before timing: 20,000 live papers would make every collection in the timed
    # runs slower than in a fresh process importing a page.
    del result, reading_list, report
    return Measurement(PARSE, page.unique_papers, time_calls(parse_and_dedupe, repeats), notes)


@dataclass
class ListFolder:
    folder: Path
    review_count: int
    paper_ids: list[str]
    setup_seconds: dict[str, float]


def write_list_folder(page: PastedPage, folder: Path) -> ListFolder:
    """A list folder written by the package itself from the page, with one reader's reviews."""
    timings: dict[str, float] = {}
    store = ListStore.create(folder, "Bench reading list", "Synthetic list for benchmarks.")
    add_papers(store.reading_list, parse_source(page.text, "page.txt", year=PAGE_YEAR).papers)
    start = time.perf_counter()
    store.save_catalogue()
    timings["first save_catalogue"] = time.perf_counter() - start
    paper_ids = list(store.reading_list.papers)
    # Built in memory and saved once: 2,000 update_review calls would rewrite the file 2,000 times.
    count = min(MAX_REVIEWS, len(paper_ids))
    for review in make_reviews(random.Random(SEED + len(paper_ids)), paper_ids, count):
        store.reading_list.set_review(READER, review)
    start = time.perf_counter()
    store.save_reviews(READER)
    timings["first save_reviews"] = time.perf_counter() - start
    return ListFolder(folder, count, paper_ids, timings)


def bench_open(listing: ListFolder, repeats: int) -> list[Measurement]:
    """ListStore.open against the generic loaders reading the same two files."""
    list_path = listing.folder / "list.yaml"
    review_path = listing.folder / "reviews" / f"{READER}.yaml"
    texts = [list_path.read_text("utf-8"), review_path.read_text("utf-8")]
    size = len(listing.paper_ids)

    opened = ListStore.open(listing.folder)
    if len(opened.reading_list) != size or len(opened.reading_list.reviews.get(READER, {})) != listing.review_count:
        raise SystemExit("the reopened list does not hold what was saved")
    del opened

    def open_list() -> ListStore:
        return ListStore.open(listing.folder)

    def load_with_csafeloader() -> list[Any]:
        return [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts]

    # The same data as JSON: what the fastest general-purpose reader costs for this content.
    json_docs = [orjson.dumps(doc) for doc in load_with_csafeloader()]

    def load_with_orjson() -> list[Any]:
        return [orjson.loads(doc) for doc in json_docs]

    notes = {"files_mb": sum(len(t.encode()) for t in texts) / 1e6, "reviews": listing.review_count}
    contenders = {"open": open_list, "csafe": load_with_csafeloader}
    with_gc = time_interleaved(contenders, repeats)
    without_gc = time_interleaved(contenders, repeats, collector=False)
    return [
        Measurement(OPEN, size, with_gc["open"], notes),
        Measurement(OPEN_NO_GC, size, without_gc["open"], notes),
        Measurement(CSAFE, size, with_gc["csafe"], notes),
        Measurement(CSAFE_NO_GC, size, without_gc["csafe"], notes),
        Measurement(
            ORJSON, size, time_calls(load_with_orjson, repeats), {**notes, "json_mb": sum(map(len, json_docs)) / 1e6}
        ),
    ]


class ReviewChanger:
    """update_review calls that each really change one review, checked to rewrite the file."""

    def __init__(self, store: ListStore, paper_id: str) -> None:
        self.store = store
        self.paper_id = paper_id
        self.path = store.review_path(READER)

    def _file_identity(self) -> tuple[int, int]:
        st = self.path.stat()
        return st.st_mtime_ns, st.st_ino  # atomic writes give every save a new inode

    def timed_change(self) -> Sample:
        # Alternate between two ratings so that every call changes the review and the file.
        rating = 4 if self.store.review(READER, self.paper_id).rating == 2 else 2
        before = self._file_identity()
        sample = _timed_call(lambda: self.store.update_review(READER, self.paper_id, rating=rating), collector=True)
        if self._file_identity() == before:
            raise SystemExit("a timed update_review did not rewrite the reader's file")
        return sample


def bench_persist_review(listing: ListFolder, repeats: Repeats) -> list[Measurement]:
    """One review changed and saved: the first time after opening, and then again and again."""
    size = len(listing.paper_ids)
    position = {pid: i for i, pid in enumerate(listing.paper_ids)}
    opened = ListStore.open(listing.folder)
    # A reviewed paper in the middle of the list's order (the whole file is rewritten anyway).
    paper_id = sorted(opened.reading_list.reviews[READER], key=position.__getitem__)[listing.review_count // 2]
    del opened

    # The first save after ListStore.open is what a CLI command pays: a fresh store each run.
    first = [ReviewChanger(ListStore.open(listing.folder), paper_id).timed_change() for _ in range(repeats.slow)]

    # A kernel keeps its store open: later saves of the same store.
    changer = ReviewChanger(ListStore.open(listing.folder), paper_id)
    changer.timed_change()  # the first save after open, measured above
    again = [changer.timed_change() for _ in range(repeats.fast)]
    notes = {"reviews": listing.review_count, "file_kb": changer.path.stat().st_size / 1e3}
    return [Measurement(PERSIST, size, again, notes), Measurement(PERSIST_FIRST, size, first, notes)]


# -- reporting --------------------------------------------------------------------------


def format_seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def format_target(seconds: float) -> str:
    """A round limit as people write it: `0.5 s`, `50 ms`."""
    return f"{seconds:g} s" if seconds >= 0.1 else f"{seconds * 1e3:g} ms"


def machine_description() -> dict[str, str]:
    try:
        cpus = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        cpus = str(os.cpu_count())
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "not available"
    return {
        "cpus": cpus,
        "cpu_model": model or platform.processor() or "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "pyyaml": yaml.__version__,
        "libyaml": libyaml,
        "orjson": orjson.__version__,
        "readinglist": f"{readinglist.__version__} ({package_origin()})",
        "load": load_average(),
    }


def package_origin() -> str:
    """Where the measured readinglist came from: its folder and git commit."""
    folder = Path(readinglist.__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "readinglist"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(folder)
    return f"{folder}, commit {commit}{' with local changes' if changed else ''}"


def load_average() -> str:
    # Other work on the machine skews timings: the report says how busy it was.
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def target_and_ratio(m: Measurement, by_key: dict[tuple[str, int], Measurement]) -> tuple[str, str]:
    """The target cell and the ratio cell of one row of the results table."""
    if m.benchmark == PARSE and m.size == PARSE_TARGET_SIZE:
        return f"< {format_target(PARSE_TARGET_S)}", f"{m.median / PARSE_TARGET_S:.2f}× target"
    if m.benchmark in (OPEN, OPEN_NO_GC):
        base = by_key[(CSAFE if m.benchmark == OPEN else CSAFE_NO_GC, m.size)]
        return f"≤ {OPEN_RATIO_TARGET:g}× CSafeLoader", f"{m.median / base.median:.2f}× CSafeLoader"
    if m.benchmark == ORJSON:
        return "", f"open is {by_key[(OPEN, m.size)].median / m.median:.0f}× this"
    if m.benchmark in (PERSIST, PERSIST_FIRST) and m.size == PERSIST_TARGET_SIZE:
        return f"< {format_target(PERSIST_TARGET_S)}", f"{m.median / PERSIST_TARGET_S:.2f}× target"
    return "", ""


def results_table(measurements: list[Measurement]) -> str:
    by_key = {(m.benchmark, m.size): m for m in measurements}
    rows = [
        "| Benchmark | Papers | Median | Min | CPU median | Runs | Target | Ratio |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for m in measurements:
        target, ratio = target_and_ratio(m, by_key)
        rows.append(
            f"| {m.benchmark} | {m.size:,} | {format_seconds(m.median)} | {format_seconds(m.best)} "
            f"| {format_seconds(m.cpu_median)} | {len(m.samples)} | {target} | {ratio} |"
        )
    return "\n".join(rows)


def data_table(measurements: list[Measurement], listings: dict[int, ListFolder]) -> str:
    by_key = {(m.benchmark, m.size): m for m in measurements}
    header = (
        "| Papers | Pasted page | Page entries (repeats merged) | list.yaml + reader file "
        "| Reviews | save_catalogue, new list | save_reviews, new file |"
    )
    rows = [header, "|---:|---:|---:|---:|---:|---:|---:|"]
    for size, listing in listings.items():
        parsed, opened = by_key[(PARSE, size)], by_key[(OPEN, size)]
        setup = listing.setup_seconds
        rows.append(
            f"| {size:,} | {parsed.notes['page_mb']:.1f} MB "
            f"| {parsed.notes['entries']:,} ({parsed.notes['repeats_merged']:,}) "
            f"| {opened.notes['files_mb']:.1f} MB | {listing.review_count:,} "
            f"| {format_seconds(setup['first save_catalogue'])} | {format_seconds(setup['first save_reviews'])} |"
        )
    return "\n".join(rows)


def verdicts(measurements: list[Measurement]) -> list[str]:
    """One line per target, judged on medians."""
    by_key = {(m.benchmark, m.size): m for m in measurements}

    def verdict(met: bool) -> str:
        return "**met**" if met else "**missed**"

    lines = []
    goal = f"Parse + dedupe of {PARSE_TARGET_SIZE:,} papers under {format_target(PARSE_TARGET_S)}"
    parse = by_key.get((PARSE, PARSE_TARGET_SIZE))
    if parse is None:
        lines.append(f"- {goal}: not measured (size not run).")
    else:
        lines.append(f"- {goal}: {verdict(parse.median < PARSE_TARGET_S)} (median {format_seconds(parse.median)}).")
    for size in sorted({m.size for m in measurements}):
        ratio_on = by_key[(OPEN, size)].median / by_key[(CSAFE, size)].median
        ratio_off = by_key[(OPEN_NO_GC, size)].median / by_key[(CSAFE_NO_GC, size)].median
        # Met only if open keeps up with CSafeLoader both as used (collector on) and in its
        # own code (collector off): the collector alone can make CSafeLoader look slow.
        lines.append(
            f"- Open ≤ {OPEN_RATIO_TARGET:g}× CSafeLoader at {size:,} papers: "
            f"{verdict(max(ratio_on, ratio_off) <= OPEN_RATIO_TARGET)} "
            f"(ratio {ratio_on:.2f} with the collector on, {ratio_off:.2f} with it off)."
        )
    goal = f"Persist one review on the {PERSIST_TARGET_SIZE:,}-paper list under {format_target(PERSIST_TARGET_S)}"
    persist = by_key.get((PERSIST, PERSIST_TARGET_SIZE))
    if persist is None:
        lines.append(f"- {goal}: not measured (size not run).")
    else:
        first = by_key[(PERSIST_FIRST, PERSIST_TARGET_SIZE)]
        lines.append(
            f"- {goal}: {verdict(persist.median < PERSIST_TARGET_S)} for an open store "
            f"(median {format_seconds(persist.median)}); the first save after opening is "
            f"{verdict(first.median < PERSIST_TARGET_S)} (median {format_seconds(first.median)})."
        )
    return lines


SECTION_HEADING = "## Foundation: import, open, save (`benchmarks/bench_foundation.py`)"
# Headings of this benchmark's part from when it was the whole file, before other
# benchmarks added their own sections: replaced too.


def performance_section(
    measurements: list[Measurement],
    listings: dict[int, ListFolder],
    machine: dict[str, str],
    quick: bool,
    elapsed: float,
) -> str:
    run_kind = "quick run (fewer repetitions: a smoke test, not a measurement)" if quick else "full run"
    hardware = f"{machine['cpus']} CPUs ({machine['cpu_model']}), {machine['os']}"
    software = (
        f"{machine['python']}, PyYAML {machine['pyyaml']} with libyaml {machine['libyaml']}, "
        f"orjson {machine['orjson']}, readinglist {machine['readinglist']}"
    )
    return f"""{SECTION_HEADING}

Timings of the foundation (importing a pasted page, opening a list, saving a review),
measured by `benchmarks/bench_foundation.py` on synthetic data it generates from a fixed
seed: pasted Hugging Face papers pages with titles of 60-120 characters, abstracts of
about 1.3 KB (1 in 5 ending with a GitHub link, a few with LaTeX), author-count and
organisation lines, some papers without details, dates with and without a year, and about
5% of the papers repeated with their title in other case and punctuation. The list folders
are written by the package itself; the reader file holds up to 2,000 reviews.

- Machine: {hardware}; load average (1, 5, 15 min) {machine["load"]} at the start of the run,
  {load_average()} at its end.
- Software: {software}.
- Measured on {dt.date.today().isoformat()}, {run_kind}, in {elapsed:.0f} s.

    python benchmarks/bench_foundation.py --write docs/performance.md

`--sizes 1000,20000` chooses the list sizes; `--quick` runs fewer repetitions (a smoke
test: `--quick --sizes 1000` takes seconds). Without `--write` the tables go to stdout
only; with it, this section of the file is replaced and the other sections are kept.

### Results

Median and minimum wall time over the runs shown (lists up to {SMALL_LIST:,} papers get more
runs); targets are judged on the medians. The CPU column is the median process CPU time:
well below the wall time for CPU-bound rows means other processes held the CPUs during
the run (saves also wait for the disk).

- *parse + dedupe*: `parse_source` on the pasted page, then `add_papers` into an empty list.
- *open list*: `ListStore.open` with the parse cache off (`READINGLIST_NO_CACHE`; the
  cache is measured in the Scale section), which reads, checks and builds list.yaml and the reader's
  file. The CSafeLoader rows `yaml.load` the same two texts, the orjson row reads the same
  data as JSON; neither validates anything. Open and CSafeLoader run in turn, and again
  with the garbage collector off, because on large lists the collector is most of
  CSafeLoader's time: the target counts as met only if both ratios are within it.
- *persist one review*: `update_review` changing a rating on an open store, each call
  rewriting the reader's file (fsync included); *first review after open* is the same call
  right after `ListStore.open`, as a CLI command makes it.

{results_table(measurements)}

{chr(10).join(verdicts(measurements))}

### Data

{data_table(measurements, listings)}
"""


# -- main -------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="list sizes, comma-separated (default: %(default)s)"
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions: a smoke test, not a measurement")
    parser.add_argument(
        "--write", metavar="PATH", help="also replace this benchmark's section of a Markdown file (docs/performance.md)"
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: expected numbers such as 1000,20000, got {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 20:
        parser.error("--sizes: each size must be at least 20 papers")
    return args


def run_size(size: int, repeats: Repeats, workdir: Path) -> tuple[list[Measurement], ListFolder]:
    def progress(step: str) -> None:
        print(f"[{size:,} papers] {step} ...", file=sys.stderr, flush=True)

    progress("generating the pasted page")
    page = make_pasted_page(size)
    progress("parse + dedupe")
    measurements = [bench_parse_and_dedupe(page, repeats.slow)]
    progress("writing the list folder")
    listing = write_list_folder(page, workdir / f"list-{size}")
    progress("open")
    measurements += bench_open(listing, repeats.slow)
    progress("persist one review")
    measurements += bench_persist_review(listing, repeats)
    return measurements, listing


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Every open here parses and checks: the parse cache beside a list is bench_scale's subject.
    os.environ[listcache.ENV_DISABLE] = "1"
    machine = machine_description()
    measurements: list[Measurement] = []
    listings: dict[int, ListFolder] = {}
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="readinglist-bench-"))
    try:
        for size in args.sizes:
            size_measurements, listings[size] = run_size(size, repeats_for(size, args.quick), workdir)
            measurements += size_measurements
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print(f"done in {elapsed:.0f} s", file=sys.stderr)
    print(results_table(measurements))
    print()
    print("\n".join(verdicts(measurements)))
    print()
    print(data_table(measurements, listings))
    if args.write:
        write_section(Path(args.write), SECTION_HEADING, performance_section(measurements, listings, machine, args.quick, elapsed))
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
