"""Checking loaded YAML data against the format: one `Checker` per file collects problems,
each naming the file, the line and the field, while values are converted."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import Problem
from .yamlio import LineMap

FORMAT_VERSION = 1

INT = re.compile(r"^(0|[1-9][0-9]{0,9})$", re.ASCII)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
LINK_KIND = re.compile(r"^[a-z][a-z0-9-]{0,31}$", re.ASCII)
# No white space, quotes, angle brackets or backslashes: a link is rendered in widgets and handouts.
URL = re.compile(r"^https?://[^\s\"'<>\\`]+$")
READER_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$", re.ASCII)


class Checker:
    """Collects problems while converting; one instance per file."""

    def __init__(self, file: str, lines: LineMap) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, message, field))

    def mapping(self, value: Any, line: int | None, field: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
        if not isinstance(value, dict):
            self.problem(line, field, f"expected a mapping of {', '.join(allowed)}, found {kind_of(value)}")
            return False
        ok = True
        for key in value:
            if key not in allowed:
                if key == "conflicts" and not field:
                    message = "unresolved merge conflicts left by 'readinglist merge-driver': settle each value, then delete this section"
                else:
                    message = f"unknown key {key!r} (allowed: {', '.join(allowed)})"
                self.problem(self.lines.of_key(value, key), f"{field}.{key}" if field else key, message)
                ok = False
        for key in required:
            if key not in value or value[key] is None:
                self.problem(self.lines.of(value) or line, f"{field}.{key}" if field else key, "missing")
                ok = False
        return ok

    def text(self, owner: dict[str, Any], key: str, field: str, *, required: bool = False) -> str | None:
        value = owner.get(key)
        if value is None:
            if required:
                self.problem(self.lines.of(owner), field, "missing")
            return None
        if not isinstance(value, str):
            self.problem(self.lines.of_key(owner, key), field, f"expected text, found {kind_of(value)}")
            return None
        if required and not value.strip():
            self.problem(self.lines.of_key(owner, key), field, "must not be empty")
            return None
        return value

    def integer(self, owner: dict[str, Any], key: str, field: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = owner.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not INT.fullmatch(value):
            self.problem(self.lines.of_key(owner, key), field, f"expected a whole number, found {shown(value)}")
            return None
        number = int(value)
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f"{minimum}-{maximum}" if maximum is not None else f"at least {minimum}"
            self.problem(self.lines.of_key(owner, key), field, f"must be {bounds}, found {number}")
            return None
        return number

    def sequence(self, owner: dict[str, Any], key: str, what: str) -> list[Any]:
        """The list under `key` (empty when absent); a problem when it is not a list."""
        value = owner.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(self.lines.of_key(owner, key), key, f"expected a list of {what}, found {kind_of(value)}")
            return []
        return value

    def text_list(self, owner: dict[str, Any], key: str, field: str) -> list[str]:
        value = owner.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(self.lines.of_key(owner, key), field, f"expected a list of text, found {kind_of(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(self.lines.of_item(value, i), f"{field}[{i}]", f"expected text, found {shown(item)}")
            else:
                out.append(item)
        return out

    def version(self, data: dict[str, Any]) -> bool:
        """False (with a problem) unless the file's format version is one this code reads."""
        value = data.get("format_version")
        line = self.lines.of_key(data, "format_version")
        if value is None:
            self.problem(self.lines.of(data), "format_version", f"missing (this readinglist writes {FORMAT_VERSION})")
            return False
        if not isinstance(value, str) or not INT.fullmatch(value):
            self.problem(line, "format_version", f"expected a whole number, found {shown(value)}")
            return False
        if int(value) > FORMAT_VERSION:
            self.problem(
                line, "format_version",
                f"version {value} is newer than this readinglist reads ({FORMAT_VERSION}): "
                "upgrade readinglist (pip install -U readinglist)",
            )  # fmt: skip
            return False
        if int(value) < 1:
            self.problem(line, "format_version", f"no such version: {value}")
            return False
        return True


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value)


def shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return kind_of(value)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_date(check: Checker, value: Any, line: int | None, field: str) -> dt.date | None:
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    check.problem(line, field, f"expected a date YYYY-MM-DD, found {shown(value)}")
    return None
