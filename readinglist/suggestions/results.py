"""What `readinglist.suggest` and `suggest_tags` return: dataclasses, with a DataFrame form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Suggestion:
    """A paper to read, its score (higher is better) and why.

    `because`: the words or phrases of this paper that weighed most, as its title or
    abstract writes them. `like`: ids of the reader's rated papers it is closest to.
    `reasons`: what else counted (group means, discuss flags, upvotes, tags).
    """

    id: str
    title: str
    score: float
    because: tuple[str, ...] = ()
    like: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "because": list(self.because),
            "like": list(self.like),
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestion:
        return cls(
            id=data["id"],
            title=data["title"],
            score=float(data["score"]),
            because=tuple(data.get("because") or ()),
            like=tuple(data.get("like") or ()),
            reasons=tuple(data.get("reasons") or ()),
        )


@dataclass(frozen=True)
class Suggestions:
    """Suggested papers, best first, for a reader (`reader`), the group (None) or like a paper.

    `cold_start`: the reader (or group) has fewer than 3 ratings of 4-5, so the ranking
    comes from the group's means, discuss flags, upvotes and tags instead of a model.
    `basis`: one line saying what the ranking was made from.
    """

    items: tuple[Suggestion, ...]
    reader: str | None = None
    like_of: str | None = None
    cold_start: bool = False
    basis: str = ""

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Suggestion:
        return self.items[index]

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.items]

    def to_dict(self) -> dict[str, Any]:
        return {
            "reader": self.reader,
            "like_of": self.like_of,
            "cold_start": self.cold_start,
            "basis": self.basis,
            "items": [s.to_dict() for s in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestions:
        return cls(
            items=tuple(Suggestion.from_dict(s) for s in data.get("items") or ()),
            reader=data.get("reader"),
            like_of=data.get("like_of"),
            cold_start=bool(data.get("cold_start")),
            basis=data.get("basis") or "",
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per suggestion, indexed by paper id, best first."""
        import pandas as pd

        columns = ["id", "title", "score", "because", "like", "reasons"]
        frame = pd.DataFrame([s.to_dict() for s in self.items], columns=columns)
        frame["cold_start"] = self.cold_start
        return frame.set_index("id")


@dataclass(frozen=True)
class TagSuggestion:
    """A tag of the group that fits a paper, its score (0-1) and the words behind it."""

    tag: str
    score: float
    because: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "score": self.score, "because": list(self.because)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TagSuggestion:
        return cls(tag=data["tag"], score=float(data["score"]), because=tuple(data.get("because") or ()))


@dataclass(frozen=True)
class PaperTags:
    """The tags suggested for one paper, best first. Nothing is set until a member accepts one."""

    id: str
    title: str
    tags: tuple[TagSuggestion, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "tags": [t.to_dict() for t in self.tags]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperTags:
        return cls(id=data["id"], title=data["title"], tags=tuple(TagSuggestion.from_dict(t) for t in data.get("tags") or ()))


@dataclass(frozen=True)
class TagSuggestions:
    """Tag suggestions for papers without tags; `group_tags` are the tags they come from."""

    items: tuple[PaperTags, ...]
    group_tags: tuple[str, ...] = ()
    reader: str | None = None

    def __iter__(self) -> Iterator[PaperTags]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def for_paper(self, paper_id: str) -> tuple[TagSuggestion, ...]:
        return next((p.tags for p in self.items if p.id == paper_id), ())

    def to_dict(self) -> dict[str, Any]:
        return {"reader": self.reader, "group_tags": list(self.group_tags), "items": [p.to_dict() for p in self.items]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TagSuggestions:
        return cls(
            items=tuple(PaperTags.from_dict(p) for p in data.get("items") or ()),
            group_tags=tuple(data.get("group_tags") or ()),
            reader=data.get("reader"),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (paper, suggested tag)."""
        import pandas as pd

        rows = [
            {"id": p.id, "title": p.title, "tag": t.tag, "score": t.score, "because": list(t.because)}
            for p in self.items
            for t in p.tags
        ]
        return pd.DataFrame(rows, columns=["id", "title", "tag", "score", "because"])
