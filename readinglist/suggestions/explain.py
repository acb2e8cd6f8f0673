"""Why a paper was suggested: its words that weighed most, and the rated papers it is like.

`because` takes a weight per feature column (a model's weights, another paper's row, a
tag's centroid), ranks the paper's text columns by value x weight, and quotes each as the
title or abstract writes it. A phrase that contains a word already chosen replaces it
("mixture of experts" rather than "experts"), so the words shown do not repeat.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import Features
from .terms import quote, terms_with_spans

BECAUSE = 5
LIKE = 3


def how_many(explained: int | None, total: int) -> int:
    """How many of `total` suggestions get their reasons (`explained` None: all)."""
    return total if explained is None else max(0, min(explained, total))


def contributions(features: Features, row: int, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(text columns, value x weight) of one paper's features, largest first, positive only."""
    m = features.matrix
    start, end = m.indptr[row], m.indptr[row + 1]
    columns = m.indices[start:end]
    values = m.data[start:end] * weights[columns]
    keep = (columns < features.n_text) & (values > 0)
    columns, values = columns[keep], values[keep]
    order = np.argsort(-values, kind="stable")
    return columns[order], values[order]


def because(features: Features, row: int, weights: np.ndarray, count: int = BECAUSE) -> tuple[str, ...]:
    """The words or phrases of the paper that weighed most, as they occur in its title or abstract."""
    columns, _ = contributions(features, row, weights)
    if not len(columns):
        return ()
    wanted = {int(c): rank for rank, c in enumerate(columns[: count * 4])}
    text = features.text(row)
    boundary = len(features.titles[row])  # where the title ends and the abstract starts
    found: dict[int, str] = {}
    for term in terms_with_spans(text, features.stop_words):
        if term.start < boundary < term.end:
            continue  # a phrase across the end of the title is in neither
        column = features.text_column(term.term)
        if column is not None and column in wanted and column not in found:
            found[column] = quote(text, term)
    chosen: list[str] = []
    for column in sorted(found, key=wanted.__getitem__):
        phrase = found[column]
        folded = phrase.casefold()
        if any(folded in c.casefold() for c in chosen):
            continue
        contained = [c for c in chosen if c.casefold() in folded]
        if contained:
            chosen[chosen.index(contained[0])] = phrase
            chosen = [c for c in chosen if c not in contained[1:]]
        else:
            chosen.append(phrase)
        if len(chosen) == count:
            break
    return tuple(chosen)


def row_weights(features: Features, rows: Sequence[int]) -> np.ndarray:
    """The mean of some papers' rows as a dense weight vector (a centroid, or one paper)."""
    dense = np.zeros(features.matrix.shape[1], dtype=np.float32)
    if len(rows):
        summed = features.matrix[np.asarray(rows, dtype=np.int64)].sum(axis=0)
        dense[:] = np.asarray(summed, dtype=np.float32).ravel() / len(rows)
    return dense


def closest(features: Features, rows: Sequence[int], among: Sequence[int], count: int = LIKE) -> list[tuple[str, ...]]:
    """For each of `rows`: ids of the papers in `among` it is closest to (cosine > 0)."""
    if not len(rows) or not len(among):
        return [() for _ in rows]
    among_arr = np.asarray(among, dtype=np.int64)
    sims = (features.matrix[np.asarray(rows, dtype=np.int64)] @ features.matrix[among_arr].T).toarray()
    out = []
    for sim in sims:
        order = np.argsort(-sim, kind="stable")[:count]
        out.append(tuple(features.ids[among_arr[j]] for j in order if sim[j] > 0))
    return out
