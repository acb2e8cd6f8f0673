"""Strict YAML in, deterministic YAML out, on strings (no files here).

Loading works from libyaml's parser events rather than PyYAML's constructor, which both
makes it safe for files written by other people and makes it several times faster than
`yaml.load(..., Loader=CSafeLoader)`:

- anchors, aliases, explicit tags, several documents, duplicate keys, non-string keys,
  nesting deeper than `max_depth` and oversized files or values are refused, each with
  its line;
- every scalar stays the string it is (`no`, `2101.00010`, `2024-13-45`); only an empty or
  `null`/`~` plain scalar is None. The schema converts the few numeric fields itself;
- the line of every key and list item is recorded, so later checks can name it.

Dumping goes through libyaml's emitter with fixed key order (the caller's), long text as
block scalars, and one block per list item separated by a blank line; list items of the
format's shapes take a faster writer of the same bytes (fastdump).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from .errors import ListFormatError
from .fastdump import WIDTH, item_block

MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_SCALAR_CHARS = 1024 * 1024
DEFAULT_MAX_DEPTH = 6
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass
class LineMap:
    """Line numbers (1-based) of the keys and items of every mapping and list loaded.

    Containers are looked up by identity, so the map is valid as long as the loaded
    data is alive and unchanged.
    """

    keys: dict[int, dict[str, int]] = field(default_factory=dict)
    items: dict[int, list[int]] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)

    def of_key(self, mapping: Any, key: str) -> int | None:
        lines = self.keys.get(id(mapping))
        if lines is None:
            return None
        return lines.get(key, self.starts.get(id(mapping)))

    def of_item(self, sequence: Any, index: int) -> int | None:
        lines = self.items.get(id(sequence))
        if lines is None or index >= len(lines):
            return self.starts.get(id(sequence))
        return lines[index]

    def of(self, container: Any) -> int | None:
        return self.starts.get(id(container))


def loads(text: str, file: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[Any, LineMap]:
    """The data of one YAML document and the lines of its parts; ListFormatError if refused."""
    if len(text) > MAX_FILE_BYTES:
        raise ListFormatError.at(file, None, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        return _Loader(text, file, max_depth).load()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # libyaml scans flow collections ahead of the events and has its own nesting limit
        # (PyYAML 6.0.4 and later), so deep brackets can fail there before the loader sees
        # them; they are the same refusal as deep nesting and get the same message.
        deep = _flow_too_deep(text, mark.index if mark is not None else len(text), max_depth)
        if deep is not None:
            raise ListFormatError.at(file, deep, f"nesting deeper than the format allows ({max_depth} levels)") from None
        line = mark.line + 1 if mark is not None else None
        raise ListFormatError.at(file, line, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ListFormatError.at(file, line, f"not valid YAML: character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} is not allowed") from None
    except yaml.YAMLError as exc:
        raise ListFormatError.at(file, None, f"not valid YAML: {exc}") from None


_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _flow_too_deep(text: str, end: int, max_depth: int) -> int | None:
    """The line where flow brackets before `end` first nest deeper than `max_depth`, if they do."""
    depth = 0
    for match in _FLOW_BRACKET.finditer(text, 0, end):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return text.count("\n", 0, match.start()) + 1
        elif depth:
            depth -= 1
    return None


class _Loader:
    def __init__(self, text: str, file: str, max_depth: int) -> None:
        self.file = file
        self.max_depth = max_depth
        self.parser = yaml.CSafeLoader(text)
        self.lines = LineMap()

    def fail(self, event: ev.Event, message: str) -> ListFormatError:
        return ListFormatError.at(self.file, event.start_mark.line + 1, message)

    def load(self) -> tuple[Any, LineMap]:
        get = self.parser.get_event
        get()  # StreamStart
        first = get()
        if type(first) is ev.StreamEndEvent:
            raise ListFormatError.at(self.file, 1, "the file is empty")
        root = self._node(get(), 1)
        get()  # DocumentEnd
        after = get()
        if type(after) is not ev.StreamEndEvent:
            raise self.fail(after, "several YAML documents in one file; a list file holds one")
        self.parser.dispose()
        return root, self.lines

    def _node(self, event: ev.Event, depth: int) -> Any:
        kind = type(event)
        if kind is ev.ScalarEvent:
            return self._scalar(event)
        if kind is ev.AliasEvent:
            raise self.fail(event, f"YAML aliases (*{event.anchor}) are not allowed in list files")
        if event.anchor is not None:
            raise self.fail(event, f"YAML anchors (&{event.anchor}) are not allowed in list files")
        if event.tag is not None:
            raise self.fail(event, f"explicit YAML tags ({event.tag}) are not allowed in list files")
        if depth > self.max_depth:
            raise self.fail(event, f"nesting deeper than the format allows ({self.max_depth} levels)")
        if kind is ev.MappingStartEvent:
            return self._mapping(event, depth)
        return self._sequence(event, depth)

    def _scalar(self, event: ev.ScalarEvent) -> str | None:
        if event.anchor is not None:
            raise self.fail(event, f"YAML anchors (&{event.anchor}) are not allowed in list files")
        if event.tag is not None:
            raise self.fail(event, f"explicit YAML tags ({event.tag}) are not allowed in list files")
        value = event.value
        if len(value) > MAX_SCALAR_CHARS:
            raise self.fail(event, f"a value of {len(value):,} characters (at most {MAX_SCALAR_CHARS:,})")
        if event.implicit[0] and value in _NULLS:  # plain, untagged: null, ~ or nothing
            return None
        return value

    def _mapping(self, start: ev.MappingStartEvent, depth: int) -> dict[str, Any]:
        get = self.parser.get_event
        mapping: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        self.lines.starts[id(mapping)] = start.start_mark.line + 1
        self.lines.keys[id(mapping)] = key_lines
        while True:
            key_event = get()
            kind = type(key_event)
            if kind is ev.MappingEndEvent:
                return mapping
            if kind is not ev.ScalarEvent:
                raise self.fail(key_event, "keys must be plain names, not lists, mappings or aliases")
            key = self._scalar(key_event)
            if key is None:
                raise self.fail(key_event, "empty key")
            if key in mapping:
                raise self.fail(
                    key_event,
                    f"duplicate key {key!r} (first on line {key_lines[key]}); git's text merge can do this: "
                    "run 'readinglist git-setup' so lists merge by meaning",
                )
            key_lines[key] = key_event.start_mark.line + 1
            value_event = get()
            if type(value_event) is ev.ScalarEvent:
                mapping[key] = self._scalar(value_event)
            else:
                mapping[key] = self._node(value_event, depth + 1)

    def _sequence(self, start: ev.SequenceStartEvent, depth: int) -> list[Any]:
        get = self.parser.get_event
        sequence: list[Any] = []
        item_lines: list[int] = []
        self.lines.starts[id(sequence)] = start.start_mark.line + 1
        self.lines.items[id(sequence)] = item_lines
        while True:
            event = get()
            kind = type(event)
            if kind is ev.SequenceEndEvent:
                return sequence
            item_lines.append(event.start_mark.line + 1)
            if kind is ev.ScalarEvent:
                sequence.append(self._scalar(event))
            else:
                sequence.append(self._node(event, depth + 1))


class _Dumper(yaml.CSafeDumper):
    pass


_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.BaseDumper, text: str) -> yaml.ScalarNode:
    if text.endswith(_LINE_BREAKS):
        # A block scalar would need keep-chomping (|+), after which libyaml ends the
        # document with `...`: that cannot sit between the items of one file.
        style = '"'
    elif "\n" in text:
        style = "|"
    elif any(brk in text for brk in _LINE_BREAKS[1:]):
        # CR, NEL, LS or PS without LF: in a folded scalar they are line breaks that
        # change the text read back; double quotes escape them.
        style = '"'
    elif len(text) > WIDTH - 8 and " " in text and not text.startswith(" "):
        # A folded scalar whose first line starts with a space keeps that line's break.
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(data: Any) -> str:
    """YAML for `data`, keys in the order given, long text as block scalars."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH, default_flow_style=False)


def dump_item(item: Any) -> str:
    """One list item as a block (`- key: ...`), to be joined with others by blank lines.

    The format's items take the fast writer (fastdump), which writes the same bytes;
    whatever it does not cover goes through PyYAML.
    """
    block = item_block(item)
    return block if block is not None else dumps([item])


def dump_document(head: dict[str, Any], list_key: str, blocks: list[str]) -> str:
    """`head`'s keys, then `list_key` holding the already dumped item blocks."""
    text = dumps(head) if head else ""
    if not blocks:
        return text + f"{list_key}: []\n"
    return text + f"{list_key}:\n" + "\n".join(blocks)
