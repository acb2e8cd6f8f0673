"""The data model: papers, reviews and reading lists. Pure: no I/O here.

Every class converts to and from plain dicts of JSON-friendly values (`to_dict` /
`from_dict`); the store turns those into YAML and back, the CLI into JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from .participation import Ballot, Minutes

STATUSES: tuple[str, ...] = ("queued", "reading", "read", "skimmed", "skipped")
RATINGS: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Org:
    """An organisation as a Hugging Face page shows it: handle and display name."""

    handle: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"handle": self.handle, "name": self.name}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Org:
        return cls(handle=data["handle"], name=data["name"])


@dataclass(frozen=True)
class Source:
    """Where a paper was seen: the format, the file's base name and the line."""

    format: str
    file: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": self.format, "file": self.file}
        if self.line is not None:
            out["line"] = self.line
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(format=data["format"], file=data["file"], line=data.get("line"))


@dataclass(frozen=True)
class ScholarFacts:
    """What Semantic Scholar said about a paper, and the day it was asked (readinglist enrich)."""

    fetched: dt.date
    citations: int = 0
    influential_citations: int = 0
    tldr: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "citations": self.citations,
            "influential_citations": self.influential_citations,
            "tldr": self.tldr,
            "fetched": self.fetched.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScholarFacts:
        return cls(
            fetched=dt.date.fromisoformat(data["fetched"]),
            citations=data.get("citations") or 0,
            influential_citations=data.get("influential_citations") or 0,
            tldr=data.get("tldr") or "",
        )


@dataclass(frozen=True)
class Paper:
    """One paper of a list. Optional facts are None (or empty) when no source gave them."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    org: Org | None = None
    published: dt.date | None = None
    year: int | None = None  # when only the year is known (BibTeX); else published.year
    venue: str = ""  # journal, proceedings or archive
    upvotes: int = 0
    arxiv_id: str | None = None
    doi: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    suggested_tags: tuple[str, ...] = ()  # from a source (keywords), not anyone's tags
    semantic_scholar: ScholarFacts | None = None  # readinglist enrich
    sources: tuple[Source, ...] = ()

    def __hash__(self) -> int:  # links is a dict; identity is the id
        return hash(self.id)

    @property
    def publication_year(self) -> int | None:
        return self.published.year if self.published else self.year

    def to_dict(self) -> dict[str, Any]:
        """All fields, in the format's key order; dates as ISO strings."""
        return {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "author_count": self.author_count,
            "org": self.org.to_dict() if self.org else None,
            "published": self.published.isoformat() if self.published else None,
            "year": self.year,
            "venue": self.venue,
            "upvotes": self.upvotes,
            "arxiv_id": self.arxiv_id,
            "doi": self.doi,
            "links": dict(self.links),
            "suggested_tags": list(self.suggested_tags),
            "semantic_scholar": self.semantic_scholar.to_dict() if self.semantic_scholar else None,
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        published = data.get("published")
        org = data.get("org")
        scholar = data.get("semantic_scholar")
        return cls(
            id=data["id"],
            title=data["title"],
            abstract=data.get("abstract") or "",
            authors=tuple(data.get("authors") or ()),
            author_count=data.get("author_count"),
            org=Org.from_dict(org) if org else None,
            published=dt.date.fromisoformat(published) if published else None,
            year=data.get("year"),
            venue=data.get("venue") or "",
            upvotes=data.get("upvotes") or 0,
            arxiv_id=data.get("arxiv_id"),
            doi=data.get("doi"),
            links=dict(data.get("links") or {}),
            suggested_tags=tuple(data.get("suggested_tags") or ()),
            semantic_scholar=ScholarFacts.from_dict(scholar) if scholar else None,
            sources=tuple(Source.from_dict(s) for s in data.get("sources") or ()),
        )


@dataclass(frozen=True)
class Review:
    """One reader's view of one paper. Tags belong to the reader who set them."""

    paper_id: str
    rating: int | None = None
    status: str | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    updated: dt.datetime | None = None

    def __post_init__(self) -> None:
        # Bad values are the caller's bug here: user input is checked before it gets this far.
        if self.rating is not None and self.rating not in RATINGS:
            raise ValueError(f"rating must be 1-5 or None, not {self.rating!r}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {self.status!r}")

    @property
    def is_empty(self) -> bool:
        return self.rating is None and self.status is None and not self.tags and not self.note

    def to_dict(self) -> dict[str, Any]:
        return {
            "paper": self.paper_id,
            "rating": self.rating,
            "status": self.status,
            "tags": list(self.tags),
            "note": self.note,
            "updated": format_timestamp(self.updated) if self.updated else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Review:
        updated = data.get("updated")
        return cls(
            paper_id=data["paper"],
            rating=data.get("rating"),
            status=data.get("status"),
            tags=tuple(data.get("tags") or ()),
            note=data.get("note") or "",
            updated=parse_timestamp(updated) if updated else None,
        )


def evolve(paper: Paper, **changes: Any) -> Paper:
    """`dataclasses.replace` for papers, without re-running `__init__`: imports make
    hundreds of thousands of these copies, and a Paper has no checks to re-run."""
    new = object.__new__(Paper)
    fields = new.__dict__
    fields.update(paper.__dict__)
    fields.update(changes)
    return new


def format_timestamp(moment: dt.datetime) -> str:
    """UTC, whole seconds, `Z` suffix: one spelling per instant keeps files diffable."""
    utc = moment.astimezone(dt.timezone.utc)
    # strftime's %Y does not pad years before 1000; the format needs four digits.
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


def parse_timestamp(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


MAX_TAG_CHARS = 64  # a tag is a label on a chip; longer text belongs in the note


def normalise_tag(tag: str) -> str:
    """Tags compare case-insensitively and without surrounding or repeated spaces."""
    return " ".join(tag.split()).lower()


def tag_too_long(tag: str) -> str | None:
    """Why a new tag cannot be given (it is over `MAX_TAG_CHARS`), or None when it can.

    Only tags being added are held to it: a file with a longer tag still opens."""
    tag = normalise_tag(tag)
    if len(tag) <= MAX_TAG_CHARS:
        return None
    return f"tag {tag[:24]!r}... is {len(tag):,} characters long; a tag has at most {MAX_TAG_CHARS} (longer text belongs in the note)"


@dataclass(frozen=True)
class Session:
    """One meeting of the group: its date, who presents, which papers, what to discuss;
    optionally when (a local time in the list's time zone), for how long and where."""

    date: dt.date
    presenter: str | None = None
    papers: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    time: dt.time | None = None  # whole minutes
    duration: int | None = None  # minutes
    place: str = ""  # a room or a link

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "duration": self.duration,
            "place": self.place,
            "presenter": self.presenter,
            "papers": list(self.papers),
            "questions": list(self.questions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        return cls(
            date=dt.date.fromisoformat(data["date"]),
            presenter=data.get("presenter"),
            papers=tuple(data.get("papers") or ()),
            questions=tuple(data.get("questions") or ()),
            time=dt.time.fromisoformat(data["time"]) if data.get("time") else None,
            duration=data.get("duration"),
            place=data.get("place") or "",
        )


DUPLICATE_DECISIONS: tuple[str, ...] = ("merged", "distinct")


@dataclass(frozen=True)
class DuplicateDecision:
    """A user's answer about two papers that looked alike, so the question is not asked again.

    `merged`: `other` was merged into `kept` and removed; its title is remembered so a later
    import of it lands on `kept`. `distinct`: both stay, and are never proposed again.
    """

    kept: str
    other: str
    decision: str
    other_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kept": self.kept, "other": self.other, "decision": self.decision, "other_title": self.other_title}


@dataclass(frozen=True)
class Removal:
    """A paper taken out of a list (`readinglist remove`): kept whole, hidden everywhere, with
    who removed it and when, so `remove --undo` can bring it back and its reviews stay."""

    paper: Paper
    by: str
    at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {"paper": self.paper.to_dict(), "by": self.by, "at": format_timestamp(self.at)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        return cls(paper=Paper.from_dict(data["paper"]), by=data["by"], at=parse_timestamp(data["at"]))


@dataclass
class ReadingList:
    """A titled list of papers in a stable order, with each reader's reviews and the sessions."""

    title: str
    description: str = ""
    papers: dict[str, Paper] = field(default_factory=dict)
    reviews: dict[str, dict[str, Review]] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)  # in date order
    duplicates: list[DuplicateDecision] = field(default_factory=list)  # in the order they were decided
    # Removed papers by id, in the order they were removed: not in `papers`, so hidden from
    # every view; their reviews stay in `reviews` (only reviews of `papers` are shown).
    removed: dict[str, Removal] = field(default_factory=dict)
    timezone: str = "UTC"  # IANA name; session times are local times there
    # In each reader's own file, beside the reviews (see participation.py):
    ballots: dict[str, dict[dt.date | None, Ballot]] = field(default_factory=dict)  # reader -> session -> ballot
    attended: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)  # reader -> sessions attended
    minutes: dict[str, dict[dt.date, Minutes]] = field(default_factory=dict)  # reader -> session -> minutes

    def __len__(self) -> int:
        return len(self.papers)

    def paper(self, paper_id: str) -> Paper:
        return self.papers[paper_id]

    def readers(self) -> list[str]:
        return sorted(self.reviews)

    def reviews_of(self, paper_id: str) -> dict[str, Review]:
        """Reader -> review of this paper, readers in name order."""
        return {r: by_paper[paper_id] for r, by_paper in sorted(self.reviews.items()) if paper_id in by_paper}

    def tag_counts(self, paper_id: str) -> Counter[str]:
        """A paper's tags: the union over readers, with how many readers set each."""
        counts: Counter[str] = Counter()
        for review in self.reviews_of(paper_id).values():
            counts.update(set(review.tags))
        return counts

    def tags(self, paper_id: str) -> list[str]:
        """The union of readers' tags, most used first, then by name."""
        counts = self.tag_counts(paper_id)
        return sorted(counts, key=lambda t: (-counts[t], t))

    def all_tags(self) -> Counter[str]:
        """Every tag of the list with the number of (reader, paper) pairs using it."""
        counts: Counter[str] = Counter()
        for by_paper in self.reviews.values():
            for paper_id, review in by_paper.items():
                if paper_id in self.papers:  # reviews of removed or unknown papers are hidden
                    counts.update(set(review.tags))
        return counts

    def session(self, date: dt.date) -> Session:
        """The session held on `date`; KeyError when there is none."""
        for session in self.sessions:
            if session.date == date:
                return session
        raise KeyError(date.isoformat())

    def set_review(self, reader: str, review: Review) -> None:
        if review.paper_id not in self.papers:
            raise KeyError(review.paper_id)
        by_paper = self.reviews.setdefault(reader, {})
        if review.is_empty:
            by_paper.pop(review.paper_id, None)
        else:
            by_paper[review.paper_id] = review


def update_review(
    review: Review,
    *,
    rating: Any = ...,
    status: Any = ...,
    add_tags: tuple[str, ...] = (),
    remove_tags: tuple[str, ...] = (),
    note: Any = ...,
    now: dt.datetime,
) -> Review:
    """A copy of `review` with the given changes; `...` leaves a field as it is."""
    changes: dict[str, Any] = {}
    if rating is not ...:
        changes["rating"] = rating
    if status is not ...:
        changes["status"] = status
    if note is not ...:
        changes["note"] = note
    if add_tags or remove_tags:
        drop = {normalise_tag(t) for t in remove_tags}
        tags = [t for t in review.tags if t not in drop]
        for tag in map(normalise_tag, add_tags):
            if (why := tag_too_long(tag)) is not None:
                raise InputError(why)
            if tag and tag not in tags and tag not in drop:
                tags.append(tag)
        changes["tags"] = tuple(tags)
    updated = replace(review, **changes)
    if updated == review:
        return review
    return replace(updated, updated=now)
