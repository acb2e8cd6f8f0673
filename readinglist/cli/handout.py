"""Subcommands about meetings: `export` (handouts) and `session` (the schedule)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..handout import FORMATS, ORDERS, export_handout
from ..handout.api import ALIASES, PAPER_SIZES, normalise_format
from ..model import STATUSES
from ..sessions import DEFAULT_EVERY_DAYS, add_session, papers_from_vote, presenter_load, propose_rotation
from ..store import ListStore
from ..words import plural
from . import common, group
from .common import resolve_paper


def add_commands(sub: Any) -> None:
    p = sub.add_parser("export", help="write a handout: html, pdf, slides, markdown, ipynb, bibtex or csv")
    p.add_argument("list", metavar="LIST")
    p.add_argument("--to", default="html", choices=[*FORMATS, *ALIASES], metavar="FORMAT", help=f"one of {', '.join(FORMATS)} (default: html)")
    p.add_argument(
        "-o", "--output", metavar="FILE",
        help="the file to write (default: handouts/<list>-handout.<ext> or handouts/<list>-<session>.<ext> "
        "at the project root, beside the lists/ folder)",
    )  # fmt: skip
    p.add_argument("--session", type=common.date, metavar="DATE", help="only the papers of the session on DATE (YYYY-MM-DD), with its questions")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only papers carrying this tag (repeatable: every one)")
    p.add_argument("--min-rating", type=common.min_rating, metavar="N", help="only papers whose group rating is at least N")
    p.add_argument("--status", action="append", default=[], choices=STATUSES, metavar="S", help=f"only papers some reader marked S ({', '.join(STATUSES)}; repeatable)")
    p.add_argument("--reader", type=common.reader, help="only papers this reader reviewed; --tag and --status then mean this reader's")
    p.add_argument("--order", choices=ORDERS, default="list", help="list (default), rating (highest first) or date (newest first)")
    p.add_argument("--no-charts", action="store_true", help="leave the charts out")
    p.add_argument("--paper", choices=PAPER_SIZES, type=str.lower, help="page size of html and pdf handouts: a4 (default) or letter")
    p.add_argument("--archive", action="store_true", help="one handout of every past session, newest first, with who came and the minutes")
    p.add_argument("--candidates", type=common.positive, default=0, metavar="N", help="add 'Candidates for next session': the group's top N suggestions, with reasons")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("session", help="list, add and plan the group's sessions (who presents what, when)")
    session_sub = p.add_subparsers(dest="session_command", metavar="ACTION", parser_class=type(p), required=True)
    q = session_sub.add_parser("list", help="the sessions, and how often each reader has presented")
    q.add_argument("list", metavar="LIST")
    q.set_defaults(run=_cmd_session_list)
    q = session_sub.add_parser("add", help="add a session (the presenter is proposed when not given)")
    q.add_argument("list", metavar="LIST")
    q.add_argument("date", type=common.date, metavar="DATE", help="YYYY-MM-DD")
    q.add_argument("--presenter", type=common.reader, help="a reader name (default: the next in the fair rotation)")
    q.add_argument("--paper", action="append", default=[], metavar="ID", help="a paper to discuss (a unique id prefix is enough; repeatable)")
    q.add_argument("--question", action="append", default=[], metavar="TEXT", help="a discussion question (repeatable)")
    group.add_schedule_options(q)
    q.set_defaults(run=_cmd_session_add)
    q = session_sub.add_parser("propose", help="propose dates and presenters for the next sessions, fairly")
    q.add_argument("list", metavar="LIST")
    q.add_argument("--count", type=common.session_count, default=4, help="how many sessions (default: 4)")
    q.add_argument("--every", type=common.days_between, default=DEFAULT_EVERY_DAYS, metavar="DAYS", help=f"days between sessions (default: {DEFAULT_EVERY_DAYS})")
    q.add_argument("--start", type=common.date, metavar="DATE", help="the first date (default: a week after the last session, or today)")
    q.add_argument("--from-vote", type=common.positive, default=0, metavar="N", help="give each session the next N papers from the top of the vote")
    q.set_defaults(run=_cmd_session_propose)
    group.add_session_actions(session_sub)


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.paper is not None and normalise_format(args.to) not in ("html", "pdf"):
        raise common.UsageError(f"readinglist export: --paper applies to html and pdf, not {args.to} (see 'readinglist export --help')")
    done = export_handout(
        args.list, args.to, args.output, session=args.session, tags=args.tag, min_rating=args.min_rating,
        status=args.status, reader=args.reader, order=args.order, charts=not args.no_charts, archive=args.archive,
        candidates=args.candidates,
        paper=args.paper,
    )  # fmt: skip
    extra = f", {plural(len(done.extra), 'image')} in {done.extra[0].parent}" if done.extra else ""
    print(f"{done.path}: {plural(done.papers, 'paper')}{extra}", file=out)
    return 0


def _cmd_session_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reading_list = ListStore.open(args.list).reading_list
    if not reading_list.sessions:
        print("no sessions yet (add one with 'readinglist session add LIST DATE')", file=out)
    for s in reading_list.sessions:
        titles = "; ".join(" ".join(reading_list.papers[p].title.split()) if p in reading_list.papers else f"{p} (not in the list)" for p in s.papers) or "no papers yet"
        questions = f" ({plural(len(s.questions), 'question')})" if s.questions else ""
        when = (f" {s.time:%H:%M}" if s.time else "") + (f" ({s.duration} min)" if s.duration else "") + (f" at {s.place}" if s.place else "")
        came = sum(s.date in days for days in reading_list.attended.values())
        questions += f" ({came} came)" if came else ""
        print(f"{s.date.isoformat()}{when}  {s.presenter or '-':<12}  {titles}{questions}", file=out)
    readers = reading_list.readers()
    if readers:
        load = presenter_load(reading_list, readers)
        print("presented: " + ", ".join(f"{r} {load[r][0]}" for r in readers), file=out)
    return 0


def _cmd_session_add(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = ListStore.open(args.list)
    papers = [resolve_paper(store, p) for p in args.paper]
    if args.from_vote:
        voted = papers_from_vote(store.reading_list, args.from_vote, session=args.date)
        papers += [p for p in voted if p not in papers]
    session = add_session(
        store, args.date, presenter=args.presenter, papers=papers, questions=args.question,
        time=args.time, duration=args.duration, place=args.place,
    )  # fmt: skip
    print(
        f"{store.list_path}: session on {session.date.isoformat()} added, presented by {session.presenter or 'nobody yet'}, "
        f"{plural(len(session.papers), 'paper')}, {plural(len(session.questions), 'question')}",
        file=out,
    )
    return 0


def _cmd_session_propose(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reading_list = ListStore.open(args.list).reading_list
    for proposal in propose_rotation(reading_list, args.count, start=args.start, every_days=args.every, papers_each=args.from_vote):
        papers = f"  {', '.join(proposal.papers)}" if proposal.papers else ""
        print(f"{proposal.date.isoformat()}  {proposal.presenter}  (presented {proposal.presented_before} before){papers}", file=out)
    return 0
