"""Hypothesis strategies for the list format: text, papers, reviews and whole reading lists.

Text is drawn from all of Unicode except the surrogates U+D800-U+DFFF, mixed with fragments
chosen to trip YAML up: line breaks of every kind (LF, CR, CRLF, NEL U+0085, LS U+2028,
PS U+2029), tabs, leading and trailing spaces, quotes, `#`, `: `, `- `, `---`, `...`,
words YAML 1.1 would turn into booleans, nulls, numbers or dates (`no`, `null`, `~`,
`2101.00010`, `2024-13-45`), emoji, combining characters, right-to-left text, the BOM,
C0/C1 control characters and the non-characters U+FFFE/U+FFFF.

Why surrogates are the only exclusion: a lone surrogate is not a Unicode scalar value, so
it has no UTF-8 encoding and no YAML escape (`\\uD800` is invalid YAML), and the files are
UTF-8. Every other code point can be carried, if need be as a double-quoted escape
(`"\\0"`, `"\\x1B"`, `"\\N"`, `"\\uFEFF"`, `"\\U0001F600"`). The test module checks that
the store refuses surrogates rather than writing something else.

Values are otherwise as the schema requires them (`readinglist.schema`), since the
round-trip properties are about faithful storage of valid lists: titles, org handles and
names, authors and source fields contain something besides white space (`str.strip`),
tags are normalised and unique, numbers are within the schema's bounds.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import strategies as st

from readinglist.ids import ID_PATTERN
from readinglist.model import (
    RATINGS,
    STATUSES,
    Org,
    Paper,
    ReadingList,
    Removal,
    Review,
    ScholarFacts,
    Session,
    Source,
    normalise_tag,
)
from readinglist.participation import Ballot, Minutes
from readinglist.schema import READER_PATTERN

UTC = dt.timezone.utc

# Fragments that YAML treats specially somewhere (indicators, document markers, implicit
# types of YAML 1.1 and 1.2, escapes, line breaks) plus scripts and marks that editors and
# emitters get wrong.
TRICKY = (
    "\n", "\r\n", "\r", "\t", " ", "  ", "\u0085", "\u2028", "\u2029", "\ufeff",
    "'", '"', "''", "\\", "\\n", "#", " #", ": ", ":", "- ", "-", "? ", "---", "...",
    "|", "|-", ">", ">+", "&anchor", "*alias", "!tag", "!!str", "%YAML 1.2", "@", "`",
    "{", "}", "[", "]", ",", "<<", "=",
    "no", "No", "NO", "yes", "on", "off", "y", "n", "true", "False",
    "null", "Null", "NULL", "~", "", "0", "007", "0o17", "0x1F", "1e3", "1_000", ".5",
    "-.inf", ".NaN", "+1", "2101.00010", "1:20", "2024-13-45", "2024-01-02",
    "2024-01-02T03:04:05Z", "2001-12-14 21:59:43.10 -5",
    "😀", "👩‍🔬", "🇪🇺", "e\u0301", "a\u0308\u0301", "\u0301", "שלום", "مرحبا بالعالم",
    "\u202e", "\u200b", "\u200d", "\u00a0", "\u3000", "Pokémon", "日本語", "ﬁ", "ß", "İ",
    "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe", "\uffff", "\U0010ffff", "\U0001d54f",
)  # fmt: skip

#: Any code point except the surrogates (see the module docstring).
any_char = st.characters(codec=None, exclude_categories=("Cs",))
surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)

_WORDS = ("attention", "is", "all", "you", "need", "mixture", "of", "experts", "Sparse", "routing", "a", "LoRA")
_fragment = st.one_of(
    st.sampled_from(TRICKY),
    st.text(any_char, min_size=1, max_size=6),
    st.sampled_from(_WORDS),
)
# Long enough, with spaces, to make the dumper choose a folded block scalar (over 80
# characters) and fold it; mostly plain words, which are cheap to draw.
_prose = st.lists(st.one_of(st.sampled_from(_WORDS), _fragment), min_size=14, max_size=30).map(" ".join)
# Leading and trailing white space around prose: indentation indicators, chomping, quoting.
_PADDING = ("", " ", "  ", "\t", "\n", " \n", "\n\n", "\u2028", "\u0085")
_padded_prose = st.builds(
    lambda before, body, after: before + body + after, st.sampled_from(_PADDING), _prose, st.sampled_from(_PADDING)
)

#: Short text YAML can carry, biased towards the awkward: names, authors, tags.
short_text = st.one_of(
    st.text(any_char, max_size=20),
    st.lists(_fragment, max_size=6).map("".join),
)
#: Any text YAML can carry, short or long (prose): titles, abstracts, notes, descriptions.
text = st.one_of(short_text, _prose, _padded_prose)


def _has_content(value: str) -> bool:
    return bool(value.strip())


#: Text the schema accepts where a value is required: not only white space.
nonblank_text = text.filter(_has_content)
nonblank_short_text = short_text.filter(_has_content)


def _full(pattern: re.Pattern[str], body: str) -> st.SearchStrategy[str]:
    # `\Z`, not `$`: `$` also matches before a final newline, and "a\n" is not an id.
    return st.from_regex(body, fullmatch=True).filter(pattern.match)


paper_ids = _full(ID_PATTERN, r"(?:arxiv:)?[a-z0-9][a-z0-9._/-]{0,40}")
reader_names = _full(READER_PATTERN, r"[a-z0-9][a-z0-9_-]{0,20}")
link_kinds = st.from_regex(r"[a-z][a-z0-9-]{0,31}", fullmatch=True)
urls = st.builds(
    lambda scheme, rest: f"{scheme}://{rest}",
    st.sampled_from(("http", "https")),
    # Printable ASCII but what the schema refuses in links (quotes, angle brackets, backslash, backquote).
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\"'<>\\`"), min_size=1, max_size=40),
)
counts = st.integers(min_value=0, max_value=9_999_999_999)  # the schema's whole numbers: 10 digits
tags = short_text.map(normalise_tag).filter(bool)
ratings = st.none() | st.sampled_from(RATINGS)
statuses = st.none() | st.sampled_from(STATUSES)
dates = st.dates()
#: Whole seconds in UTC, as the store's clock makes them. Years from 1000: see the test
#: module for what happens to earlier ones.
timestamps = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)).map(
    lambda moment: moment.replace(microsecond=0, tzinfo=UTC)
)

orgs = st.builds(Org, handle=nonblank_short_text, name=nonblank_short_text)
sources = st.builds(
    Source, format=nonblank_short_text, file=nonblank_short_text, line=st.none() | st.integers(1, 9_999_999_999)
)


scholar_facts = st.builds(ScholarFacts, fetched=dates, citations=counts, influential_citations=counts, tldr=text)
#: Whole minutes, as `session add --time` takes them.
session_times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))
#: A room or a link: one line of text (the schema refuses line breaks there).
places = short_text.filter(lambda t: not any(c in t for c in "\n\r\x85\u2028\u2029"))
timezones = st.sampled_from(("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Etc/GMT+5"))


def papers(paper_id: st.SearchStrategy[str] = paper_ids) -> st.SearchStrategy[Paper]:
    return st.builds(
        Paper,
        id=paper_id,
        title=nonblank_text,
        abstract=text,
        authors=st.lists(nonblank_short_text, max_size=3).map(tuple),
        author_count=st.none() | counts,
        org=st.none() | orgs,
        published=st.none() | dates,
        upvotes=counts,
        arxiv_id=st.none() | short_text.filter(bool),
        links=st.dictionaries(link_kinds, urls, max_size=2),
        semantic_scholar=st.none() | scholar_facts,
        sources=st.lists(sources, max_size=2).map(tuple),
    )


def reviews(paper_id: str) -> st.SearchStrategy[Review]:
    return st.builds(
        Review,
        paper_id=st.just(paper_id),
        rating=ratings,
        status=statuses,
        tags=st.lists(tags, max_size=4, unique=True).map(tuple),
        note=text,
        updated=st.none() | timestamps,
    )


def sessions(ids: list[str], day: st.SearchStrategy[dt.date] = dates) -> st.SearchStrategy[Session]:
    chosen = st.lists(st.sampled_from(ids), unique=True, max_size=3).map(tuple) if ids else st.just(())
    return st.builds(
        Session,
        date=day,
        presenter=st.none() | reader_names,
        papers=chosen,
        questions=st.lists(nonblank_text, max_size=2).map(tuple),
        time=st.none() | session_times,
        duration=st.none() | st.integers(1, 24 * 60),
        place=st.just("") | places,
    )


def ballots(ids: list[str], session: dt.date | None) -> st.SearchStrategy[Ballot]:
    return st.builds(
        Ballot,
        session=st.just(session),
        kind=st.sampled_from(("approve", "rank")),
        papers=st.lists(st.sampled_from(ids), min_size=1, unique=True).map(tuple),
        cast=st.none() | timestamps,
    )


@st.composite
def reading_lists(draw: st.DrawFn, max_papers: int = 5, max_readers: int = 3) -> ReadingList:
    """A valid list: unique paper ids in a random order, some of them removed, each reader
    reviewing some papers (removed ones and papers the list never had too); sessions, and
    per reader ballots, attendance and minutes."""
    ids = draw(st.lists(paper_ids, max_size=max_papers, unique=True))
    papers_by_id = {pid: draw(papers(st.just(pid))) for pid in ids}
    gone = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)) if ids else []
    removed = {pid: Removal(papers_by_id.pop(pid), draw(reader_names), draw(timestamps)) for pid in gone}
    reading_list = ReadingList(title=draw(nonblank_text), description=draw(text), papers=papers_by_id, removed=removed)
    strangers = draw(st.lists(paper_ids.filter(lambda pid: pid not in ids), max_size=1))
    reading_list.timezone = draw(timezones)
    days = draw(st.lists(dates, unique=True, max_size=3))
    reading_list.sessions = sorted((draw(sessions(ids, st.just(d))) for d in days), key=lambda s: s.date)
    for reader in draw(st.lists(reader_names, max_size=max_readers, unique=True)):
        reviewed = draw(st.lists(st.sampled_from(ids + strangers), unique=True)) if ids + strangers else []
        reading_list.reviews[reader] = {pid: draw(reviews(pid)) for pid in reviewed}
        if ids:
            voted = draw(st.lists(st.none() | dates, unique=True, max_size=2))
            if voted:
                reading_list.ballots[reader] = {day: draw(ballots(ids, day)) for day in voted}
        came = draw(st.lists(dates, unique=True, max_size=2))
        if came:
            reading_list.attended[reader] = tuple(sorted(came))
        noted = draw(st.lists(dates, unique=True, max_size=2))
        if noted:
            reading_list.minutes[reader] = {
                day: Minutes(day, draw(nonblank_text), draw(st.none() | timestamps)) for day in noted
            }
    return reading_list


#: Plain data as the YAML layer sees it: strings in nested lists and mappings.
def yaml_data(max_depth: int) -> st.SearchStrategy[object]:
    """Strings, lists and mappings with non-empty string keys, at most `max_depth` containers deep."""
    strategy: st.SearchStrategy[object] = text
    for _ in range(max_depth):
        inner = strategy
        strategy = st.one_of(
            text,
            st.lists(inner, max_size=4),
            st.dictionaries(text.filter(bool), inner, max_size=4),
        )
    return strategy
