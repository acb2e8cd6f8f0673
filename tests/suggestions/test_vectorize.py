"""The features and the model are scikit-learn's numbers, computed without importing it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from readinglist.suggestions import learn
from readinglist.suggestions.cache import CACHE_DIR
from readinglist.suggestions.features import TEXT_HASH_FEATURES, build_features
from readinglist.suggestions.stopwords import ENGLISH_STOP_WORDS
from readinglist.suggestions.terms import terms
from readinglist.suggestions.vectorize import hashed_counts, tfidf, unit_rows

TEXTS = [
    "Sparse Mixture-of-Experts at small scale: routing, routing and more routing",
    "We study the Σ-Mem memory and β-OPSD; it is 50% faster on GPT-4o (see §3).",
    "",
    "the of and",  # stop words only: an empty row
    "Zeitreihen für Ärzte, 東京 大学 and Straße; routing for experts",
    "retrieval augmented generation retrieval augmented generation",
]


def analyse(text: str) -> list[str]:
    return terms(text, ENGLISH_STOP_WORDS)


def reference_counts(texts: list[str], n_features: int) -> sparse.csr_matrix:
    hasher = HashingVectorizer(analyzer=analyse, n_features=n_features, alternate_sign=False, norm=None, dtype=np.float32)
    return hasher.transform(texts)


@pytest.mark.parametrize("n_features", [TEXT_HASH_FEATURES, 16])  # 16: many terms share a column
def test_counts_are_the_hashing_vectorizers(n_features):
    ours = hashed_counts([analyse(t) for t in TEXTS], n_features)
    theirs = reference_counts(TEXTS, n_features)
    theirs.sort_indices()
    assert ours.shape == theirs.shape
    assert ours.indptr.tolist() == theirs.indptr.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()
    assert ours.data.tolist() == theirs.data.tolist()
    assert ours.dtype == np.float32


def test_no_documents_and_documents_without_terms():
    assert hashed_counts([], 8).shape == (0, 8)
    empty = hashed_counts([[], []], 8)
    assert empty.shape == (2, 8) and empty.nnz == 0


def test_tfidf_is_the_transformers_with_sublinear_tf():
    counts = reference_counts(TEXTS, TEXT_HASH_FEATURES)
    used = np.unique(counts.indices)
    block = counts[:, used]
    ours = tfidf(block)
    theirs = TfidfTransformer(sublinear_tf=True).fit_transform(block)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), rtol=1e-5, atol=1e-7)


def test_unit_rows_are_normalised_rows_and_empty_rows_stay_empty():
    rng = np.random.default_rng(3)
    dense = rng.random((6, 9)).astype(np.float32)
    dense[dense < 0.6] = 0
    dense[2] = 0
    dense[5] = 0  # an empty last row
    m = sparse.csr_matrix(dense)
    np.testing.assert_allclose(unit_rows(m).toarray(), normalize(m).toarray(), rtol=1e-6)
    assert unit_rows(m)[2].nnz == 0 and unit_rows(m).dtype == np.float32


def _training(features, positive_rows, negative_rows, weights):
    rows = np.asarray(positive_rows + negative_rows, dtype=np.int64)
    positive = np.asarray([True] * len(positive_rows) + [False] * len(negative_rows))
    return learn.TrainingSet(rows, positive, np.asarray(weights, dtype=np.float64))


def test_the_fit_is_scikit_learns_logistic_regression(topical):
    from readinglist.suggestions.inputs import load

    features = load(topical.folder).features
    rng = np.random.default_rng(7)
    rows = rng.choice(len(features), size=160, replace=False).tolist()
    weights = rng.choice([0.5, 1.0, 1.5], size=160).tolist()
    training = _training(features, rows[:50], rows[50:], weights)
    ours = learn.fit(features, training, tol=1e-10)
    reference = LogisticRegression(C=learn.C, solver="lbfgs", tol=1e-10, max_iter=10_000)
    # float64, as ours computes: scikit-learn fits float32 data in float32, a little less exactly
    reference.fit(features.matrix[training.rows].astype(np.float64), training.positive.astype(np.int8), sample_weight=training.weights)
    np.testing.assert_allclose(ours.weights, reference.coef_[0], atol=2e-4)
    assert ours.intercept == pytest.approx(reference.intercept_[0], abs=2e-4)
    # and its order of the other papers is the same
    others = np.setdiff1d(np.arange(len(features)), training.rows)
    assert np.argsort(-ours.decision(features, others))[:20].tolist() == np.argsort(-reference.decision_function(features.matrix[others].astype(np.float64)))[:20].tolist()


def test_built_features_are_the_scikit_learn_pipelines(topical):
    from readinglist.suggestions.features import MAX_DF, META_WEIGHT, PaperText
    from readinglist.suggestions.inputs import load

    features = load(topical.folder).features
    papers = [PaperText(pid, features.titles[i], features.abstracts[i]) for i, pid in enumerate(features.ids)]
    ours = build_features(papers)
    counts = reference_counts([p.text for p in papers], TEXT_HASH_FEATURES)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    kept = np.flatnonzero((df >= 2) & (df <= MAX_DF * len(papers)))
    theirs = normalize(TfidfTransformer(sublinear_tf=True).fit_transform(counts[:, kept]))
    assert ours.text_buckets.tolist() == kept.tolist()
    np.testing.assert_allclose(ours.matrix.toarray(), theirs.toarray(), rtol=1e-5, atol=1e-6)
    assert META_WEIGHT > 0  # the meta block is empty here: these papers have no authors


def test_a_cold_suggestion_run_never_imports_scikit_learn(topical):
    shutil.rmtree(topical.folder / CACHE_DIR, ignore_errors=True)
    code = (
        "import sys\n"
        "from readinglist.suggestions import suggest, suggest_tags\n"
        f"suggest({str(topical.folder)!r}, reader='ann')\n"
        f"suggest_tags({str(topical.folder)!r})\n"
        "assert not any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules), 'sklearn imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert (topical.folder / CACHE_DIR).is_dir()  # it was a cold run: the features were built
