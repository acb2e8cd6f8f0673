"""Adding imported papers to a list: identity, merging, disagreements."""

import datetime as dt

from readinglist.catalogue import add_papers
from readinglist.model import Org, Paper, ReadingList, Source


def raw(title, line=1, file="a.txt", **fields):
    return Paper(id="", title=title, sources=(Source("hf-page", file, line),), **fields)


def test_new_papers_get_readable_ids_in_order():
    rl = ReadingList("t")
    report = add_papers(rl, [raw("Sparse Experts at Scale"), raw("Dense Students", line=9)])
    assert report.added == ["sparse-experts-at-scale", "dense-students"]
    assert list(rl.papers) == report.added


def test_same_title_spelt_differently_is_one_paper_keeping_every_fact():
    rl = ReadingList("t")
    add_papers(rl, [raw("Mixture-of-Experts: A Survey", author_count=17, upvotes=3)])
    report = add_papers(rl, [raw("mixture of experts — a survey", file="b.txt", org=Org("deepseek-ai", "DeepSeek"), upvotes=9)])
    assert report.merged == ["mixture-experts-survey"] and report.added == []
    [paper] = rl.papers.values()
    assert paper.title == "Mixture-of-Experts: A Survey"
    assert (paper.author_count, paper.org, paper.upvotes) == (17, Org("deepseek-ai", "DeepSeek"), 9)
    assert [s.file for s in paper.sources] == ["a.txt", "b.txt"]
    assert report.problems == []  # a title spelt differently is not a disagreement


def test_upvotes_keep_the_highest_count():
    rl = ReadingList("t")
    add_papers(rl, [raw("P", upvotes=9)])
    add_papers(rl, [raw("P", upvotes=4, file="b.txt")])
    assert rl.papers["p"].upvotes == 9


def test_disagreement_keeps_the_lists_value_and_is_reported_with_its_location():
    rl = ReadingList("t")
    add_papers(rl, [raw("P", published=dt.date(2024, 9, 25))])
    report = add_papers(rl, [raw("P", file="b.txt", line=40, published=dt.date(2024, 9, 26))])
    assert rl.papers["p"].published == dt.date(2024, 9, 25)
    [problem] = report.problems
    assert (problem.file, problem.line) == ("b.txt", 40)
    assert "published" in problem.message and "2024-09-26" in problem.message


def test_importing_the_same_papers_again_is_skipped_and_changes_nothing():
    rl = ReadingList("t")
    papers = [raw("P", abstract="see https://github.com/a/b."), raw("Q", line=5)]
    add_papers(rl, papers)
    before = dict(rl.papers)
    report = add_papers(rl, papers)
    assert report.skipped == ["p", "q"] and not report.added and not report.merged
    assert rl.papers == before


def test_arxiv_id_matches_across_titles_and_gives_the_id():
    rl = ReadingList("t")
    add_papers(rl, [raw("Attention Is All You Need", arxiv_id="1706.03762")])
    report = add_papers(rl, [raw("Attention is all you need (v5)", arxiv_id="1706.03762", file="b.txt")])
    assert list(rl.papers) == ["arxiv:1706.03762"]
    assert report.merged == ["arxiv:1706.03762"]  # its source is new
    assert "title" in report.problems[0].message


def test_ids_never_change_once_given():
    rl = ReadingList("t")
    add_papers(rl, [raw("P")])
    add_papers(rl, [raw("P", arxiv_id="2401.00001", file="b.txt")])
    assert list(rl.papers) == ["p"]
    assert rl.papers["p"].arxiv_id == "2401.00001"


def test_duplicate_slug_gets_a_suffix():
    rl = ReadingList("t")
    add_papers(rl, [raw("The Survey"), raw("A Survey!!", line=3), raw("Survey 2", line=5)])
    assert list(rl.papers) == ["survey", "survey-2", "survey-2-2"]


def test_normalisation_runs_on_import():
    rl = ReadingList("t")
    add_papers(rl, [raw(r"Pok\'emon  Battles", abstract=r"We win 5\% more. Code: https://github.com/a/b{here}.")])
    [paper] = rl.papers.values()
    assert paper.title == "Pokémon Battles"
    assert paper.abstract.startswith("We win 5% more.")
    assert paper.links == {"code": "https://github.com/a/b"}


def test_paper_without_title_is_a_problem_not_a_paper():
    rl = ReadingList("t")
    report = add_papers(rl, [raw("  ?!  ", line=7)])
    assert rl.papers == {}
    assert report.problems[0].line == 7
