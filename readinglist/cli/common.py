"""What every subcommand shares: exit codes, the parser class, argument types, paper ids."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TextIO

from ..errors import PROBLEMS_SHOWN, InputError, ReadingListError, UnknownPaperError
from ..model import STATUSES
from ..readers import check_reader
from ..store import ListStore
from ..words import plural  # also shared by the subcommands

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage; exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose mistakes are one line and exit 2, through `main`."""

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None) -> Any:
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        unknown = self._unknown_options()
        if unknown:  # a mistyped option is the mistake to name, whatever else it made go wrong
            message = f"unrecognized arguments: {' '.join(unknown)}"
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")

    def _unknown_options(self) -> list[str]:
        """The options given to this command that it does not have (commands with subcommands: none)."""
        if self._subparsers is not None:
            return []
        known = self._option_string_actions
        unknown = []
        for token in getattr(self, "_given", ()):
            if token == "--":
                break
            name = token.split("=", 1)[0]
            if not name.startswith("-") or len(name) < 2 or name[1:2].isdigit() or name in known:
                continue
            if name.startswith("--") and any(option.startswith(name) for option in known):
                continue  # an abbreviation argparse accepts
            unknown.append(token)
        return unknown


def rating(text: str) -> int | None:
    # 0 is refused like 6: a rating is 1-5, and clearing one is said in words.
    if text.lower() in ("none", "clear"):
        return None
    if text not in ("1", "2", "3", "4", "5"):
        raise argparse.ArgumentTypeError(f"rating must be 1-5 (or 'none' to clear it), not {text!r}")
    return int(text)


def status(text: str) -> str | None:
    if text.lower() in ("none", "clear"):
        return None
    if text not in STATUSES:
        raise argparse.ArgumentTypeError(f"status must be one of {', '.join(STATUSES)} (or 'none'), not {text!r}")
    return text


def year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2999):
        raise argparse.ArgumentTypeError(f"year must be four digits such as 2025, not {text!r}")
    return int(text)


def reader(text: str) -> str:
    try:
        return check_reader(text)
    except ReadingListError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# Dates a reading group meets on; outside them a date is a typo (and date arithmetic overflows).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def date(text: str) -> dt.date:
    from ..handout.api import parse_session_date  # the handout package is heavy: only when asked

    try:
        day = parse_session_date(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    assert day is not None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"a date between {FIRST_YEAR} and {LAST_YEAR}, not {text!r}")
    return day


def min_rating(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 1 <= value <= 5:
        raise argparse.ArgumentTypeError(f"minimum rating must be a number from 1 to 5, not {text!r}")
    return value


def whole_number(low: int, high: int, what: str = "a whole number") -> Callable[[str], int]:
    """An argument type: `what`, from `low` to `high` (absurd counts are mistakes, not work)."""

    def parse(text: str) -> int:
        value = int(text) if re.fullmatch(r"[0-9]{1,9}", text.strip(), re.ASCII) else None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {low:,} to {high:,}, not {text[:20]!r}")
        return value

    parse.__name__ = what.replace(" ", "_")
    return parse


def positive(text: str) -> int:
    """A whole number from 1 to 10,000: a count or a limit (more is a typo, not work to do)."""
    if not re.fullmatch(r"[0-9]{1,9}", text.strip(), re.ASCII) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text[:20]!r}")
    if int(text) > 10_000:
        raise argparse.ArgumentTypeError(f"expected a whole number of at most 10,000, not {text[:20]!r}")
    return int(text)


session_count = whole_number(1, 1_000, "the number of sessions")
days_between = whole_number(1, 366, "the days between sessions")


class LazyChoices:
    """argparse `choices` computed on first use (checking a given value, printing help), so
    that building the parser imports nothing heavy."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._choices: Sequence[str] | None = None

    def _all(self) -> Sequence[str]:
        if self._choices is None:
            self._choices = self._load()
        return self._choices

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


def resolve_paper(store: ListStore, wanted: str) -> str:
    """The id of the paper `wanted` names: its id, or a unique prefix of it."""
    papers = store.reading_list.papers
    if wanted in papers:
        return wanted
    matches = [pid for pid in papers if pid.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise UnknownPaperError(f"{store.list_path}: {wanted!r} matches {len(matches)} papers: {shown}")
    removal = store.reading_list.removed.get(wanted)
    if removal is not None:
        raise UnknownPaperError(
            f"{store.list_path}: paper {wanted!r} was removed by {removal.by} on {removal.at:%Y-%m-%d} "
            f"('readinglist remove {store.folder} {wanted} --undo' brings it back)"
        )
    raise UnknownPaperError(f"{store.list_path}: no paper {wanted!r} in this list (see 'readinglist show {store.folder}')")


def add_all_problems_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all-problems", action="store_true", help=f"print every problem found (default: the first {PROBLEMS_SHOWN}, then how many more)"
    )


def print_problems(problems: Sequence[object], err: TextIO, *, every: bool = False) -> None:
    """The problems an import found, one per line: the first `PROBLEMS_SHOWN` of them, and
    then how many more there are (all of them with `every`)."""
    shown = problems if every else problems[:PROBLEMS_SHOWN]
    for problem in shown:
        print(problem, file=err)
    if len(shown) < len(problems):
        print(f"... and {plural(len(problems) - len(shown), 'more problem')} (--all-problems prints every one)", file=err)
