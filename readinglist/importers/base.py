"""What every importer returns, and the text handling they share."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Problem
from ..model import Paper

# A pasted page is a few hundred KB; anything past this is not a page a person pasted.
MAX_SOURCE_BYTES = 256 * 1024 * 1024


@dataclass
class ImportResult:
    """Papers read from one source (ids not yet assigned) and the problems met on the way."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """Lines without their endings; a byte-order mark, CRLF and CR change nothing."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def decode_source(data: bytes, file: str) -> str:
    """UTF-8 text of a source file (with or without a byte-order mark), or a located error."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"{file}: file is {len(data) // 2**20} MiB, more than the {MAX_SOURCE_BYTES // 2**20} MiB an import accepts")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{file}:{line}: not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})") from None


# A count or a year has a handful of digits; a JSON number longer than this is not one, and
# Python refuses to convert numbers of over 4,300 digits at all.
MAX_NUMBER_DIGITS = 30


@dataclass(frozen=True)
class OversizedNumber:
    """A JSON number too long to be a value of any field: kept as its size, reported where read."""

    digits: int

    def __repr__(self) -> str:
        return f"a {self.digits:,}-digit number"


def _json_int(text: str) -> int | OversizedNumber:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else OversizedNumber(len(text.lstrip("-")))


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')


def _line_too_deep(text: str, limit: int) -> int | None:
    """The line where `text` first nests JSON containers deeper than `limit` (failure path only)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None


def load_json(text: str, file: str, *, line: int | None = None) -> tuple[Any, Problem | None]:
    """The data of a JSON text, or a located problem: invalid JSON, or nesting too deep for
    Python's parser. Numbers too long to mean anything become `OversizedNumber`s.

    `line` is where the JSON starts in the file (for JSON inside an HTML attribute).
    """
    try:
        return json.loads(text.lstrip("\ufeff"), parse_int=_json_int), None
    except json.JSONDecodeError as exc:
        where = exc.lineno if line is None else line + exc.lineno - 1
        return None, Problem(file, where, f"not valid JSON: {exc.msg}")
    except RecursionError:
        limit = min(sys.getrecursionlimit(), 1000) // 2
        deep = _line_too_deep(text, limit)
        where = None if deep is None else (deep if line is None else line + deep - 1)
        return None, Problem(file, where, "JSON nested too deeply to be a list of papers: not imported")


class JsonFields:
    """Typed reads of one JSON object's fields: a value of the wrong type is a located
    problem (`file:line: field: expected text, found a list`), never a crash or a silent `str()`."""

    def __init__(self, data: dict[str, Any], file: str, line: int | None, problems: list[Problem], where: str = "") -> None:
        self.data = data
        self.file = file
        self.line = line
        self.problems = problems
        self.where = where

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.line, message, f"{self.where}{key}"))

    def wrong(self, key: str, expected: str, value: Any) -> None:
        self.problem(key, f"expected {expected}, found {describe(value)}: left out")

    def text(self, key: str, *, numbers: bool = False) -> str:
        """The field as text ("" when absent); whole numbers too when `numbers` (CSL `number`)."""
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if numbers and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        self.wrong(key, "text", value)
        return ""

    def mapping(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        if value is None or isinstance(value, dict):
            return value
        self.wrong(key, "an object", value)
        return None

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.wrong(key, "a list", value)
        return []

    def count(self, key: str) -> int | None:
        """A whole number of at least 0 (upvotes); None when absent or wrong."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.wrong(key, "a whole number", value)
            return None
        return value


def describe(value: Any) -> str:
    """A JSON value as a problem names it: its kind, or a short repr."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
