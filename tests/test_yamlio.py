"""The strict loader refuses what is unsafe or ambiguous, each time naming the line."""

import pytest
import yaml

from readinglist.errors import ListFormatError
from readinglist.yamlio import MAX_SCALAR_CHARS, dump_document, dump_item, dumps, loads


def refused(text, **kw):
    with pytest.raises(ListFormatError) as info:
        loads(text, "f.yaml", **kw)
    [problem] = info.value.problems
    assert problem.file == "f.yaml"
    return problem


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: &x [1]\nb: *x\n", 1, "anchors"),
        ("a: 1\nb: *x\n", 2, "aliases (*x)"),  # an alias to nothing is still an alias
        ("a: !!python/object/apply:os.system ['ls']\n", 1, "explicit YAML tags"),
        ("a: !!str 1\n", 1, "explicit YAML tags"),
        ("a: !custom x\n", 1, "explicit YAML tags"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"),
        ("a: 1\n---\nb: 2\n", 2, "several YAML documents"),
        ("", 1, "empty"),
        ("? [a, b]\n: c\n", 1, "keys must be plain names"),
        ("a: [b\n", 2, "not valid YAML"),
        ("a: 1\nb: '\x07'\n", 2, "U+0007"),
        ("\n\na:\n  b:\n    c:\n      d:\n        e:\n          f: [g]\n", 8, "nesting deeper"),
    ],
)
def test_refusals_name_the_line(text, line, words):
    problem = refused(text)
    assert problem.line == line
    assert words in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, 1),
        ("a:\n  - " + "{b: " * 100_000 + "}" * 100_000 + "\n", 2),
        ("a: 1\nb:\n" + "  [\n" * 5_000 + "  ]\n" * 5_000, 8),  # the mapping is level 1: the 7th opens on line 8
    ],
)
def test_deep_nesting_is_refused_before_it_can_hurt(text, line):
    # However deep, and whichever part of PyYAML notices first: the kit's own refusal, located.
    problem = refused(text)
    assert "nesting deeper than the format allows" in problem.message
    assert problem.line == line


def test_oversized_value_is_refused():
    problem = refused("a: " + "x" * (MAX_SCALAR_CHARS + 1) + "\n")
    assert "characters" in problem.message


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert "anchors" in refused(bomb).message


@pytest.mark.parametrize("value", ["no", "off", "yes", "2101.00010", "2024-13-45", "2021-02-30", "1e3", "0x10", "+1", ".inf"])
def test_scalars_never_change_meaning(value):
    data, _ = loads(f"a: {value}\nb: [{value}]\n", "f.yaml")
    assert data == {"a": value, "b": [value]}


def test_only_plain_nulls_are_none():
    data, _ = loads("a:\nb: null\nc: ~\nd: 'null'\ne: ''\n", "f.yaml")
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_line_map_names_keys_and_items():
    data, lines = loads("top: 1\nitems:\n- x: 1\n  y: 2\n- x: 3\n", "f.yaml")
    assert lines.of_key(data, "items") == 2
    assert lines.of_item(data["items"], 1) == 5
    assert lines.of_key(data["items"][0], "y") == 4


def test_dump_is_deterministic_and_keeps_key_order():
    data = {"z": "1", "a": ["x", "y"], "m": {"k": "v"}}
    assert dumps(data) == dumps(dict(data))
    assert list(yaml.safe_load(dumps(data))) == ["z", "a", "m"]


def test_long_text_is_a_block_scalar_and_round_trips():
    long_text = "word " * 60 + "end"
    multi = "first line\n  indented\nlast"
    text = dumps({"a": long_text, "b": multi})
    assert "a: >-" in text and "b: |-" in text
    assert loads(text, "f.yaml")[0] == {"a": long_text, "b": multi}


def test_document_puts_one_blank_line_between_items():
    blocks = [dump_item({"id": "a"}), dump_item({"id": "b"})]
    text = dump_document({"format_version": 1}, "papers", blocks)
    assert text == "format_version: 1\npapers:\n- id: a\n\n- id: b\n"
    assert dump_document({"v": 1}, "papers", []) == "v: 1\npapers: []\n"
