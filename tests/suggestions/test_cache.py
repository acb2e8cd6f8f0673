"""The feature cache: used only for the list it was built from; stale, corrupt or planted
files are rebuilt; written whole; safe with several processes; ignored by git."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

from readinglist.model import Paper
from readinglist.store import ListStore
from readinglist.suggestions import cache, reviewcache, suggest
from readinglist.suggestions.inputs import from_folder
from tests.conftest import REPO
from tests.topics import FIXED_NOW


def features_file(folder: Path) -> Path:
    return folder / cache.CACHE_DIR / cache.FEATURES_FILE


def header(folder: Path) -> dict:
    with np.load(features_file(folder), allow_pickle=False) as arrays:
        return json.loads(arrays["header"].tobytes())


def test_the_first_call_writes_the_cache_and_the_next_uses_it(topical, monkeypatch):
    first = suggest(topical.folder, reader="ann")
    assert features_file(topical.folder).is_file()
    assert header(topical.folder)["papers"] == len(topical.corpus.papers)

    def no_build(*args, **kwargs):
        raise AssertionError("features were rebuilt although the cache matches")

    monkeypatch.setattr("readinglist.suggestions.inputs.build_features", no_build)
    assert suggest(topical.folder, reader="ann") == first


def test_the_cache_matches_a_fresh_build(topical):
    suggest(topical.folder)
    cached = from_folder(topical.folder).features
    features_file(topical.folder).unlink()
    fresh = from_folder(topical.folder).features
    assert cached.ids == fresh.ids
    assert list(cached.titles) == list(fresh.titles) and list(cached.abstracts) == list(fresh.abstracts)
    assert (cached.matrix != fresh.matrix).nnz == 0
    assert np.array_equal(cached.text_buckets, fresh.text_buckets)
    assert cached.stop_words == fresh.stop_words


def test_a_changed_list_rebuilds_the_cache(topical):
    suggest(topical.folder)
    old = header(topical.folder)["list_digest"]
    store = ListStore.open(topical.folder, clock=lambda: FIXED_NOW)
    store.reading_list.papers["fresh-paper"] = Paper(
        id="fresh-paper", title="Brand New Paper on Something", abstract="An abstract nobody has read."
    )
    store.save_catalogue()
    found = suggest(topical.folder, limit=None)
    assert "fresh-paper" in found.ids
    assert header(topical.folder)["list_digest"] != old


def test_a_cache_from_another_list_is_not_used(topical, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    store = ListStore.create(other, "Other", clock=lambda: FIXED_NOW)
    store.reading_list.papers["only-one"] = Paper(id="only-one", title="The Only Paper")
    store.save_catalogue()
    suggest(topical.folder)
    (other / cache.CACHE_DIR).mkdir()
    features_file(other).write_bytes(features_file(topical.folder).read_bytes())
    assert suggest(other, limit=None).ids == ["only-one"]


def _plant(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    features_file(folder).write_bytes(buffer.getvalue())


def _corruptions(folder: Path):
    """Ways a cache file can be bad, each applied to a valid one."""
    good = features_file(folder).read_bytes()
    with np.load(features_file(folder), allow_pickle=False) as arrays:
        valid = {k: arrays[k] for k in arrays.files}
    yield "truncated", lambda: features_file(folder).write_bytes(good[: len(good) // 2])
    yield "garbage", lambda: features_file(folder).write_bytes(b"not a zip file at all")
    yield "empty", lambda: features_file(folder).write_bytes(b"")

    def pickled():
        # A planted file whose arrays are pickled objects: with allow_pickle=False they are never unpickled.
        planted = dict(valid)
        planted["data"] = np.array([object()], dtype=object)
        _plant(folder, planted)

    yield "pickled objects", pickled

    def inconsistent():
        planted = dict(valid)
        planted["indptr"] = valid["indptr"][:-5]
        _plant(folder, planted)

    yield "matrix that does not add up", inconsistent

    def out_of_range():
        planted = dict(valid)
        indices = valid["indices"].copy()
        indices[0] = 10**9
        planted["indices"] = indices
        _plant(folder, planted)

    yield "indices out of range", out_of_range

    def bad_header():
        planted = dict(valid)
        planted["header"] = np.frombuffer(b"{not json", dtype=np.uint8)
        _plant(folder, planted)

    yield "bad header", bad_header

    def missing_array():
        planted = dict(valid)
        del planted["titles"]
        _plant(folder, planted)

    yield "missing array", missing_array

    def not_utf8():
        planted = dict(valid)
        blob = valid["abstracts"].copy()
        blob[:2] = 0xFF
        planted["abstracts"] = blob
        _plant(folder, planted)

    yield "abstracts that are not UTF-8", not_utf8

    def inside_a_character():
        planted = dict(valid)
        n = len(valid["title_offsets"]) - 1
        planted["titles"] = np.frombuffer("é".encode() * n, dtype=np.uint8)
        # Valid UTF-8 as a whole, but every title after the first starts in the middle of an é.
        planted["title_offsets"] = np.array([0, *range(1, 2 * n - 1, 2), 2 * n], dtype=np.int64)
        _plant(folder, planted)

    yield "titles cut inside characters", inside_a_character

    def old_version():
        planted = dict(valid)
        head = json.loads(valid["header"].tobytes())
        head["version"] = -1
        planted["header"] = np.frombuffer(json.dumps(head).encode(), dtype=np.uint8)
        _plant(folder, planted)

    yield "another version", old_version


def test_a_corrupt_or_planted_cache_is_rebuilt(topical):
    expected = suggest(topical.folder, reader="ann")
    for name, corrupt in list(_corruptions(topical.folder)):
        corrupt()
        assert suggest(topical.folder, reader="ann") == expected, name
        # ... and the rebuilt file is valid again.
        assert header(topical.folder)["papers"] == len(topical.corpus.papers), name


def test_the_cache_is_read_without_unpickling(topical, monkeypatch):
    suggest(topical.folder)
    seen = []
    real_load = np.load

    def spy(*args, **kwargs):
        seen.append(kwargs.get("allow_pickle"))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", spy)
    suggest(topical.folder, reader="ann")
    assert seen and all(flag is False for flag in seen)
    with zipfile.ZipFile(features_file(topical.folder)) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())


def test_the_list_gitignore_names_the_cache(topical):
    suggest(topical.folder)
    lines = (topical.folder / ".gitignore").read_text().splitlines()
    assert cache.GITIGNORE_LINE in lines
    assert ".readinglist.lock" in lines
    suggest(topical.folder)
    assert (topical.folder / ".gitignore").read_text().splitlines().count(cache.GITIGNORE_LINE) == 1


def test_an_older_list_gitignore_gets_the_cache_line(topical):
    (topical.folder / ".gitignore").write_text(".readinglist.lock\n.*.tmp")  # no final newline
    suggest(topical.folder)
    assert (topical.folder / ".gitignore").read_text().splitlines()[:2] == [".readinglist.lock", ".*.tmp"]
    assert cache.GITIGNORE_LINE in (topical.folder / ".gitignore").read_text().splitlines()


def test_a_cache_that_cannot_be_written_still_gives_suggestions(topical):
    # A file where the cache folder should be: nothing can be read or written there.
    (topical.folder / cache.CACHE_DIR).write_text("in the way")
    expected = suggest(topical.folder, reader="ann")
    assert len(expected) == 10
    assert suggest(topical.folder, reader="ann") == expected
    assert (topical.folder / cache.CACHE_DIR).read_text() == "in the way"


def test_a_new_rating_refits_the_model(topical):
    first = suggest(topical.folder, reader="ann", limit=50)
    models = set((topical.folder / cache.CACHE_DIR).glob("model-*.npz"))
    store = ListStore.open(topical.folder, clock=lambda: FIXED_NOW)
    store.update_review("ann", first[0].id, rating=1)
    second = suggest(topical.folder, reader="ann", limit=50)
    assert first[0].id not in second.ids
    assert len(set((topical.folder / cache.CACHE_DIR).glob("model-*.npz")) - models) == 1


def test_concurrent_processes_share_the_cache_safely(topical):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "readinglist", "suggest", str(topical.folder), "--reader", "ann", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err.decode() for _, err in results]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert [s["id"] for s in json.loads(outputs.pop())] == suggest(topical.folder, reader="ann").ids
    assert not list((topical.folder / cache.CACHE_DIR).glob(".*.tmp"))


def test_unchanged_review_files_come_from_the_review_cache(topical, monkeypatch):
    first = suggest(topical.folder, reader="ann")
    assert (topical.folder / cache.CACHE_DIR / reviewcache.REVIEWS_FILE).is_file()

    def no_yaml(*args, **kwargs):
        raise AssertionError("a review file was read again although it did not change")

    monkeypatch.setattr("readinglist.suggestions.inputs.read_reviews_text", no_yaml)
    assert suggest(topical.folder, reader="ann") == first


def test_a_planted_review_cache_is_not_believed(topical):
    expected = suggest(topical.folder, reader="ann")
    path = topical.folder / cache.CACHE_DIR / reviewcache.REVIEWS_FILE
    data = json.loads(path.read_text())
    entry = data["readers"]["ann"]
    for bad in ([["no-such-paper", 5, None, [], False]], [[entry["reviews"][0][0], 9, None, [], False]], "x", [[1, 2]]):
        data["readers"]["ann"] = dict(entry, reviews=bad)
        path.write_text(json.dumps(data))
        assert suggest(topical.folder, reader="ann") == expected, bad
    path.write_text("{not json")
    assert suggest(topical.folder, reader="ann") == expected
    # A cache entry that claims other reviews for the same file is only used if it is right:
    # here it says ann liked nothing, which would make a cold start.
    data = json.loads(path.read_text())
    data["readers"]["ann"]["digest"] = "0" * 32
    data["readers"]["ann"]["reviews"] = []
    path.write_text(json.dumps(data))
    assert not suggest(topical.folder, reader="ann").cold_start


def test_a_planted_link_in_the_cache_is_neither_read_nor_written(topical, tmp_path):
    expected = suggest(topical.folder, reader="ann")
    elsewhere = tmp_path / "elsewhere.npz"
    features_file(topical.folder).rename(elsewhere)
    before = elsewhere.read_bytes()
    features_file(topical.folder).symlink_to(elsewhere)
    assert suggest(topical.folder, reader="ann") == expected
    assert elsewhere.read_bytes() == before


def test_a_cold_suggestion_leaves_the_lists_parse_cache_warm_and_reads_it_back(topical):
    import shutil

    from readinglist import listcache, loading

    shutil.rmtree(topical.folder / cache.CACHE_DIR, ignore_errors=True)
    list_path = topical.folder / "list.yaml"
    digest = loading.content_key(list_path.read_bytes())
    assert listcache.cached_list(topical.folder, digest, str(list_path)) is None
    first = suggest(topical.folder, reader="ann")
    cached = listcache.cached_list(topical.folder, digest, str(list_path))
    assert cached is not None and list(cached[0].papers) == list(ListStore.open(topical.folder).reading_list.papers)
    features_file(topical.folder).unlink()  # the features again, the papers from the parse cache
    assert suggest(topical.folder, reader="ann") == first
