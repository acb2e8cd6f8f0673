"""Which papers a ranking may show, which rated papers `like` may name, and the order."""

from __future__ import annotations

import numpy as np

from . import signals
from .features import Features
from .inputs import Inputs


def who(reader: str | None) -> str:
    return reader if reader is not None else "the group"


def candidate_rows(inputs: Inputs, reader: str | None) -> np.ndarray:
    """Rows of the papers `reader` has not reviewed (nobody has, for the group)."""
    seen = signals.reviewed(inputs.reviews, reader)
    return np.asarray([i for i, pid in enumerate(inputs.features.ids) if pid not in seen], dtype=np.int64)


def liked_rows(inputs: Inputs, reader: str | None) -> list[int]:
    rows = inputs.features.rows
    liked = signals.rated_by(inputs.reviews, reader, liked_only=True)
    return sorted(rows[pid] for pid in liked if pid in rows)


def like_rows(inputs: Inputs, reader: str | None) -> list[int]:
    """The papers `like` may name: those rated 4-5, or any rated when none was."""
    found = liked_rows(inputs, reader)
    if found:
        return found
    rows = inputs.features.rows
    return sorted(rows[pid] for pid in signals.rated_by(inputs.reviews, reader, liked_only=False) if pid in rows)


def order(features: Features, rows: np.ndarray, scores: np.ndarray, limit: int | None) -> list[int]:
    """Indices into `rows`, best score first; ties to more upvotes, then the list's order."""
    ranked = np.lexsort((rows, -features.upvotes[rows], -np.round(scores, 6)))
    return ranked.tolist() if limit is None else ranked[:limit].tolist()
