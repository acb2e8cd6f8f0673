"""A topical list shared by the suggestion tests: two members with known tastes."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.topics import Corpus, Member, make_corpus, make_reviews, write_list

ANN = Member("ann", {"routing", "retrieval"})
BOB = Member("bob", {"vision", "agents"})


@dataclass
class TopicalList:
    folder: Path
    corpus: Corpus
    members: dict[str, Member]


def build(folder: Path, size: int = 600, reviewed: int = 90, seed: int = 5) -> TopicalList:
    corpus = make_corpus(size, seed=seed)
    rng = random.Random(seed)
    ids = [p.id for p in corpus.papers]
    reviews = {m.name: make_reviews(rng, corpus, m, rng.sample(ids, reviewed)) for m in (ANN, BOB)}
    write_list(folder, corpus, reviews)
    return TopicalList(folder, corpus, {"ann": ANN, "bob": BOB})


@pytest.fixture(scope="session")
def topical_template(tmp_path_factory) -> TopicalList:
    return build(tmp_path_factory.mktemp("topical") / "list")


@pytest.fixture
def topical(topical_template, tmp_path) -> TopicalList:
    """A fresh copy of the topical list (no cache yet) for one test."""
    folder = tmp_path / "list"
    shutil.copytree(topical_template.folder, folder, ignore=shutil.ignore_patterns(".readinglist-cache"))
    return TopicalList(folder, topical_template.corpus, topical_template.members)
