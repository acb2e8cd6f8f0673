"""What the benchmark scripts share: timing a call, and docs/performance.md, where each
script owns one `## ` section."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    """The seconds each of `repeats` calls of `action` took."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def write_section(path: Path, heading: str, section: str) -> None:
    """Put `section` (starting with `heading`) where that section was in the Markdown file at
    `path`, or at its end, keeping every other benchmark's section as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    head, *sections = re.split(r"(?m)^(?=## )", old)
    ours = [i for i, sec in enumerate(sections) if sec.startswith(heading)]
    others = [sec for i, sec in enumerate(sections) if i not in ours]
    others.insert(ours[0] if ours else len(others), section)
    path.write_text("\n\n".join(part.strip("\n") for part in [head, *others]) + "\n", encoding="utf-8")
