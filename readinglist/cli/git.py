"""Subcommands for groups sharing lists through git: `git-setup` and `merge-driver`."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..gitmerge import git_setup, run_merge_driver


def add_commands(sub: Any) -> None:
    p = sub.add_parser("git-setup", help="make git merge list files by meaning in this clone (run once; idempotent)")
    p.add_argument("path", nargs="?", default=".", help="a folder inside the clone (default: here)")
    p.set_defaults(run=_cmd_git_setup)

    p = sub.add_parser("merge-driver", help="three-way merge of a list file (git runs this; see git-setup)")
    p.add_argument("base", metavar="BASE", help="%%O: the common ancestor")
    p.add_argument("ours", metavar="OURS", help="%%A: our version; the result is written here")
    p.add_argument("theirs", metavar="THEIRS", help="%%B: their version")
    p.add_argument("path", metavar="PATH", nargs="?", default="", help="%%P: the file's path in the repository")
    p.set_defaults(run=_cmd_merge_driver)


def _cmd_git_setup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = git_setup(args.path)
    for action in report.actions:
        print(action, file=out)
    print(f"{report.root}: list files now merge by meaning in this clone", file=out)
    return 0


def _cmd_merge_driver(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    code, message = run_merge_driver(args.base, args.ours, args.theirs, args.path or args.ours)
    print(message, file=err)
    return code
