"""Property tests of the three-way merge: nothing added is lost, sides are interchangeable."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.listfile import list_text, read_list_text, read_reviews_text, reviews_text
from readinglist.merge import merge_lists, merge_reviews, merge_texts
from readinglist.model import Paper, ReadingList, Removal, Review

from .strategies import papers, ratings, statuses, tags

IDS = [f"p{i}" for i in range(8)]


@st.composite
def catalogue(draw: st.DrawFn) -> ReadingList:
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=5))
    return ReadingList("Group", papers={pid: draw(papers(st.just(pid))) for pid in ids})


@st.composite
def edited(draw: st.DrawFn, base: ReadingList) -> ReadingList:
    """A side: base with some papers deleted, some changed, some added."""
    out = dict(base.papers)
    for pid in list(out):
        action = draw(st.sampled_from(["keep", "keep", "delete", "change"]))
        if action == "delete":
            del out[pid]
        elif action == "change":
            field = draw(st.sampled_from(["title", "abstract", "upvotes", "author_count"]))
            value = draw(papers(st.just(pid)))
            out[pid] = replace(out[pid], **{field: getattr(value, field)})
    for pid in draw(st.lists(st.sampled_from([i for i in IDS if i not in base.papers]), unique=True, max_size=3)):
        out[pid] = draw(papers(st.just(pid)))
    return ReadingList("Group", papers=out)


@st.composite
def three_lists(draw: st.DrawFn) -> tuple[ReadingList, ReadingList, ReadingList]:
    base = draw(catalogue())
    return base, draw(edited(base)), draw(edited(base))


def _kept(base: ReadingList, side: ReadingList, other: ReadingList) -> set[str]:
    """Papers of `side` that `other` did not delete (absent from other but in base)."""
    return {pid for pid in side.papers if not (pid in base.papers and pid not in other.papers)}


@settings(max_examples=60, deadline=None)
@given(three_lists())
def test_every_paper_present_in_either_side_and_not_deleted_by_the_other_is_kept(lists):
    base, ours, theirs = lists
    merged, _ = merge_lists(base, ours, theirs)
    assert _kept(base, ours, theirs) | _kept(base, theirs, ours) <= set(merged.papers)
    for pid in set(ours.papers) & set(theirs.papers):
        o, t = ours.papers[pid].upvotes, theirs.papers[pid].upvotes
        b = base.papers[pid].upvotes if pid in base.papers else 0
        # a one-sided change wins; counts changed on both sides keep the highest
        assert merged.papers[pid].upvotes == (t if o == b else o if t == b else max(o, t))


@settings(max_examples=60, deadline=None)
@given(three_lists())
def test_merging_is_symmetric_apart_from_conflicts(lists):
    base, ours, theirs = lists
    one, conflicts_one = merge_lists(base, ours, theirs)
    two, conflicts_two = merge_lists(base, theirs, ours)
    assert [c.where for c in conflicts_one] == [c.where for c in conflicts_two]
    assert list(one.papers) == list(two.papers)
    if not conflicts_one:
        assert one == two


@settings(max_examples=40, deadline=None)
@given(catalogue())
def test_merging_a_list_with_itself_changes_nothing(base):
    merged, conflicts = merge_lists(base, base, base)
    assert conflicts == [] and merged == base
    text = list_text(base)
    assert merge_texts(text, text, text, "list.yaml").text == text


@settings(max_examples=40, deadline=None)
@given(three_lists())
def test_one_sided_change_is_taken_whole(lists):
    base, ours, _ = lists
    merged, conflicts = merge_lists(base, base, ours)
    assert conflicts == [] and merged.papers == ours.papers


@st.composite
def review_sides(draw: st.DrawFn) -> tuple[dict[str, Review], ...]:
    def side(base: dict[str, Review] | None) -> dict[str, Review]:
        out = dict(base or {})
        for pid in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=4)):
            out[pid] = Review(pid, rating=draw(ratings), status=draw(statuses), tags=tuple(draw(st.lists(tags, unique=True, max_size=3))))
        return {k: v for k, v in out.items() if not v.is_empty}

    base = side(None)
    return base, side(base), side(base)


@settings(max_examples=60, deadline=None)
@given(review_sides())
def test_review_files_merge_per_paper_and_round_trip(sides):
    base, ours, theirs = sides
    merged, conflicts = merge_reviews(base, ours, theirs)
    assert set(ours) | set(theirs) >= set(merged) >= (set(ours) - set(base)) | (set(theirs) - set(base))
    swapped, swapped_conflicts = merge_reviews(base, theirs, ours)
    if not conflicts:
        assert merged == swapped and swapped_conflicts == []
    result = merge_texts(
        reviews_text("ann", base.values()), reviews_text("ann", ours.values()), reviews_text("ann", theirs.values()), "reviews/ann.yaml"
    )
    if result.clean:
        assert read_reviews_text(result.text, "ann.yaml", "ann") == merged


def test_text_of_a_merged_list_is_valid():
    base = ReadingList("G", papers={"a": Paper("a", "A")})
    result = merge_texts(list_text(base), list_text(base), list_text(base), "list.yaml")
    assert read_list_text(result.text, "l").papers == base.papers


# -- whole reader files: reviews, ballots, attendance, minutes ---------------------------------


@st.composite
def reader_files(draw: st.DrawFn):
    """Two versions of one reader's file, drawn independently (any paper id is accepted)."""
    from readinglist.participation import reader_file

    from .strategies import reading_lists

    versions = []
    for _ in range(2):
        rl = draw(reading_lists(max_papers=4, max_readers=1))
        reader = next(iter(rl.reviews), None)
        versions.append((reader_file(rl, reader) if reader else None, list(rl.papers)))
    return versions


@settings(max_examples=25, deadline=None)
@given(reader_files())
def test_reader_files_merge_like_the_store_reads_them(versions):
    from readinglist.listfile import read_reader_text, reader_text
    from readinglist.participation import ReaderFile

    (first, order_a), (second, order_b) = versions
    base = reader_text("ann", first or ReaderFile(), order_a)
    changed = reader_text("ann", second or ReaderFile(), order_b)
    # Merging a file with itself changes nothing.
    assert merge_texts(base, base, base, "reviews/ann.yaml").text == base
    # A change made on one side only is taken whole, whichever side made it.
    for ours, theirs in ((base, changed), (changed, base)):
        result = merge_texts(base, ours, theirs, "reviews/ann.yaml")
        assert result.clean
        merged = read_reader_text(result.text, "ann.yaml", "ann")
        assert merged == read_reader_text(changed, "ann.yaml", "ann")


# -- removed papers (tombstones) -------------------------------------------------------------

REMOVERS = st.sampled_from(["ann", "bob"])
MOMENTS = st.sampled_from([dt.datetime(2026, 1, d, tzinfo=dt.timezone.utc) for d in (1, 2, 3)])


@st.composite
def removal_sides(draw: st.DrawFn) -> tuple[ReadingList, ReadingList, ReadingList]:
    """A base with some papers removed; two sides that remove, bring back and edit papers."""
    base = draw(catalogue())
    for pid in draw(st.lists(st.sampled_from(list(base.papers) or ["-"]), unique=True, max_size=2)):
        if pid in base.papers:
            base.removed[pid] = Removal(base.papers.pop(pid), draw(REMOVERS), draw(MOMENTS))

    def side() -> ReadingList:
        out = ReadingList("Group", papers=dict(base.papers), removed=dict(base.removed))
        for pid in list(out.papers):
            action = draw(st.sampled_from(["keep", "remove", "edit"]))
            if action == "remove":
                out.removed[pid] = Removal(out.papers.pop(pid), draw(REMOVERS), draw(MOMENTS))
            elif action == "edit":
                out.papers[pid] = replace(out.papers[pid], abstract=draw(st.sampled_from(["one", "two"])))
        for pid in list(out.removed):
            if draw(st.booleans()):
                out.papers[pid] = out.removed.pop(pid).paper
        return out

    return base, side(), side()


def _all(reading_list: ReadingList) -> set[str]:
    return set(reading_list.papers) | set(reading_list.removed)


@settings(max_examples=80, deadline=None)
@given(removal_sides())
def test_removals_never_lose_a_paper_and_do_not_depend_on_who_merges(lists):
    base, ours, theirs = lists
    one, conflicts = merge_lists(base, ours, theirs)
    two, swapped = merge_lists(base, theirs, ours)
    assert _all(one) == _all(base) | _all(ours) | _all(theirs)  # a removal deletes nothing
    assert sorted(c.where for c in conflicts) == sorted(c.where for c in swapped)
    if not conflicts:
        assert one == two
        for pid in base.papers:
            if pid in ours.removed and pid in theirs.papers:  # removed here, maybe edited there
                assert pid in one.removed and one.removed[pid].paper.abstract == theirs.papers[pid].abstract
        assert read_list_text(merge_texts(list_text(base), list_text(ours), list_text(theirs), "l").text, "l") == one
