"""Suggestions follow a simulated reader, explain themselves with the paper's words, and never
bring back what was reviewed."""

from __future__ import annotations

import random

import pytest

import readinglist
from readinglist.errors import InputError, UnknownPaperError
from readinglist.model import Paper, Review
from readinglist.store import ListStore
from readinglist.suggestions import Suggestion, Suggestions, TagSuggestions, suggest, suggest_tags
from readinglist.suggestions.api import candidates_for_session
from tests.topics import FIXED_NOW, make_corpus, write_list


def liked_share(found: Suggestions, topical, reader: str) -> float:
    likes = topical.members[reader].likes
    return sum(bool(topical.corpus.topics_of(s.id) & likes) for s in found) / len(found)


def test_the_model_follows_each_simulated_reader(topical):
    for reader in ("ann", "bob"):
        found = suggest(topical.folder, reader=reader, limit=10)
        assert not found.cold_start
        assert len(found) == 10
        # A random pick hits these two topics of twelve about a fifth of the time.
        assert liked_share(found, topical, reader) >= 0.8, reader
    assert set(suggest(topical.folder, reader="ann").ids).isdisjoint(suggest(topical.folder, reader="bob").ids)


def test_scores_descend_and_like_names_papers_the_reader_rated(topical):
    found = suggest(topical.folder, reader="ann", limit=20)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    rated = {pid for pid, r in ListStore.open(topical.folder).reading_list.reviews["ann"].items() if r.rating}
    assert all(s.like for s in found)
    assert all(set(s.like) <= rated for s in found)


def paper_text(topical, paper_id: str) -> tuple[str, str]:
    paper = next(p for p in topical.corpus.papers if p.id == paper_id)
    return " ".join(paper.title.split()), " ".join(paper.abstract.split())


def test_because_quotes_words_of_the_paper_itself(topical):
    for found in (
        suggest(topical.folder, reader="ann"),
        suggest(topical.folder),
        suggest(topical.folder, like="paper-00007"),
        suggest(topical.folder, reader="nobody-yet"),
    ):
        for s in found:
            assert s.because, s
            title, abstract = paper_text(topical, s.id)
            for phrase in s.because:
                assert phrase in title or phrase in abstract, (s.id, phrase)


def test_reviewed_papers_never_come_back(topical):
    store = ListStore.open(topical.folder, clock=lambda: FIXED_NOW)
    # A review with only a note still counts: the reader has seen the paper.
    unseen = [pid for pid in store.reading_list.papers if pid not in store.reading_list.reviews["ann"]]
    store.update_review("ann", unseen[0], note="looked at it")
    reviews = ListStore.open(topical.folder).reading_list.reviews
    found = suggest(topical.folder, reader="ann", limit=None)
    assert len(found) == len(topical.corpus.papers) - len(reviews["ann"])
    assert set(found.ids).isdisjoint(reviews["ann"])
    group = suggest(topical.folder, limit=None)
    anyone = set(reviews["ann"]) | set(reviews["bob"])
    assert set(group.ids).isdisjoint(anyone)
    assert len(group) == len(topical.corpus.papers) - len(anyone)


def test_like_never_returns_the_paper_itself_and_finds_its_topic(topical):
    target = "paper-00042"
    found = suggest(topical.folder, like=target, limit=None)
    assert target not in found.ids
    assert len(found) == len(topical.corpus.papers) - 1
    top = found.items[:10]
    assert sum(topical.corpus.main_topic[s.id] in topical.corpus.topics_of(target) for s in top) >= 8
    assert found.like_of == target


def test_like_accepts_a_unique_prefix_and_refuses_unknown_ids(topical):
    assert suggest(topical.folder, like="paper-00599").like_of == "paper-00599"
    with pytest.raises(UnknownPaperError, match="matches 10 papers"):
        suggest(topical.folder, like="paper-0001")
    with pytest.raises(UnknownPaperError, match="no paper 'nope'"):
        suggest(topical.folder, like="nope")


def test_cold_start_is_said_and_uses_the_group(topical):
    found = suggest(topical.folder, reader="carol")
    assert found.cold_start
    assert "cold start" in found.basis
    assert all(s.reasons for s in found)
    # Carol reviewed nothing: everything is a candidate, and the others' ratings count.
    assert any("group mean" in r for s in found for r in s.reasons)


def test_a_reader_with_two_liked_papers_is_still_a_cold_start(tmp_path):
    corpus = make_corpus(80, seed=2)
    ids = [p.id for p in corpus.papers]
    reviews = {"dan": {pid: Review(pid, rating=5, updated=FIXED_NOW) for pid in ids[:2]}}
    reviews["dan"][ids[2]] = Review(ids[2], rating=1, updated=FIXED_NOW)
    write_list(tmp_path / "l", corpus, reviews)
    found = suggest(tmp_path / "l", reader="dan")
    assert found.cold_start and len(found) == 10
    assert set(found.ids).isdisjoint(ids[:3])
    assert all(set(s.like) <= set(ids[:2]) for s in found)


def test_tags_come_only_from_the_group_and_are_never_set(topical):
    before = {p.name: p.read_bytes() for p in (topical.folder / "reviews").iterdir()}
    reviews = ListStore.open(topical.folder).reading_list.reviews
    counts: dict[str, set[str]] = {}
    for by_paper in reviews.values():
        for pid, review in by_paper.items():
            for tag in review.tags:
                counts.setdefault(tag, set()).add(pid)
    tagged = {pid for pids in counts.values() for pid in pids}
    found = suggest_tags(topical.folder)
    assert isinstance(found, TagSuggestions) and len(found)
    assert set(found.group_tags) == {t for t, pids in counts.items() if len(pids) >= 3}
    for paper in found:
        assert paper.id not in tagged
        assert paper.tags and all(t.tag in found.group_tags for t in paper.tags)
        assert [t.score for t in paper.tags] == sorted((t.score for t in paper.tags), reverse=True)
        title, abstract = paper_text(topical, paper.id)
        assert all(p in title or p in abstract for t in paper.tags for p in t.because)
    # Most suggested tags are the paper's hidden topic.
    right = sum(t.tag in topical.corpus.topics_of(p.id) for p in found for t in p.tags)
    assert right / sum(len(p.tags) for p in found) >= 0.8
    assert {p.name: p.read_bytes() for p in (topical.folder / "reviews").iterdir()} == before


def test_a_tag_on_two_papers_is_never_suggested(tmp_path):
    corpus = make_corpus(60, seed=3)
    ids = [p.id for p in corpus.papers]
    by_topic: dict[str, list[str]] = {}
    for pid in ids:
        by_topic.setdefault(corpus.main_topic[pid], []).append(pid)
    common, rare = sorted(by_topic, key=lambda t: -len(by_topic[t]))[:2]
    reviews = {"eve": {}}
    for pid in by_topic[common][:4]:
        reviews["eve"][pid] = Review(pid, tags=(common,), updated=FIXED_NOW)
    for pid in by_topic[rare][:2]:
        reviews["eve"][pid] = Review(pid, tags=(rare,), updated=FIXED_NOW)
    write_list(tmp_path / "l", corpus, reviews)
    found = suggest_tags(tmp_path / "l")
    assert found.group_tags == (common,)
    assert {t.tag for p in found for t in p.tags} <= {common}


def test_tags_for_a_reader_are_for_papers_they_reviewed(topical):
    reviews = ListStore.open(topical.folder).reading_list.reviews
    found = suggest_tags(topical.folder, reader="ann")
    assert len(found) and {p.id for p in found} <= set(reviews["ann"])
    everyone = {p.id: p for p in suggest_tags(topical.folder)}
    assert all(everyone[p.id] == p for p in found)  # the same models, fewer papers answered


def test_no_group_tags_means_no_tag_suggestions(tmp_path):
    corpus = make_corpus(30, seed=4)
    write_list(tmp_path / "l", corpus, {})
    found = suggest_tags(tmp_path / "l")
    assert found.group_tags == () and len(found) == 0


def test_results_round_trip_and_frames(topical):
    found = suggest(topical.folder, reader="ann", limit=5)
    assert Suggestions.from_dict(found.to_dict()) == found
    assert Suggestion.from_dict(found[0].to_dict()) == found[0]
    frame = found.to_frame()
    assert list(frame.index) == found.ids
    assert list(frame["score"]) == [s.score for s in found]
    tags = suggest_tags(topical.folder, limit=3)
    assert TagSuggestions.from_dict(tags.to_dict()) == tags
    assert len(tags.to_frame()) == sum(len(p.tags) for p in tags)


def test_a_store_or_a_list_in_memory_gives_the_same_suggestions(topical):
    from_folder = suggest(topical.folder, reader="ann")
    store = ListStore.open(topical.folder)
    assert suggest(store, reader="ann") == from_folder
    assert suggest(store.reading_list, reader="ann") == from_folder


def test_the_package_exports_suggest():
    assert readinglist.suggest is suggest
    assert readinglist.suggest_tags is suggest_tags


@pytest.mark.parametrize("limit", [0, -1, 2.5])
def test_a_bad_limit_is_refused(topical, limit):
    with pytest.raises(InputError, match="limit"):
        suggest(topical.folder, limit=limit)


def test_candidates_for_session_are_the_groups_top(topical):
    assert candidates_for_session(topical.folder, 3) == suggest(topical.folder, limit=3)


def test_suggestions_are_deterministic(topical):
    first = suggest(topical.folder, reader="bob")
    random.seed(99)
    assert suggest(topical.folder, reader="bob") == first


def test_tiny_lists_give_answers_not_errors(tmp_path):
    store = ListStore.create(tmp_path / "l", "Tiny", clock=lambda: FIXED_NOW)
    store.save_catalogue()
    assert len(suggest(tmp_path / "l")) == 0 and len(suggest_tags(tmp_path / "l")) == 0
    store.reading_list.papers["only-stop-words"] = Paper(id="only-stop-words", title="The")
    store.save_catalogue()
    assert suggest(tmp_path / "l").ids == ["only-stop-words"]
    assert len(suggest(tmp_path / "l", like="only-stop-words")) == 0
    for pid, title in (("a", "Alpha beta"), ("b", "Alpha gamma"), ("c", "Delta")):
        store.reading_list.papers[pid] = Paper(id=pid, title=title)
    store.save_catalogue()
    for pid in ("a", "b", "c"):
        store.update_review("ann", pid, rating=5)
    found = suggest(tmp_path / "l", reader="ann")
    assert found.ids == ["only-stop-words"] and not found.cold_start


def test_explain_limits_reasons_to_the_first_suggestions(topical):
    full = suggest(topical.folder, reader="ann", limit=None)
    short = suggest(topical.folder, reader="ann", limit=None, explain=3)
    assert short.ids == full.ids and [s.score for s in short] == [s.score for s in full]
    assert short.items[:3] == full.items[:3]
    assert all(not s.because and not s.like for s in short.items[3:])


def test_tags_for_chosen_papers_are_those_of_the_whole_run(topical):
    everything = suggest_tags(topical.folder)
    chosen = [p.id for p in everything.items[:2]]
    some = suggest_tags(topical.folder, papers=chosen)
    assert [p.id for p in some] == chosen
    assert some.items == everything.items[:2]
