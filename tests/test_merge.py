"""Three-way merge of list files by meaning."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from readinglist.listfile import list_text, read_list_text, read_reviews_text, reviews_text
from readinglist.merge import merge_lists, merge_reviews, merge_texts
from readinglist.model import Paper, ReadingList, Review, Source

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def rl(*papers: Paper, title: str = "Group") -> ReadingList:
    return ReadingList(title=title, papers={p.id: p for p in papers})


A = Paper("a", "Alpha", upvotes=1, sources=(Source("hf-page", "p1.txt", 13),))
B = Paper("b", "Beta")
C = Paper("c", "Gamma")
D = Paper("d", "Delta")


def test_papers_added_on_both_sides_are_all_kept():
    merged, conflicts = merge_lists(rl(A), rl(A, B), rl(A, C, D))
    assert conflicts == []
    assert list(merged.papers) == ["a", "b", "c", "d"]


def test_same_paper_imported_on_both_sides_merges():
    ours = replace(B, author_count=3, upvotes=4, sources=(Source("hf-page", "x.txt", 1),))
    theirs = replace(B, org=None, upvotes=9, sources=(Source("hf-page", "y.txt", 5),), suggested_tags=("moe",))
    merged, conflicts = merge_lists(rl(A), rl(A, ours), rl(A, theirs))
    assert conflicts == []
    b = merged.papers["b"]
    assert (b.author_count, b.upvotes, b.suggested_tags) == (3, 9, ("moe",))
    assert {s.file for s in b.sources} == {"x.txt", "y.txt"}


def test_different_fields_changed_on_each_side_both_survive():
    ours = replace(A, abstract="New abstract.")
    theirs = replace(A, published=dt.date(2025, 1, 2), links={"code": "https://github.com/a/b"})
    merged, conflicts = merge_lists(rl(A), rl(ours), rl(theirs, title="Renamed"))
    assert conflicts == []
    assert merged.title == "Renamed"
    a = merged.papers["a"]
    assert (a.abstract, a.published, a.links) == ("New abstract.", dt.date(2025, 1, 2), {"code": "https://github.com/a/b"})


def test_same_field_changed_both_ways_is_a_conflict_never_a_silent_pick():
    merged, conflicts = merge_lists(rl(A), rl(replace(A, title="Alpha one")), rl(replace(A, title="Alpha two")))
    assert [(c.where, c.ours, c.theirs) for c in conflicts] == [("papers[a].title", "Alpha one", "Alpha two")]


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted():
    merged, conflicts = merge_lists(rl(A, B), rl(A), rl(A, B))
    assert list(merged.papers) == ["a"] and conflicts == []


def test_deleted_on_one_side_and_changed_on_the_other_is_kept_as_a_conflict():
    merged, conflicts = merge_lists(rl(A, B), rl(A), rl(A, replace(B, abstract="changed")))
    assert "b" in merged.papers and conflicts[0].where == "papers[b]"


def test_reviews_merge_per_paper_and_tags_as_sets():
    base = {"a": Review("a", rating=3, tags=("x", "y"), updated=T0)}
    ours = {"a": Review("a", rating=4, tags=("x", "y", "mine"), updated=T0 + dt.timedelta(1))}
    theirs = {"a": Review("a", rating=3, tags=("y", "theirs"), note="n", updated=T0 + dt.timedelta(2)), "b": Review("b", status="read")}
    merged, conflicts = merge_reviews(base, ours, theirs)
    assert conflicts == []
    a = merged["a"]
    assert (a.rating, a.note, set(a.tags), a.updated) == (4, "n", {"y", "mine", "theirs"}, T0 + dt.timedelta(2))
    assert merged["b"].status == "read"


def test_merge_texts_writes_a_valid_deterministic_file_with_a_conflict_section():
    base = list_text(rl(A, B))
    ours = list_text(rl(replace(A, title="One"), B, C))
    theirs = list_text(rl(replace(A, title="Two"), B, D))
    result = merge_texts(base, ours, theirs, "list.yaml")
    again = merge_texts(base, ours, theirs, "list.yaml")
    assert result.text == again.text
    assert not result.clean
    assert "conflicts:\n- where: papers[a].title" in result.text
    import yaml

    assert yaml.safe_load(result.text)["conflicts"][0]["theirs"] == "Two"  # valid YAML for any tool


def test_merge_texts_clean_result_reads_back():
    base = reviews_text("ann", [Review("a", rating=1)])
    ours = reviews_text("ann", [Review("a", rating=1), Review("b", rating=2)])
    theirs = reviews_text("ann", [Review("a", rating=5)])
    result = merge_texts(base, ours, theirs, "lists/x/reviews/ann.yaml")
    assert result.clean
    reviews = read_reviews_text(result.text, "ann.yaml", "ann")
    assert (reviews["a"].rating, reviews["b"].rating) == (5, 2)


def test_file_added_on_both_sides_has_no_base():
    ours = list_text(rl(A))
    theirs = list_text(rl(B))
    result = merge_texts(None, ours, theirs, "list.yaml")
    assert result.clean and list(read_list_text(result.text, "l").papers) == ["a", "b"]
