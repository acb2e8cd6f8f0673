"""Every command-line mistake is one line on stderr and exit 2 (usage) or 1 (input).

The commands and their options are read from the parser itself (`build_parser()`), so a
command added later is covered by the generic cases without touching this file: nothing
given, an unknown option, extra positionals, a file where a folder goes and the reverse,
and absurd values for every option whose type is a whole number, a date or a number.
A table of specific cases follows. Each call must return (a command that hangs on a
mistake, waiting for input or a lock, fails after a generous guard time; how fast the
answer comes is the benchmarks' business, not the suite's), print no traceback, and leave
every list that exists valid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import pkgutil
import shutil
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

from readinglist.catalogue import add_papers
from readinglist.cli import build_parser, main
from readinglist.model import Paper
from readinglist.sessions import add_session
from readinglist.store import ListStore
from tests.conftest import page

HANG_GUARD_S = 30.0  # only a hang trips it: a loaded machine must not make the suite fail


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every runnable command (`("session", "add")`...) and its parser, from the parser itself."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(leaf_commands(sub, (*prefix, name)))
    if prefix and not found:
        found[prefix] = parser
    return found


COMMANDS = leaf_commands(build_parser())
PAPER = "sparse-experts-at-small-scale"


def _real_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._VersionAction))]


def positionals(parser) -> list[argparse.Action]:
    return [a for a in _real_actions(parser) if not a.option_strings]


def required_options(parser) -> list[argparse.Action]:
    return [a for a in _real_actions(parser) if a.option_strings and a.required]


def typed_options(parser) -> list[argparse.Action]:
    return [a for a in _real_actions(parser) if a.option_strings and callable(a.type) and a.nargs is None]


def kind_of_type(action: argparse.Action) -> str | None:
    """What an option's type makes of sane text: 'int', 'date', 'float' or None."""
    for sample, kind in (("3", "int"), ("2025", "int"), ("2026-12-10", "date"), ("3.5", "float")):
        try:
            value = action.type(sample)  # type: ignore[misc]
        except (argparse.ArgumentTypeError, ValueError, TypeError):
            continue
        if isinstance(value, bool):
            continue
        if kind == "int" and isinstance(value, int):
            return kind
        if kind == "date" and isinstance(value, dt.date):
            return kind
        if kind == "float" and isinstance(value, float):
            return kind
    return None


@pytest.fixture(scope="module", autouse=True)
def libraries_loaded():
    """Every module of the package imported once before any call is timed: the second is
    for the command's own work, not for the first import of scikit-learn or nbconvert."""
    import readinglist

    for info in pkgutil.walk_packages(readinglist.__path__, "readinglist."):
        if not info.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(info.name)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("the test suite never reaches the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


class World:
    """A list folder, a page to import, a plain file and an empty folder to point commands at."""

    def __init__(self, root: Path) -> None:
        store = ListStore.create(root / "lists" / "moe", "MoE")
        add_papers(store.reading_list, [Paper("", "Sparse experts at small scale", abstract="Routing. " * 20), Paper("", "Dense students")])
        store.save_catalogue()
        store.update_review("ann", PAPER, rating=4)
        add_session(store, dt.date(2026, 12, 3), papers=(PAPER,), presenter="ann")
        self.list = store.folder
        self.page = root / "page.txt"
        self.page.write_text(page("Router collapse", "An abstract about routers. " * 5), encoding="utf-8")
        self.file = root / "notes.txt"
        self.file.write_text("not a list\n")
        self.folder = root / "empty-folder"
        self.folder.mkdir()
        self.root = root

    def value_for(self, action: argparse.Action) -> list[str]:
        """A valid value for a positional or required option, by what it names."""
        name = action.dest
        if name in ("list", "paths", "into"):
            return [str(self.list)]
        if name == "sources":
            return [str(self.page)]
        if name == "paper_id":
            return [PAPER]
        if name == "date":
            return ["2026-12-10"]
        if name in ("base", "ours", "theirs"):
            copy = self.root / f"{name}.yaml"
            shutil.copy(self.list / "list.yaml", copy)
            return [str(copy)]
        if name == "ids":
            return []
        return [str(self.list)]  # most commands name a list

    def required_argv(self, command: tuple[str, ...]) -> list[str]:
        parser = COMMANDS[command]
        argv = list(command)
        for action in positionals(parser):
            if action.nargs in ("?", "*"):
                continue
            argv += self.value_for(action)
        for action in required_options(parser):
            argv += [action.option_strings[-1], *self.value_for(action)]
        return argv

    def lists_valid(self) -> None:
        for list_yaml in self.root.rglob("list.yaml"):
            if list_yaml.parent.parent.name != "reviews":
                assert ListStore.check(list_yaml.parent) == [], list_yaml


@pytest.fixture
def world(tmp_path) -> World:
    return World(tmp_path)


def run(argv: list[str]) -> tuple[int, str, str]:
    """The command's exit code, stdout and stderr; fails if it hangs (HANG_GUARD_S)."""
    out, err = io.StringIO(), io.StringIO()
    box: dict[str, object] = {}

    def call():
        try:
            box["code"] = main([str(a) for a in argv], out=out, err=err)
        except BaseException as exc:  # noqa: BLE001 - a traceback is what the test reports
            box["error"] = exc

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_S)
    assert not thread.is_alive(), f"{argv}: still running after {HANG_GUARD_S:g} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["code"], out.getvalue(), err.getvalue()  # type: ignore[return-value]


def shown(argv: list[str]) -> str:
    return " ".join(a if len(a) < 80 else a[:40] + f"...({len(a):,} chars)" for a in map(str, argv))


def assert_mistake(argv: list[str], world: World, codes: tuple[int, ...] = (1, 2)) -> str:
    code, _, err = run(argv)
    assert code in codes, f"{shown(argv)}: exit {code}, stderr {err[:500]!r}"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, f"{shown(argv)}: {err[:2000]!r}"
    world.lists_valid()
    return lines[0]


def test_the_parser_names_every_command():
    assert {("import",), ("show",), ("review",), ("validate",), ("export",), ("session", "add")} <= set(COMMANDS)


ids = ["-".join(c) for c in COMMANDS]


def needs_arguments(parser) -> bool:
    return bool([a for a in positionals(parser) if a.nargs not in ("?", "*")] + required_options(parser))


NEEDING = [c for c, parser in COMMANDS.items() if needs_arguments(parser)]


@pytest.mark.parametrize("command", NEEDING, ids=["-".join(c) for c in NEEDING])
def test_nothing_given_to_a_command_that_needs_arguments(command, world):
    assert_mistake(list(command), world, codes=(2,))


@pytest.mark.parametrize("command", COMMANDS, ids=ids)
def test_an_unknown_option(command, world):
    line = assert_mistake([*world.required_argv(command), "--no-such-option"], world, codes=(2,))
    assert "--no-such-option" in line


@pytest.mark.parametrize("command", COMMANDS, ids=ids)
def test_extra_positionals(command, world):
    # A command whose last positional takes many (`validate PATH...`) reads an extra as one more.
    many = any(a.nargs in ("+", "*") for a in positionals(COMMANDS[command]))
    extras = ["extra-one"] if many else ["extra-one", "extra-two"]
    assert_mistake([*world.required_argv(command), *extras], world)


# Where a command names a list folder, a file is given; where it names a file, a folder.
WRONG_KIND = {"list": "file", "paths": "file", "into": "file", "sources": "folder", "base": "folder", "ours": "folder", "theirs": "folder"}


def path_slots(parser) -> list[argparse.Action]:
    return [a for a in positionals(parser) + required_options(parser) if a.nargs not in ("?", "*") and a.dest in WRONG_KIND]


WITH_PATHS = [c for c, parser in COMMANDS.items() if path_slots(parser)]


@pytest.mark.parametrize("command", WITH_PATHS, ids=["-".join(c) for c in WITH_PATHS])
def test_a_file_where_a_list_folder_goes_and_a_folder_where_a_file_goes(command, world):
    parser = COMMANDS[command]
    for slot in path_slots(parser):
        wrong = world.file if WRONG_KIND[slot.dest] == "file" else world.folder
        argv = []
        for action in positionals(parser):
            if action.nargs in ("?", "*"):
                continue
            argv += [str(wrong)] if action is slot else world.value_for(action)
        for action in required_options(parser):
            argv += [action.option_strings[-1], *([str(wrong)] if action is slot else world.value_for(action))]
        assert_mistake([*command, *argv], world)


ABSURD = {
    "int": ["100000000", "-1", "abc", "9" * 5000, "1.5", "", "１２"],
    "date": ["2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "99999-01-01", "yesterday", ""],
    "float": ["nan", "inf", "-inf", "1e309", "-3", "abc", ""],
}
TYPED = [
    pytest.param(command, action.option_strings[-1], value, id=f"{'-'.join(command)}{action.option_strings[-1]}={value[:12]}")
    for command, parser in COMMANDS.items()
    for action in typed_options(parser)
    if (kind := kind_of_type(action)) is not None
    for value in ABSURD[kind]
]


@pytest.mark.parametrize(("command", "option", "value"), TYPED)
def test_absurd_values_of_typed_options_are_refused(command, option, value, world):
    assert_mistake([*world.required_argv(command), option, value], world, codes=(2,))


def test_typed_options_are_found():
    options = {option for _, option, _ in (p.values for p in TYPED)}
    assert {"--count", "--every", "--start", "--year", "--session", "--min-rating"} <= options


# Specific mistakes: (argv with placeholders, exit codes allowed)
SPECIFIC = [
    (["frobnicate"], (2,)),
    (["show", "{missing}"], (2,)),
    (["validate", "{missing}"], (1, 2)),
    (["import", "{missing}", "--into", "{list}"], (2,)),
    (["import", "{page}", "--into", "{list}", "--format", "no-such-format"], (2,)),
    (["import", "{page}", "--into", "{list}", "--year", "1899"], (2,)),
    (["import", "{page}", "--into", "{list}", "--year", "3000"], (2,)),
    (["import", "{page}", "--into", "{list}", "--year", "20255"], (2,)),
    (["review", "{list}", "no-such-paper", "--reader", "ann", "--rating", "3"], (1,)),
    (["review", "{list}", PAPER, "--reader", "Not A Name!", "--rating", "3"], (2,)),
    (["review", "{list}", PAPER, "--reader", "ann", "--rating", "6"], (2,)),
    (["review", "{list}", PAPER, "--reader", "ann", "--rating", "-1"], (2,)),
    (["review", "{list}", PAPER, "--reader", "ann", "--status", "devoured"], (2,)),
    (["review", "{list}", PAPER, "--reader", "ann", "--note", "x" * 2_000_000], (1,)),
    (["review", "{list}", "", "--reader", "ann", "--rating", "3"], (1,)),
    (["session", "add", "{list}", "2026-12-03"], (1,)),  # already a session that day
    (["session", "add", "{list}", "2026-12-10", "--paper", "no-such-paper"], (1,)),
    (["session", "add", "{list}", "2026-12-10", "--question", "   "], (1,)),
    (["session", "propose", "{list}", "--count", "100000000"], (2,)),
    (["session", "propose", "{list}", "--every", "100000000"], (2,)),
    (["session", "propose", "{list}", "--count", "0"], (2,)),
    (["session", "propose", "{list}", "--every", "0"], (2,)),
    (["session", "add", "{list}", "3000-01-01"], (2,)),
    (["session", "add", "{list}", "1899-12-31"], (2,)),
    (["export", "{list}", "--to", "docx"], (2,)),
    (["export", "{list}", "--to", "csv", "-o", "{folder}"], (1, 2)),
    (["export", "{list}", "--to", "csv", "-o", "{missing}/x.csv"], (2,)),
    (["export", "{list}", "--to", "csv", "--session", "2026-12-04", "-o", "{root}/x.csv"], (1,)),
    (["export", "{list}", "--to", "csv", "--reader", "nobody", "-o", "{root}/x.csv"], (1,)),
    (["export", "{list}", "--to", "csv", "--min-rating", "6", "-o", "{root}/x.csv"], (2,)),
    (["export", "{list}", "--to", "csv", "--order", "random", "-o", "{root}/x.csv"], (2,)),
    (["dedupe", "{list}", "--merge", PAPER], (2,)),
    (["dedupe", "{list}", "--merge", PAPER, PAPER], (1,)),
    (["dedupe", "{list}", "--merge", PAPER, "no-such-paper"], (1,)),
    (["dedupe", "{list}", "--merge", PAPER, "dense-students", "--distinct", PAPER, "dense-students"], (2,)),
    (["fetch-arxiv", "not-an-id", "--into", "{list}"], (1,)),
    (["fetch-arxiv", "--into", "{missing}"], (2,)),
    (["git-setup", "{file}"], (1, 2)),
    (["git-setup", "{missing}"], (1, 2)),
    (["merge-driver", "{missing}", "{missing}", "{missing}"], (1, 2)),
]


@pytest.mark.parametrize(("argv", "codes"), SPECIFIC, ids=[shown(a)[:60] for a, _ in SPECIFIC])
def test_specific_mistakes(argv, codes, world):
    places = {"list": world.list, "page": world.page, "file": world.file, "folder": world.folder, "root": world.root, "missing": world.root / "missing"}
    filled = [a.format(**places) if "{" in a else a for a in argv]
    before = {p: p.read_bytes() for p in world.list.rglob("*.yaml")}
    assert_mistake(filled, world, codes)
    assert {p: p.read_bytes() for p in world.list.rglob("*.yaml")} == before  # nothing written
