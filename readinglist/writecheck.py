"""What a save writes, the loader accepts: the last gate before a list file is written.

The store hands over what it is about to write that was not written or loaded before: the
head of list.yaml, new paper blocks, new review blocks. Each is read back through the
loader's own code (`yamlio.loads`, the `schema` checks) and must come back as the object it
was made from; anything else raises `UnsavableError` and nothing is written. Blocks seen
before are not read again, so a save costs in proportion to what it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from . import yamlio
from .checks import Checker
from .errors import ListFormatError, Problem, UnsavableError
from .model import Paper, Review
from .schema import head_problems, paper_from_data, review_from_data

T = TypeVar("T")
# One item about to be written: its position in the file's list, the object, its YAML block.
Item = tuple[int, T, str]


def check_size(file: str, data: bytes) -> None:
    if len(data) > yamlio.MAX_FILE_BYTES:
        raise UnsavableError.at(
            file, None, f"the file would be {len(data) // 2**20} MiB, more than the {yamlio.MAX_FILE_BYTES // 2**20} MiB a list file may hold"
        )


def check_head(file: str, head: dict[str, Any], papers: dict[str, Paper]) -> None:
    """list.yaml's title, description, sessions and duplicate decisions, as the loader reads them."""
    text = yamlio.dumps(head)
    try:
        data, lines = yamlio.loads(text, file)
    except ListFormatError as exc:
        raise UnsavableError(exc.problems) from None
    problems = head_problems(data, lines, file, papers)
    if problems:
        raise UnsavableError(problems)


def check_papers(file: str, items: Sequence[Item[Paper]]) -> None:
    """New paper blocks of list.yaml: each must load, pass the checks and equal its paper."""
    _check_items(file, "papers", items, lambda check, raw, line, index: paper_from_data(check, raw, line, index), "paper")


def check_reviews(file: str, items: Sequence[Item[Review]], paper_ids: set[str] | dict[str, Any]) -> None:
    """New review blocks of a review file: each must load, pass the checks and equal its review."""
    _check_items(
        file, "reviews", items,
        lambda check, raw, line, index: review_from_data(check, raw, line, index, paper_ids), "review of",
    )  # fmt: skip


def _name(item: Paper | Review) -> str:
    return item.id if isinstance(item, Paper) else item.paper_id


def _check_items(
    file: str, key: str, items: Sequence[Item[Any]], read: Callable[[Checker, Any, int | None, int], Any], what: str
) -> None:
    if not items:
        return
    blocks = [block for _, _, block in items]
    starts = []  # line of each block in the text read back
    line = 2
    for block in blocks:
        starts.append(line)
        line += block.count("\n") + 1
    text = f"{key}:\n" + "\n".join(blocks)
    try:
        data, lines = yamlio.loads(text, file)
    except ListFormatError as exc:
        raise UnsavableError([_about(file, items, starts, p, what) for p in exc.problems]) from None
    raw_items = data[key]
    problems: list[Problem] = []
    for k, (index, item, _) in enumerate(items):
        check = Checker(file, lines)
        back = read(check, raw_items[k], lines.of_item(raw_items, k), index)
        for problem in check.problems:
            problems.append(Problem(file, None, f"{problem.message} ({what} {_name(item)!r})", problem.field))
        if not check.problems and back != item:
            problems.append(Problem(file, None, f"{what} {_name(item)!r} would not read back as it is", f"{key}[{index}]"))
    if problems:
        raise UnsavableError(problems)


def _about(file: str, items: Sequence[Item[Any]], starts: list[int], problem: Problem, what: str) -> Problem:
    """A problem the YAML layer found in the text read back, told about the item it is in."""
    k = max((i for i, start in enumerate(starts) if problem.line is not None and start <= problem.line), default=0)
    return Problem(file, None, f"{problem.message} ({what} {_name(items[k][1])!r})", problem.field)
