"""Linear models over the paper features: one per reader (or the group), one per tag.

A logistic regression with an L2 penalty, with the label weights of `signals.py` as
sample weights: the objective of scikit-learn's LogisticRegression(solver="lbfgs"),
minimised by the same scipy L-BFGS-B (tests compare the two), without the cost of
importing scikit-learn. Papers nobody labelled stand in as weak negatives ("background"): most
papers of a list are not what a given reader is after, and without them a reader who
never rated anything low would have no negative class at all. A fitted model is cached by
a digest of the features and of the exact training set, so asking again without a new
rating needs no fit (and no scipy.optimize import).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import cache
from .features import Features

C = 1.0
TOLERANCE = 1e-4  # on the largest gradient entry, as scikit-learn's lbfgs stops
MAX_ITERATIONS = 200
BACKGROUND_MAX = 2_000
BACKGROUND_SHARE = 0.5  # the background weighs this much of the positive signals, in total
SEED = 20261201
FITTED_KEPT = 64  # models kept in memory: a widget asks again for every paper it shows
_FITTED: dict[str, LinearModel] = {}


@dataclass(frozen=True)
class LinearModel:
    weights: np.ndarray  # float32, one per feature column
    intercept: float

    def decision(self, features: Features, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        return np.asarray(features.matrix[np.asarray(rows, dtype=np.int64)] @ self.weights, dtype=np.float64) + self.intercept

    def probability(self, features: Features, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(features, rows)))


@dataclass(frozen=True)
class TrainingSet:
    rows: np.ndarray  # int64, rows of the feature matrix (a paper may appear more than once)
    positive: np.ndarray  # bool
    weights: np.ndarray  # float64

    @property
    def usable(self) -> bool:
        return bool(self.positive.any() and (~self.positive).any())

    def digest(self, features: Features, kind: str) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{features.content_digest}\x00{kind}\x00{C}\x00".encode())
        for part in (self.rows.astype(np.int64), self.positive.astype(np.int8), self.weights.astype(np.float64)):
            h.update(part.tobytes())
        return h.hexdigest()


def background_rows(candidate_rows: Sequence[int], limit: int = BACKGROUND_MAX) -> np.ndarray:
    """A fixed sample of unlabelled papers (the same list gives the same sample)."""
    rows = np.asarray(sorted(candidate_rows), dtype=np.int64)
    if len(rows) <= limit:
        return rows
    return np.sort(np.random.default_rng(SEED).choice(rows, size=limit, replace=False))


def training_set(
    labelled: Sequence[tuple[int, bool, float]], background: np.ndarray, share: float = BACKGROUND_SHARE
) -> TrainingSet:
    """Labelled rows (row, positive, weight) plus the background as weak negatives.

    The negatives are then scaled to weigh as much as the positives in total (classes
    balanced, as arxiv-sanity's SVMs are): a probability of 0.5 is then an even call.
    """
    rows = [r for r, _, _ in labelled]
    positive = [p for _, p, _ in labelled]
    weights = [w for _, _, w in labelled]
    positive_weight = sum(w for _, p, w in labelled if p)
    if len(background) and positive_weight:
        each = share * positive_weight / len(background)
        rows.extend(background.tolist())
        positive.extend([False] * len(background))
        weights.extend([each] * len(background))
    pos = np.asarray(positive, dtype=bool)
    w = np.asarray(weights, dtype=np.float64)
    negative_weight = w[~pos].sum()
    if negative_weight > 0 and positive_weight > 0:
        w[~pos] *= positive_weight / negative_weight
    return TrainingSet(np.asarray(rows, dtype=np.int64), pos, w)


def fit(features: Features, training: TrainingSet, tol: float = TOLERANCE) -> LinearModel:
    """Fit a logistic regression on the training rows; the training set must have both classes."""
    if features.matrix.shape[1] == 0:  # no paper has a word worth counting: nothing to learn
        return LinearModel(np.zeros(0, dtype=np.float32), 0.0)
    from scipy.optimize import minimize

    x = features.matrix[training.rows].astype(np.float64)
    xt = x.T.tocsr()
    target = training.positive.astype(np.float64)
    weights = training.weights / training.weights.sum()  # as scikit-learn scales them
    penalty = 1.0 / (C * training.weights.sum())
    n = x.shape[1]

    def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:n], params[n]
        z = x @ w + b
        loss = float(weights @ (np.logaddexp(0.0, z) - target * z)) + 0.5 * penalty * float(w @ w)
        residual = weights * (0.5 * (1.0 + np.tanh(0.5 * z)) - target)  # the sigmoid, without overflow
        gradient = np.empty(n + 1)
        gradient[:n] = xt @ residual + penalty * w
        gradient[n] = residual.sum()
        return loss, gradient

    found = minimize(objective, np.zeros(n + 1), jac=True, method="L-BFGS-B",
                     options={"maxiter": MAX_ITERATIONS, "gtol": tol, "ftol": 64 * np.finfo(float).eps})  # fmt: skip
    return LinearModel(found.x[:n].astype(np.float32), float(found.x[n]))


def forget_fitted() -> None:
    """Forget the models kept in memory (the cache beside the list is not touched)."""
    _FITTED.clear()


def fit_cached(features: Features, training: TrainingSet, kind: str, folder: Path | None) -> LinearModel:
    """`fit`, or the weights cached for exactly this training set and these features."""
    key = training.digest(features, kind)
    model = _FITTED.get(key)
    if model is not None:
        return model
    if folder is not None:
        try:
            weights, intercept = cache.load_model(folder, key, features.matrix.shape[1])
            model = LinearModel(weights, intercept)
        except cache.CacheMiss:
            pass
    if model is None:
        model = fit(features, training)
        if folder is not None:
            try:
                cache.save_model(folder, key, model.weights, model.intercept)
            except OSError:
                pass  # a read-only folder: the next call fits again
    _FITTED[key] = model
    while len(_FITTED) > FITTED_KEPT:
        del _FITTED[next(iter(_FITTED))]
    return model
