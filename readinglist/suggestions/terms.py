"""The terms of a paper's text, as the suggestion features count them, and where each occurs.

A term is a word (two or more word characters, lower-cased, not a stop word of
`stopwords.py`) or two such words in a row with only stop words or punctuation between
them: scikit-learn's word analyzer with `ngram_range=(1, 2)` and the same stop words gives
exactly these (a test holds the two together). Here each term also keeps its span in the original text,
so an explanation can quote the paper as written ("Mixture-of-Experts", not "mixture experts").

Terms are counted in hashed columns: the signed 32-bit MurmurHash3 (seed 0, from mmh3) of
the term, as scikit-learn's HashingVectorizer computes it (a test holds the two together),
so the features need no vocabulary and a column can be found again from its term.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise

import mmh3

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


LOWEST_HASH = -(1 << 31)  # the one signed 32-bit hash whose abs() overflows


def lowest_hash_bucket(n_features: int) -> int:
    """The column of a term hashed to LOWEST_HASH, as scikit-learn defines it."""
    return (2147483647 - (n_features - 1)) % n_features


def bucket(term: str, n_features: int) -> int:
    """The hashed column HashingVectorizer(n_features=n_features) puts `term` in."""
    h = mmh3.hash(term, 0, signed=True)
    return lowest_hash_bucket(n_features) if h == LOWEST_HASH else abs(h) % n_features
