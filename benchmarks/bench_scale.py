"""Big lists, whole-process: the `readinglist` commands as a user runs them, against PyYAML.

Every figure is a fresh `python -m readinglist ...` process (start-up and imports
included), timed from spawn to exit, with its peak memory (GNU time's %M). The
baseline for each command is a fresh process doing a plain
`yaml.load(..., Loader=yaml.CSafeLoader)` of the same files, measured in the same run, in
turn with the commands, so that a burst of other work on the shared machine slows both.
Targets are ratios of medians.

Data is synthetic, from the foundation benchmark's fixed-seed generator
(bench_foundation.make_pasted_page / make_reviews), in a temporary folder:

- per size (1,000 and 20,000 papers): the pasted page is imported into a new list by the
  command itself; the list gets one reader file of 200 reviews; then `validate` (cache
  cold: the parse cache removed before each run; and warm), `show --json` (warm) and
  `review` of one paper (cold and warm) run on it; `review` on a 20-paper list is the
  reference for the last;
- a group list: 2,000 papers, 300 readers with 200 reviews each, for `validate`.

In-process rows beside them time `ListStore.open` (cache cold and warm),
`ListStore.open_reader` and the same CSafeLoader parse inside one process.

    python benchmarks/bench_scale.py                       # table on stdout
    python benchmarks/bench_scale.py --write docs/performance.md
    python benchmarks/bench_scale.py --quick --sizes 1000  # smoke run
"""

from __future__ import annotations

import argparse
import os
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

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import yaml
from bench_foundation import SEED, load_average, machine_description, make_pasted_page, make_reviews, package_origin
from perfdoc import write_section

from readinglist import listcache
from readinglist.store import ListStore

HEADING = "## Scale: whole-process commands on big lists (`benchmarks/bench_scale.py`)"
DEFAULT_SIZES = (1_000, 20_000)
SMALL_LIST = 20
READER = "bench-reader"
READER_REVIEWS = 200
GROUP_PAPERS, GROUP_READERS, GROUP_REVIEWS = 2_000, 300, 200
MEMORY_TARGET = 1.5
PAGE_YEAR = "2025"

CSAFE_SCRIPT = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


@dataclass(frozen=True)
class Run:
    wall: float
    peak_mb: float


@dataclass
class Row:
    key: str
    name: str
    size: str  # the list, as shown
    group: str = ""  # the loop it was measured in: baselines are looked up there
    runs: list[Run] = field(default_factory=list)
    baseline: str | None = None  # key of the row this one is compared with
    target: float | None = None  # ratio of medians that must not be exceeded
    memory_baseline: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


TIME = "/usr/bin/time"  # GNU time: forks the command from its own small process


def run_process(argv: list[str], cwd: Path) -> Run:
    """Wall time and peak memory of one child process; its failure stops the benchmark.

    The peak is measured by GNU time (`%M`): Linux carries a process's peak resident size
    over fork and exec, so a child forked from this benchmark (which holds big lists in
    memory) would report at least this process's size.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "READINGLIST_READER": READER}
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        done = subprocess.run([TIME, "-f", "%M", "-o", peak.name, *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {err.read().decode()[-2000:]}")
        kib = int(peak.read().split()[-1])
    return Run(wall, kib / 1024)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "readinglist", *args]


def csafe(*files: Path) -> list[str]:
    return [sys.executable, "-c", CSAFE_SCRIPT, *map(str, files)]


def drop_cache(folder: Path) -> None:
    shutil.rmtree(folder / listcache.CACHE_DIR, ignore_errors=True)


def write_reviews(folder: Path, readers: list[str], per_reader: int, seed: int) -> None:
    store = ListStore.open(folder)
    ids = list(store.reading_list.papers)
    rng = random.Random(seed)
    for reader in readers:
        for review in make_reviews(rng, ids, min(per_reader, len(ids))):
            store.reading_list.set_review(reader, review)
        store.save_reviews(reader)


def list_files(folder: Path) -> list[Path]:
    return [folder / "list.yaml", *sorted((folder / "reviews").glob("*.yaml"))]


def interleave(rows: dict[str, tuple[Row, Callable[[], Run]]], repeats: int) -> None:
    for _ in range(repeats):
        for row, call in rows.values():
            row.runs.append(call())


def bench_size(size: int, repeats: int, work: Path, small: Path) -> list[Row]:
    label = f"{size:,}"
    page = work / f"page-{size}.txt"
    page.write_text(make_pasted_page(size).text, encoding="utf-8")
    target = work / f"list-{size}"

    # 1. import into a new list, against parsing the list.yaml it writes.
    def import_once() -> Run:
        shutil.rmtree(target, ignore_errors=True)
        return run_process(cli("import", str(page), "--into", str(target), "--year", PAGE_YEAR, "--title", "Bench"), work)

    import_once()  # the list that the next rows read
    written = target / "list.yaml"
    imp = Row("import", "import of the pasted page into a new list", label, label, baseline="csafe-list", target=1.0, memory_baseline="csafe-list")
    base = Row("csafe-list", "yaml.load CSafeLoader of the list.yaml written", label, label)
    interleave({"import": (imp, import_once), "csafe-list": (base, lambda: run_process(csafe(written), work))}, repeats)

    # 2. the list with one reader's file: validate, show, review.
    write_reviews(target, [READER], READER_REVIEWS, SEED + size)
    files = list_files(target)
    paper_id = sorted(ListStore.open(target).reading_list.papers)[size // 2]
    small_id = next(iter(ListStore.open(small).reading_list.papers))
    ratings = iter(range(10**9))

    def review(folder: Path, pid: str, cold: bool) -> Callable[[], Run]:
        def call() -> Run:
            if cold:
                drop_cache(folder)
            return run_process(cli("review", str(folder), pid, "--rating", str(next(ratings) % 5 + 1)), work)

        return call

    def cold(argv: list[str]) -> Callable[[], Run]:
        def call() -> Run:
            drop_cache(target)
            return run_process(argv, work)

        return call

    def warm(argv: list[str]) -> Callable[[], Run]:
        return lambda: run_process(argv, work)

    rows = {
        "csafe": Row("csafe", "yaml.load CSafeLoader of list.yaml + reader file", label, label),
        "validate-cold": Row("validate-cold", "validate, cache cold", label, label, baseline="csafe", target=0.5, memory_baseline="csafe"),
        "validate": Row("validate", "validate, cache warm", label, label, baseline="csafe", target=0.5, memory_baseline="csafe"),
        "show": Row("show", "show --json, cache warm", label, label, baseline="csafe", target=1.0, memory_baseline="csafe"),
        "review-small": Row("review-small", "review one paper, cache warm", f"{SMALL_LIST}", label),
        "review-cold": Row("review-cold", "review one paper, cache cold", label, label, baseline="review-small", memory_baseline="csafe"),
        "review": Row("review", "review one paper, cache warm", label, label, baseline="review-small", target=2.0, memory_baseline="csafe"),
    }
    calls = {
        "csafe": warm(csafe(*files)),
        "validate-cold": cold(cli("validate", str(target))),
        "validate": warm(cli("validate", str(target))),
        "show": warm(cli("show", "--json", str(target))),
        "review-small": review(small, small_id, cold=False),
        "review-cold": review(target, paper_id, cold=True),
        "review": review(target, paper_id, cold=False),
    }
    run_process(cli("validate", str(small)), work)  # warm the small list's cache
    run_process(cli("validate", str(target)), work)
    interleave({k: (rows[k], calls[k]) for k in rows}, repeats)
    return [imp, base, *rows.values()]


def bench_group(repeats: int, work: Path) -> list[Row]:
    label = f"{GROUP_PAPERS:,} × {GROUP_READERS} readers"
    page = work / "page-group.txt"
    page.write_text(make_pasted_page(GROUP_PAPERS, seed=SEED + 1).text, encoding="utf-8")
    target = work / "group"
    run_process(cli("import", str(page), "--into", str(target), "--year", PAGE_YEAR, "--title", "Group"), work)
    write_reviews(target, [f"reader-{i:03d}" for i in range(GROUP_READERS)], GROUP_REVIEWS, SEED + 7)
    files = list_files(target)

    def cold() -> Run:
        drop_cache(target)
        return run_process(cli("validate", str(target)), work)

    rows = {
        "csafe-group": Row("csafe", f"yaml.load CSafeLoader of all {len(files)} files", label, "group"),
        "validate-group-cold": Row("validate-cold", "validate, cache cold", label, "group", baseline="csafe", target=1.0, memory_baseline="csafe"),
        "validate-group": Row("validate", "validate, cache warm", label, "group", baseline="csafe", target=1.0, memory_baseline="csafe"),
        "show-group": Row("show", "show --json, cache warm", label, "group", baseline="csafe", target=1.0, memory_baseline="csafe"),
    }
    calls = {
        "csafe-group": lambda: run_process(csafe(*files), work),
        "validate-group-cold": cold,
        "validate-group": lambda: run_process(cli("validate", str(target)), work),
        "show-group": lambda: run_process(cli("show", "--json", str(target)), work),
    }
    run_process(cli("validate", str(target)), work)
    interleave({k: (rows[k], calls[k]) for k in rows}, repeats)
    return list(rows.values())


def _in_process_calls(folder: Path) -> list[tuple[str, Callable[[], object]]]:
    def cold_open() -> None:
        drop_cache(folder)
        ListStore.open(folder)

    return [
        ("ListStore.open, cache cold", cold_open),
        ("ListStore.open, cache warm", lambda: ListStore.open(folder)),
        ("ListStore.open_reader, cache warm", lambda: ListStore.open_reader(folder, READER)),
    ]


def bench_in_process(work: Path, repeats: int, sizes: list[int]) -> list[tuple[str, str, float, float]]:
    """(what, size, median s, CSafeLoader median s) for the store's opens inside one process."""
    out = []
    for size in sizes:
        folder = work / f"list-{size}"
        texts = [p.read_text(encoding="utf-8") for p in list_files(folder)]
        for what, call in _in_process_calls(folder):
            ListStore.open(folder)
            times, base = [], []
            for _ in range(repeats):
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
                start = time.perf_counter()
                for text in texts:
                    yaml.load(text, Loader=yaml.CSafeLoader)
                base.append(time.perf_counter() - start)
            out.append((what, f"{size:,}", statistics.median(times), statistics.median(base)))
    return out


def seconds(value: float) -> str:
    return f"{value * 1e3:.0f} ms" if value < 1 else f"{value:.2f} s"


NOTES = [
    "What makes these figures (issue 13):",
    "",
    "- *import*: the near-duplicate search rules pairs out with rapidfuzz's Indel similarity",
    "  (never below difflib's ratio, so nothing it drops could have been proposed) and runs",
    "  difflib only on the few left, for the same pairs and figures; the list is written by",
    "  `fastdump`, which writes the format's items byte for byte as PyYAML's dumper did (tests",
    "  compare the two on generated and real papers), PyYAML writing anything it does not cover.",
    "- *validate*, *show*: parse each file once (validate read the list twice before) and keep",
    "  the checked result in the parse cache (`.readinglist-cache/`, docs/format.md), used only",
    "  for files whose bytes are unchanged. Both read the reader files one at a time",
    "  (`readinglist.scan`): validate keeps of each file its problems, its count and the",
    "  warnings of its paper references, and for a file checked before reads only the first",
    "  line of its cache entry (`reader-<reader>.json`: the summary), decoding no review, and",
    "  for a list.yaml checked before only its ids, head and references (`ids.json`);",
    "  `show --json` keeps each review as its record's compact JSON and writes the array in",
    "  pieces (the same bytes as one `orjson.dumps`). A review is cached as a row of its",
    "  fields written by orjson (milliseconds for 60,000, where `review_to_data` and a full",
    "  read-back took a third of a second).",
    "- *import* memory: new paper blocks are read back (writecheck) 256 at a time instead of",
    "  all at once; the network stack (urllib, ssl), defusedxml and pylatexenc are imported on",
    "  first use. What remains above the baseline is mostly the libraries every command",
    "  loads (orjson, hashlib's OpenSSL, filelock, argparse; about 13 MB over `import yaml`)",
    "  and the import's own (rapidfuzz, bibtexparser; about 7 MB).",
    "- *review* (and `vote`, `session attend`, `session minutes`): `ListStore.open_reader`",
    "  reads the paper ids from the cache and only that reader's file; the catalogue is read",
    "  on first use of a paper, which these commands never make.",
    "- Start-up: the package's names are imported on first use and each command imports its",
    "  own libraries (importers, network, calendar, notebooks), so a command on a list loads",
    "  about 240 modules instead of 480 (numpy, icalendar, bibtexparser... are left out).",
    "",
]


def _find(rows: list[Row], row: Row, key: str) -> Row | None:
    return next((r for r in rows if r.key == key and r.group == row.group), None)


def report(rows: list[Row], in_process: list[tuple[str, str, float, float]], started: float, loads: tuple[str, str], quick: bool) -> str:
    lines = [
        "| command | list | median | min | runs | peak memory | ratio of medians | target | met | memory ratio |",
        "|---|---|---:|---:|---:|---:|---|---|---|---|",
    ]
    verdicts = []
    for row in rows:
        ratio = memory = met = ""
        base = _find(rows, row, row.baseline) if row.baseline else None
        if base is not None:
            value = row.median / base.median
            ratio = f"{value:.2f}× " + (f"the {SMALL_LIST}-paper list" if base.key == "review-small" else "CSafeLoader")
            if row.target is not None:
                met = "yes" if value <= row.target else "**no**"
                verdicts.append((row, value))
        mem_base = _find(rows, row, row.memory_baseline) if row.memory_baseline else None
        if mem_base is not None:
            mem = row.peak_mb / mem_base.peak_mb
            memory = f"{mem:.2f}×" + ("" if mem <= MEMORY_TARGET else " (**over 1.5×**)")
        target = f"≤ {row.target:g}×" if row.target is not None else ""
        lines.append(
            f"| {row.name} | {row.size} | {seconds(row.median)} | {seconds(row.best)} | {len(row.runs)} | "
            f"{row.peak_mb:.0f} MB | {ratio} | {target} | {met} | {memory} |"
        )
    machine = machine_description()
    text = [
        HEADING,
        "",
        "Whole-process timings of the commands on big lists: each run is a new",
        "`python -m readinglist ...` process (interpreter start-up and imports included), timed",
        "from spawn to exit, with its peak resident memory (GNU time's `%M`, the child's own). Each",
        "command's baseline is a new process doing a plain `yaml.load(..., Loader=yaml.CSafeLoader)`",
        "of the same files, run in turn with the commands in the same run; targets are ratios of",
        "medians, and no command may need more than 1.5× the baseline's peak memory. Data: the",
        "foundation benchmark's synthetic pasted pages (fixed seed), imported by the command",
        f"itself; each list gets one reader file of {READER_REVIEWS} reviews; the group list has",
        f"{GROUP_PAPERS:,} papers and {GROUP_READERS} readers of {GROUP_REVIEWS} reviews each.",
        "",
        "    python benchmarks/bench_scale.py --write docs/performance.md",
        "",
        f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['os']}; shared with other work: load",
        f"  average (1, 5, 15 min) {loads[0]} at the start, {loads[1]} at the end.",
        f"- Software: {machine['python']}, PyYAML {yaml.__version__}; readinglist at {package_origin()}.",
        f"- Measured on {time.strftime('%Y-%m-%d', time.gmtime())}, {'quick' if quick else 'full'} run, in {time.time() - started:.0f} s.",
        "- *cache cold*: the list's parse cache (`.readinglist-cache/`) removed before each run, as",
        "  after any change of its files; *warm*: the files unchanged since a command last read them.",
        f"  The review rows' reference is the same command on a {SMALL_LIST}-paper list, cache warm.",
        "",
        *lines,
        "",
    ]
    text += NOTES
    for row, value in verdicts:
        verdict = "met" if value <= (row.target or 0) else "**missed**"
        text.append(f"- {row.name}, {row.size} papers: {verdict} ({value:.2f}×, target ≤ {row.target:g}×).")
    over = [r for r in rows if (b := _find(rows, r, r.memory_baseline or "")) is not None and r.peak_mb > MEMORY_TARGET * b.peak_mb]
    text.append(f"- Peak memory within 1.5× the baseline's: {'every command' if not over else '**not** ' + ', '.join(f'{r.name} ({r.size})' for r in over)}.")
    text += [
        "",
        "In one process (medians; the CSafeLoader column parses the same files in the same loop):",
        "",
        "| call | papers | median | CSafeLoader | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for what, size, med, base in in_process:
        text.append(f"| {what} | {size} | {seconds(med)} | {seconds(base)} | {med / base:.2f}× |")
    return "\n".join(text) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs of each, no group list")
    parser.add_argument("--write", type=Path, help="replace this benchmark's section of that Markdown file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    repeats = 2 if args.quick else args.repeats
    started = time.time()
    start_load = load_average()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(work / "xdg-cache")  # the cache key of this run only
        small_page = work / "page-small.txt"
        small_page.write_text(make_pasted_page(SMALL_LIST).text, encoding="utf-8")
        small = work / "small"
        run_process(cli("import", str(small_page), "--into", str(small), "--year", PAGE_YEAR, "--title", "Small"), work)
        write_reviews(small, [READER], READER_REVIEWS, SEED)
        for size in sizes:
            print(f"{size:,} papers ...", file=sys.stderr, flush=True)
            rows += bench_size(size, repeats, work, small)
        if not args.quick:
            print("group list ...", file=sys.stderr, flush=True)
            rows += bench_group(repeats, work)
        # The whole-process table first, in case the in-process rows take long on a busy machine.
        print(report(rows, [], started, (start_load, load_average()), args.quick), file=sys.stderr, flush=True)
        print("in-process ...", file=sys.stderr, flush=True)
        in_process = bench_in_process(work, 3, sizes)
    section = report(rows, in_process, started, (start_load, load_average()), args.quick)
    print(section)
    if args.write:
        write_section(args.write, HEADING, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
