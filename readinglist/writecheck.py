"""What a save writes, the loader accepts: the last gate before a list file is written.

The store hands over what it is about to write that was not written or loaded before: new
paper and review blocks, and the small rest of each file (list.yaml's head and removed
papers; a reader's ballots, attendance and minutes). Each is read back through the
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
from .schema import FORMAT_VERSION, head_problems, paper_from_data, reader_file_from_data, review_from_data

T = TypeVar("T")
# One item about to be written: its position in the file's list, the object, its YAML block.
Item = tuple[int, T, str]


def check_size(file: str, data: bytes) -> None:
    if len(data) > yamlio.MAX_FILE_BYTES:
        raise UnsavableError.at(
            file, None, f"the file would be {len(data) // 2**20} MiB, more than the {yamlio.MAX_FILE_BYTES // 2**20} MiB a list file may hold"
        )


def dump_block(file: str, item: Paper | Review, data: dict[str, Any]) -> str:
    """The YAML block of one paper or review; a value YAML cannot even write (a number of
    thousands of digits) is refused like any other the loader would refuse."""
    try:
        return yamlio.dump_item(data)
    except UnicodeEncodeError:
        raise  # a lone surrogate: the store names the character (see store._render)
    except (ValueError, OverflowError) as exc:
        what = "paper" if isinstance(item, Paper) else "review of"
        raise UnsavableError.at(file, None, f"a value that cannot be written ({what} {_name(item)!r}): {exc}") from None


def check_head(file: str, head: dict[str, Any], tail: str, papers: dict[str, Paper]) -> None:
    """list.yaml but its papers: the head (title, description, sessions, duplicate
    decisions) and the tail (removed papers), as the loader reads them."""
    head_text = yamlio.dumps(head)
    head_lines = head_text.count("\n")
    try:
        data, lines = yamlio.loads(head_text + tail, file)
    except ListFormatError as exc:
        raise UnsavableError(exc.problems) from None
    # Lines of the head are the file's own; those of the tail are not (the papers come between).
    problems = [p if p.line is None or p.line <= head_lines else Problem(p.file, None, p.message, p.field)
                for p in head_problems(data, lines, file, papers)]  # fmt: skip
    if problems:
        raise UnsavableError(problems)


def check_reader_file(file: str, reader: str, tail: dict[str, Any]) -> None:
    """A reader file but its reviews (ballots, attendance, minutes), as the loader reads them."""
    text = yamlio.dumps({"format_version": FORMAT_VERSION, "reader": reader, "reviews": [], **tail})
    try:
        data, lines = yamlio.loads(text, file)
    except ListFormatError as exc:
        raise UnsavableError([Problem(p.file, None, p.message, p.field) for p in exc.problems]) from None
    _, problems = reader_file_from_data(data, lines, file, reader=reader)
    if problems:
        raise UnsavableError([Problem(p.file, None, p.message, p.field) for p in problems])


def check_papers(file: str, items: Sequence[Item[Paper]]) -> None:
    """New paper blocks of list.yaml: each must load, pass the checks and equal its paper."""
    _check_items(file, "papers", items, lambda check, raw, line, index: paper_from_data(check, raw, line, index), "paper")


def check_reviews(file: str, items: Sequence[Item[Review]]) -> None:
    """New review blocks of a review file: each must load, pass the checks and equal its review."""
    _check_items(file, "reviews", items, review_from_data, "review of")


def _name(item: Paper | Review) -> str:
    return item.id if isinstance(item, Paper) else item.paper_id


# New blocks are read back this many at a time: a new list of 20,000 papers is checked in
# the memory of a few hundred (one read of them all would parse as much as the whole file).
CHECK_BATCH = 256


def _check_items(
    file: str, key: str, items: Sequence[Item[Any]], read: Callable[[Checker, Any, int | None, int], Any], what: str
) -> None:
    problems: list[Problem] = []
    for at in range(0, len(items), CHECK_BATCH):
        problems.extend(_check_batch(file, key, items[at : at + CHECK_BATCH], read, what))
    if problems:
        raise UnsavableError(problems)


def _check_batch(
    file: str, key: str, items: Sequence[Item[Any]], read: Callable[[Checker, Any, int | None, int], Any], what: str
) -> list[Problem]:
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
    return problems


def _about(file: str, items: Sequence[Item[Any]], starts: list[int], problem: Problem, what: str) -> Problem:
    """A problem the YAML layer found in the text read back, told about the item it is in."""
    k = max((i for i, start in enumerate(starts) if problem.line is not None and start <= problem.line), default=0)
    return Problem(file, None, f"{problem.message} ({what} {_name(items[k][1])!r})", problem.field)
