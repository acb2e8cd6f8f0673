"""Long version of the random merge histories (tests/git_histories.py): real git, three clones.

    python benchmarks/bench_merges.py [COUNT]

Prints the figures (histories, merges, conflicts, criss-cross merges...) and the time
taken; the reliability script can call `run(count)` for the same figures.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.git_histories import check_random_histories  # noqa: E402


def run(count: int = 100) -> dict[str, float]:
    """Figures of `count` random histories (no shrinking: a failure raises at once)."""
    started = time.perf_counter()
    figures = asdict(check_random_histories(count, shrink=False))
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for name, value in run(count).items():
        print(f"{name}: {value}")
