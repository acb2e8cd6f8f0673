"""The terms the features count are scikit-learn's, and each is found where the text has it."""

from __future__ import annotations

import random

import pytest
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer

from readinglist.suggestions.features import TEXT_HASH_FEATURES
from readinglist.suggestions.stopwords import ENGLISH_STOP_WORDS
from readinglist.suggestions.terms import bucket, quote, terms, terms_with_spans

TEXTS = [
    "Sparse Mixture-of-Experts at Small Scale: load-balanced routing without tears",
    "We study the Σ-Mem memory and β-OPSD; it is 50% faster on GPT-4o (see §3).",
    "Pokémon Go, naïve Bayes and İstanbul: case folding that changes length",
    "a an the of",  # nothing but stop words
    "",
    "x y z single letters are no words, but ab is",
    "Zeitreihen für Ärzte — 東京 大学 の 研究 and Straße",
]


@pytest.mark.parametrize("text", TEXTS)
def test_terms_are_what_scikit_learn_counts(text):
    analyzer = TfidfVectorizer(ngram_range=(1, 2), stop_words=sorted(ENGLISH_STOP_WORDS)).build_analyzer()
    assert terms(text, ENGLISH_STOP_WORDS) == analyzer(text)


@pytest.mark.parametrize("text", TEXTS)
def test_spans_give_the_same_terms(text):
    assert [t.term for t in terms_with_spans(text, ENGLISH_STOP_WORDS)] == terms(text, ENGLISH_STOP_WORDS)


def test_a_phrase_is_quoted_as_written():
    text = "Sparse Mixture-of-Experts at Small Scale"
    quoted = {t.term: quote(text, t) for t in terms_with_spans(text, ENGLISH_STOP_WORDS)}
    assert quoted["mixture experts"] == "Mixture-of-Experts"
    assert quoted["sparse"] == "Sparse"
    assert quoted["experts small"] == "Experts at Small"


def test_quote_joins_a_phrase_broken_over_lines():
    text = "routing\n   matters"
    (phrase,) = [t for t in terms_with_spans(text, ENGLISH_STOP_WORDS) if " " in t.term]
    assert quote(text, phrase) == "routing matters"


WORDS = ["", "a", "ab", "abc", "abcd", "abcde", "mixture experts", "Σ-mem", "東京", "naïve bayes", "x" * 37]


@pytest.mark.parametrize("word", WORDS)
def test_buckets_match_the_hashing_vectorizer(word):
    hasher = HashingVectorizer(analyzer=lambda doc: [doc], n_features=TEXT_HASH_FEATURES, alternate_sign=False, norm=None)
    row = hasher.transform([word])
    assert row.indices.tolist() == [bucket(word, TEXT_HASH_FEATURES)]


def test_buckets_match_the_hashing_vectorizer_on_many_terms():
    rng = random.Random(0)
    alphabet = "abcdefghijklmnopqrstuvwxyz éüΣ東京-"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40))) for _ in range(2_000)]
    hasher = HashingVectorizer(analyzer=lambda doc: [doc], n_features=TEXT_HASH_FEATURES, alternate_sign=False, norm=None)
    rows = hasher.transform(words)
    assert rows.indices.tolist() == [bucket(w, TEXT_HASH_FEATURES) for w in words]


def test_stop_words_are_function_words_not_what_papers_study():
    for word in ("the", "we", "our", "however", "thus", "which", "between", "can", "been", "isn"):
        assert word in ENGLISH_STOP_WORDS
    for word in ("system", "computer", "network", "model", "learning", "interest", "fire", "bill", "detail"):
        assert word not in ENGLISH_STOP_WORDS
    assert all(word == word.lower() and len(word) >= 2 and word.isalpha() for word in ENGLISH_STOP_WORDS)
