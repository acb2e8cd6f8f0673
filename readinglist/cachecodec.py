"""The model as the parse cache keeps it: plain JSON data, and back. Pure.

A catalogue (list.yaml without the readers' files) and a reader file (`ReaderFile`) are
written with the model's own `to_dict` forms and read back with its `from_dict`s; a review
is a row of its fields (tuples and times as orjson writes them: arrays, ISO 8601). Encoding
checks that decoding gives back an equal object (for papers: one of each set of fields
given; for reviews: the first), and refuses (returns None) otherwise, or when the model has
fields this module does not know: a cache entry then holds what the strict reader produced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import orjson

from .model import DuplicateDecision, Paper, ReadingList, Removal, Review, Session
from .participation import Ballot, Minutes, ReaderFile
from .references import Reference
from .schema import paper_to_data

# The fields encoded below; a field added to the model turns the cache off until it is
# encoded here too, rather than being dropped.
_CATALOGUE_FIELDS = {"title", "description", "papers", "sessions", "duplicates", "timezone", "removed"}
_REFERENCE_FIELDS = ("kind", "file", "line", "field", "paper_id", "removed_ok")
_READER_FIELDS = {"reviews", "ballots", "attended", "minutes"}
_REVIEW_FIELDS = ("paper_id", "rating", "status", "tags", "note", "updated")  # a review's row, in order
_DECODE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def known_shapes() -> bool:
    return (
        _fields(ReadingList) == _CATALOGUE_FIELDS | _READER_FIELDS
        and _fields(ReaderFile) == _READER_FIELDS
        and tuple(f.name for f in dataclasses.fields(Reference)) == _REFERENCE_FIELDS
        and tuple(f.name for f in dataclasses.fields(Review)) == _REVIEW_FIELDS
    )


def encode_head(reading_list: ReadingList) -> dict[str, Any]:
    """The catalogue but its papers: title, description, time zone, sessions, decisions."""
    return {
        "title": reading_list.title,
        "description": reading_list.description,
        "timezone": reading_list.timezone,
        "sessions": [s.to_dict() for s in reading_list.sessions],
        "duplicates": [d.to_dict() for d in reading_list.duplicates],
        "removed": [[paper_id, removal.to_dict()] for paper_id, removal in reading_list.removed.items()],
    }


def decode_head(data: Any, papers: Any) -> ReadingList | None:
    """A reading list of the head `data` holding `papers` (a dict, or PapersOnDemand)."""
    try:
        reading_list = ReadingList(
            title=data["title"],
            description=data["description"],
            papers=papers,
            sessions=[Session.from_dict(d) for d in data["sessions"]],
            duplicates=[DuplicateDecision(**d) for d in data["duplicates"]],
        )
        reading_list.timezone = data["timezone"]
        reading_list.removed = {paper_id: Removal.from_dict(item) for paper_id, item in data["removed"]}
    except _DECODE_ERRORS:
        return None
    return reading_list


def encode_catalogue(reading_list: ReadingList) -> dict[str, Any] | None:
    if not known_shapes():
        return None
    papers = [paper_to_data(p) for p in reading_list.papers.values()]
    data = {**encode_head(reading_list), "papers": papers}
    head = decode_head(data, {})
    if head is None or (head.title, head.description, head.timezone, head.sessions, head.duplicates, head.removed) != (
        reading_list.title, reading_list.description, reading_list.timezone, reading_list.sessions, reading_list.duplicates,
        reading_list.removed,
    ):  # fmt: skip
        return None
    # One paper of each shape (set of fields given) is decoded again: a field that from_dict
    # missed shows on the first paper that has it, at a fraction of decoding them all.
    shapes: set[frozenset[str]] = set()
    for paper, item in zip(reading_list.papers.values(), papers):
        shape = frozenset(item)
        if shape not in shapes:
            shapes.add(shape)
            try:
                if Paper.from_dict(item) != paper:
                    return None
            except _DECODE_ERRORS:
                return None
    return data


def decode_catalogue(data: Any) -> ReadingList | None:
    try:
        papers = {}
        for item in data["papers"]:
            paper = Paper.from_dict(item)
            papers[paper.id] = paper
    except _DECODE_ERRORS:
        return None
    return decode_head(data, papers)


def _review_row(review: Review) -> tuple[Any, ...]:
    # orjson writes the tuples as arrays and the time as ISO 8601 (microseconds kept, if any).
    return (review.paper_id, review.rating, review.status, review.tags, review.note, review.updated)


def _review_of_row(row: list[Any]) -> Review:
    paper_id, rating, status, tags, note, updated = row
    return Review(paper_id, rating, status, tuple(tags), note, dt.datetime.fromisoformat(updated) if updated is not None else None)


def encode_reader_file(found: ReaderFile) -> dict[str, Any] | None:
    """The reader file as cache data: each review a row of its fields in order (thousands of
    reviews take a few milliseconds, not a `review_to_data` each)."""
    if not known_shapes():
        return None
    data = {
        "reviews": [_review_row(r) for r in found.reviews.values()],
        "ballots": [b.to_dict() for b in found.ballots.values()],
        "attended": [d.isoformat() for d in found.attended],
        "minutes": [m.to_dict() for m in found.minutes.values()],
    }
    # The rows are the reviews' own fields, so one review read back (as JSON) shows a type
    # the encoding misses; the sections after the reviews are few and all read back.
    sample = {**data, "reviews": data["reviews"][:1]}
    try:
        decoded = decode_reader_file(orjson.loads(orjson.dumps(sample)))
    except (TypeError, orjson.JSONEncodeError):
        return None
    if decoded is None or list(decoded.reviews.values()) != list(found.reviews.values())[:1]:
        return None
    if (decoded.ballots, decoded.attended, decoded.minutes) != (found.ballots, found.attended, found.minutes):
        return None
    return data


def decode_reader_file(data: Any) -> ReaderFile | None:
    try:
        reviews = {}
        for row in data["reviews"]:
            review = _review_of_row(row)
            reviews[review.paper_id] = review
        ballots = {}
        for item in data["ballots"]:
            ballot = Ballot.from_dict(item)
            ballots[ballot.session] = ballot
        minutes = {}
        for item in data["minutes"]:
            entry = Minutes.from_dict(item)
            minutes[entry.session] = entry
        attended = tuple(dt.date.fromisoformat(d) for d in data["attended"])
    except _DECODE_ERRORS:
        return None
    return ReaderFile(reviews=reviews, ballots=ballots, attended=attended, minutes=minutes)


def encode_references(found: list[Reference]) -> list[list[Any]]:
    """A file's paper references, without the file (a list may be named by another path)."""
    return [[r.kind, r.line, r.field, r.paper_id, r.removed_ok] for r in found]


def decode_references(data: Any, file: str) -> list[Reference] | None:
    try:
        return [Reference(kind, file, line, field, paper_id, removed_ok) for kind, line, field, paper_id, removed_ok in data]
    except _DECODE_ERRORS:
        return None
