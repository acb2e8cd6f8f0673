"""What the import checks cost: sanitising every imported paper, and the save gate that
reads back what a save is about to write.

    python benchmarks/bench_import_checks.py                       # 1,000 and 20,000 papers
    python benchmarks/bench_import_checks.py --sizes 1000 --repeat 3
    python benchmarks/bench_import_checks.py --write docs/performance.md

Synthetic data from bench_importers (Hugging Face API records shaped like
`/api/daily_papers` items, a fixed seed). In-process rows time one step each; the
whole-process row runs `readinglist import` in a fresh interpreter. Medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_importers import api_text  # noqa: E402 - beside this script
from perfdoc import write_section  # noqa: E402

from readinglist import writecheck, yamlio  # noqa: E402
from readinglist.catalogue import add_papers  # noqa: E402
from readinglist.importers.hf_api import parse_hf_api  # noqa: E402
from readinglist.model import ReadingList, evolve  # noqa: E402
from readinglist.normalise import normalise  # noqa: E402
from readinglist.sanitise import sanitise  # noqa: E402
from readinglist.schema import paper_to_data  # noqa: E402
from readinglist.store import ListStore  # noqa: E402

READING = (
    "The gate runs the loader itself (`yamlio.loads` and the schema checks) on what it reads back,\n"
    "so it costs about what opening costs for those blocks: it matters on a save that writes\n"
    "thousands of new papers at once (a first bulk import), while a review, or an import of a few\n"
    "papers into a large list, reads back only its own blocks. Sanitising is a few regular\n"
    "expression searches per paper at C speed, with a slower path only for papers that need a\n"
    "repair. When the load above is well over the CPUs, absolute times are several times what an\n"
    "idle machine gives; the ratios are the figures to compare.\n"
)
HEADING = "## Import checks: sanitising and the save gate (`benchmarks/bench_import_checks.py`)"
REPO = Path(__file__).resolve().parents[1]


def median(fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(repeat):
        state = setup() if setup else None
        start = time.perf_counter()
        fn() if state is None else fn(state)  # type: ignore[call-arg]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(size: int, repeat: int) -> list[tuple[str, float, str]]:
    text = api_text(size)
    papers = parse_hf_api(text, "bench.json").papers
    normalised = [normalise(p) for p in papers]
    rows = []
    add = median(lambda: add_papers(ReadingList("b"), papers), repeat)
    fit = median(lambda: [sanitise(p) for p in normalised], repeat)
    rows.append(("add_papers (normalise, sanitise, merge)", add, ""))
    rows.append(("sanitise alone, every paper", fit, f"{fit / add:.0%} of add_papers; {fit / size * 1e6:.1f} µs a paper"))

    listed = ReadingList("b")
    add_papers(listed, papers)
    items = [(i, p, yamlio.dump_item(paper_to_data(p))) for i, p in enumerate(listed.papers.values())]
    dump = median(lambda: [yamlio.dump_item(paper_to_data(p)) for p in listed.papers.values()], repeat)
    gate = median(lambda: writecheck.check_papers("bench.yaml", items), repeat)
    rows.append(("dump every paper block (first save)", dump, ""))
    rows.append(("gate: read every new block back", gate, f"{gate / dump:.2f}x the dump"))

    with tempfile.TemporaryDirectory() as tmp:
        def fresh_store() -> ListStore:
            folder = Path(tmp) / f"l{time.perf_counter_ns()}"
            store = ListStore.create(folder, "Bench")
            store.reading_list.papers.update(listed.papers)
            return store

        first = median(lambda store: store.save_catalogue(), repeat, fresh_store)
        rows.append(("save_catalogue, new list (dump, gate, write)", first, f"gate {gate / first:.0%} of it"))
        store = fresh_store()
        store.save_catalogue()
        store = ListStore.open(store.folder)
        pid = next(iter(store.reading_list.papers))

        def change_one() -> None:
            paper = store.reading_list.papers[pid]
            store.reading_list.papers[pid] = evolve(paper, upvotes=paper.upvotes + 1)
            store.save_catalogue()

        change_one()  # the first save after opening cuts the loaded blocks: not what is measured
        one = median(change_one, repeat)
        rows.append(("save_catalogue, one paper changed (gate reads 1 block)", one, ""))
        review = median(lambda: store.update_review("ann", pid, note=f"n{time.perf_counter_ns()}"), repeat)
        rows.append(("persist one review (gate reads 1 block)", review, ""))

        source = Path(tmp) / "api.json"
        source.write_text(text, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(REPO)}

        def cli() -> None:
            target = Path(tmp) / f"cli{time.perf_counter_ns()}"
            subprocess.run([sys.executable, "-m", "readinglist", "import", str(source), "--into", str(target), "--title", "B"],
                           check=True, capture_output=True, env=env)  # fmt: skip

        whole = median(cli, max(1, min(repeat, 3)))
        rows.append(("`readinglist import`, whole process", whole, f"gate {gate / whole:.0%}, sanitise {fit / whole:.0%} of it"))
    return rows


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="replace this benchmark's section of a performance.md")
    args = parser.parse_args(argv)
    started = time.time()
    lines = ["| step | papers | median | note |", "| --- | ---: | ---: | --- |"]
    for size in (int(s) for s in args.sizes.split(",")):
        for name, value, note in measure(size, args.repeat):
            lines.append(f"| {name} | {size:,} | {seconds(value)} | {note} |")
    table = "\n".join(lines)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    section = (
        f"{HEADING}\n\n"
        "Every imported paper is sanitised (`readinglist/sanitise.py`) and every save reads back the\n"
        "blocks it has not written or loaded before (`readinglist/writecheck.py`). Hugging Face API\n"
        f"records from `bench_importers.api_text`; median of {args.repeat} runs (3 for the whole process).\n"
        f"CPython {platform.python_version()}, {os.cpu_count()} CPUs (load {load} at the end);\n"
        f"measured on {time.strftime('%Y-%m-%d', time.gmtime())} in {time.time() - started:.0f} s.\n\n"
        f"    python benchmarks/bench_import_checks.py --write docs/performance.md\n\n{table}\n\n{READING}"
    )
    print(section)
    if args.write:
        write_section(args.write, HEADING, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
