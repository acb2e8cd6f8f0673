"""The ranking when there is too little to learn from (fewer than 3 ratings of 4-5).

Each candidate gets signals the group already has, each scaled to 0-1 over the candidates
and weighed by `WEIGHTS`:

- *liked*: cosine similarity to the centroid of the one or two papers rated 4-5 so far
  (the only signal of this reader's own taste, so it weighs most);
- *mean*: the Bayesian mean of the other members' ratings (2 imaginary 3s added);
- *tags*: closeness to the group's own tags (the best cosine to a tag's centroid), which
  favours papers on the group's subjects over the rest of a pasted page;
- *upvotes* (log-scaled), *discuss* (others' ratings 3 or more apart), *interest*
  (others queued or are reading it).

`reasons` says which of these a paper has; `because` quotes the words that brought it
closest to the liked papers or to its tag, else its most distinctive words.
"""

from __future__ import annotations

import numpy as np

from ..analysis import DONE_STATUSES, INTEREST_STATUSES
from ..words import plural
from . import explain, signals
from .candidates import candidate_rows, like_rows, liked_rows, order, who
from .inputs import Inputs
from .results import Suggestion, Suggestions

WEIGHTS = {"liked": 0.4, "mean": 0.25, "tags": 0.15, "upvotes": 0.1, "discuss": 0.05, "interest": 0.05}
PRIOR_RATING, PRIOR_WEIGHT = 3.0, 2.0
CLOSE = 0.05  # a cosine below this is not worth a reason


def tag_centroids(inputs: Inputs) -> dict[str, np.ndarray]:
    """Each group tag's papers averaged, scaled to unit length."""
    rows = inputs.features.rows
    out = {}
    for tag, pids in signals.group_tags(inputs.reviews).items():
        members = sorted(rows[p] for p in pids if p in rows)
        if members:
            centroid = explain.row_weights(inputs.features, members)
            norm = float(np.linalg.norm(centroid))
            out[tag] = centroid / norm if norm else centroid
    return out


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _group_signals(inputs: Inputs, reader: str | None, pids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]]]:
    """(mean, discuss, interest) per candidate from the other members' reviews, and reasons."""
    others = [by for name, by in inputs.reviews.items() if name != reader]
    means, discuss, interest, reasons = [], [], [], []
    for pid in pids:
        reviews = [by[pid] for by in others if pid in by]
        ratings = [r.rating for r in reviews if r.rating is not None]
        statuses = [r.status for r in reviews if r.status is not None]
        why = []
        if ratings:
            why.append(f"group mean {sum(ratings) / len(ratings):.1f} from {plural(len(ratings), 'rating')}")
        apart = len(ratings) >= 2 and max(ratings) - min(ratings) >= 3
        if apart:
            why.append("ratings 3 or more apart: discuss")
        keen = sum(1 for s in statuses if s in INTEREST_STATUSES)
        if keen:
            why.append(f"{plural(keen, 'member')} queued or reading it")
        if not ratings and any(s in DONE_STATUSES for s in statuses):
            why.append("read or skipped by another member")
        means.append((PRIOR_RATING * PRIOR_WEIGHT + sum(ratings)) / (PRIOR_WEIGHT + len(ratings)))
        discuss.append(float(apart))
        interest.append(min(keen, 3) / 3)
        reasons.append(why)
    return np.asarray(means) - PRIOR_RATING, np.asarray(discuss), np.asarray(interest), reasons


def cold_start(inputs: Inputs, reader: str | None, limit: int | None, explained: int | None = None) -> Suggestions:
    f = inputs.features
    candidates = candidate_rows(inputs, reader)
    have = signals.positive_ratings(inputs.reviews, reader)
    basis = (
        f"cold start: {who(reader)} has {plural(have, 'rating')} of 4-5 ({signals.MIN_POSITIVES} needed "
        "for a model); ranked by closeness to the papers liked so far, the group's means, discuss flags, "
        "upvotes and closeness to the group's tags"
    )
    if not len(candidates):
        return Suggestions((), reader=reader, cold_start=True, basis=basis)
    pids = [f.ids[r] for r in candidates.tolist()]
    mean, discuss, interest, reasons = _group_signals(inputs, reader, pids)
    sub = f.matrix[candidates]
    centroids = tag_centroids(inputs)
    tag_names = list(centroids)
    if tag_names:
        tag_sims = np.asarray(sub @ np.vstack([centroids[t] for t in tag_names]).T)
        best_tag = tag_sims.argmax(axis=1)
        tag_sim = tag_sims[np.arange(len(candidates)), best_tag]
    else:
        best_tag, tag_sim = np.zeros(len(candidates), dtype=int), np.zeros(len(candidates))
    liked = liked_rows(inputs, reader)
    liked_centroid = explain.row_weights(f, liked) if liked else None
    liked_sim = np.asarray(sub @ liked_centroid, dtype=np.float64).ravel() if liked_centroid is not None else np.zeros(len(candidates))
    upvotes = np.log1p(f.upvotes[candidates].astype(np.float64))
    scores = (
        WEIGHTS["liked"] * _scaled(np.clip(liked_sim, 0, None))
        + WEIGHTS["mean"] * mean / 2
        + WEIGHTS["tags"] * _scaled(np.clip(tag_sim, 0, None))
        + WEIGHTS["upvotes"] * _scaled(upvotes)
        + WEIGHTS["discuss"] * discuss
        + WEIGHTS["interest"] * interest
    )
    picked = order(f, candidates, scores, limit)
    rows = [int(candidates[i]) for i in picked]
    n = explain.how_many(explained, len(rows))
    likes = explain.closest(f, rows[:n], like_rows(inputs, reader)) + [()] * (len(rows) - n)
    items = []
    for rank, (i, row, like) in enumerate(zip(picked, rows, likes)):
        why = list(reasons[i])
        upvotes_of = int(f.upvotes[row])
        if upvotes_of:
            why.append(plural(upvotes_of, "upvote"))
        if tag_names and tag_sim[i] > CLOSE:
            why.append(f"close to the group's tag {tag_names[best_tag[i]]!r}")
        if rank >= n:
            items.append(Suggestion(f.ids[row], f.titles[row], round(float(scores[i]), 4), (), (), tuple(why)))
            continue
        if liked_centroid is not None and liked_sim[i] >= max(tag_sim[i], CLOSE):
            weights = liked_centroid
        elif tag_names and tag_sim[i] > 0:
            weights = centroids[tag_names[best_tag[i]]]
        else:  # nothing to be close to: the paper's own most distinctive words
            weights = explain.row_weights(f, [row])
        items.append(Suggestion(f.ids[row], f.titles[row], round(float(scores[i]), 4), explain.because(f, row, weights), like, tuple(why)))
    return Suggestions(tuple(items), reader=reader, cold_start=True, basis=basis)
