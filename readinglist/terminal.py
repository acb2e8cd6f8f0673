"""Text from lists on a terminal: control characters shown as escapes, never obeyed.

A title, note or tag comes from another member's file. Printed raw, an ESC sequence can
recolour or clear the screen, retitle the window or forge a hyperlink; a carriage return
can overwrite what was printed; a bidi override (U+202E) can show a line backwards. The
CLI writes everything through `TerminalStream`, which turns each such character into its
`\\uXXXX` escape: visible on a terminal, and inside JSON strings the same character again.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls (the 8-bit CSI and OSC among them),
# line and paragraph separators, bidi embeddings, overrides and isolates (U+202A-202E,
# U+2066-2069) and the marks that steer them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_NEWLINE = re.compile(f"{_UNSAFE.pattern[:-1]}\n]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` with every terminal control character as a visible `\\uXXXX` escape.

    Tabs stay; newlines stay only with `newlines=True` (a cell or a message is one line).
    """
    pattern = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    return pattern.sub(_escape, text) if pattern.search(text) else text


class TerminalStream:
    """A text stream that writes what it is given with control characters neutralised.

    Lines (newlines) and tabs pass. The kit's own control output, such as a progress bar's
    carriage returns, goes to `unfiltered(stream)`, the stream underneath.
    """

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(printable(text, newlines=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self.raw, name)


def terminal_stream(stream: TextIO) -> TextIO:
    """`stream` wrapped once in a TerminalStream."""
    return stream if isinstance(stream, TerminalStream) else TerminalStream(stream)  # type: ignore[return-value]


def unfiltered(stream: TextIO) -> TextIO:
    """The stream beneath a TerminalStream: for the kit's own control output only (a progress
    bar's carriage returns), never for text that came from a list."""
    return stream.raw if isinstance(stream, TerminalStream) else stream
