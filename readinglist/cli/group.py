"""Subcommands for running the group: `vote`, `fetch-hf`, `enrich`, and the session actions
`ics`, `attend`, `minutes` and `timezone` (added to `readinglist session`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from ..diskio import atomic_write
from ..errors import InputError, MissingPathError
from ..meetings import attend, write_minutes
from ..readers import default_reader
from ..schema_group import MAX_DURATION_MINUTES, parse_time
from ..sessions import set_timezone, update_schedule
from ..store import ListStore
from ..voting import VoteResult, cast_ballot, clear_ballot, results
from . import common
from .common import plural, resolve_paper


def time_of_day(text: str) -> Any:
    value = parse_time(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"expected a time HH:MM (24-hour, such as 18:30), not {text!r}")
    return value


minutes_long = common.whole_number(1, MAX_DURATION_MINUTES, "a duration in minutes")
upvote_count = common.whole_number(0, 999_999_999, "the number of upvotes")


def time_or_none(text: str) -> Any:
    return None if text.lower() == "none" else time_of_day(text)


def duration_or_none(text: str) -> int | None:
    return None if text.lower() == "none" else minutes_long(text)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("vote", help="vote on what to read next (approval or ranked ballot), or show the results")
    p.add_argument("list", metavar="LIST")
    p.add_argument("--reader", type=common.reader, help="your reader name (default: $READINGLIST_READER, git user.name, login)")
    p.add_argument("--session", type=common.date, metavar="DATE", help="the ballot chooses for the session on DATE (default: the next session)")
    # Not `required=True`: argparse would then report a missing action before an unknown option.
    action = p.add_mutually_exclusive_group()
    action.add_argument("--approve", nargs="+", metavar="ID", help="approve these papers (any number; unique id prefixes are enough)")
    action.add_argument("--rank", nargs="+", metavar="ID", help="rank these papers, best first")
    action.add_argument("--clear", action="store_true", help="withdraw your ballot")
    action.add_argument("--results", action="store_true", help="the standings: Schulze for ranked ballots, approvals otherwise")
    p.add_argument("--json", action="store_true", help="with --results: one JSON object with method and standings")
    p.set_defaults(run=_cmd_vote)

    p = sub.add_parser("fetch-hf", help="fetch the Hugging Face daily papers of a date, week or month into a list (network)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD")
    when.add_argument("--week", metavar="YYYY-Www", help="an ISO week, such as 2026-W24")
    when.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--min-upvotes", type=upvote_count, default=0, metavar="N", help="leave out papers with fewer upvotes")
    p.add_argument("--into", required=True, metavar="LIST")
    p.add_argument("--title", help="title of the list when it is created")
    common.add_all_problems_option(p)
    p.set_defaults(run=_cmd_fetch_hf)

    p = sub.add_parser("enrich", help="add citation counts and TLDRs from Semantic Scholar (network)")
    p.add_argument("list", metavar="LIST")
    common.add_all_problems_option(p)
    p.set_defaults(run=_cmd_enrich)


def add_session_actions(session_sub: Any) -> None:
    """The group's own actions under `readinglist session`."""
    q = session_sub.add_parser("ics", help="the sessions as a calendar file (RFC 5545) for calendar apps")
    q.add_argument("list", metavar="LIST")
    q.add_argument("-o", "--output", metavar="FILE", help="the .ics file to write (default: print it)")
    q.set_defaults(run=_cmd_ics)
    q = session_sub.add_parser("attend", help="record that you came to a session")
    q.add_argument("list", metavar="LIST")
    q.add_argument("date", type=common.date, metavar="DATE")
    q.add_argument("--reader", type=common.reader, help="your reader name (default: $READINGLIST_READER, git user.name, login)")
    q.add_argument("--undo", action="store_true", help="remove the record")
    q.set_defaults(run=_cmd_attend)
    q = session_sub.add_parser("minutes", help="write your minutes of a session (empty text removes them)")
    q.add_argument("list", metavar="LIST")
    q.add_argument("date", type=common.date, metavar="DATE")
    q.add_argument("--reader", type=common.reader, help="your reader name (default: $READINGLIST_READER, git user.name, login)")
    q.add_argument("--text", required=True, help="the minutes (replace what you wrote before)")
    q.set_defaults(run=_cmd_minutes)
    q = session_sub.add_parser("set", help="change a session's time, duration or place")
    q.add_argument("list", metavar="LIST")
    q.add_argument("date", type=common.date, metavar="DATE")
    # Left out of the namespace unless given: `none` (None) then means "clear it".
    q.add_argument("--time", type=time_or_none, default=argparse.SUPPRESS, metavar="HH:MM", help="start time, local to the list's time zone ('none' clears it)")
    q.add_argument("--duration", type=duration_or_none, default=argparse.SUPPRESS, metavar="MINUTES", help="how long it lasts ('none' clears it)")
    q.add_argument("--place", default=argparse.SUPPRESS, metavar="TEXT", help="a room or a link ('' clears it)")
    q.set_defaults(run=_cmd_session_set)
    q = session_sub.add_parser("timezone", help="show or set the list's time zone (session times are local times there)")
    q.add_argument("list", metavar="LIST")
    q.add_argument("zone", nargs="?", metavar="ZONE", help="an IANA name such as Europe/Berlin (default: show it)")
    q.set_defaults(run=_cmd_timezone)


def add_schedule_options(q: Any) -> None:
    """`session add`: when, for how long, where; papers from the vote."""
    q.add_argument("--time", type=time_of_day, metavar="HH:MM", help="start time, local to the list's time zone")
    q.add_argument("--duration", type=minutes_long, metavar="MINUTES", help="how long it lasts (calendar default: 60)")
    q.add_argument("--place", metavar="TEXT", default="", help="a room or a link")
    q.add_argument("--from-vote", type=common.positive, metavar="N", help="also take the top N papers of the vote")


def _cmd_vote(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not (args.approve or args.rank or args.clear or args.results):
        raise common.UsageError("readinglist vote: one of --approve, --rank, --clear or --results is required (see 'readinglist vote --help')")
    which = f"the session on {args.session.isoformat()}" if args.session else "the next session"
    if args.results:
        _print_results(results(ListStore.open(args.list).reading_list, args.session), which, args.json, out)
        return 0
    if args.json:
        raise common.UsageError("readinglist vote: --json goes with --results (see 'readinglist vote --help')")
    reader = args.reader or default_reader()
    store = ListStore.open_reader(args.list, reader)  # one reader's file, not every paper
    if args.clear:
        done = clear_ballot(store, reader, session=args.session)
        print(f"{store.folder}: {reader}'s ballot for {which} {'withdrawn' if done else 'was not there: nothing to withdraw'}", file=out)
        return 0
    kind, wanted = ("rank", args.rank) if args.rank else ("approve", args.approve)
    papers = [resolve_paper(store, w) for w in wanted]
    ballot = cast_ballot(store, reader, kind, papers, session=args.session)
    what = "ranked" if kind == "rank" else "approval"
    note = ""
    if args.session and not any(s.date == args.session for s in store.reading_list.sessions):
        note = f" (no session on {args.session.isoformat()} yet)"
    print(f"{store.folder}: {reader}'s {what} ballot for {which}{note}: {plural(len(ballot.papers), 'paper')}", file=out)
    return 0


def _print_results(result: VoteResult, which: str, as_json: bool, out: TextIO) -> None:
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), file=out)
        return
    if not result.standings:
        print(f"no ballots for {which} yet (vote with 'readinglist vote LIST --rank ID...')", file=out)
        return
    print(f"{which}: {plural(result.ballots, 'ballot')}, counted by {result.method} (ties: more first preferences, then list order)", file=out)
    for s in result.standings:
        if result.method == "schulze":
            facts = f"beats {s.counts['beats']}, first on {s.counts['first_preferences']}, on {plural(s.counts['ballots'], 'ballot')}"
        else:
            facts = plural(s.counts["approvals"], "approval")
        print(f"{s.place:>3}. {s.paper_id}  {s.title}  ({facts})", file=out)


def _cmd_fetch_hf(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not (args.date or args.week or args.month):
        raise common.UsageError("readinglist fetch-hf: one of --date, --week or --month is required (see 'readinglist fetch-hf --help')")
    from .. import hf_fetch  # the network stack and the importers: only for this command

    # The transport and pause are read when the command runs, so tests can point them at recordings.
    summary = hf_fetch.fetch_hf(
        args.into, date=args.date, week=args.week, month=args.month, min_upvotes=args.min_upvotes,
        transport=hf_fetch.hf_transport, delay=hf_fetch.POLITE_DELAY_S, title=args.title,
    )  # fmt: skip
    common.print_problems(summary.problems, err, every=args.all_problems)
    left = f", {summary.left_out} below {args.min_upvotes} upvotes" if summary.left_out else ""
    print(
        f"{summary.folder}: {'created; ' if summary.created else ''}{summary.added} added, {summary.merged} merged, "
        f"{summary.skipped} already known{left}, {plural(len(summary.problems), 'problem')}",
        file=out,
    )
    return 0


def _cmd_enrich(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .. import scholar  # the network stack: only for this command

    summary = scholar.enrich_citations(args.list, transport=scholar.scholar_transport, delay=scholar.POLITE_DELAY_S)
    common.print_problems(summary.problems, err, every=args.all_problems)
    print(
        f"{summary.folder}: {len(summary.enriched)} enriched, {len(summary.unchanged)} unchanged, "
        f"{plural(summary.requests, 'request')}, {plural(len(summary.problems), 'problem')}",
        file=out,
    )
    return 0


def _cmd_ics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..calendar_ics import calendar_bytes  # icalendar: only for this command

    store = ListStore.open(args.list)
    data = calendar_bytes(store.reading_list, store.folder.resolve().name)
    if args.output is None:
        # The calendar's own CRLF line ends go out as they are (calendar_ics keeps every other
        # control character out of the text), so `session ics LIST > moe.ics` is a valid file.
        getattr(out, "raw", out).write(data.decode("utf-8"))
        return 0
    path = Path(args.output)
    path = path.parent.resolve() / path.name  # a link planted at the output is replaced, not followed
    if not path.parent.is_dir():
        raise MissingPathError(f"{path.parent}: no such folder for the calendar file")
    if path.is_dir() and not path.is_symlink():
        raise InputError(f"{path}: is a folder; name the .ics file to write")
    atomic_write(path, data)
    print(f"{path}: {plural(len(store.reading_list.sessions), 'session')}", file=out)
    return 0


def _cmd_attend(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reader = args.reader or default_reader()
    store = ListStore.open_reader(args.list, reader)  # one reader's file, not every paper
    attend(store, reader, args.date, present=not args.undo)
    verb = "did not come to" if args.undo else "came to"
    print(f"{store.folder}: {reader} {verb} the session on {args.date.isoformat()}", file=out)
    return 0


def _cmd_minutes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reader = args.reader or default_reader()
    store = ListStore.open_reader(args.list, reader)  # one reader's file, not every paper
    minutes = write_minutes(store, reader, args.date, args.text)
    done = f"{plural(len(minutes.text.splitlines()), 'line')} of minutes" if minutes else "minutes removed"
    print(f"{store.folder}: {reader}'s {done} for the session on {args.date.isoformat()}", file=out)
    return 0


def _cmd_session_set(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    changes = {k: getattr(args, k) for k in ("time", "duration", "place") if hasattr(args, k)}
    if not changes:
        raise common.UsageError("readinglist session set: give --time, --duration or --place (see 'readinglist session set --help')")
    store = ListStore.open(args.list)
    session = update_schedule(store, args.date, **changes)
    when = f"{session.time:%H:%M}" if session.time else "no time"
    length = f"{session.duration} minutes" if session.duration else "no duration"
    print(f"{store.list_path}: session on {args.date.isoformat()}: {when}, {length}, {session.place or 'no place'}", file=out)
    return 0


def _cmd_timezone(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = ListStore.open(args.list)
    if args.zone is None:
        print(store.reading_list.timezone, file=out)
        return 0
    set_timezone(store, args.zone)
    print(f"{store.list_path}: time zone {args.zone}", file=out)
    return 0
