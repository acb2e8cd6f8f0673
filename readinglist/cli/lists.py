"""Subcommands on one list's papers and reviews: `import`, `show`, `review`, `validate`."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from .. import tables
from ..layout import list_folder
from ..model import STATUSES, ReadingList
from ..readers import default_reader
from ..records import ReviewRecords, json_array, record_of, records_mean_rating, records_tags
from ..scan import scan, scan_valid
from ..store import ListStore
from ..terminal import printable
from ..words import plural
from . import common
from .common import EXIT_INVALID, EXIT_OK, resolve_paper


def add_commands(sub: Any) -> None:
    p = sub.add_parser("import", help="import papers from pages, API answers, BibTeX, CSV or arXiv ids into a list")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files to import; the format of each is detected")
    p.add_argument("--into", required=True, metavar="LIST", help="the list folder (or its list.yaml)")
    p.add_argument("--year", type=common.year, help="year the pages were captured; dates shown without a year take it (default: this year)")
    p.add_argument("--title", help="title of the list (set when it is created, changed when given later)")
    common.add_all_problems_option(p)
    # A metavar keeps argparse from listing the choices (importing every importer) at once.
    p.add_argument("--format", choices=common.LazyChoices(_format_names), metavar="FORMAT",
                   help="the sources' format, one of %(choices)s (default: detected)")  # fmt: skip
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("show", help="print a list as a table, or as JSON")
    p.add_argument("list", metavar="LIST")
    p.add_argument("--json", action="store_true", help="a JSON array with one object per paper")
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser("review", help="rate, tag, mark or annotate one paper as one reader")
    p.add_argument("list", metavar="LIST")
    p.add_argument("paper_id", metavar="PAPER_ID", help="the paper's id (a unique prefix is enough)")
    p.add_argument("--reader", type=common.reader, help="your reader name (default: $READINGLIST_READER, git user.name, login)")
    p.add_argument("--rating", type=common.rating, default=..., metavar="N", help="1-5, or 'none' to clear")
    p.add_argument("--status", type=common.status, default=..., metavar="S", help=f"one of {', '.join(STATUSES)}, or 'none'")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag (repeatable)")
    p.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag (repeatable)")
    p.add_argument("--note", default=..., metavar="TEXT", help="the note (replaces the previous one; '' clears it)")
    p.set_defaults(run=_cmd_review)

    p = sub.add_parser("validate", help="check lists and their review files; exit 1 on any problem")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--strict", action="store_true", help="warnings (references to papers not in the list) fail too: for CI")
    p.set_defaults(run=_cmd_validate)


def _format_names() -> list[str]:
    from ..importers import FORMATS  # every importer and its libraries: only when needed

    return sorted(FORMATS)


def _cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..ingest import import_files

    summary = import_files(args.sources, args.into, year=args.year, title=args.title, format=args.format)
    common.print_problems(summary.problems, err, every=args.all_problems)
    action = "created" if summary.created else "updated"
    print(
        f"{summary.folder}: {action}; {summary.added} added, {summary.merged} merged, {summary.skipped} skipped, "
        f"{common.plural(len(summary.problems), 'problem')}",
        file=out,
    )
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # One reader file at a time: each review kept as its record's compact JSON only.
    records = ReviewRecords()
    found = scan_valid(args.list, lambda catalogue, reader, data: records.add(reader, data.reviews, catalogue.papers))
    reading_list, folder = found.catalogue, found.folder
    assert reading_list is not None  # scan_valid refuses a list it could not read
    if args.json:
        _write_json(reading_list, records, out)
    else:
        _print_table(reading_list, found.readers, records.of, out)
    # After the table (on stderr with --json, which stays pure JSON): what is hidden or dangling.
    notes = out if not args.json else err
    if reading_list.removed:
        n = len(reading_list.removed)
        print(f"{common.plural(n, 'removed paper')} not shown ('readinglist remove {folder} ID --undo' brings one back)", file=notes)
    if found.warnings:
        print(
            f"{common.plural(len(found.warnings), 'reference')} to papers not in the list, kept as they are: "
            f"'readinglist validate {folder}' says where",
            file=notes,
        )
    return EXIT_OK


# Pieces of JSON gathered before each write: few writes, and never the whole text at once.
_JSON_WRITE_BYTES = 1 << 20


def _write_json(reading_list: ReadingList, records: ReviewRecords, out: TextIO) -> None:
    """The list as JSON (the bytes of orjson.dumps(to_records(...)), indented), in pieces."""
    pieces: list[bytes] = []
    size = 0
    for piece in json_array(record_of(p, records.of(p.id)) for p in reading_list.papers.values()):
        pieces.append(piece)
        size += len(piece)
        if size >= _JSON_WRITE_BYTES:
            out.write(b"".join(pieces).decode("utf-8"))
            pieces, size = [], 0
    out.write(b"".join(pieces).decode("utf-8") + "\n")


def _print_table(reading_list: ReadingList, readers: int, reviews_of: Callable[[str], dict[str, dict[str, Any]]], out: TextIO) -> None:
    """The list as a table; `reviews_of(paper_id)`: reader -> review record (records.review_record)."""
    # COLUMNS wins (shutil reads it first); then the terminal's own size; 80 when piped.
    width = max(20, shutil.get_terminal_size((80, 24)).columns)
    heading = f"{reading_list.title} - {plural(len(reading_list), 'paper')}, {plural(readers, 'reader')}"
    print(tables.clip(printable(" ".join(heading.split())), width), file=out)
    if reading_list.description:
        for line in textwrap.wrap(printable(" ".join(reading_list.description.split())), width) or [""]:
            print(tables.clip(line, width), file=out)
    if not reading_list.papers:
        return
    short = tables.short_ids(list(reading_list.papers))
    rows = []
    for paper in reading_list.papers.values():
        reviews = reviews_of(paper.id)
        mean = records_mean_rating(reviews)
        rows.append(
            [
                short[paper.id],
                paper.published.isoformat() if paper.published else "",
                str(paper.upvotes) if paper.upvotes else "",
                f"{mean:.1f}" if mean is not None else "",
                ",".join(records_tags(reviews)),
                paper.title,
            ]
        )
    rows = [[printable(" ".join(cell.split())) for cell in row] for row in rows]  # one line each, inert
    headers = ["ID", "DATE", "UP", "RATING", "TAGS", "TITLE"]

    def widest(i: int, cap: int = 1_000) -> int:
        return min(cap, max(tables.text_width(r[i]) for r in [headers, *rows]))

    columns = [
        tables.Column("ID", widest(0)),
        tables.Column("DATE", widest(1), drop_order=3),
        tables.Column("UP", widest(2), drop_order=2),
        tables.Column("RATING", widest(3)),
        tables.Column("TAGS", widest(4, cap=24), min_width=6, drop_order=1),
        tables.Column("TITLE", widest(5)),
    ]
    widths = tables.fit(columns, width, last_min=min(widest(5), 36))
    for line in tables.render_rows([headers, *rows], widths, width):
        print(line, file=out)


def _cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reader = args.reader or default_reader()
    store = ListStore.open_reader(args.list, reader)  # one reader's file, not every paper
    paper_id = resolve_paper(store, args.paper_id)
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
        # One reader file at a time: a list of hundreds of readers is checked in the memory of one.
        found = scan(path)
        for problem in found.problems:
            print(problem, file=err)
        if not found.valid or found.catalogue is None:
            bad += 1
            continue
        warnings = found.warnings
        for warning in warnings:
            print(f"warning: {warning}", file=err)
        n, r = len(found.catalogue), found.readers
        extra = f", {common.plural(len(warnings), 'warning')}" if warnings else ""
        print(f"{found.folder}: valid ({common.plural(n, 'paper')}, {common.plural(r, 'reader')}{extra})", file=out)
        if warnings and args.strict:
            bad += 1
    return EXIT_INVALID if bad else EXIT_OK
