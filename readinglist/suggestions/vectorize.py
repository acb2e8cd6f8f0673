"""Term counts in hashed columns, and their tf-idf weights, with numpy and scipy.sparse.

The same numbers as scikit-learn's HashingVectorizer (`alternate_sign=False`, `norm=None`)
followed by TfidfTransformer (`sublinear_tf=True`, smoothed idf, rows of unit length);
tests compare the two on the same texts. They are computed here because importing
scikit-learn costs more than a whole suggestion run on a list of a few thousand papers
(about 1.1 s on the machines the benchmarks run on); numpy and scipy.sparse cost a fifth.

Terms are hashed with mmh3 (MurmurHash3, the hash scikit-learn uses).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import mmh3
import numpy as np

from .terms import LOWEST_HASH, lowest_hash_bucket

if TYPE_CHECKING:
    from scipy import sparse


def hashed_counts(documents: Iterable[Sequence[str]], n_features: int) -> sparse.csr_matrix:
    """Documents (each a sequence of terms) x `n_features` hashed columns: how often each
    column's terms occur in each document (float32, indices sorted)."""
    from scipy import sparse  # loaded with the first features built: the widgets import this package

    # Every occurrence is hashed by mmh3 called from map, in C: a Python step per
    # occurrence, or a dict of the distinct terms, costs several times more on big lists.
    hashes = array("q")
    indptr = [0]
    for terms in documents:
        hashes.extend(map(mmh3.hash, terms))
        indptr.append(len(hashes))
    signed = np.frombuffer(hashes, dtype=np.int64) if len(hashes) else np.zeros(0, dtype=np.int64)
    indices = np.abs(signed) % n_features
    indices[signed == LOWEST_HASH] = lowest_hash_bucket(n_features)
    data = np.ones(len(indices), dtype=np.float32)
    counts = sparse.csr_matrix((data, indices, np.asarray(indptr, dtype=np.int64)), shape=(len(indptr) - 1, n_features))
    counts.sum_duplicates()  # several occurrences of a term, or terms of one column, add up
    return counts


def document_frequency(counts: sparse.csr_matrix) -> np.ndarray:
    """In how many documents each column occurs (counts must hold no explicit zeros)."""
    return np.bincount(counts.indices, minlength=counts.shape[1])


def tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear tf (1 + ln count) x smoothed idf (ln((1 + n) / (1 + df)) + 1), rows scaled
    to unit length; float32 as the counts are."""
    n = counts.shape[0]
    idf = (np.log((1.0 + n) / (1.0 + document_frequency(counts))) + 1.0).astype(np.float32)
    out = counts.astype(np.float32, copy=True)
    np.log(out.data, out=out.data)
    out.data += np.float32(1.0)
    out.data *= idf[out.indices]
    return unit_rows(out)


def unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row scaled to length 1 (rows without any value stay empty)."""
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    norms = np.sqrt(np.bincount(rows, weights=np.square(matrix.data, dtype=np.float64), minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    out = matrix.copy()
    out.data = (out.data / np.repeat(norms, lengths)).astype(matrix.dtype, copy=False)
    return out
