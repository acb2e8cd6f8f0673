"""The two kinds of list file as text, and back: pure functions over the model.

`list_text` / `reviews_text` write exactly what the store writes; `read_list_text` /
`read_reviews_text` check and convert. The store adds caching, locking and disk; the
merge driver uses these directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import yamlio
from .errors import ListFormatError
from .model import Paper, ReadingList, Review
from .participation import ReaderFile
from .schema import (
    FORMAT_VERSION,
    list_from_data,
    list_to_head,
    list_to_tail,
    paper_to_data,
    reader_file_from_data,
    review_to_data,
)


def paper_block(paper: Paper) -> str:
    return yamlio.dump_item(paper_to_data(paper))


def review_block(review: Review) -> str:
    return yamlio.dump_item(review_to_data(review))


def list_text(reading_list: ReadingList, blocks: Iterable[str] | None = None) -> str:
    """list.yaml for `reading_list` (the papers' blocks may be given, already dumped)."""
    if blocks is None:
        blocks = (paper_block(p) for p in reading_list.papers.values())
    return yamlio.dump_document(list_to_head(reading_list), "papers", list(blocks)) + list_tail_text(reading_list)


def list_tail_text(reading_list: ReadingList) -> str:
    """The sections written after the papers (the removed papers), or nothing."""
    tail = list_to_tail(reading_list)
    return "\n" + yamlio.dumps(tail) if tail else ""


def review_order(reviews: Mapping[str, Review], paper_order: Iterable[str]) -> list[Review]:
    """Reviews in the list's paper order (unknown papers last, by id), so files diff alike."""
    position = {pid: i for i, pid in enumerate(paper_order)}
    return sorted(reviews.values(), key=lambda r: (position.get(r.paper_id, len(position)), r.paper_id))


def reviews_text(
    reader: str, ordered: Iterable[Review], blocks: Iterable[str] | None = None, tail: Mapping[str, Any] | None = None
) -> str:
    """reviews/<reader>.yaml for reviews already in file order; `tail`: the sections after
    the reviews (ballots, attended, minutes: `ReaderFile.tail_data()`)."""
    if blocks is None:
        blocks = (review_block(r) for r in ordered)
    text = yamlio.dump_document({"format_version": FORMAT_VERSION, "reader": reader}, "reviews", list(blocks))
    return text + ("\n" + yamlio.dumps(dict(tail)) if tail else "")


def reader_text(reader: str, data: ReaderFile, paper_order: Iterable[str]) -> str:
    """The whole reader file: reviews in the list's paper order, then the other sections."""
    return reviews_text(reader, review_order(data.reviews, paper_order), tail=data.tail_data())


def read_list_text(text: str, file: str) -> ReadingList:
    """The reading list (without reviews) in list.yaml text; ListFormatError if it is not valid."""
    data, lines = yamlio.loads(text, file)
    reading_list, problems = list_from_data(data, lines, file)
    if reading_list is None:
        raise ListFormatError(problems)
    return reading_list


def read_reviews_text(text: str, file: str, reader: str) -> dict[str, Review]:
    return read_reader_text(text, file, reader).reviews


def read_reader_text(text: str, file: str, reader: str) -> ReaderFile:
    """Everything in a reader file's text; ListFormatError if it is not valid."""
    data, lines = yamlio.loads(text, file)
    found, problems = reader_file_from_data(data, lines, file, reader=reader)
    if found is None:
        raise ListFormatError(problems)
    return found
