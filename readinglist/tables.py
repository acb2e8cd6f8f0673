"""Plain-text tables that fit a terminal: display widths, clipping, short ids. Pure.

Widths are terminal cells: East Asian wide and full-width characters take two, combining
marks none. A table never prints a line wider than the width it is given: the last column
(the title) gets the room left, and columns are dropped, least useful first, when even a
short title would not fit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MIN_ID = 8  # an id is shown at least this long (or whole), so that it reads as itself


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal cells `text` takes."""
    return len(text) if text.isascii() else sum(char_width(c) for c in text)


def clip(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with `…` where it was cut."""
    if text_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    """`text` clipped to `width` cells and padded with spaces to exactly `width`."""
    text = clip(text, width)
    return text + " " * (width - text_width(text))


def short_ids(ids: Sequence[str], minimum: int = MIN_ID) -> dict[str, str]:
    """Each id -> its shortest prefix that no other id starts with (at least `minimum`
    characters, or the whole id): what `readinglist review` accepts for it."""
    ordered = sorted(set(ids))
    shortest: dict[str, str] = {}
    for i, pid in enumerate(ordered):
        common = 0
        for neighbour in (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None):
            if neighbour is not None:
                n = 0
                for a, b in zip(pid, neighbour):
                    if a != b:
                        break
                    n += 1
                common = max(common, n)
        # A prefix one longer than anything shared with its neighbours in sorted order is unique;
        # an id that is itself a prefix of another is only named exactly by itself.
        shortest[pid] = pid[: max(minimum, common + 1)]
    return shortest


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # the widest cell (or header)
    min_width: int = 0  # shrink no further; 0: as wide as its cells
    drop_order: int = 0  # 0: never dropped; otherwise dropped first when smallest


def fit(columns: Sequence[Column], width: int, last_min: int, gap: int = 2) -> list[int | None]:
    """Widths for `columns` (None for a dropped one) so that a row fits `width` cells; the
    last column gets what is left, at least `last_min` when that can be had."""
    widths: list[int | None] = [c.width for c in columns[:-1]] + [None]

    def room() -> int:
        shown = [w for w in widths[:-1] if w is not None]
        return width - sum(shown) - gap * len(shown)

    # First shrink the shrinkable columns to their minimum, then drop columns in order.
    for i, column in enumerate(columns[:-1]):
        if room() < last_min and column.min_width:
            widths[i] = max(column.min_width, (widths[i] or 0) - (last_min - room()))
    for i in sorted((i for i, c in enumerate(columns[:-1]) if c.drop_order), key=lambda i: columns[i].drop_order):
        if room() >= last_min:
            break
        widths[i] = None
    widths[-1] = max(1, min(columns[-1].width, room()))
    return widths


def render_rows(rows: Sequence[Sequence[str]], widths: Sequence[int | None], width: int, gap: int = 2) -> list[str]:
    """Each row laid out in `widths` (None: left out), trailing spaces removed, clipped to `width`."""
    lines = []
    for row in rows:
        cells = [pad(cell, w) for cell, w in zip(row, widths) if w is not None]
        lines.append(clip((" " * gap).join(cells).rstrip(), width))
    return lines
