"""The `readinglist` command: thin subcommands over the library, one module per group.

Exit codes: 0 success, 1 invalid or refused input, 2 bad usage (unknown option, missing
path). A user mistake is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .. import __version__
from ..diskio import cause
from ..errors import MissingPathError, ReadingListError
from ..terminal import terminal_stream
from . import app, git, group, handout, lists, refs, sources, suggest
from .common import EXIT_INVALID, EXIT_USAGE, Parser, UsageError
from .mistyped import unknown_command

# Each module adds its subcommands; `readinglist --help` lists them in this order.
COMMAND_GROUPS = (lists, refs, sources, git, handout, suggest, group, app)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="readinglist", description="Curated reading lists for reading groups.")
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for commands in COMMAND_GROUPS:
        commands.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]); return the exit code."""
    # List content reaches the terminal only with its control characters neutralised.
    out = terminal_stream(out or sys.stdout)
    err = terminal_stream(err or sys.stderr)
    parser = build_parser()
    try:
        mistake = unknown_command(parser, sys.argv[1:] if argv is None else argv)
        if mistake:
            raise UsageError(mistake)
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(out)
            return EXIT_USAGE
        return int(args.run(args, out, err))
    except UsageError as exc:
        print(exc, file=err)
        return EXIT_USAGE
    except MissingPathError as exc:
        print(f"readinglist: error: {exc}", file=err)
        return EXIT_USAGE
    except ReadingListError as exc:
        print(f"readinglist: error: {exc}", file=err)
        return EXIT_INVALID
    except BrokenPipeError:  # `readinglist show LIST | head`: the reader left, nothing to report
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        except OSError:
            pass
        return EXIT_INVALID
    except OSError as exc:  # the system refused something (a disk, a permission): not a bug to trace
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"readinglist: error: {where}{cause(exc)}", file=err)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("readinglist: interrupted", file=err)
        return 130
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_USAGE


def main_entry() -> None:
    """Console-script entry point: `readinglist ...`."""
    sys.exit(main())
