"""Paper features for suggestions: tf-idf over title and abstract, plus authors and organisation.

- Text: the terms of `terms.py` (words and two-word phrases, English stop words left
  out) are counted in hashed columns; columns used by fewer than `MIN_DF` papers (they
  cannot generalise) or by more than `MAX_DF` of them (they say nothing) are dropped, the
  rest kept in `text_buckets` order, then weighed with sublinear tf and smoothed idf
  (`vectorize.py`: scikit-learn's HashingVectorizer and TfidfTransformer, without the
  import). Hashing needs no vocabulary, so the cache needs no word list.
- Authors and the organisation are tokens of their own (`author ada lovelace`,
  `org deepseek-ai`), in a second block weighed by `META_WEIGHT`.
- Each row is scaled to unit length, so a dot product of two rows is their cosine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..model import Paper
from .stopwords import ENGLISH_STOP_WORDS
from .terms import bucket, terms
from .vectorize import document_frequency, hashed_counts, tfidf, unit_rows

if TYPE_CHECKING:
    from scipy import sparse

VERSION = 2  # of the features and their cache; a different number rebuilds the cache
TEXT_HASH_FEATURES = 1 << 22
META_HASH_FEATURES = 1 << 18
MIN_DF = 2
MAX_DF = 0.5
SMALL_LIST = 50  # below this many papers every term is kept: document frequencies mean little
META_WEIGHT = 0.5


@dataclass(frozen=True)
class PaperText:
    """What the features of one paper are made from."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    org: str | None = None  # the organisation's handle
    upvotes: int = 0

    @classmethod
    def of(cls, paper: Paper) -> PaperText:
        return cls(paper.id, paper.title, paper.abstract, paper.authors, paper.org.handle if paper.org else None, paper.upvotes)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.abstract}"

    def meta_tokens(self) -> list[str]:
        out = [f"author {' '.join(name.lower().split())}" for name in self.authors if name.strip()]
        if self.org:
            out.append(f"org {self.org.lower()}")
        return out


def content_digest(papers: Sequence[PaperText]) -> str:
    """A digest of everything the features depend on: equal digests, equal features."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"v{VERSION}\x00".encode())
    for p in papers:
        h.update("\x1e".join((p.id, p.title, p.abstract, "\x1f".join(p.authors), p.org or "", str(p.upvotes))).encode("utf-8", "surrogatepass"))
        h.update(b"\x1d")
    return h.hexdigest()


@dataclass
class Features:
    """The feature matrix of a list's papers, with what explaining a row needs."""

    ids: list[str]
    titles: Sequence[str]
    abstracts: Sequence[str]
    upvotes: np.ndarray  # int64, one per paper
    matrix: sparse.csr_matrix  # float32, papers x (text columns + meta columns), unit rows
    text_buckets: np.ndarray  # int64, sorted: the hashed bucket of each text column
    stop_words: frozenset[str]
    content_digest: str
    list_digest: str | None = None  # of the list.yaml bytes they were built from, when known
    _rows: dict[str, int] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def rows(self) -> dict[str, int]:
        """Paper id -> row."""
        if self._rows is None:
            self._rows = {pid: i for i, pid in enumerate(self.ids)}
        return self._rows

    @property
    def n_text(self) -> int:
        return len(self.text_buckets)

    def text(self, row: int) -> str:
        return f"{self.titles[row]}\n{self.abstracts[row]}"

    def text_column(self, term: str) -> int | None:
        """The column of a text term, or None when the term was dropped or never seen."""
        b = bucket(term, TEXT_HASH_FEATURES)
        i = int(np.searchsorted(self.text_buckets, b))
        return i if i < len(self.text_buckets) and self.text_buckets[i] == b else None


def _keep_columns(counts: sparse.csr_matrix, n_papers: int, min_df: int, max_df: float) -> np.ndarray:
    df = document_frequency(counts)
    keep = df >= min_df
    if n_papers >= SMALL_LIST:
        keep &= df <= max_df * n_papers
    return np.flatnonzero(keep)


def _tfidf_block(counts: sparse.csr_matrix, columns: np.ndarray) -> sparse.csr_matrix:
    block = counts[:, columns]
    if not len(columns):  # nothing but stop words: no column, nothing to weigh
        return block.astype(np.float32)
    return tfidf(block)


def build_features(papers: Sequence[PaperText], list_digest: str | None = None) -> Features:
    """Features of `papers` (in their order)."""
    from scipy import sparse

    stop_words = ENGLISH_STOP_WORDS
    n = len(papers)
    if n == 0:
        return Features([], [], [], np.zeros(0, dtype=np.int64), sparse.csr_matrix((0, 0), dtype=np.float32),
                        np.zeros(0, dtype=np.int64), stop_words, content_digest(papers), list_digest)  # fmt: skip
    min_df = MIN_DF if n >= SMALL_LIST else 1
    text_counts = hashed_counts((terms(p.text, stop_words) for p in papers), TEXT_HASH_FEATURES)
    text_buckets = _keep_columns(text_counts, n, min_df, MAX_DF)
    blocks = [_tfidf_block(text_counts, text_buckets)]
    meta_counts = hashed_counts((p.meta_tokens() for p in papers), META_HASH_FEATURES)
    meta_columns = _keep_columns(meta_counts, n, min_df, 1.0)
    if len(meta_columns):
        blocks.append(_tfidf_block(meta_counts, meta_columns) * np.float32(META_WEIGHT))
    # One block is unit rows already (tf-idf makes them so); two are scaled together again.
    matrix = blocks[0] if len(blocks) == 1 else unit_rows(sparse.hstack(blocks, format="csr", dtype=np.float32))
    matrix.sort_indices()
    return Features(
        ids=[p.id for p in papers],
        titles=[p.title for p in papers],
        abstracts=[p.abstract for p in papers],
        upvotes=np.array([p.upvotes for p in papers], dtype=np.int64),
        matrix=matrix.astype(np.float32),
        text_buckets=text_buckets.astype(np.int64),
        stop_words=stop_words,
        content_digest=content_digest(papers),
        list_digest=list_digest,
    )
