"""`suggest` and `suggest_tags`: what to read next and which tags fit, explained.

- For a reader: papers the reader has not reviewed, ranked by a model of the reader's
  ratings, statuses and tags (`signals.py`, `learn.py`). For the group (no reader):
  papers nobody has reviewed, ranked by a model of everyone's.
- Cold start, fewer than 3 ratings of 4-5: the candidates are ranked by the group's
  Bayesian mean of the ratings others gave, discuss flags, members' interest, upvotes,
  closeness to the group's tags and to the few papers liked so far; the result says so.
- `like=ID`: the papers nearest to ID by cosine similarity, never ID itself.
- Tags: for papers nobody tagged, the group's own tags (set on 3 or more papers) that a
  one-vs-rest model per tag finds likely. Nothing is ever set: a member accepts a tag.
"""

from __future__ import annotations

import math
import os
import numpy as np

from ..analysis import DONE_STATUSES, INTEREST_STATUSES
from ..errors import InputError, UnknownPaperError
from ..model import ReadingList
from ..readers import check_reader
from ..store import ListStore
from . import explain, learn, signals
from .features import Features
from .inputs import Inputs, load
from .results import PaperTags, Suggestion, Suggestions, TagSuggestion, TagSuggestions

DEFAULT_LIMIT = 10
TAG_THRESHOLD = 0.5
TAGS_PER_PAPER = 3

# Cold start: how much each signal counts (each is scaled to about 0-1 first).
COLD_WEIGHTS = {"mean": 0.3, "discuss": 0.15, "interest": 0.05, "upvotes": 0.2, "tags": 0.3, "liked": 0.3}
PRIOR_RATING, PRIOR_WEIGHT = 3.0, 2.0


def _check_limit(limit: int | None) -> int | None:
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InputError(f"limit must be a whole number of at least 1, not {limit!r}")
    return limit


def _who(reader: str | None) -> str:
    return reader if reader is not None else "the group"


def _resolve(inputs: Inputs, wanted: str) -> str:
    rows = inputs.features.rows
    if wanted in rows:
        return wanted
    matches = [pid for pid in inputs.features.ids if pid.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise UnknownPaperError(f"{inputs.list_file}: {wanted!r} matches {len(matches)} papers: {shown}")
    raise UnknownPaperError(f"{inputs.list_file}: no paper {wanted!r} in this list")


def _order(features: Features, rows: np.ndarray, scores: np.ndarray, limit: int | None) -> list[int]:
    """Indices into `rows`, best score first; ties to more upvotes, then the list's order."""
    order = np.lexsort((rows, -features.upvotes[rows], -np.round(scores, 6)))
    return order.tolist() if limit is None else order[:limit].tolist()


def suggest(
    source: str | os.PathLike[str] | ListStore | ReadingList,
    *,
    reader: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    like: str | None = None,
) -> Suggestions:
    """Papers to read next, best first, each with the words that weighed most and the rated
    papers it is like: for `reader`, for the group when None, or nearest to paper `like`."""
    if reader is not None:
        check_reader(reader)
    _check_limit(limit)
    inputs = load(source)
    if like is not None:
        return _like(inputs, _resolve(inputs, like), reader, limit)
    found = signals.labels(inputs.reviews, reader)
    if signals.positive_ratings(inputs.reviews, reader) < signals.MIN_POSITIVES:
        return _cold_start(inputs, reader, limit)
    return _from_model(inputs, reader, limit, found)


def _candidate_rows(inputs: Inputs, reader: str | None) -> np.ndarray:
    seen = signals.reviewed(inputs.reviews, reader)
    return np.asarray([i for i, pid in enumerate(inputs.features.ids) if pid not in seen], dtype=np.int64)


def _liked_rows(inputs: Inputs, reader: str | None) -> list[int]:
    rows = inputs.features.rows
    liked = signals.rated_by(inputs.reviews, reader, liked_only=True)
    return sorted(rows[pid] for pid in liked if pid in rows)


def _rated_rows(inputs: Inputs, reader: str | None) -> list[int]:
    rows = inputs.features.rows
    rated = signals.rated_by(inputs.reviews, reader, liked_only=False)
    return sorted(rows[pid] for pid in rated if pid in rows)


def _like_rows(inputs: Inputs, reader: str | None) -> list[int]:
    """The papers `like` may name: those liked (4-5), or any rated when none was liked."""
    return _liked_rows(inputs, reader) or _rated_rows(inputs, reader)


def _from_model(inputs: Inputs, reader: str | None, limit: int | None, found: list[signals.Label]) -> Suggestions:
    f = inputs.features
    candidates = _candidate_rows(inputs, reader)
    basis = f"a model of {_who(reader)}'s ratings, statuses and tags: {signals.label_summary(found)}"
    if not len(candidates):
        return Suggestions((), reader=reader, basis=basis)
    labelled = [(f.rows[l.paper_id], l.positive, l.weight) for l in found if l.paper_id in f.rows]
    training = learn.training_set(labelled, learn.background_rows(candidates.tolist()))
    kind = f"reader:{reader}" if reader is not None else "group"
    model = learn.fit_cached(f, training, kind, inputs.folder)
    scores = model.probability(f, candidates)
    picked = [int(candidates[i]) for i in _order(f, candidates, scores, limit)]
    score_of = dict(zip(candidates.tolist(), scores.tolist()))
    likes = explain.closest(f, picked, _like_rows(inputs, reader))
    items = tuple(
        Suggestion(
            id=f.ids[row],
            title=f.titles[row],
            score=round(score_of[row], 4),
            because=explain.because(f, row, model.weights),
            like=like,
        )
        for row, like in zip(picked, likes)
    )
    return Suggestions(items, reader=reader, basis=basis)


def _like(inputs: Inputs, paper_id: str, reader: str | None, limit: int | None) -> Suggestions:
    f = inputs.features
    target = f.rows[paper_id]
    skip = signals.reviewed(inputs.reviews, reader) if reader is not None else set()
    skip.add(paper_id)
    candidates = np.asarray([i for i, pid in enumerate(f.ids) if pid not in skip], dtype=np.int64)
    basis = f"papers nearest to {paper_id} by their words, authors and organisation"
    if not len(candidates):
        return Suggestions((), reader=reader, like_of=paper_id, basis=basis)
    sims = np.asarray((f.matrix[candidates] @ f.matrix[target].T).toarray()).ravel()
    picked = [int(candidates[i]) for i in _order(f, candidates, sims, limit)]
    sim_of = dict(zip(candidates.tolist(), sims.tolist()))
    weights = explain.row_weights(f, [target])
    likes = explain.closest(f, picked, [r for r in _like_rows(inputs, reader) if r != target])
    items = tuple(
        Suggestion(f.ids[row], f.titles[row], round(sim_of[row], 4), explain.because(f, row, weights), like)
        for row, like in zip(picked, likes)
    )
    return Suggestions(items, reader=reader, like_of=paper_id, basis=basis)


def _tag_centroids(inputs: Inputs) -> dict[str, np.ndarray]:
    rows = inputs.features.rows
    out = {}
    for tag, pids in signals.group_tags(inputs.reviews).items():
        members = sorted(rows[p] for p in pids if p in rows)
        if members:
            centroid = explain.row_weights(inputs.features, members)
            norm = float(np.linalg.norm(centroid))
            out[tag] = centroid / norm if norm else centroid
    return out


def _cold_start(inputs: Inputs, reader: str | None, limit: int | None) -> Suggestions:
    f = inputs.features
    candidates = _candidate_rows(inputs, reader)
    have = signals.positive_ratings(inputs.reviews, reader)
    basis = (
        f"cold start: {_who(reader)} has {have} rating{'s' * (have != 1)} of 4-5 ({signals.MIN_POSITIVES} needed "
        "for a model); ranked by the group's means, discuss flags, upvotes and closeness to the group's tags"
    )
    if not len(candidates):
        return Suggestions((), reader=reader, cold_start=True, basis=basis)
    others = {name: by for name, by in inputs.reviews.items() if name != reader}
    centroids = _tag_centroids(inputs)
    liked = _liked_rows(inputs, reader)
    liked_centroid = explain.row_weights(f, liked) if liked else None
    sub = f.matrix[candidates]
    tag_names = list(centroids)
    tag_sims = np.asarray(sub @ np.vstack([centroids[t] for t in tag_names]).T) if tag_names else np.zeros((len(candidates), 0))
    liked_sims = np.asarray(sub @ liked_centroid).ravel() if liked_centroid is not None else np.zeros(len(candidates))
    top_upvotes = math.log1p(max(int(f.upvotes[candidates].max()), 1))
    scores = np.zeros(len(candidates))
    reasons: list[list[str]] = []
    explain_by: list[np.ndarray | None] = []
    for i, row in enumerate(candidates.tolist()):
        pid = f.ids[row]
        ratings = [by[pid].rating for by in others.values() if pid in by and by[pid].rating is not None]
        statuses = [by[pid].status for by in others.values() if pid in by and by[pid].status is not None]
        why: list[str] = []
        mean = (PRIOR_RATING * PRIOR_WEIGHT + sum(ratings)) / (PRIOR_WEIGHT + len(ratings))
        discuss = len(ratings) >= 2 and max(ratings) - min(ratings) >= 3
        interest = sum(1 for s in statuses if s in INTEREST_STATUSES)
        if ratings:
            why.append(f"group mean {sum(ratings) / len(ratings):.1f} from {len(ratings)} rating{'s' * (len(ratings) != 1)}")
        if discuss:
            why.append("ratings 3 or more apart: discuss")
        if interest:
            why.append(f"{interest} member{'s' * (interest != 1)} queued or reading it")
        if any(s in DONE_STATUSES for s in statuses) and not ratings:
            why.append("read or skipped by another member")
        upvotes = int(f.upvotes[row])
        if upvotes:
            why.append(f"{upvotes} upvote{'s' * (upvotes != 1)}")
        best_tag = int(np.argmax(tag_sims[i])) if tag_names else -1
        tag_sim = float(tag_sims[i, best_tag]) if tag_names else 0.0
        if tag_sim > 0.05:
            why.append(f"close to the group's tag {tag_names[best_tag]!r}")
        liked_sim = float(liked_sims[i])
        scores[i] = (
            COLD_WEIGHTS["mean"] * (mean - PRIOR_RATING) / 2
            + COLD_WEIGHTS["discuss"] * discuss
            + COLD_WEIGHTS["interest"] * min(interest, 3) / 3
            + COLD_WEIGHTS["upvotes"] * math.log1p(upvotes) / top_upvotes
            + COLD_WEIGHTS["tags"] * tag_sim
            + COLD_WEIGHTS["liked"] * liked_sim
        )
        reasons.append(why)
        if liked_centroid is not None and liked_sim >= tag_sim:
            explain_by.append(liked_centroid)
        elif tag_names and tag_sim > 0:
            explain_by.append(centroids[tag_names[best_tag]])
        else:
            explain_by.append(None)
    order = _order(f, candidates, scores, limit)
    picked = [int(candidates[i]) for i in order]
    likes = explain.closest(f, picked, _like_rows(inputs, reader))
    items = []
    for i, row, like in zip(order, picked, likes):
        weights = explain_by[i]
        if weights is None:  # nothing to be close to: the paper's own most distinctive words
            weights = explain.row_weights(f, [row])
        items.append(Suggestion(f.ids[row], f.titles[row], round(float(scores[i]), 4), explain.because(f, row, weights), like, tuple(reasons[i])))
    return Suggestions(tuple(items), reader=reader, cold_start=True, basis=basis)


def suggest_tags(
    source: str | os.PathLike[str] | ListStore | ReadingList,
    *,
    reader: str | None = None,
    limit: int | None = None,
) -> TagSuggestions:
    """For papers nobody has tagged (of those `reader` reviewed, when given), the group's
    own tags that fit, best first. Only tags set on at least 3 papers are suggested."""
    if reader is not None:
        check_reader(reader)
    _check_limit(limit)
    inputs = load(source)
    f = inputs.features
    tags = signals.group_tags(inputs.reviews)
    tagged = signals.tagged_papers(inputs.reviews)
    mine = signals.reviewed(inputs.reviews, reader) if reader is not None else None
    candidates = np.asarray(
        [i for i, pid in enumerate(f.ids) if pid not in tagged and (mine is None or pid in mine)], dtype=np.int64
    )
    if not tags or not len(candidates):
        return TagSuggestions((), group_tags=tuple(tags), reader=reader)
    models = _tag_models(inputs, tags, tagged, candidates)
    probabilities = {tag: model.probability(f, candidates) for tag, model in models.items()}
    per_paper: list[tuple[float, int, list[tuple[str, float]]]] = []
    for i, row in enumerate(candidates.tolist()):
        fitting = sorted(((t, float(p[i])) for t, p in probabilities.items() if p[i] >= TAG_THRESHOLD), key=lambda tp: (-tp[1], tp[0]))
        if fitting:
            per_paper.append((fitting[0][1], row, fitting[:TAGS_PER_PAPER]))
    per_paper.sort(key=lambda item: (-item[0], item[1]))
    if limit is not None:
        per_paper = per_paper[:limit]
    items = tuple(
        PaperTags(
            f.ids[row],
            f.titles[row],
            tuple(TagSuggestion(t, round(p, 4), explain.because(f, row, models[t].weights, 3)) for t, p in fitting),
        )
        for _, row, fitting in per_paper
    )
    return TagSuggestions(items, group_tags=tuple(tags), reader=reader)


def _tag_models(
    inputs: Inputs, tags: dict[str, set[str]], tagged: dict[str, set[str]], candidates: np.ndarray
) -> dict[str, learn.LinearModel]:
    """One model per group tag: its papers against papers with other tags and the untagged."""
    f = inputs.features
    rows = f.rows
    tagged_rows = {rows[pid]: tags_of for pid, tags_of in tagged.items() if pid in rows}
    background = learn.background_rows(candidates.tolist())
    models = {}
    for tag in tags:
        labelled = [(row, tag in tags_of, 1.0) for row, tags_of in sorted(tagged_rows.items())]
        training = learn.training_set(labelled, background)
        if training.usable:
            models[tag] = learn.fit_cached(f, training, f"tag:{tag}", inputs.folder)
    return models


def candidates_for_session(source: str | os.PathLike[str] | ListStore | ReadingList, count: int) -> Suggestions:
    """The group's top `count` candidates (for a handout's "Candidates for next session")."""
    return suggest(source, limit=count)

