"""Importers: each turns one source's text into papers plus located problems.

Formats are a registry of data: a name, a test that recognises the text, and a parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InputError
from .base import ImportResult, decode_source, split_lines
from .hf_page import looks_like as _looks_like_hf_page
from .hf_page import parse_hf_page


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    looks_like: Callable[[str], bool]
    parse: Callable[..., ImportResult]


FORMATS: dict[str, Format] = {
    "hf-page": Format("hf-page", "text of a pasted huggingface.co papers page", _looks_like_hf_page, parse_hf_page),
}


def detect(text: str) -> str:
    """The name of the format `text` is in; pasted pages are the fallback."""
    for fmt in FORMATS.values():
        if fmt.looks_like(text):
            return fmt.name
    return "hf-page"


def parse_source(text: str, file: str, *, format: str | None = None, year: int | None = None) -> ImportResult:
    """Papers and problems from the text of one source, in `format` or the detected one."""
    name = format or detect(text)
    if name not in FORMATS:
        raise InputError(f"{file}: unknown format {name!r} (known: {', '.join(FORMATS)})")
    return FORMATS[name].parse(text, file, year=year or dt.date.today().year)


__all__ = ["FORMATS", "Format", "ImportResult", "decode_source", "detect", "parse_source", "split_lines"]
