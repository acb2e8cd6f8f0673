"""What a reader adds to a list besides reviews: ballots, attendance and minutes. Pure.

All of it lives in the reader's own file (`reviews/<reader>.yaml`), like reviews, so two
members voting or taking minutes at the same time never edit the same file, and the git
merge driver merges one reader's file from two clones field by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .model import ReadingList, Review, format_timestamp, parse_timestamp

BALLOT_KINDS: tuple[str, ...] = ("approve", "rank")


@dataclass(frozen=True)
class Ballot:
    """One reader's vote on what to read: `approve` (any number, unordered) or `rank` (best first).

    `session` is the date of the session the vote chooses for; None: the next session, an
    open vote. A reader has at most one ballot per session (and one open ballot).
    """

    session: dt.date | None
    kind: str
    papers: tuple[str, ...]
    cast: dt.datetime | None = None

    def __post_init__(self) -> None:
        # User input is checked before it gets here (voting.cast_ballot); this guards our own code.
        if self.kind not in BALLOT_KINDS:
            raise ValueError(f"ballot kind must be approve or rank, not {self.kind!r}")
        if not self.papers or len(set(self.papers)) != len(self.papers):
            raise ValueError("a ballot names at least one paper, each once")

    def to_dict(self) -> dict[str, Any]:
        return {
            "session": self.session.isoformat() if self.session else None,
            self.kind: list(self.papers),
            "cast": format_timestamp(self.cast) if self.cast else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ballot:
        kind = "rank" if data.get("rank") else "approve"
        session, cast = data.get("session"), data.get("cast")
        return cls(
            session=dt.date.fromisoformat(session) if session else None,
            kind=kind,
            papers=tuple(data[kind]),
            cast=parse_timestamp(cast) if cast else None,
        )


@dataclass(frozen=True)
class Minutes:
    """One reader's minutes of one session: free text, with the time of the last change."""

    session: dt.date
    text: str
    updated: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session": self.session.isoformat(),
            "text": self.text,
            "updated": format_timestamp(self.updated) if self.updated else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Minutes:
        updated = data.get("updated")
        return cls(
            session=dt.date.fromisoformat(data["session"]),
            text=data["text"],
            updated=parse_timestamp(updated) if updated else None,
        )


def ballot_order(session: dt.date | None) -> tuple[bool, dt.date]:
    """Sort key: the open ballot first, then by session date."""
    return (session is not None, session or dt.date.min)


@dataclass
class ReaderFile:
    """Everything one reader's file holds, as the format reads and writes it."""

    reviews: dict[str, Review] = field(default_factory=dict)  # paper id -> review
    ballots: dict[dt.date | None, Ballot] = field(default_factory=dict)  # session (None: next) -> ballot
    attended: tuple[dt.date, ...] = ()  # sessions this reader came to, in date order
    minutes: dict[dt.date, Minutes] = field(default_factory=dict)  # session -> minutes

    def tail_data(self) -> dict[str, Any]:
        """The sections after `reviews`, as written: empty ones left out, in date order."""
        out: dict[str, Any] = {}
        if self.ballots:
            out["ballots"] = [
                {k: v for k, v in self.ballots[key].to_dict().items() if v is not None}
                for key in sorted(self.ballots, key=ballot_order)
            ]
        if self.attended:
            out["attended"] = [d.isoformat() for d in sorted(self.attended)]
        if self.minutes:
            out["minutes"] = [
                {k: v for k, v in self.minutes[d].to_dict().items() if v is not None} for d in sorted(self.minutes)
            ]
        return out


def reader_file(reading_list: ReadingList, reader: str) -> ReaderFile:
    """Everything the reader's own file holds: reviews, ballots, attendance, minutes (copies)."""
    return ReaderFile(
        reviews=dict(reading_list.reviews.get(reader, {})),
        ballots=dict(reading_list.ballots.get(reader, {})),
        attended=tuple(reading_list.attended.get(reader, ())),
        minutes=dict(reading_list.minutes.get(reader, {})),
    )


def set_reader_file(reading_list: ReadingList, reader: str, data: ReaderFile) -> None:
    """Make the list hold `data` as the reader's file; empty sections leave no entry behind."""
    reading_list.reviews[reader] = dict(data.reviews)
    sections: tuple[tuple[str, Any], ...] = (
        ("ballots", dict(data.ballots)),
        ("attended", tuple(sorted(set(data.attended)))),
        ("minutes", dict(data.minutes)),
    )
    for name, value in sections:
        by_reader = getattr(reading_list, name)
        if value:
            by_reader[reader] = value
        else:
            by_reader.pop(reader, None)
