"""Three-way merge of list files by meaning: papers and reviews matched by id, field by field.

Rules, for each field of each paper, review, session and the list's own fields:

- both sides agree, or only one side changed it: that value;
- `upvotes` changed on both sides: the highest count; `updated`: the latest time;
- set-like fields (`tags`, `suggested_tags`, `sources`): additions of both sides are kept
  and removals of both sides are applied;
- `links`: merged kind by kind with the same rules;
- both sides changed it to different values: a conflict. The merged file keeps our value
  and gets a `conflicts:` section naming both, which `readinglist validate` rejects, so
  nothing is picked silently.

Papers (and reviews, sessions) added on either side are kept; one deleted on one side and
changed on the other is kept and reported as a conflict. Items keep the base's order;
new ones follow in the order their side had them (both sides interleaved by position), so
the result does not depend on which side is "ours".

Removed papers (`removed:`, see removal.py) are the same papers in another state: a
removal on one side and an edit on the other give the removed paper with the edit (undo
brings the edited paper back); removed on both sides, the earlier removal is kept. Reviews
are separate files and a removal never touches them, so no review is lost.

The base git gives may be a "virtual" one (criss-cross histories: git merges the merge
bases first), holding this driver's own `conflicts:` section: the fields it names are
unknown in the base, so only agreeing sides merge cleanly. A base that cannot be read at
all (text conflict markers) is unknown as a whole: what either side has is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import yamlio
from .errors import ListFormatError
from .listfile import list_text, read_list_text, read_reader_text, reader_text
from .model import DuplicateDecision, Paper, ReadingList, Removal, Review, Session, format_timestamp, parse_timestamp
from .participation import ReaderFile
from .schema import list_from_data, reader_file_from_data

T = TypeVar("T")
MISSING: Any = object()


class _Unknown:
    """A base value that cannot be known (a virtual base's conflict): equal to nothing."""

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "(unknown)"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Conflict:
    """Both sides changed one field to different values."""

    where: str
    base: Any
    ours: Any
    theirs: Any

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "base": _show(self.base), "ours": _show(self.ours), "theirs": _show(self.theirs)}


def _show(value: Any) -> str:
    if value is MISSING:
        return "(absent)"
    if value is UNKNOWN:
        return "(unknown)"
    if value is None:
        return "(none)"
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "(none)"
    return str(value)


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


class _Merger:
    def __init__(self, unknown: set[str] | None = None) -> None:
        self.conflicts: list[Conflict] = []
        self.unknown = unknown or set()  # `where`s whose base value is unknown

    def value(self, where: str, base: Any, ours: Any, theirs: Any) -> Any:
        if where in self.unknown:
            base = UNKNOWN
        if ours == theirs:
            return ours
        if ours == base:
            return theirs
        if theirs == base:
            return ours
        self.conflicts.append(Conflict(where, base, ours, theirs))
        return ours

    @staticmethod
    def set_like(base: Sequence[T], ours: Sequence[T], theirs: Sequence[T]) -> tuple[T, ...]:
        """Additions of both sides kept, removals of both applied; base order, then additions."""
        base_set, ours_set, theirs_set = set(base), set(ours), set(theirs)
        kept = [x for x in base if x in ours_set and x in theirs_set]
        added = _interleave([x for x in ours if x not in base_set], [x for x in theirs if x not in base_set])
        return tuple(kept + [x for x in added if x not in kept])

    def mapping(self, where: str, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in _interleave(list(base), _interleave(list(ours), list(theirs))):
            merged = self.value(f"{where}.{key}", base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING))
            if merged is not MISSING:
                out[key] = merged
        return out

    def keyed(
        self,
        where: str,
        base: dict[Hashable, T],
        ours: dict[Hashable, T],
        theirs: dict[Hashable, T],
        merge_item: Callable[[str, T | None, T, T], T],
    ) -> dict[Hashable, T]:
        """Items matched by key; order: the base's, then additions by position on their side."""
        out: dict[Hashable, T] = {}
        order = [k for k in base] + _interleave([k for k in ours if k not in base], [k for k in theirs if k not in base])
        for key in dict.fromkeys(order):
            b, o, t = base.get(key), ours.get(key), theirs.get(key)
            label = f"{where}[{key}]"
            if o is not None and t is not None:
                out[key] = merge_item(label, b, o, t)
            elif o is None and t is None:
                continue  # deleted on both sides (or never there)
            else:
                present = o if o is not None else t
                if label in self.unknown:  # was it added on one side or deleted on the other?
                    self.conflicts.append(Conflict(label, UNKNOWN, "(present)" if o is not None else "(absent)", "(present)" if t is not None else "(absent)"))
                    out[key] = present
                elif b is None:
                    out[key] = present  # added on one side
                elif present == b:
                    continue  # deleted on one side, untouched on the other
                else:
                    self.conflicts.append(Conflict(label, "(present)", "(deleted)" if o is None else "(changed)", "(deleted)" if t is None else "(changed)"))
                    out[key] = present  # changed on one side, deleted on the other: keep it
        return out


def _interleave(first: list[T], second: list[T]) -> list[T]:
    """Both lists' items, each list's order kept, merged by position (ties: the smaller repr)."""
    position: dict[Any, int] = {}
    for items in (first, second):
        for i, item in enumerate(items):
            position[item] = min(position.get(item, i), i)
    return sorted(position, key=lambda item: (position[item], repr(item)))


def _merge_paper(m: _Merger, where: str, base: Paper | None, ours: Paper, theirs: Paper) -> Paper:
    # A paper added on both sides merges against an empty paper: every field "not given".
    b = (base or Paper(id=ours.id, title="")).to_dict()
    o, t = ours.to_dict(), theirs.to_dict()
    out: dict[str, Any] = {}
    for key in o:
        bv = b[key]
        if key == "upvotes":  # a one-sided change wins; two different counts: the highest seen
            out[key] = t[key] if o[key] == bv else o[key] if t[key] == bv else max(o[key], t[key])
        elif key in ("sources", "suggested_tags"):
            freeze = (lambda items: [tuple(sorted(x.items())) for x in items]) if key == "sources" else list
            merged = m.set_like(freeze(bv), freeze(o[key]), freeze(t[key]))
            out[key] = [dict(x) for x in merged] if key == "sources" else list(merged)
        elif key == "links":
            out[key] = m.mapping(f"{where}.links", bv, o[key], t[key])
        elif key == "semantic_scholar" and o[key] and t[key] and bv not in (o[key], t[key]):
            # Fetched on both sides: the later answer (a count only grows stale).
            out[key] = max(o[key], t[key], key=lambda facts: (facts["fetched"], repr(sorted(facts.items()))))
        else:
            out[key] = m.value(f"{where}.{key}", _freeze(bv), _freeze(o[key]), _freeze(t[key]))
            out[key] = _thaw(out[key])
    return Paper.from_dict(out)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _merge_review(m: _Merger, where: str, base: Review | None, ours: Review, theirs: Review) -> Review:
    b = base or Review(paper_id=ours.paper_id)
    updated = max((x for x in (ours.updated, theirs.updated) if x is not None), default=None)
    return Review(
        paper_id=ours.paper_id,
        rating=m.value(f"{where}.rating", b.rating, ours.rating, theirs.rating),
        status=m.value(f"{where}.status", b.status, ours.status, theirs.status),
        tags=m.set_like(b.tags, ours.tags, theirs.tags),
        note=m.value(f"{where}.note", b.note, ours.note, theirs.note),
        updated=updated,
    )


def _merge_session(m: _Merger, where: str, base: Session | None, ours: Session, theirs: Session) -> Session:
    b = base or Session(date=ours.date)
    return Session(
        date=ours.date,
        presenter=m.value(f"{where}.presenter", b.presenter, ours.presenter, theirs.presenter),
        papers=m.set_like(b.papers, ours.papers, theirs.papers),
        questions=m.set_like(b.questions, ours.questions, theirs.questions),
        time=m.value(f"{where}.time", b.time, ours.time, theirs.time),
        duration=m.value(f"{where}.duration", b.duration, ours.duration, theirs.duration),
        place=m.value(f"{where}.place", b.place, ours.place, theirs.place),
    )


def _merge_decision(m: _Merger, where: str, base: DuplicateDecision | None, ours: DuplicateDecision, theirs: DuplicateDecision) -> DuplicateDecision:
    decision = m.value(f"{where}.decision", base.decision if base else None, ours.decision, theirs.decision)
    return ours if decision == ours.decision else theirs


@dataclass(frozen=True)
class _Entry:
    """A paper in either state: in the list (`removal` None) or removed."""

    paper: Paper
    removal: tuple[str, str] | None  # (removed at, by): sorts earliest first

    @classmethod
    def all_of(cls, reading_list: ReadingList) -> dict[Hashable, _Entry]:
        out: dict[Hashable, _Entry] = {pid: cls(p, None) for pid, p in reading_list.papers.items()}
        for pid, r in reading_list.removed.items():
            out[pid] = cls(r.paper, (format_timestamp(r.at), r.by))
        return out


def _merge_entry(m: _Merger, where: str, base: _Entry | None, ours: _Entry, theirs: _Entry) -> _Entry:
    paper = _merge_paper(m, where, base.paper if base else None, ours.paper, theirs.paper)
    b = UNKNOWN if f"{where}.removed" in m.unknown else (base.removal if base else None)
    o, t = ours.removal, theirs.removal
    if o == t or t == b:
        removal = o
    elif o == b:
        removal = t
    elif o is not None and t is not None:
        removal = min(o, t)  # removed on both sides: the first removal, whoever merges
    else:  # undone on one side, removed again on the other
        m.conflicts.append(Conflict(f"{where}.removed", _removal_text(b), _removal_text(o), _removal_text(t)))
        removal = o
    return _Entry(paper, removal)


def _removal_text(removal: Any) -> Any:
    if removal is None or removal is UNKNOWN:
        return "(in the list)" if removal is None else removal
    return f"removed by {removal[1]} at {removal[0]}"


def merge_lists(
    base: ReadingList | None, ours: ReadingList, theirs: ReadingList, *, unknown: set[str] | None = None
) -> tuple[ReadingList, list[Conflict]]:
    """The three-way merge of two versions of a list's catalogue (reviews are separate files).

    `unknown`: places (`where` of a conflict) whose base value is not known.
    """
    m = _Merger(unknown)
    b = base or ReadingList(title=ours.title)
    title = m.value("title", b.title if base else MISSING, ours.title, theirs.title)
    description = m.value("description", b.description, ours.description, theirs.description)
    timezone = m.value("timezone", b.timezone, ours.timezone, theirs.timezone)
    entries = m.keyed(
        "papers", _Entry.all_of(b), _Entry.all_of(ours), _Entry.all_of(theirs), lambda w, x, y, z: _merge_entry(m, w, x, y, z)
    )
    papers = {k: e.paper for k, e in entries.items() if e.removal is None}
    removed = {
        str(k): Removal(e.paper, e.removal[1], parse_timestamp(e.removal[0])) for k, e in entries.items() if e.removal is not None
    }
    sessions = m.keyed(
        "sessions",
        {s.date: s for s in b.sessions},
        {s.date: s for s in ours.sessions},
        {s.date: s for s in theirs.sessions},
        lambda w, x, y, z: _merge_session(m, w, x, y, z),
    )
    decisions = m.keyed(
        "duplicates",
        {(d.kept, d.other): d for d in b.duplicates},
        {(d.kept, d.other): d for d in ours.duplicates},
        {(d.kept, d.other): d for d in theirs.duplicates},
        lambda w, x, y, z: _merge_decision(m, w, x, y, z),
    )
    merged = ReadingList(
        title=title if title is not MISSING else ours.title,
        description=description,
        papers={str(k): v for k, v in papers.items()},
        sessions=sorted(sessions.values(), key=lambda s: s.date),
        duplicates=list(decisions.values()),
        removed=removed,
        timezone=timezone,
    )
    return merged, m.conflicts


def merge_reviews(
    base: dict[str, Review] | None, ours: dict[str, Review], theirs: dict[str, Review], *, unknown: set[str] | None = None
) -> tuple[dict[str, Review], list[Conflict]]:
    """The three-way merge of two versions of one reader's reviews, paper by paper."""
    m = _Merger(unknown)
    merged = m.keyed("reviews", dict(base or {}), dict(ours), dict(theirs), lambda w, x, y, z: _merge_review(m, w, x, y, z))
    return {str(k): v for k, v in merged.items()}, m.conflicts


def _with_conflicts(text: str, conflicts: list[Conflict]) -> str:
    if not conflicts:
        return text
    section = yamlio.dumps({"conflicts": [c.to_dict() for c in conflicts]})
    return text + "\n# Unresolved: pick the right values above, then delete this section.\n" + section


def _kind(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("reader:"):
            return "reviews"
        if line.startswith(("papers:", "title:")):
            return "list"
    return "list"


def merge_texts(base: str | None, ours: str, theirs: str, path: str) -> MergeResult:
    """Merge three versions of one list file (list.yaml or reviews/<reader>.yaml).

    ListFormatError when a version is not a valid list file: there is no meaning to merge.
    """
    kind = _kind(ours if ours.strip() else theirs)
    if kind == "reviews":
        reader = _reader_of(ours) or _reader_of(theirs) or "reader"
        b, unknown = _read_base(base, f"{path} (base)", kind, reader)
        o = read_reader_text(ours, f"{path} (ours)", reader) if ours.strip() else ReaderFile()
        t = read_reader_text(theirs, f"{path} (theirs)", reader) if theirs.strip() else ReaderFile()
        from .merge_group import merge_reader_files  # built on this module's rules: imported here

        merged, conflicts = merge_reader_files(b, o, t, unknown=unknown)
        order = list(dict.fromkeys([*(b.reviews if b else {}), *_interleave(list(o.reviews), list(t.reviews))]))
        text = reader_text(reader, merged, order)
        return MergeResult(_with_conflicts(text, conflicts), conflicts)
    bl, unknown = _read_base(base, f"{path} (base)", kind, "")
    ol = read_list_text(ours, f"{path} (ours)")
    tl = read_list_text(theirs, f"{path} (theirs)")
    merged_list, conflicts = merge_lists(bl, ol, tl, unknown=unknown)
    return MergeResult(_with_conflicts(list_text(merged_list), conflicts), conflicts)


def _read_base(text: str | None, file: str, kind: str, reader: str) -> tuple[Any, set[str]]:
    """The base version and the places whose base value is unknown.

    A virtual base (criss-cross merges) may hold this driver's `conflicts:` section: it is
    read without it, and every place it names is unknown. A base that cannot be read at
    all (git's text conflict markers, a broken commit) is unknown as a whole: None.
    """
    if not text or not text.strip():
        return None, set()
    try:
        data, lines = yamlio.loads(text, file)
    except ListFormatError:
        return None, set()
    unknown: set[str] = set()
    if isinstance(data, dict) and isinstance(data.get("conflicts"), list):
        for item in data.pop("conflicts"):
            if isinstance(item, dict) and isinstance(item.get("where"), str):
                unknown.add(item["where"])
    if kind == "reviews":
        found, _ = reader_file_from_data(data, lines, file, reader=reader)
        return found, unknown
    reading_list, _ = list_from_data(data, lines, file)
    return reading_list, unknown


def _reader_of(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("reader:"):
            return line.split(":", 1)[1].strip().strip("'\"") or None
    return None

