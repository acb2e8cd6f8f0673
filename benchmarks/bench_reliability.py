"""The long versions of the reliability tests of issue 9, and their figures.

The suite runs short versions of each (a dozen SIGKILLs, four racing processes, one pass
of the fault matrix); this script runs the same code, imported from the tests, for longer:

- SIGKILL: a process saving list.yaml and a review file over and over is killed at random
  moments; after each kill every file must load with every paper (tests/test_concurrency.py).
- Concurrency: processes review one list at once, all in one reader's file and each in its
  own; every change must be in the files afterwards (tests/test_concurrency.py).
- Faults: the whole matrix of operations x steps x errnos once, then random draws of it on
  lists of random size, plus a real file size limit (`ulimit -f`) in a child process
  (tests/test_faults.py, tests/faults.py).
- Hooks, for the parts of issue 9 that other modules test: random merge histories across
  three clones with real git (section 3, `benchmarks/bench_merges.py`) and hostile inputs
  per importer (sections 1 and 8). Each hook is a function named in HOOKS that takes
  `count` (and `seed`, `workdir` if it wants them) and returns {figure: number}; a hook
  that is not there yet is reported as not run.

Run from the repository root:

    python benchmarks/bench_reliability.py                          # figures on stdout
    python benchmarks/bench_reliability.py --quick                  # a smoke run, seconds
    python benchmarks/bench_reliability.py --write docs/reliability.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import pytest  # noqa: E402 - MonkeyPatch injects the faults, as in the suite
from perfdoc import write_section  # noqa: E402

from tests import test_concurrency, test_faults  # noqa: E402
from tests.faults import ERRNOS, STEPS  # noqa: E402

HEADING = "## Figures of the last run"

# Long versions that other parts of issue 9 provide: "module:function" (the module found on
# the path, benchmarks/ included), called with those of count=N, seed=S, workdir=Path that
# it accepts and returning {figure name: number}. A property that fails raises.
HOOKS: dict[str, str] = {
    "merge histories": "bench_merges:run",  # section 3: random histories across three clones, real git
    "hostile inputs": "tests.importers.test_hostile_input:run_hostile_inputs",  # sections 1 and 8: per importer
}


def _hook(spec: str) -> Callable[..., dict[str, Any]] | None:
    module_name, _, function = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, function, None)


def sigkills(rounds: int, seed: int, work: Path) -> dict[str, Any]:
    folder = test_concurrency.make_list(work / "killed")
    figures = test_concurrency.kill_rounds(folder, rounds=rounds, seed=seed)
    return {"SIGKILLs": figures.kills, "corrupt or incomplete lists after a kill": figures.corrupt}


def races(rounds: int, workers: int, papers: int, work: Path) -> dict[str, Any]:
    operations = lost = 0
    for i in range(rounds):
        folder = test_concurrency.make_list(work / f"race-{i}", papers)
        figures = test_concurrency.race_reviews(folder, workers=workers, papers=papers)
        operations += figures.operations
        lost += figures.lost
    return {"rounds": rounds, "processes per round": workers, "concurrent saves": operations, "lost": lost}


def faults(draws: int, seed: int, work: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    cases = [(op, step, code) for op, (_, target) in test_faults.OPERATIONS.items() for step in STEPS if not (target is None and step == "lock") for code in ERRNOS]
    plan = cases + [rng.choice(cases) for _ in range(draws)]
    failures: list[str] = []
    for i, (op, step, code) in enumerate(plan):
        root = work / f"fault-{i}"
        root.mkdir()
        test_faults.make_list(root, papers=rng.randint(4, 80) if i >= len(cases) else 20)
        with pytest.MonkeyPatch.context() as monkeypatch:
            try:
                wrong = test_faults.refused_cleanly(op, step, code, root, monkeypatch)
            except AssertionError as exc:  # the API helpers check the memory roll-back
                wrong = [f"memory not rolled back: {exc}"]
        failures += [f"{op} {step} {code}: {w}" for w in wrong]
    real = work / "ulimit"
    real.mkdir()
    folder = test_faults.make_list(real)
    try:
        test_faults.test_a_real_file_size_limit_refuses_the_save_cleanly(folder)
        ulimit_ok = 1
    except AssertionError as exc:
        failures.append(f"ulimit -f: {exc}")
        ulimit_ok = 0
    for line in failures[:10]:
        print("  FAULT CASE FAILED:", line, file=sys.stderr)
    return {
        "faults injected": len(plan),
        "of which the whole matrix (operations x steps x errnos)": len(cases),
        "real `ulimit -f` saves refused cleanly": ulimit_ok,
        "cases where a guarantee failed": len(failures),
    }


def hooks(count: int, seed: int, work: Path) -> list[tuple[str, dict[str, Any] | str, float]]:
    results: list[tuple[str, dict[str, Any] | str, float]] = []
    for name, spec in HOOKS.items():
        run = _hook(spec)
        if run is None:
            results.append((name, f"not run: `{spec}` is not there yet", 0.0))
            continue
        folder = work / name.replace(" ", "-")
        folder.mkdir()
        offered = {"count": count, "seed": seed, "workdir": folder}
        accepted = inspect.signature(run).parameters
        t0 = time.perf_counter()
        try:
            figures = run(**{k: v for k, v in offered.items() if k in accepted})
        except AssertionError as exc:  # a guarantee failed: the figures say so, the message shows where
            print(f"  {name} FAILED: {str(exc)[:2000]}", file=sys.stderr)
            figures = {"failed": 1}
        results.append((name, figures, time.perf_counter() - t0))
    return results


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILL rounds (default: 200)")
    parser.add_argument("--race-rounds", type=int, default=3, help="rounds of racing processes (default: 3)")
    parser.add_argument("--workers", type=int, default=8, help="racing processes per round (default: 8)")
    parser.add_argument("--papers", type=int, default=240, help="papers per racing list (default: 240)")
    parser.add_argument("--faults", type=int, default=1000, help="random fault draws after the whole matrix (default: 1000)")
    parser.add_argument("--histories", type=int, default=100, help="count passed to the hooks (default: 100)")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--quick", action="store_true", help="a smoke run: a few of each")
    parser.add_argument("--write", type=Path, help="replace the figures section of this Markdown file")
    args = parser.parse_args(argv)
    if args.quick:
        args.kills, args.race_rounds, args.workers, args.papers, args.faults, args.histories = 3, 1, 2, 20, 20, 5

    started = time.perf_counter()
    load_before = os.getloadavg()
    parts: list[tuple[str, dict[str, Any] | str, float]] = []
    with tempfile.TemporaryDirectory(prefix="rl-reliability-") as tmp:
        work = Path(tmp)
        for name, run in (
            ("SIGKILL during saves", lambda: sigkills(args.kills, args.seed, work)),
            ("Concurrent saves", lambda: races(args.race_rounds, args.workers, args.papers, work)),
            ("Faults at every step of saves and exports", lambda: faults(args.faults, args.seed, work)),
        ):
            t0 = time.perf_counter()
            figures = run()
            parts.append((name, figures, time.perf_counter() - t0))
            print(f"{name}: {figures}", flush=True)
        for name, figures, seconds in hooks(args.histories, args.seed, work):
            parts.append((name[:1].upper() + name[1:], figures, seconds))
            print(f"{name}: {figures}", flush=True)
    elapsed = time.perf_counter() - started

    lines = [
        HEADING,
        "",
        f"Run by `benchmarks/bench_reliability.py{' --quick' if args.quick else ''}` on {dt.date.today().isoformat()} "
        f"(commit {_commit()}, seed {args.seed}), in {elapsed:.0f} s.",
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, CPython {platform.python_version()}; "
        f"load average {load_before[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end.",
        "",
    ]
    for name, figures, seconds in parts:
        lines.append(f"### {name}")
        lines.append("")
        if isinstance(figures, str):
            lines.append(figures[:1].upper() + figures[1:] + ".")
        else:
            lines += ["| figure | value |", "| --- | ---: |"]
            lines += [f"| {key.replace('_', ' ')} | {value:,} |" if isinstance(value, int) else f"| {key.replace('_', ' ')} | {value} |" for key, value in figures.items()]
            lines.append(f"| wall time | {seconds:.0f} s |")
        lines.append("")
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(args.write, HEADING, section)
    # A hook reports its failures under a key starting "lost", "failed", "invalid" or "corrupt".
    bad = any(
        isinstance(f, dict) and any(v for k, v in f.items() if isinstance(v, int) and k.split()[0] in ("lost", "cases", "corrupt", "failed", "invalid"))
        for _, f, _ in parts
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
