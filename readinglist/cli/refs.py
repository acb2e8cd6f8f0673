"""`readinglist remove`: take papers out of a list, keeping them (and their reviews), or bring them back."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..readers import default_reader
from ..removal import remove_papers, restore_papers
from ..store import ListStore
from . import common
from .common import EXIT_OK, resolve_paper


def add_commands(sub: Any) -> None:
    p = sub.add_parser("remove", help="take papers out of a list (kept with who and when; --undo brings them back)")
    p.add_argument("list", metavar="LIST")
    p.add_argument("paper_ids", nargs="+", metavar="ID", help="paper ids (a unique prefix is enough)")
    p.add_argument("--reader", type=common.reader, help="who removes them (default: $READINGLIST_READER, git user.name, login)")
    p.add_argument("--undo", action="store_true", help="bring removed papers back (at the end of the list)")
    p.set_defaults(run=_cmd_remove)


def _cmd_remove(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = ListStore.open(args.list)
    reading_list = store.reading_list
    if args.undo:
        back = restore_papers(reading_list, list(args.paper_ids))
        store.save_catalogue()
        print(f"{store.folder}: brought back {', '.join(back)}", file=out)
        return EXIT_OK
    reader = args.reader or default_reader()
    ids = [resolve_paper(store, wanted) for wanted in args.paper_ids]
    gone = remove_papers(reading_list, ids, by=reader, now=store.clock())
    store.save_catalogue()
    kept = sum(1 for by_paper in reading_list.reviews.values() for pid in by_paper if pid in gone)
    print(
        f"{store.folder}: removed {', '.join(gone)} ({common.plural(kept, 'review')} kept); "
        f"'readinglist remove {store.folder} {' '.join(gone)} --undo' brings {'it' if len(gone) == 1 else 'them'} back",
        file=out,
    )
    return EXIT_OK
