"""What every importer returns, and the text handling they share."""

from __future__ import annotations

from dataclasses import dataclass, field

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
