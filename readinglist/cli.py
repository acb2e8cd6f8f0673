"""The `readinglist` command: thin subcommands over the library.

Exit codes: 0 success, 1 invalid or refused input, 2 bad usage (unknown option, missing
path). A user mistake is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from . import __version__, cli_git, cli_handout, cli_sources
from .errors import MissingPathError, ReadingListError, UnknownPaperError
from .importers import FORMATS
from .ingest import import_files
from .model import STATUSES, ReadingList
from .readers import check_reader, default_reader
from .records import mean_rating, to_records
from .store import ListStore, list_folder

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage; exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _rating(text: str) -> int | None:
    if text.lower() in ("none", "clear", "0"):
        return None
    if text not in ("1", "2", "3", "4", "5"):
        raise argparse.ArgumentTypeError(f"rating must be 1-5 (or 'none' to clear it), not {text!r}")
    return int(text)


def _status(text: str) -> str | None:
    if text.lower() in ("none", "clear"):
        return None
    if text not in STATUSES:
        raise argparse.ArgumentTypeError(f"status must be one of {', '.join(STATUSES)} (or 'none'), not {text!r}")
    return text


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2999):
        raise argparse.ArgumentTypeError(f"year must be four digits such as 2025, not {text!r}")
    return int(text)


def _reader(text: str) -> str:
    try:
        return check_reader(text)
    except ReadingListError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="readinglist", description="Curated reading lists for reading groups.")
    parser.add_argument("--version", action="version", version=f"readinglist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", help="import papers from pages, API answers, BibTeX, CSV or arXiv ids into a list")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files to import; the format of each is detected")
    p.add_argument("--into", required=True, metavar="LIST", help="the list folder (or its list.yaml)")
    p.add_argument("--year", type=_year, help="year the pages were captured; dates shown without a year take it (default: this year)")
    p.add_argument("--title", help="title of the list (set when it is created, changed when given later)")
    p.add_argument("--format", choices=sorted(FORMATS), help="the sources' format (default: detected)")
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("show", help="print a list as a table, or as JSON")
    p.add_argument("list", metavar="LIST")
    p.add_argument("--json", action="store_true", help="a JSON array with one object per paper")
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser("review", help="rate, tag, mark or annotate one paper as one reader")
    p.add_argument("list", metavar="LIST")
    p.add_argument("paper_id", metavar="PAPER_ID", help="the paper's id (a unique prefix is enough)")
    p.add_argument("--reader", type=_reader, help="your reader name (default: $READINGLIST_READER, git user.name, login)")
    p.add_argument("--rating", type=_rating, default=..., metavar="N", help="1-5, or 'none' to clear")
    p.add_argument("--status", type=_status, default=..., metavar="S", help=f"one of {', '.join(STATUSES)}, or 'none'")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag (repeatable)")
    p.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag (repeatable)")
    p.add_argument("--note", default=..., metavar="TEXT", help="the note (replaces the previous one; '' clears it)")
    p.set_defaults(run=_cmd_review)

    p = sub.add_parser("validate", help="check lists and their review files; exit 1 on any problem")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(run=_cmd_validate)

    cli_sources.add_commands(sub)
    cli_git.add_commands(sub)
    cli_handout.add_commands(sub)
    return parser


def _cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    summary = import_files(args.sources, args.into, year=args.year, title=args.title, format=args.format)
    for problem in summary.problems:
        print(problem, file=err)
    action = "created" if summary.created else "updated"
    print(
        f"{summary.folder}: {action}; {summary.added} added, {summary.merged} merged, {summary.skipped} skipped, "
        f"{len(summary.problems)} problem{'s' * (len(summary.problems) != 1)}",
        file=out,
    )
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reading_list = ListStore.open(args.list).reading_list
    if args.json:
        json.dump(to_records(reading_list), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_table(reading_list, out)
    return EXIT_OK


def _print_table(reading_list: ReadingList, out: TextIO) -> None:
    width = shutil.get_terminal_size((120, 24)).columns
    readers = reading_list.readers()
    print(f"{reading_list.title} - {len(reading_list)} papers, {len(readers)} reader{'s' * (len(readers) != 1)}", file=out)
    if reading_list.description:
        print(reading_list.description, file=out)
    if not reading_list.papers:
        return
    rows = []
    for paper in reading_list.papers.values():
        mean = mean_rating(reading_list, paper.id)
        rows.append(
            (
                paper.id,
                paper.published.isoformat() if paper.published else "",
                str(paper.upvotes) if paper.upvotes else "",
                f"{mean:.1f}" if mean is not None else "",
                ",".join(reading_list.tags(paper.id)),
                paper.title,
            )
        )
    headers = ("ID", "DATE", "UP", "RATING", "TAGS", "TITLE")
    id_w = min(max(len(r[0]) for r in rows), 48)
    tag_w = min(max([len(r[4]) for r in rows] + [4]), 24)
    fixed = (id_w, 10, 4, 6, tag_w)
    title_w = max(20, width - sum(fixed) - 2 * len(fixed))

    def cell(text: str, w: int) -> str:
        text = " ".join(text.split())  # a title is one line whatever it holds
        return text if len(text) <= w else text[: w - 1] + "…"

    print("  ".join(cell(h, w).ljust(w) for h, w in zip(headers, (*fixed, title_w))).rstrip(), file=out)
    for row in rows:
        print("  ".join(cell(c, w).ljust(w) for c, w in zip(row, (*fixed, title_w))).rstrip(), file=out)


def _resolve_paper(store: ListStore, wanted: str) -> str:
    papers = store.reading_list.papers
    if wanted in papers:
        return wanted
    matches = [pid for pid in papers if pid.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        raise UnknownPaperError(f"{store.list_path}: {wanted!r} matches {len(matches)} papers: {shown}")
    raise UnknownPaperError(f"{store.list_path}: no paper {wanted!r} in this list (see 'readinglist show {store.folder}')")


def _cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reader = args.reader or default_reader()
    store = ListStore.open(args.list)
    paper_id = _resolve_paper(store, args.paper_id)
    review = store.update_review(
        reader,
        paper_id,
        rating=args.rating,
        status=args.status,
        note=args.note,
        add_tags=tuple(args.tag),
        remove_tags=tuple(args.untag),
    )
    stars = "★" * review.rating + "☆" * (5 - review.rating) if review.rating else "unrated"
    tags = ", ".join(review.tags) or "no tags"
    print(f"{paper_id} by {reader}: {stars}, {review.status or 'no status'}, {tags}", file=out)
    if review.note:
        print(f"note: {review.note}", file=out)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    bad = 0
    # Several files of one list (as a pre-commit hook passes them) are one check of that list.
    folders = dict.fromkeys(str(list_folder(p)) for p in args.paths)
    for path in folders:
        problems = ListStore.check(path)
        for problem in problems:
            print(problem, file=err)
        if problems:
            bad += 1
        else:
            store = ListStore.open(path)
            n, r = len(store.reading_list), len(store.reading_list.reviews)
            print(f"{store.folder}: valid ({n} paper{'s' * (n != 1)}, {r} reader{'s' * (r != 1)})", file=out)
    return EXIT_INVALID if bad else EXIT_OK


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
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
    except KeyboardInterrupt:
        print("readinglist: interrupted", file=err)
        return 130
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_USAGE



def main_entry() -> None:
    """Console-script entry point: `readinglist ...`."""
    sys.exit(main())
