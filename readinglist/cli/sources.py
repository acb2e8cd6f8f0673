"""Subcommands about where papers come from: `fetch-arxiv` and `dedupe`."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..errors import UnknownPaperError
from ..store import ListStore
from ..words import plural
from .common import add_all_problems_option, print_problems


def add_commands(sub: Any) -> None:
    p = sub.add_parser("fetch-arxiv", help="fetch papers from the arXiv API into a list (network)")
    p.add_argument("ids", nargs="*", metavar="ID", help="arXiv ids or URLs; none: fill in the list's papers known only by id")
    p.add_argument("--into", required=True, metavar="LIST")
    p.add_argument("--enrich", action="store_true", help="also look up papers without an arXiv id by their exact title")
    p.add_argument("--title", help="title of the list when it is created")
    add_all_problems_option(p)
    p.set_defaults(run=_cmd_fetch_arxiv)

    p = sub.add_parser("dedupe", help="list possible duplicates; merge them or mark them distinct")
    p.add_argument("list", metavar="LIST")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--merge", nargs=2, metavar=("KEEP", "OTHER"), help="merge paper OTHER into KEEP (reviews move too)")
    group.add_argument("--distinct", nargs=2, metavar=("A", "B"), help="remember that A and B are different papers")
    p.set_defaults(run=_cmd_dedupe)


def _cmd_fetch_arxiv(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..ingest import fetch_arxiv  # the network stack: only for this command

    summary = fetch_arxiv(args.ids, args.into, enrich_titles=args.enrich, title=args.title)
    print_problems(summary.problems, err, every=args.all_problems)
    print(
        f"{summary.folder}: {summary.added} added, {summary.merged} completed, {summary.skipped} already known, "
        f"{plural(len(summary.problems), 'problem')}",
        file=out,
    )
    return 0


def _paper(store: ListStore, paper_id: str) -> str:
    if paper_id not in store.reading_list.papers:
        raise UnknownPaperError(f"{store.list_path}: no paper {paper_id!r} in this list")
    return paper_id


def _cmd_dedupe(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..dedupe import find_candidates, is_merged, mark_distinct, merge_duplicates

    store = ListStore.open(args.list)
    reading_list = store.reading_list
    if args.merge:
        kept = _paper(store, args.merge[0])
        other = args.merge[1]
        if not is_merged(reading_list, kept, other) or other in reading_list.papers:
            other = _paper(store, other)  # else: merged before, fold what still names it
        if kept == other:
            raise UnknownPaperError(f"{store.list_path}: cannot merge {kept!r} into itself")
        # One lock for all the files: a kernel saving meanwhile sees the merge whole.
        with store.locked():
            moved = merge_duplicates(reading_list, kept, other)
            # Reviews first: until the catalogue is written both papers exist, so every
            # file stays valid whatever moment a crash comes.
            for reader in sorted(moved):
                store.save_reviews(reader)
            store.save_catalogue()
        print(f"merged {other!r} into {kept!r}; moved the reviews of {plural(len(moved), 'reader')}", file=out)
        return 0
    if args.distinct:
        first, second = (_paper(store, p) for p in args.distinct)
        mark_distinct(reading_list, first, second)
        store.save_catalogue()
        print(f"{first!r} and {second!r} are different papers: they will not be proposed again", file=out)
        return 0
    candidates = find_candidates(reading_list)
    if not candidates:
        print("no possible duplicates", file=out)
        return 0
    for c in candidates:
        a, b = reading_list.papers[c.first], reading_list.papers[c.second]
        print(f"{c.first}  {a.title}\n{c.second}  {b.title}\n  ({c.reason})", file=out)
        print(f"  readinglist dedupe {store.folder} --merge {c.first} {c.second}   |   --distinct {c.first} {c.second}\n", file=out)
    print(plural(len(candidates), "possible duplicate"), file=out)
    return 0
