"""A fast writer for the shapes of the format's items, byte for byte what yamlio.dumps writes.

yamlio.dumps goes through PyYAML's Python representer and serializer before libyaml's
emitter: on a 20,000-paper list that is seconds. The items of list.yaml and of review files
have known shapes (mappings of text, whole numbers, lists of text or of small mappings), so
this module writes them directly, following the emitter's rules for the cases it covers:

- which style a value takes: the representer's choice (`yamlio._represent_str`), then
  libyaml's checks (plain only if no indicator, no `: ` or ` #`, no leading or trailing
  space and the resolver reads it back as text; else single-quoted; block styles only
  without trailing spaces);
- where long plain, quoted and folded lines break: at the first single space past column
  88 (yamlio.WIDTH), as libyaml's emitter does.

Anything else (control characters, other line breaks, characters libyaml escapes, text
ending in a line break, empty text or containers, other types) is not guessed at:
`item_block` returns None and the caller uses the general dumper. Tests compare the two
writers on generated lists.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

WIDTH = 88  # the emitter's line width (best_width)

# Characters libyaml writes as they are when allow_unicode is on (its IS_PRINTABLE, minus
# the byte-order mark); anything else makes it escape the text in double quotes.
_SAFE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"  # not U+2028/U+2029: line breaks
_UNSAFE = re.compile(f"[^{_SAFE}]")
_UNSAFE_MULTILINE = re.compile(f"[^\n{_SAFE}]")
# Plain text may not start with an indicator, nor hold `: ` or ` #` (nor end in `:`).
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR_TAG = "tag:yaml.org,2002:str"
_INDENT_STEP = 2


def _reads_as_text(value: str) -> bool:
    """True when a plain `value` reads back as a string (no YAML 1.1 bool, number, null...)."""
    for _tag, pattern in _RESOLVERS.get(value[0], ()):
        if pattern.match(value):
            return False
    return True


def _plain_allowed(value: str) -> bool:
    first = value[0]
    if first in _FIRST_INDICATORS or value[-1] == " " or first == " ":
        return False
    if first in "?:-" and (len(value) == 1 or value[1] == " "):
        return False
    if value.startswith(("---", "...")) or ": " in value or " #" in value or value[-1] == ":":
        return False
    return _reads_as_text(value)


def _fold(text: str, column: int, indent: int, *, quoted: bool, plain: bool) -> str:
    """`text` as libyaml writes a flow scalar starting at `column`: broken at the first single
    space past the width, continuation lines at `indent`."""
    pieces = []
    start = 0  # where the current line starts in `text`
    first_column = column
    n = len(text)
    while True:
        # The emitter breaks at a space when the column before it is past the width.
        threshold = start + (WIDTH + 1 - first_column)
        at = text.find(" ", max(threshold, start))
        while at != -1:
            ok = at + 1 < n and text[at + 1] != " "
            if ok and plain and text[at - 1] == " ":
                ok = False
            if ok and quoted and (at == 0 or text[at - 1] == " "):
                ok = False
            if ok:
                break
            at = text.find(" ", at + 1)
        if at == -1:
            pieces.append(text[start:])
            return ("\n" + " " * indent).join(pieces)
        pieces.append(text[start:at])
        start = at + 1
        first_column = indent


def _folded_lines(text: str, indent: int) -> str:
    """The body of a folded block scalar (`>-`): lines broken at the first single space past
    the width."""
    pad = " " * indent
    lines = []
    start = 0
    n = len(text)
    while True:
        threshold = start + (WIDTH + 1 - indent)
        at = text.find(" ", threshold)
        while at != -1 and at + 1 < n and text[at + 1] == " ":
            at = text.find(" ", at + 1)
        if at == -1 or at + 1 >= n:
            lines.append(pad + text[start:])
            return "\n".join(lines) + "\n"
        lines.append(pad + text[start:at])
        start = at + 1


def _any_scalar(text: str, column: int, indent: int) -> str | None:
    if not text or text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        return None
    if "\n" in text:
        if _UNSAFE_MULTILINE.search(text) or text[-1] == " " or " \n" in text:
            return None
        hint = "2" if text[0] in " \n" else ""
        pad = " " * indent
        body = "\n".join(pad + line if line else "" for line in text.split("\n"))
        return f" |{hint}-\n{body}\n"
    if not _printable(text):
        return None
    if len(text) > WIDTH - 8 and " " in text and text[0] != " ":
        if text[-1] == " ":
            return None  # libyaml would switch to double quotes
        return " >-\n" + _folded_lines(text, indent)
    if _plain_allowed(text):
        if len(text) + column + 1 <= WIDTH + 1 or " " not in text:
            return " " + text + "\n"
        return " " + _fold(text, column + 1, indent, quoted=False, plain=True) + "\n"
    quoted = text.replace("'", "''")
    if len(quoted) + column + 2 <= WIDTH + 1 or " " not in quoted:
        return " '" + quoted + "'\n"
    return " '" + _fold(quoted, column + 2, indent, quoted=True, plain=False) + "'\n"


def _printable(text: str) -> bool:
    """No character libyaml would escape (`text` has no line break)."""
    if text.isascii():
        return text.isprintable()
    return not _UNSAFE.search(text)


_KEYS_SEEN: dict[str, bool] = {}
_SHORT_SEEN: dict[tuple[str, int, int], str | None] = {}
_SEEN_MAX = 4096  # keys and short values repeat (kinds, formats, file names): remember some
_SHORT = 40


def _key(key: Any) -> bool:
    """A key written plain as a simple key: short text that needs no quotes."""
    known = _KEYS_SEEN.get(key) if type(key) is str else False
    if known is None:
        known = 0 < len(key) <= WIDTH - 8 and _printable(key) and _plain_allowed(key)
        if len(_KEYS_SEEN) < _SEEN_MAX:
            _KEYS_SEEN[key] = known
    return known


def _scalar(text: str, column: int, indent: int) -> str | None:
    """`text` as written after a key or `- ` that ends at `column` (the space not yet
    written), with continuation lines at `indent`; with its line break. None if not covered."""
    if len(text) > _SHORT:
        return _any_scalar(text, column, indent)
    key = (text, column, indent)
    try:
        return _SHORT_SEEN[key]
    except KeyError:
        written = _any_scalar(text, column, indent)
        if len(_SHORT_SEEN) < _SEEN_MAX:
            _SHORT_SEEN[key] = written
        return written


def _mapping(data: dict[str, Any], indent: int, first_prefix: str, out: list[str]) -> bool:
    """Append the lines of a block mapping at `indent`; the first key follows `first_prefix`."""
    if not data:
        return False
    prefix = first_prefix
    for key, value in data.items():
        if not _key(key):
            return False
        head = f"{prefix}{key}:"
        prefix = " " * indent
        kind = type(value)
        if kind is str:
            written = _scalar(value, len(head), indent + _INDENT_STEP)
            if written is None:
                return False
            out.append(head + written)
        elif kind is int:
            out.append(f"{head} {value}\n")
        elif kind is list:
            if not value:
                return False
            out.append(head + "\n")
            if not _sequence(value, indent, out):
                return False
        elif kind is dict:
            out.append(head + "\n")
            if not _mapping(value, indent + _INDENT_STEP, " " * (indent + _INDENT_STEP), out):
                return False
        else:
            return False
    return True


def _sequence(items: list[Any], indent: int, out: list[str]) -> bool:
    """Append a block sequence whose dashes are at `indent` (inside a mapping: not indented)."""
    dash = " " * indent + "- "
    for item in items:
        kind = type(item)
        if kind is str:
            written = _scalar(item, len(dash) - 1, indent + _INDENT_STEP)
            if written is None:
                return False
            out.append(dash[:-1] + written)
        elif kind is int:
            out.append(f"{dash}{item}\n")
        elif kind is dict:
            if not _mapping(item, indent + _INDENT_STEP, dash, out):
                return False
        else:
            return False
    return True


def item_block(item: dict[str, Any]) -> str | None:
    """`yamlio.dump_item(item)` for a mapping of the shapes above; None when not covered."""
    if type(item) is not dict:
        return None
    out: list[str] = []
    if not _mapping(item, _INDENT_STEP, "- ", out):
        return None
    return "".join(out)
