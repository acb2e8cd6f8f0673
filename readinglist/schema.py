"""The list format: checking loaded YAML data and turning it into model objects.

Every problem names the file, the line and the field. The same rules are published as
JSON Schemas (`schemas/*.schema.json`) for editors; tests keep the two in agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .checks import FORMAT_VERSION, LINK_KIND, READER_PATTERN, URL, Checker, check_date, kind_of, shown
from .errors import Problem
from .ids import ID_PATTERN
from .model import (
    DUPLICATE_DECISIONS,
    RATINGS,
    STATUSES,
    DuplicateDecision,
    Org,
    Paper,
    ReadingList,
    Removal,
    Review,
    Session,
    Source,
    format_timestamp,
    normalise_tag,
    parse_timestamp,
)
from .participation import ReaderFile
from .schema_group import (
    attended_from_data,
    ballots_from_data,
    check_timezone,
    minutes_from_data,
    scholar_facts,
    session_schedule,
)
from .yamlio import LineMap

LIST_KEYS = ("format_version", "title", "description", "timezone", "sessions", "duplicates", "papers", "removed")
PAPER_KEYS = (
    "id", "title", "abstract", "authors", "author_count", "org", "published", "year", "venue",
    "upvotes", "arxiv_id", "doi", "links", "suggested_tags", "semantic_scholar", "sources",
)  # fmt: skip
ORG_KEYS = ("handle", "name")
SOURCE_KEYS = ("format", "file", "line")
REVIEW_FILE_KEYS = ("format_version", "reader", "reviews", "ballots", "attended", "minutes")
REVIEW_KEYS = ("paper", "rating", "status", "tags", "note", "updated")
SESSION_KEYS = ("date", "time", "duration", "place", "presenter", "papers", "questions")
DUPLICATE_KEYS = ("kept", "other", "decision", "other_title")
REMOVAL_KEYS = ("removed_by", "removed_at")  # a removed paper: these, then the paper's own keys

def _paper(check: Checker, data: Any, line: int | None, index: int, section: str = "papers", extra: tuple[str, ...] = ()) -> Paper | None:
    where = f"{section}[{index}]"
    if not check.mapping(data, line, where, PAPER_KEYS + extra, ("id", "title") + extra):
        return None
    before = len(check.problems)
    pid = data["id"]
    if not isinstance(pid, str) or not ID_PATTERN.fullmatch(pid):
        check.problem(check.lines.of_key(data, "id"), f"{where}.id", f"not a paper id: {shown(pid)} (lower-case letters, digits and . _ / -)")
    title = check.text(data, "title", f"{where}.title", required=True)
    abstract = check.text(data, "abstract", f"{where}.abstract") or ""
    authors = check.text_list(data, "authors", f"{where}.authors")
    author_count = check.integer(data, "author_count", f"{where}.author_count")
    upvotes = check.integer(data, "upvotes", f"{where}.upvotes") or 0
    year = check.integer(data, "year", f"{where}.year", minimum=1000, maximum=9999)
    venue = check.text(data, "venue", f"{where}.venue") or ""
    arxiv_id = check.text(data, "arxiv_id", f"{where}.arxiv_id")
    doi = check.text(data, "doi", f"{where}.doi")
    suggested_tags = check.text_list(data, "suggested_tags", f"{where}.suggested_tags")
    org = None
    raw_org = data.get("org")
    if raw_org is not None:
        org_line = check.lines.of_key(data, "org")
        if check.mapping(raw_org, org_line, f"{where}.org", ORG_KEYS, ORG_KEYS):
            handle = check.text(raw_org, "handle", f"{where}.org.handle", required=True)
            name = check.text(raw_org, "name", f"{where}.org.name", required=True)
            if handle and name:
                org = Org(handle, name)
    published = None
    raw_date = data.get("published")
    if raw_date is not None:
        published = check_date(check, raw_date, check.lines.of_key(data, "published"), f"{where}.published")
    links = _links(check, data, where)
    scholar = scholar_facts(check, data, where)
    sources = _sources(check, data, where)
    if len(check.problems) > before:
        return None
    return Paper(
        id=pid, title=title or "", abstract=abstract, authors=tuple(authors), author_count=author_count,
        org=org, published=published, year=year, venue=venue, upvotes=upvotes, arxiv_id=arxiv_id, doi=doi,
        links=links, suggested_tags=tuple(suggested_tags), semantic_scholar=scholar, sources=sources,
    )  # fmt: skip


def _links(check: Checker, data: dict[str, Any], where: str) -> dict[str, str]:
    raw = data.get("links")
    if raw is None:
        return {}
    line = check.lines.of_key(data, "links")
    if not isinstance(raw, dict):
        check.problem(line, f"{where}.links", f"expected a mapping of kind to URL, found {kind_of(raw)}")
        return {}
    links = {}
    for kind, url in raw.items():
        kind_line = check.lines.of_key(raw, kind)
        if not LINK_KIND.fullmatch(kind):
            check.problem(kind_line, f"{where}.links", f"not a link kind: {kind!r} (lower-case letters, digits, -)")
        elif not isinstance(url, str) or not URL.fullmatch(url):
            check.problem(kind_line, f"{where}.links.{kind}", f"expected an http(s) URL, found {shown(url)}")
        else:
            links[kind] = url
    return links


def _sources(check: Checker, data: dict[str, Any], where: str) -> tuple[Source, ...]:
    raw = data.get("sources")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.problem(check.lines.of_key(data, "sources"), f"{where}.sources", f"expected a list, found {kind_of(raw)}")
        return ()
    sources = []
    for i, item in enumerate(raw):
        field = f"{where}.sources[{i}]"
        if not check.mapping(item, check.lines.of_item(raw, i), field, SOURCE_KEYS, ("format", "file")):
            continue
        fmt = check.text(item, "format", f"{field}.format", required=True)
        file = check.text(item, "file", f"{field}.file", required=True)
        line = check.integer(item, "line", f"{field}.line", minimum=1)
        if fmt and file:
            sources.append(Source(fmt, file, line))
    return tuple(sources)


def list_from_data(data: Any, lines: LineMap, file: str) -> tuple[ReadingList | None, list[Problem]]:
    """The reading list (without reviews) held by a loaded list.yaml, and its problems."""
    check = Checker(file, lines)
    if not check.mapping(data, 1, "", LIST_KEYS, ("format_version", "title")):
        # A newer version may have new keys: say "upgrade" rather than "unknown key".
        if isinstance(data, dict) and not check.version(data):
            return None, [p for p in check.problems if p.field == "format_version"]
        return None, check.problems
    if not check.version(data):
        return None, check.problems
    title = check.text(data, "title", "title", required=True)
    description = check.text(data, "description", "description") or ""
    timezone = check_timezone(check, data)
    papers: dict[str, Paper] = {}
    raw_papers = check.sequence(data, "papers", "papers")
    seen_lines: dict[str, int | None] = {}
    for i, raw in enumerate(raw_papers):
        line = lines.of_item(raw_papers, i)
        paper = _paper(check, raw, line, i)
        if paper is None:
            continue
        if paper.id in papers:
            check.problem(
                line, f"papers[{i}].id",
                f"duplicate paper id {paper.id!r} (first on line {seen_lines[paper.id]}); "
                "git's text merge of two versions of a list does this: keep one of the two, and run "
                "'readinglist git-setup' so this clone merges lists by meaning",
            )  # fmt: skip
            continue
        papers[paper.id] = paper
        seen_lines[paper.id] = line
    removed = _removals(check, data, papers, seen_lines)
    sessions = _sessions(check, data)
    duplicates = _duplicates(check, data)
    if check.problems:
        return None, check.problems
    reading_list = ReadingList(
        title=title or "", description=description, papers=papers, sessions=sessions, duplicates=duplicates, removed=removed
    )
    reading_list.timezone = timezone
    return reading_list, []


def _removals(check: Checker, data: dict[str, Any], papers: dict[str, Paper], seen_lines: dict[str, int | None]) -> dict[str, Removal]:
    """Papers taken out with `readinglist remove`: each a whole paper plus who and when."""
    raw = check.sequence(data, "removed", "removed papers")
    removed: dict[str, Removal] = {}
    for i, item in enumerate(raw):
        line = check.lines.of_item(raw, i)
        before = len(check.problems)
        paper = _paper(check, item, line, i, "removed", REMOVAL_KEYS)
        if paper is None:
            continue
        where = f"removed[{i}]"
        by = check.text(item, "removed_by", f"{where}.removed_by", required=True)
        if by is not None and not READER_PATTERN.fullmatch(by):
            check.problem(check.lines.of_key(item, "removed_by"), f"{where}.removed_by", f"not a reader name: {shown(by)} (a-z, 0-9, '_', '-')")
        at = None
        raw_at = item.get("removed_at")
        try:
            at = parse_timestamp(raw_at) if isinstance(raw_at, str) else None
        except ValueError:
            pass
        if at is None:
            check.problem(check.lines.of_key(item, "removed_at"), f"{where}.removed_at", f"expected a time such as 2026-01-31T12:00:00Z, found {shown(raw_at)}")
        if paper.id in papers or paper.id in removed:
            check.problem(
                check.lines.of_key(item, "id"), f"{where}.id",
                f"paper id {paper.id!r} is already used (line {seen_lines[paper.id]}): a paper is either in the list or removed; "
                "git's text merge does this: keep one, and run 'readinglist git-setup'",
            )  # fmt: skip
        if len(check.problems) > before or by is None or at is None:
            continue
        removed[paper.id] = Removal(paper, by, at)
        seen_lines[paper.id] = check.lines.of_key(item, "id")
    return removed


def _duplicates(check: Checker, data: dict[str, Any]) -> list[DuplicateDecision]:
    """Decisions about look-alike papers (readinglist dedupe). The papers they name are not
    checked here: a decision merged from another clone may name a paper this one never had
    (references.py reports those as warnings)."""
    raw = check.sequence(data, "duplicates", "decisions")
    decisions = []
    for i, item in enumerate(raw):
        where, line = f"duplicates[{i}]", check.lines.of_item(raw, i)
        if not check.mapping(item, line, where, DUPLICATE_KEYS, ("kept", "other", "decision")):
            continue
        kept = check.text(item, "kept", f"{where}.kept", required=True)
        other = check.text(item, "other", f"{where}.other", required=True)
        decision = check.text(item, "decision", f"{where}.decision", required=True)
        other_title = check.text(item, "other_title", f"{where}.other_title") or ""
        if decision is not None and decision not in DUPLICATE_DECISIONS:
            check.problem(check.lines.of_key(item, "decision"), f"{where}.decision", f"expected merged or distinct, found {shown(decision)}")
            continue
        if kept and other and decision:
            decisions.append(DuplicateDecision(kept, other, decision, other_title))
    return decisions


def _sessions(check: Checker, data: dict[str, Any]) -> list[Session]:
    """The schedule: sessions in date order, each date once, papers named by id (a paper
    that is not in the list is kept and reported by references.py, never refused)."""
    raw = check.sequence(data, "sessions", "sessions")
    sessions: list[Session] = []
    first_line: dict[dt.date, int | None] = {}
    for i, item in enumerate(raw):
        where, line = f"sessions[{i}]", check.lines.of_item(raw, i)
        if not check.mapping(item, line, where, SESSION_KEYS, ("date",)):
            continue
        before = len(check.problems)
        date = check_date(check, item["date"], check.lines.of_key(item, "date"), f"{where}.date")
        if date is not None and date in first_line:
            check.problem(check.lines.of_key(item, "date"), f"{where}.date", f"a second session on {date} (first on line {first_line[date]})")
        presenter = check.text(item, "presenter", f"{where}.presenter")
        if presenter is not None and not READER_PATTERN.fullmatch(presenter):
            check.problem(check.lines.of_key(item, "presenter"), f"{where}.presenter", f"not a reader name: {shown(presenter)} (a-z, 0-9, '_', '-')")
        ids = check.text_list(item, "papers", f"{where}.papers")
        raw_ids = item.get("papers")
        for j, pid in enumerate(ids if isinstance(raw_ids, list) and len(ids) == len(raw_ids) else ()):
            if pid in ids[:j]:
                check.problem(check.lines.of_item(raw_ids, j), f"{where}.papers[{j}]", f"paper {pid!r} is listed twice")
        questions = check.text_list(item, "questions", f"{where}.questions")
        time, duration, place = session_schedule(check, item, where)
        if len(check.problems) > before or date is None:
            continue
        first_line[date] = check.lines.of_key(item, "date")
        sessions.append(
            Session(date=date, presenter=presenter, papers=tuple(ids), questions=tuple(questions), time=time, duration=duration, place=place)
        )
    return sorted(sessions, key=lambda s: s.date)


def reader_file_from_data(
    data: Any, lines: LineMap, file: str, *, reader: str
) -> tuple[ReaderFile | None, list[Problem]]:
    """Everything in a loaded reader file (reviews, ballots, attendance, minutes), and its problems.

    Reviews and ballots of papers the list does not hold are kept, not refused: git merges
    reader files apart from the list, so one may arrive before its paper or after its
    removal. references.py reports them."""
    check = Checker(file, lines)
    if not check.mapping(data, 1, "", REVIEW_FILE_KEYS, ("format_version", "reader")):
        if isinstance(data, dict) and not check.version(data):
            return None, [p for p in check.problems if p.field == "format_version"]
        return None, check.problems
    if not check.version(data):
        return None, check.problems
    named = check.text(data, "reader", "reader", required=True)
    if named is not None and named != reader:
        check.problem(lines.of_key(data, "reader"), "reader", f"file of reader {reader!r} names reader {named!r}")
    raw_reviews = check.sequence(data, "reviews", "reviews")
    reviews: dict[str, Review] = {}
    first_line: dict[str, int | None] = {}
    for i, raw in enumerate(raw_reviews):
        line = lines.of_item(raw_reviews, i)
        review = _review(check, raw, line, i)
        if review is None:
            continue
        if review.paper_id in reviews:
            check.problem(line, f"reviews[{i}].paper", f"second review of {review.paper_id!r} (first on line {first_line[review.paper_id]})")
            continue
        reviews[review.paper_id] = review
        first_line[review.paper_id] = line
    ballots = ballots_from_data(check, data)
    attended = attended_from_data(check, data)
    minutes = minutes_from_data(check, data)
    if check.problems:
        return None, check.problems
    return ReaderFile(reviews=reviews, ballots=ballots, attended=attended, minutes=minutes), []


def _review(check: Checker, raw: Any, line: int | None, i: int) -> Review | None:
    where = f"reviews[{i}]"
    if not check.mapping(raw, line, where, REVIEW_KEYS, ("paper",)):
        return None
    before = len(check.problems)
    paper_id = check.text(raw, "paper", f"{where}.paper", required=True)
    rating = check.integer(raw, "rating", f"{where}.rating", minimum=min(RATINGS), maximum=max(RATINGS))
    status = raw.get("status")
    if status is not None and status not in STATUSES:
        check.problem(check.lines.of_key(raw, "status"), f"{where}.status", f"expected one of {', '.join(STATUSES)}, found {shown(status)}")
    tags = check.text_list(raw, "tags", f"{where}.tags")
    raw_tags = raw.get("tags")
    for t, tag in enumerate(tags if isinstance(raw_tags, list) and len(tags) == len(raw_tags) else ()):
        if normalise_tag(tag) != tag:
            check.problem(check.lines.of_item(raw_tags, t), f"{where}.tags[{t}]", f"tag {tag!r} should be written {normalise_tag(tag)!r}")
    if len(set(tags)) != len(tags):
        check.problem(check.lines.of_key(raw, "tags"), f"{where}.tags", "a tag is listed twice")
    note = check.text(raw, "note", f"{where}.note") or ""
    updated = None
    raw_updated = raw.get("updated")
    if raw_updated is not None:
        try:
            if not isinstance(raw_updated, str):
                raise ValueError
            updated = parse_timestamp(raw_updated)
        except ValueError:
            check.problem(check.lines.of_key(raw, "updated"), f"{where}.updated", f"expected a time such as 2026-01-31T12:00:00Z, found {shown(raw_updated)}")
    if len(check.problems) > before or paper_id is None:
        return None
    return Review(paper_id=paper_id, rating=rating, status=status, tags=tuple(tags), note=note, updated=updated)


def list_to_head(reading_list: ReadingList) -> dict[str, Any]:
    head: dict[str, Any] = {"format_version": FORMAT_VERSION, "title": reading_list.title}
    if reading_list.description:
        head["description"] = reading_list.description
    if reading_list.timezone != "UTC":
        head["timezone"] = reading_list.timezone
    if reading_list.sessions:
        head["sessions"] = [session_to_data(s) for s in sorted(reading_list.sessions, key=lambda s: s.date)]
    if reading_list.duplicates:
        head["duplicates"] = [{k: v for k, v in d.to_dict().items() if v} for d in reading_list.duplicates]
    return head


def session_to_data(session: Session) -> dict[str, Any]:
    """The session as written in list.yaml: empty fields left out, keys in format order."""
    return {k: v for k, v in session.to_dict().items() if v not in (None, "", [])}


def removal_to_data(removal: Removal) -> dict[str, Any]:
    """A removed paper as written under `removed:`: its id, who and when, then its fields."""
    data = paper_to_data(removal.paper)
    head = {"id": data.pop("id"), "removed_by": removal.by, "removed_at": format_timestamp(removal.at)}
    return {**head, **data}


def list_to_tail(reading_list: ReadingList) -> dict[str, Any]:
    """What list.yaml holds after its papers: the removed ones."""
    return {"removed": [removal_to_data(r) for r in reading_list.removed.values()]} if reading_list.removed else {}


def paper_to_data(paper: Paper) -> dict[str, Any]:
    """The paper as written in list.yaml: empty fields left out, keys in format order."""
    data = {k: v for k, v in paper.to_dict().items() if v not in (None, "", [], {}) and not (k == "upvotes" and v == 0)}
    if "semantic_scholar" in data:
        data["semantic_scholar"] = {k: v for k, v in data["semantic_scholar"].items() if v != ""}
    return data


def review_to_data(review: Review) -> dict[str, Any]:
    return {k: v for k, v in review.to_dict().items() if v not in (None, "", [])}


def paper_from_data(check: Checker, data: Any, line: int | None, index: int) -> Paper | None:
    """One paper of list.yaml (the item at `papers[index]`); problems go to `check`."""
    return _paper(check, data, line, index)


def review_from_data(check: Checker, data: Any, line: int | None, index: int) -> Review | None:
    """One review of a review file (the item at `reviews[index]`); problems go to `check`."""
    return _review(check, data, line, index)


def head_problems(data: Any, lines: LineMap, file: str, papers: dict[str, Paper]) -> list[Problem]:
    """The problems of list.yaml but its papers (the head, and the removed papers after
    them), given the papers it holds."""
    check = Checker(file, lines)
    if not check.mapping(data, 1, "", LIST_KEYS, ("format_version", "title")) or not check.version(data):
        return check.problems
    check.text(data, "title", "title", required=True)
    check.text(data, "description", "description")
    check_timezone(check, data)
    _sessions(check, data)
    _duplicates(check, data)
    _removals(check, data, papers, dict.fromkeys(papers))
    return check.problems
