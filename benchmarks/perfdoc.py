"""docs/performance.md is shared by the benchmark scripts: each one owns one `## ` section."""

from __future__ import annotations

import re
from pathlib import Path


def write_section(path: Path, heading: str, section: str) -> None:
    """Put `section` (starting with `heading`) where that section was in the Markdown file at
    `path`, or at its end, keeping every other benchmark's section as it is."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    head, *sections = re.split(r"(?m)^(?=## )", old)
    ours = [i for i, sec in enumerate(sections) if sec.startswith(heading)]
    others = [sec for i, sec in enumerate(sections) if i not in ours]
    others.insert(ours[0] if ours else len(others), section)
    path.write_text("\n\n".join(part.strip("\n") for part in [head, *others]) + "\n", encoding="utf-8")
