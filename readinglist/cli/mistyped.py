"""A mistyped command named with the nearest real one: `readinglist shwo` -> did you mean 'show'?"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def unknown_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """A one-line usage error when `argv` names a command (or a command's action, such as
    `session lst`) that does not exist, with the nearest one when there is one; else None."""
    prog = parser.prog
    for word in argv:
        if word.startswith("-"):
            return None  # options first (`--version`): argparse judges them
        commands = _commands(parser)
        if not commands:
            return None
        if word in commands:
            parser, prog = commands[word], f"{prog} {word}"
            continue
        nearest = difflib.get_close_matches(word.lower(), list(commands), n=1, cutoff=0.6)
        hint = f"; did you mean '{nearest[0]}'?" if nearest else f" (commands: {', '.join(commands)})"
        return f"{prog}: unknown command '{word}'{hint}"
    return None
