"""Terminal control characters from list content are shown as escapes by every command.

A hostile member's title can carry ESC sequences (clear the screen, forge a hyperlink,
retitle the window), 8-bit C1 controls, a carriage return or a bidi override. None may
reach the terminal raw: not in `show`, `session list`, `dedupe`, nor in any message.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest

from readinglist.catalogue import add_papers
from readinglist.cli import main
from readinglist.model import Paper
from readinglist.sessions import add_session
from readinglist.store import ListStore
from readinglist.terminal import TerminalStream, printable, unfiltered

# Each class of character a terminal obeys, in a field a member controls.
HOSTILE = {
    "csi": "\x1b[2J\x1b[31m",  # clear the screen, turn red
    "osc-link": "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "c1-csi": "\x9b31m",
    "bell-backspace": "\x07\x08\x08",
    "bidi-override": "\u202egnp.exe",
    "bidi-isolate": "\u2066x\u2069",
}
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE)
def test_printable_shows_every_control_character_as_an_escape(text):
    shown = printable(text)
    assert RAW.search(shown) is None
    assert "\\u" in shown
    assert json.loads(f'"{shown}"') == text  # inside JSON the escape is the character again


def test_tabs_and_newlines_stay_where_lines_are_allowed():
    assert printable("a\tb\nc", newlines=True) == "a\tb\nc"
    assert printable("a\nb") == "a\\u000ab"
    assert printable("plain, accents é and CJK 中文 and math ∑") == "plain, accents é and CJK 中文 and math ∑"


def test_the_stream_neutralises_what_is_written_and_keeps_the_raw_stream_for_the_kit():
    raw = io.StringIO()
    stream = TerminalStream(raw)
    print("title \x1b[2J here", file=stream)
    unfiltered(stream).write("\r 50%")  # the kit's own progress output goes underneath
    assert raw.getvalue() == "title \\u001b[2J here\n\r 50%"
    assert unfiltered(raw) is raw


@pytest.fixture
def hostile_list(tmp_path, clock):
    store = ListStore.create(tmp_path / "l", "Group " + HOSTILE["csi"], description="About " + HOSTILE["osc-link"], clock=clock)
    # Imports clean control characters out of titles, so the hostile titles are planted in the
    # file by hand, as a member editing list.yaml directly could (the loader takes YAML escapes).
    titles = {f"Sparse experts {name} mark": f"Sparse experts {name} {text}" for name, text in HOSTILE.items()}
    titles["Sparse experts csi mark (extended version)"] = f"Sparse experts csi {HOSTILE['csi']} (extended version)"  # for dedupe
    add_papers(store.reading_list, [Paper("", title, abstract="Routing. " * 20) for title in titles])
    store.save_catalogue()
    text = store.list_path.read_text(encoding="utf-8")
    for planted, hostile in titles.items():
        assert f"title: {planted}\n" in text
        text = text.replace(f"title: {planted}\n", f"title: {json.dumps(hostile)}\n")
    store.list_path.write_text(text, encoding="utf-8")
    store = ListStore.open(store.folder, clock=clock)
    first = next(iter(store.reading_list.papers))
    store.update_review("ann", first, rating=4, add_tags=("moe",), note="see " + HOSTILE["bidi-override"])
    add_session(store, dt.date(2026, 12, 3), papers=tuple(store.reading_list.papers)[:3], presenter="ann", questions=("Why " + HOSTILE["csi"] + "?",))
    return store.folder


def _assert_inert(*texts: str) -> None:
    for text in texts:
        assert RAW.search(text) is None, repr(text)


@pytest.mark.parametrize(
    "argv",
    [("show", "LIST"), ("show", "LIST", "--json"), ("session", "list", "LIST"), ("dedupe", "LIST"), ("validate", "LIST")],
    ids=lambda a: "-".join(a[:1] + a[2:]).replace("LIST", "").strip("-") or a[0],
)
def test_commands_that_print_list_content_print_it_inert(hostile_list, argv):
    code, out, err = run(*(hostile_list if a == "LIST" else a for a in argv))
    assert code == 0, err
    _assert_inert(out, err)


def test_show_prints_the_escapes_and_json_keeps_the_exact_text(hostile_list):
    titles = {p.title for p in ListStore.open(hostile_list).reading_list.papers.values()}
    _, table, _ = run("show", hostile_list)
    assert "\\u001b[2J" in table and "\\u202e" in table
    _, out, _ = run("show", hostile_list, "--json")
    assert {record["title"] for record in json.loads(out)} == titles


def test_review_output_and_dedupe_listing_show_the_escapes(hostile_list):
    store = ListStore.open(hostile_list)
    first = next(iter(store.reading_list.papers))
    code, out, err = run("review", hostile_list, first, "--reader", "ann", "--status", "read")
    assert code == 0, err
    _assert_inert(out)
    assert "\\u202egnp.exe" in out  # the note, visibly escaped
    _, out, _ = run("dedupe", hostile_list)
    assert "\\u001b[2J" in out


def test_error_messages_that_quote_content_are_inert(tmp_path, hostile_list):
    argv_list = [
        ("show", tmp_path / ("missing" + HOSTILE["csi"] + HOSTILE["bidi-override"])),
        ("review", hostile_list, "no-such-paper" + HOSTILE["c1-csi"], "--reader", "ann", "--rating", "3"),
        ("session", "add", hostile_list, "2026-12-03"),  # a duplicate session: the message names the list
    ]
    for argv in argv_list:
        code, out, err = run(*argv)
        assert code in (1, 2), argv
        _assert_inert(out, err)
        assert len(err.strip().splitlines()) == 1, err

    # A list whose file is broken: the located message quotes the hostile line.
    (hostile_list / "reviews" / "bob.yaml").write_text("format_version: 1\nreader: bob\nreviews:\n- paper: \"x\\e[2J\\u202e\"\n  rating: 9\n")
    code, _, err = run("validate", hostile_list)
    assert code == 1
    _assert_inert(err)
