"""Subcommands that start a server: `lab` (JupyterLab on the review notebook) and `app`
(the members' review app under Voila)."""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path
from typing import Any, TextIO

from ..launch import Launch, app_launch, find_list, lab_launch
from .common import whole_number


def add_commands(sub: Any) -> None:
    p = sub.add_parser("lab", help="JupyterLab at the project root, on the review notebook for LIST")
    p.add_argument("list", metavar="LIST", nargs="?", help="the list folder (default: the only list in ./lists)")
    p.add_argument("--port", type=_port, help="the port to serve on (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser; only print the address")
    p.set_defaults(run=_cmd_lab)

    p = sub.add_parser("app", help="the review app for members who do not code (Voila), on LIST")
    p.add_argument("list", metavar="LIST", nargs="?", help="the list folder (default: the only list in ./lists)")
    p.add_argument("--port", type=_port, help="the port to serve on (default: 8866)")
    p.add_argument("--ip", default="localhost", help="the address to listen on (0.0.0.0: every network; default: localhost)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser; only print the address")
    p.set_defaults(run=_cmd_app)


_port = whole_number(1, 65535, "the port")


def _cmd_lab(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    cwd = Path.cwd()
    launch = lab_launch(find_list(args.list, cwd), cwd, port=args.port, no_browser=args.no_browser)
    return run(launch, out, err)


def _cmd_app(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    launch = app_launch(find_list(args.list, Path.cwd()), port=args.port, no_browser=args.no_browser, ip=args.ip)
    return run(launch, out, err)


def run(launch: Launch, out: TextIO, err: TextIO) -> int:
    """Say where to go, then run the server until it stops (Ctrl-C stops it)."""
    for note in launch.notes:
        print(f"readinglist: {note}", file=err)
    print(f"open {launch.url}", file=out)
    out.flush()
    process = subprocess.Popen(launch.argv, cwd=launch.cwd, env={**os.environ, **launch.env})
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        return 130
