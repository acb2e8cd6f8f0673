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

import os
from collections.abc import Iterable

import numpy as np

from ..bulk import collector_paused
from ..errors import InputError, UnknownPaperError
from ..model import ReadingList
from ..readers import check_reader
from ..store import ListStore
from . import explain, learn, signals
from .candidates import candidate_rows, like_rows, order, who
from .coldstart import cold_start
from .inputs import Inputs, load
from .results import PaperTags, Suggestion, Suggestions, TagSuggestion, TagSuggestions

DEFAULT_LIMIT = 10
TAG_THRESHOLD = 0.5
TAGS_PER_PAPER = 3



def _check_limit(limit: int | None) -> int | None:
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InputError(f"limit must be a whole number of at least 1, not {limit!r}")
    return limit


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


def suggest(
    source: str | os.PathLike[str] | ListStore | ReadingList,
    *,
    reader: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    like: str | None = None,
    explain: int | None = None,
) -> Suggestions:
    """Papers to read next, best first, each with the words that weighed most and the rated
    papers it is like: for `reader`, for the group when None, or nearest to paper `like`.

    `explain`: give `because` and `like` to the first N only (a browser ranking the whole
    list shows a page at a time); None: to every one."""
    if reader is not None:
        check_reader(reader)
    _check_limit(limit)
    with collector_paused():  # many small objects, no cycles: the collector's passes are pure cost
        inputs = load(source)
        if like is not None:
            return _like(inputs, _resolve(inputs, like), reader, limit, explain)
        found = signals.labels(inputs.reviews, reader)
        if signals.positive_ratings(inputs.reviews, reader) < signals.MIN_POSITIVES:
            return cold_start(inputs, reader, limit, explain)
        return _from_model(inputs, reader, limit, found, explain)


def _from_model(
    inputs: Inputs, reader: str | None, limit: int | None, found: list[signals.Label], explained: int | None
) -> Suggestions:
    f = inputs.features
    candidates = candidate_rows(inputs, reader)
    basis = f"a model of {who(reader)}'s ratings, statuses and tags: {signals.label_summary(found)}"
    if not len(candidates):
        return Suggestions((), reader=reader, basis=basis)
    labelled = [(f.rows[l.paper_id], l.positive, l.weight) for l in found if l.paper_id in f.rows]
    training = learn.training_set(labelled, learn.background_rows(candidates.tolist()))
    kind = f"reader:{reader}" if reader is not None else "group"
    model = learn.fit_cached(f, training, kind, inputs.folder)
    scores = model.probability(f, candidates)
    picked = [int(candidates[i]) for i in order(f, candidates, scores, limit)]
    score_of = dict(zip(candidates.tolist(), scores.tolist()))
    n = explain.how_many(explained, len(picked))
    likes = explain.closest(f, picked[:n], like_rows(inputs, reader)) + [()] * (len(picked) - n)
    items = tuple(
        Suggestion(
            id=f.ids[row],
            title=f.titles[row],
            score=round(score_of[row], 4),
            because=explain.because(f, row, model.weights) if i < n else (),
            like=like,
        )
        for i, (row, like) in enumerate(zip(picked, likes))
    )
    return Suggestions(items, reader=reader, basis=basis)


def _like(inputs: Inputs, paper_id: str, reader: str | None, limit: int | None, explained: int | None) -> Suggestions:
    f = inputs.features
    target = f.rows[paper_id]
    skip = signals.reviewed(inputs.reviews, reader) if reader is not None else set()
    skip.add(paper_id)
    candidates = np.asarray([i for i, pid in enumerate(f.ids) if pid not in skip], dtype=np.int64)
    basis = f"papers nearest to {paper_id} by their words, authors and organisation"
    if not len(candidates):
        return Suggestions((), reader=reader, like_of=paper_id, basis=basis)
    sims = np.asarray((f.matrix[candidates] @ f.matrix[target].T).toarray()).ravel()
    picked = [int(candidates[i]) for i in order(f, candidates, sims, limit)]
    sim_of = dict(zip(candidates.tolist(), sims.tolist()))
    weights = explain.row_weights(f, [target])
    n = explain.how_many(explained, len(picked))
    likes = explain.closest(f, picked[:n], [r for r in like_rows(inputs, reader) if r != target]) + [()] * (len(picked) - n)
    items = tuple(
        Suggestion(f.ids[row], f.titles[row], round(sim_of[row], 4), explain.because(f, row, weights) if i < n else (), like)
        for i, (row, like) in enumerate(zip(picked, likes))
    )
    return Suggestions(items, reader=reader, like_of=paper_id, basis=basis)


def suggest_tags(
    source: str | os.PathLike[str] | ListStore | ReadingList,
    *,
    reader: str | None = None,
    limit: int | None = None,
    papers: Iterable[str] | None = None,
) -> TagSuggestions:
    """For papers nobody has tagged (of those `reader` reviewed, when given), the group's
    own tags that fit, best first. Only tags set on at least 3 papers are suggested.
    `papers`: only for these paper ids (the card asks about the paper it shows)."""
    if reader is not None:
        check_reader(reader)
    _check_limit(limit)
    with collector_paused():
        return _suggest_tags(load(source), reader, limit, None if papers is None else set(papers))


def _suggest_tags(inputs: Inputs, reader: str | None, limit: int | None, only: set[str] | None) -> TagSuggestions:
    f = inputs.features
    tags = signals.group_tags(inputs.reviews)
    tagged = signals.tagged_papers(inputs.reviews)
    untagged = np.asarray([i for i, pid in enumerate(f.ids) if pid not in tagged], dtype=np.int64)
    mine = signals.reviewed(inputs.reviews, reader) if reader is not None else None
    candidates = np.asarray(
        [r for r in untagged.tolist() if (mine is None or f.ids[r] in mine) and (only is None or f.ids[r] in only)],
        dtype=np.int64,
    )
    if not tags or not len(candidates):
        return TagSuggestions((), group_tags=tuple(tags), reader=reader)
    # The models learn from every untagged paper, whichever of them are answered.
    models = _tag_models(inputs, tags, tagged, untagged)
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

