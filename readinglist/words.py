"""Counts in words: `1 paper`, `2 papers` (every message and handout says it this way)."""

from __future__ import annotations


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """`1 paper`, `2 papers`, `0 papers`; `plural_word` for irregular plurals (`1 match`, `2 matches`)."""
    return f"{count:,} {word if count == 1 else plural_word or word + 's'}"
