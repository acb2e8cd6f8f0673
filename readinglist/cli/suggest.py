"""`readinglist suggest`: what to read next, papers like one, or tags that fit, explained."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from typing import Any, TextIO

from ..terminal import printable
from .common import positive, reader


def add_commands(sub: Any) -> None:
    p = sub.add_parser(
        "suggest",
        help="papers to read next (for a reader or the group), papers like one, or tags that fit",
        description=(
            "Papers the reader has not reviewed, best first, from a model of their ratings, statuses and tags "
            "(the group's, without --reader); with --like, the papers nearest to one; with --tags, the group's "
            "tags that fit papers nobody tagged (nothing is set). Each comes with the words that weighed most."
        ),
    )
    p.add_argument("list", metavar="LIST", help="the list folder (or its list.yaml)")
    p.add_argument("--reader", type=reader, help="suggest for this reader (default: for the group)")
    p.add_argument("--limit", type=positive, default=None, metavar="N", help="at most N papers (default 10; with --tags, every paper with a suggestion)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--like", metavar="ID", help="papers nearest to this one (its id or a unique prefix)")
    mode.add_argument("--tags", action="store_true", help="suggest the group's tags for papers without tags")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    p.set_defaults(run=_cmd_suggest)


def _width(out: TextIO) -> int:
    return shutil.get_terminal_size((100, 24)).columns if out.isatty() else 100


def _cut(text: str, width: int) -> str:
    """One line of at most `width` characters; text from the list made inert (one line, no controls)."""
    text = printable(" ".join(text.split()))
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _one_blas_thread() -> None:
    """One BLAS thread for this process, unless the user chose otherwise: the models' sums
    are too small to share out, and OpenBLAS's idle threads spin on the other CPU (they
    cost a cold run a tenth of its time and a third more CPU). Only a command's own
    process is concerned, and only before numpy is loaded; it starts no other program."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _cmd_suggest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _one_blas_thread()
    from ..suggestions import suggest, suggest_tags  # numpy and the models: only for this command

    if args.tags:
        tags = suggest_tags(args.list, reader=args.reader, limit=args.limit)
        if args.json:
            print(json.dumps([p.to_dict() for p in tags], ensure_ascii=False, indent=1), file=out)
            return 0
        if not tags.group_tags:
            print("no tag is set on 3 or more papers yet: nothing to suggest from", file=err)
        width = _width(out)
        for paper in tags:
            print(_cut(f"{paper.id}  {paper.title}", width), file=out)
            for t in paper.tags:
                print("    " + _cut(f"{t.tag:<16} {t.score:.2f}  because: {'; '.join(t.because)}", width - 4), file=out)
        return 0
    found = suggest(args.list, reader=args.reader, limit=args.limit or 10, like=args.like)
    if args.json:
        rows = [dict(s.to_dict(), cold_start=found.cold_start) for s in found]
        print(json.dumps(rows, ensure_ascii=False, indent=1), file=out)
        if found.cold_start:
            print(found.basis, file=err)
        return 0
    print(found.basis, file=out)
    width = _width(out)
    for s in found:
        print(_cut(f"{s.score:7.3f}  {s.id}  {s.title}", width), file=out)
        indent = " " * 9
        if s.because:
            print(indent + _cut(f"because: {'; '.join(s.because)}", width - 9), file=out)
        if s.like:
            print(indent + _cut(f"like: {', '.join(s.like)}", width - 9), file=out)
        if s.reasons:
            print(indent + _cut("; ".join(s.reasons), width - 9), file=out)
    if not len(found):
        print("nothing to suggest: every paper has been reviewed", file=err)
    return 0
