"""References between files: every place a list's files name a paper, and the ones that dangle.

Reviews, sessions and duplicate decisions name papers by id, and git merges each file on
its own: a review may arrive before its paper, or after another clone removed or merged
it. Such a reference is never refused (no command may stop on it) and never dropped on
save; it is reported here, with its file and line, as a warning (`readinglist validate`
prints it, `--strict` makes it fail, `show` counts it).

Where references live is data: `REFERENCE_PATHS` maps each kind of file to the paths of
the values that name a paper. A new kind of reference (votes, attendance) is one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import Problem
from .model import ReadingList
from .yamlio import LineMap

EACH = "*"  # every item of a list at this point of a path


@dataclass(frozen=True)
class ReferencePath:
    """Where values naming a paper sit in one kind of file.

    `steps`: mapping keys, or EACH for every item of a sequence. `applies`, when given, is
    called with the mapping holding the last key and says whether the value names a paper
    that should be in the list. `removed_ok`: naming a removed paper is expected (reviews
    outlive a removal), not a warning.
    """

    kind: str
    steps: tuple[str, ...]
    applies: Callable[[dict[str, Any]], bool] | None = None
    removed_ok: bool = False


REFERENCE_PATHS: dict[str, tuple[ReferencePath, ...]] = {
    "list": (
        ReferencePath("session", ("sessions", EACH, "papers", EACH)),
        ReferencePath("duplicate", ("duplicates", EACH, "kept")),
        # A `merged` decision's `other` is gone by design; only `distinct` names two papers.
        ReferencePath("duplicate", ("duplicates", EACH, "other"), lambda item: item.get("decision") == "distinct"),
    ),
    "reviews": (
        ReferencePath("review", ("reviews", EACH, "paper"), removed_ok=True),
        ReferencePath("ballot", ("ballots", EACH, "approve", EACH)),
        ReferencePath("ballot", ("ballots", EACH, "rank", EACH)),
    ),
}


@dataclass(frozen=True)
class Reference:
    """One value in one file that names a paper: what kind, where, and which paper."""

    kind: str
    file: str
    line: int | None
    field: str
    paper_id: str
    removed_ok: bool = False


def collect(data: Any, lines: LineMap, file: str, file_kind: str) -> list[Reference]:
    """Every paper reference in one loaded file (`file_kind`: "list" or "reviews")."""
    found: list[Reference] = []
    for spec in REFERENCE_PATHS.get(file_kind, ()):
        for field, value, line in _walk(data, spec.steps, "", lines, None, spec.applies):
            if isinstance(value, str) and value:
                found.append(Reference(spec.kind, file, line, field, value, spec.removed_ok))
    return found


def _walk(
    node: Any, path: tuple[str, ...], field: str, lines: LineMap, owner: dict[str, Any] | None, test: Callable[[dict[str, Any]], bool] | None
) -> Iterator[tuple[str, Any, int | None]]:
    if not path:
        return
    step, rest = path[0], path[1:]
    if step == EACH:
        if not isinstance(node, list):
            return
        for i, item in enumerate(node):
            here = f"{field}[{i}]"
            if rest:
                yield from _walk(item, rest, here, lines, None, test)
            elif owner is None or test is None or test(owner):
                yield here, item, lines.of_item(node, i)
        return
    if not isinstance(node, dict) or step not in node:
        return
    here = f"{field}.{step}" if field else step
    if rest:
        yield from _walk(node[step], rest, here, lines, node, test)
    elif test is None or test(node):
        yield here, node[step], lines.of_key(node, step)


def dangling(reading_list: ReadingList, references: list[Reference], list_file: str) -> list[Problem]:
    """A warning for each reference to a paper the list does not show (and for a merged
    paper back in the list). A review of a removed paper is not one: removal keeps reviews."""
    return [*dangling_references(reading_list, references), *merged_but_present(reading_list, list_file)]


def dangling_references(reading_list: ReadingList, references: Iterable[Reference]) -> list[Problem]:
    """The warnings of `dangling` for these references alone: a check that reads the files
    one at a time asks for each file's as it goes, then for `merged_but_present` once."""
    merged_into = {d.other: d.kept for d in reading_list.duplicates if d.decision == "merged"}
    warnings = []
    for ref in references:
        pid = ref.paper_id
        if pid in reading_list.papers:
            continue
        removal = reading_list.removed.get(pid)
        if removal is not None:
            if ref.removed_ok:
                continue
            message = f"paper {pid!r} was removed by {removal.by} (kept; 'readinglist remove LIST {pid} --undo' brings it back)"
        elif pid in merged_into:
            kept = _follow(merged_into, pid)
            message = (
                f"paper {pid!r} was merged into {kept!r} (kept as it is; 'readinglist dedupe LIST --merge {kept} {pid}' "
                "moves what still names it)"
            )
        else:
            message = f"no paper {pid!r} in the list (kept; it may arrive with the next git pull, or was deleted)"
        warnings.append(Problem(ref.file, ref.line, message, ref.field))
    return warnings


def _follow(merged_into: dict[str, str], pid: str) -> str:
    """Where a merged paper lives now, through chains of merges (cycles stop)."""
    seen = {pid}
    while pid in merged_into and merged_into[pid] not in seen:
        pid = merged_into[pid]
        seen.add(pid)
    return pid


def merged_but_present(reading_list: ReadingList, list_file: str) -> list[Problem]:
    """A paper that a `merged` decision says is gone, back in the list (two clones: one
    merged it, the other imported it again)."""
    out = []
    for decision in reading_list.duplicates:
        if decision.decision == "merged" and decision.other in reading_list.papers:
            out.append(
                Problem(
                    list_file, None,
                    f"paper {decision.other!r} was merged into {decision.kept!r} but is in the list again "
                    f"(another clone imported it): 'readinglist dedupe LIST --merge {decision.kept} {decision.other}' folds it again",
                    "duplicates",
                )
            )  # fmt: skip
    return out


def follow_merges(reading_list: ReadingList, paper_id: str) -> str:
    """The id that `paper_id` lives on now: itself, or the paper it was merged into."""
    merged_into = {d.other: d.kept for d in reading_list.duplicates if d.decision == "merged"}
    return _follow(merged_into, paper_id) if paper_id not in reading_list.papers else paper_id
