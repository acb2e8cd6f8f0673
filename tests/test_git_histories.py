"""Random merge histories across three clones with real git (the short version; the long
one is benchmarks/bench_merges.py)."""

from __future__ import annotations

import shutil

import pytest

from tests.git_histories import check_random_histories, play

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
