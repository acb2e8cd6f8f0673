"""The terms of a paper's text, as the suggestion features count them, and where each occurs.

A term is a word (two or more word characters, lower-cased, not an English stop word) or
two such words in a row with only stop words or punctuation between them: scikit-learn's
word analyzer with `ngram_range=(1, 2)` and `stop_words="english"` gives exactly these
(a test holds the two together). Here each term also keeps its span in the original text,
so an explanation can quote the paper as written ("Mixture-of-Experts", not "mixture experts").

Terms are counted in hashed columns (scikit-learn's HashingVectorizer, signed 32-bit
MurmurHash3 with seed 0). `bucket` computes the same column without importing
scikit-learn, so explaining a suggestion from the cache stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise

# scikit-learn's default token pattern.
TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Term:
    """A term of a text and the span of the text it comes from."""

    term: str
    start: int
    end: int


def terms(text: str, stop_words: Collection[str]) -> list[str]:
    """The unigrams and bigrams of `text`, in order (the analyzer the features are built with)."""
    words = [w for w in TOKEN.findall(text.lower()) if w not in stop_words]
    words.extend([f"{a} {b}" for a, b in pairwise(words)])
    return words


def terms_with_spans(text: str, stop_words: Collection[str]) -> list[Term]:
    """The same terms as `terms`, each with where it occurs in `text`."""
    # Spans are in the lower-cased text, which has the original's length for almost every
    # text (`quote` falls back to the lower-cased text when it does not).
    words = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text.lower()) if m.group() not in stop_words]
    out = [Term(w, s, e) for w, s, e in words]
    out.extend(Term(f"{a} {b}", sa, eb) for (a, sa, _), (b, _, eb) in pairwise(words))
    return out


def quote(text: str, term: Term) -> str:
    """The words of `text` a term comes from, as written there, on one line."""
    lowered = text.lower()
    source = text if len(lowered) == len(text) else lowered
    return " ".join(source[term.start : term.end].split())


_M32 = 0xFFFFFFFF


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & _M32


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 (x86, 32-bit) of `data` as a signed integer, as scikit-learn computes it."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _M32
    n = len(data)
    full = n - n % 4
    for i in range(0, full, 4):
        k = int.from_bytes(data[i : i + 4], "little")
        k = (_rotl((k * c1) & _M32, 15) * c2) & _M32
        h = (_rotl(h ^ k, 13) * 5 + 0xE6546B64) & _M32
    tail = data[full:]
    if tail:
        k = int.from_bytes(tail, "little")
        h ^= (_rotl((k * c1) & _M32, 15) * c2) & _M32
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h - (1 << 32) if h >= 1 << 31 else h


def bucket(term: str, n_features: int) -> int:
    """The hashed column HashingVectorizer(n_features=n_features) puts `term` in."""
    h = murmurhash3_32(term.encode("utf-8"))
    if h == -(1 << 31):  # abs() would overflow in 32 bits; scikit-learn defines it so
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features
