"""Long version of the random merge histories (tests/histories.py): real git, three clones.

    python benchmarks/bench_merges.py [COUNT] [SEED]

Prints the figures and the time taken. benchmarks/bench_reliability.py calls the same
function (`tests.histories:run_random_histories`) for docs/reliability.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.histories import run_random_histories  # noqa: E402

if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    started = time.perf_counter()
    for name, value in run_random_histories(count, seed=seed).items():
        print(f"{name}: {value}")
    print(f"seconds: {time.perf_counter() - started:.1f}")
