"""Random merge histories across three clones with real git (the short version; the long
one is benchmarks/bench_merges.py)."""

from __future__ import annotations

import shutil

import pytest

from readinglist.store import ListStore
from tests.histories import History, check_random_histories, git, play, rl

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_random_histories_lose_nothing_and_do_not_depend_on_who_merged():
    figures = check_random_histories(3, derandomize=True)
    assert figures.histories >= 3 and figures.merges > 0 and figures.checked_facts > 0


def test_a_paper_imported_again_after_its_removal_stays_one_paper():
    # Found by the random histories: the import gave the paper a second block with its id.
    play(
        [
            ("import", "b", ["Sparse Experts"], 0),
            ("import", "a", ["Sparse Experts"], 0),
            ("remove", "a", "ann", "sparse-experts"),
            ("import", "a", ["Sparse Experts"], 1),
            ("rebase", "a"),
            ("merge", "b", "a"),
        ]
    )


@pytest.mark.parametrize("settled_alike", [True, False])
def test_criss_cross_merges_read_the_virtual_base_and_do_not_depend_on_who_merged(tmp_path, settled_alike):
    history = History(tmp_path)
    a, b = history.path("a"), history.path("b")
    for repo, rating in ((a, 4), (b, 2)):
        assert rl("review", repo / "lists/g", "sparse-experts", "--reader", "ann", "--rating", rating) == 0
        history.commit(repo.name, f"ann rates {rating}")
    a1, b1 = (git(repo, "rev-parse", "HEAD").stdout.strip() for repo in (a, b))
    # Each member merges the other's first commit and settles the conflict.
    for repo, other, theirs, keep in ((a, b, b1, "--ours"), (b, a, a1, "--theirs" if settled_alike else "--ours")):
        git(repo, "fetch", "-q", str(other), theirs)
        assert git(repo, "merge", "-q", "--no-edit", theirs, check=False).returncode != 0  # 4 against 2
        git(repo, "checkout", keep, "--", "lists/g/reviews/ann.yaml")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "settled")
    git(a, "fetch", "-q", str(b), "HEAD")
    theirs = git(a, "rev-parse", "FETCH_HEAD").stdout.strip()
    assert len(git(a, "merge-base", "--all", "HEAD", theirs).stdout.split()) == 2  # criss-cross
    history.merge_commit("a", theirs, set())  # asserts: the same result, or a conflict, both ways
    assert history.figures.criss_cross == 1
    if settled_alike:
        assert history.figures.clean == 1
        assert ListStore.open(a / "lists/g").reading_list.reviews["ann"]["sparse-experts"].rating == 4
    else:
        assert history.figures.conflicts == 1  # settled differently: git stops, never picks one
