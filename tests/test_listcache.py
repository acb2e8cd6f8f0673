"""The cache of parsed list files: used only for the exact bytes it was made from, by this
user's key; stale, corrupt or planted files are ignored and rebuilt; invalid files are
never cached; a store opened for one reader reads only that reader's file."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist import listcache
from readinglist.catalogue import add_papers
from readinglist.cli import main
from readinglist.errors import ListFormatError
from readinglist.loading import PapersOnDemand
from readinglist.model import Paper, Source
from readinglist.store import ListStore
from tests.conftest import REPO

CACHE = listcache.CACHE_DIR


def papers(*titles):
    return [Paper(id="", title=t, abstract=f"About {t}. " * 12, authors=("Ada", "Bo"), upvotes=3,
                  sources=(Source("hf-page", "a.txt", i),)) for i, t in enumerate(titles, 1)]  # fmt: skip


@pytest.fixture
def folder(tmp_path, clock):
    store = ListStore.create(tmp_path / "group", "Group", clock=clock)
    add_papers(store.reading_list, papers("Alpha Paper", "Beta Paper", "Gamma Paper"))
    store.save_catalogue()
    store.update_review("ann", "beta-paper", rating=4, add_tags=("moe",))
    store.update_review("bob", "alpha-paper", status="read", note="two\nlines")
    return store.folder


def same(a, b):
    assert a.title == b.title and a.description == b.description
    assert list(a.papers) == list(b.papers) and a.papers == b.papers
    assert a.reviews == b.reviews and a.sessions == b.sessions and a.duplicates == b.duplicates


def cache_files(folder: Path) -> set[str]:
    return {p.name for p in (folder / CACHE).iterdir()} if (folder / CACHE).is_dir() else set()


def test_an_open_fills_the_cache_and_the_next_open_reads_the_same_list(folder):
    first = ListStore.open(folder)
    assert {"list.json", "ids.json", "reader-ann.json", "reader-bob.json", ".gitignore"} <= cache_files(folder)
    second = ListStore.open(folder)
    same(second.reading_list, first.reading_list)
    # What the cache gave saves exactly as what the parse gave: nothing to write.
    assert second.save_catalogue() is False
    assert second.catalogue_text() == first.catalogue_text()
    for reader in ("ann", "bob"):
        assert second.reviews_text(reader) == first.reviews_text(reader)


def test_a_changed_file_is_read_again(folder, clock):
    ListStore.open(folder)
    text = (folder / "list.yaml").read_text(encoding="utf-8").replace("title: Group", "title: Renamed")
    (folder / "list.yaml").write_text(text, encoding="utf-8")
    (folder / "reviews" / "ann.yaml").write_text(
        (folder / "reviews" / "ann.yaml").read_text(encoding="utf-8").replace("rating: 4", "rating: 2"), encoding="utf-8"
    )
    store = ListStore.open(folder)
    assert store.reading_list.title == "Renamed"
    assert store.reading_list.reviews["ann"]["beta-paper"].rating == 2


def test_invalid_files_are_never_cached_and_keep_their_located_problems(folder):
    ListStore.open(folder)
    path = folder / "reviews" / "ann.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("rating: 4", "rating: 9"), encoding="utf-8")
    for _ in range(2):
        problems = ListStore.check(folder)
        assert [(Path(p.file).name, p.line, p.field) for p in problems] == [("ann.yaml", 5, "reviews[0].rating")]
    assert "ann" not in listcache.cached_readers(folder)


def test_references_to_papers_the_list_no_longer_has_are_warned_about_from_the_cache_too(folder):
    store = ListStore.open(folder)
    del store.reading_list.papers["beta-paper"]
    store.save_catalogue()
    for _ in range(2):  # parsed, then from the cache
        store, problems = ListStore.examine(folder)
        assert problems == [] and store is not None
        warnings = [(Path(w.file).name, w.line, w.field) for w in store.warnings()]
        assert warnings == [("ann.yaml", 4, "reviews[0].paper")]
        assert "ann" in listcache.cached_readers(folder)


def _entry_bytes(folder: Path, name: str) -> bytes:
    return (folder / CACHE / name).read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "other key", "pickle", "not json"])
def test_corrupt_or_planted_cache_files_are_ignored_and_rebuilt(folder, tmp_path, monkeypatch, damage):
    ListStore.open(folder)
    good = _entry_bytes(folder, "list.json")
    planted_marker = tmp_path / "unpickled"
    if damage == "truncated":
        bad = good[: len(good) // 2]
    elif damage == "flipped":
        bad = good.replace(b'"Group"', b'"Evil!"')
    elif damage == "empty":
        bad = b""
    elif damage == "other key":
        # A file made by someone else's readinglist (another key), claiming this list.yaml.
        ours = os.environ["XDG_CACHE_HOME"]
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
        listcache._key_memo.clear()
        body = good[len(listcache._MAGIC) + listcache._MAC_BYTES :].replace(b'"Group"', b'"Evil!"')
        bad = listcache._MAGIC + listcache._mac(listcache._key() or b"", body) + body
        monkeypatch.setenv("XDG_CACHE_HOME", ours)
        listcache._key_memo.clear()
    elif damage == "pickle":
        bad = pickle.dumps(_Planted(str(planted_marker)))
    else:
        bad = listcache._MAGIC + good[len(listcache._MAGIC) : len(listcache._MAGIC) + listcache._MAC_BYTES] + b"{not json"
    for name in ("list.json", "ids.json"):
        (folder / CACHE / name).write_bytes(bad)
    store = ListStore.open(folder)
    assert store.reading_list.title == "Group"
    assert ListStore.open_reader(folder, "ann").reading_list.title == "Group"
    assert not planted_marker.exists()
    assert _entry_bytes(folder, "list.json") == good  # rebuilt by the open


class _Planted:
    """Would write a file when unpickled: the cache must never unpickle anything."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "ran"))


def test_without_a_key_there_is_no_cache_and_everything_works(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the key cannot be made under a file
    listcache._key_memo.clear()
    store = ListStore.open(folder)
    assert store.reading_list.title == "Group" and CACHE not in os.listdir(folder)
    assert ListStore.open_reader(folder, "ann").review("ann", "beta-paper").rating == 4


def test_the_cache_folder_is_ignored_by_git(folder):
    ListStore.open(folder)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=folder, capture_output=True, text=True, check=True)
    assert CACHE not in status.stdout
    assert "list.yaml" in status.stdout


def test_nothing_goes_through_a_cache_folder_planted_as_a_link(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / CACHE).symlink_to(elsewhere)
    for _ in range(2):
        assert ListStore.open(folder).reading_list.title == "Group"
    assert list(elsewhere.iterdir()) == []


def test_the_key_is_private_to_the_user(folder):
    ListStore.open(folder)
    assert listcache._key_path().stat().st_mode & 0o777 == 0o600


# -- a store for one reader -----------------------------------------------------------------


@pytest.mark.parametrize("cached", [False, True])
def test_a_reader_store_reads_only_that_readers_file_and_saves_it_as_a_full_store_would(folder, tmp_path, clock, cached):
    if cached:
        ListStore.open(folder)
    (folder / "reviews" / "bob.yaml").write_text("not: [valid", encoding="utf-8")  # never read here
    store = ListStore.open_reader(folder, "ann", clock=clock)
    assert set(store.reading_list.reviews) == {"ann"}
    assert list(store.reading_list.papers) == ["alpha-paper", "beta-paper", "gamma-paper"]
    assert isinstance(store.reading_list.papers, PapersOnDemand) is cached
    assert store._changed_on_disk(store.list_path) is None  # a save need not read list.yaml back
    store.update_review("ann", "alpha-paper", rating=5)
    store.update_review("ann", "gamma-paper", rating=1)
    # The same file a full store writes: reviews in the list's paper order.
    (folder / "reviews" / "bob.yaml").unlink()
    full = ListStore.open(folder)
    assert (folder / "reviews" / "ann.yaml").read_text(encoding="utf-8") == full.reviews_text("ann")
    assert [r.paper_id for r in full.reading_list.reviews["ann"].values()] == ["alpha-paper", "beta-paper", "gamma-paper"]
    assert store.reading_list.papers["beta-paper"].authors == ("Ada", "Bo")  # read on first use
    with pytest.raises(TypeError):
        store.save_catalogue()


def test_a_reader_store_refuses_a_bad_list_file_when_it_is_not_cached(folder):
    ListStore.open(folder)
    (folder / "list.yaml").write_text((folder / "list.yaml").read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="titel"):
        ListStore.open_reader(folder, "ann")


def test_review_command_on_a_cached_list(folder, monkeypatch):
    monkeypatch.setenv("READINGLIST_READER", "cy")
    assert main(["validate", str(folder)]) == 0
    assert main(["review", str(folder), "gam", "--rating", "3"]) == 0
    assert main(["review", str(folder), "nope", "--rating", "3"]) == 1
    assert ListStore.open(folder).reading_list.reviews["cy"]["gamma-paper"].rating == 3


def test_processes_opening_at_once_all_read_the_list(folder):
    """Cold cache, four processes: each fills it, none reads a half-written entry."""
    code = (
        "import sys; from readinglist.store import ListStore\n"
        "for _ in range(5):\n"
        "    s = ListStore.open(sys.argv[1])\n"
        "    assert s.reading_list.title == 'Group' and len(s.reading_list.papers) == 3, s.reading_list\n"
        "    assert s.reading_list.reviews['ann']['beta-paper'].rating == 4\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(folder)], env=env) for _ in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert listcache.cached_ids(folder, __import__("hashlib").sha256((folder / "list.yaml").read_bytes()).digest())


# -- the cache gives back exactly what the files hold ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402

from .strategies import reading_lists  # noqa: E402
from .test_roundtrip_properties import _snapshot, _stored, assert_same_list  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reading_lists())
def test_a_list_read_from_the_cache_is_the_list_in_the_files(reading_list):
    import tempfile

    expected = _snapshot(reading_list)
    with tempfile.TemporaryDirectory() as tmp:
        _stored(reading_list, Path(tmp))
        first = ListStore.open(tmp)  # parses, fills the cache
        assert_same_list(first.reading_list, expected)
        second = ListStore.open(tmp)  # from the cache
        assert_same_list(second.reading_list, expected)
        assert second.catalogue_text() == first.catalogue_text()


def test_vote_attend_and_minutes_on_a_cached_list_keep_the_whole_reader_file(folder, monkeypatch):
    import datetime as dt

    from readinglist.model import Session

    store = ListStore.open(folder)
    store.reading_list.sessions.append(Session(date=dt.date(2026, 2, 3), papers=("alpha-paper",), place="room 1"))
    store.reading_list.timezone = "Europe/Paris"
    store.save_catalogue()
    monkeypatch.setenv("READINGLIST_READER", "ann")
    assert main(["validate", str(folder)]) == 0  # fills the cache
    assert main(["vote", str(folder), "--rank", "gam", "alpha"]) == 0
    assert main(["session", "attend", str(folder), "2026-02-03"]) == 0
    assert main(["session", "minutes", str(folder), "2026-02-03", "--text", "we read alpha"]) == 0
    assert main(["session", "attend", str(folder), "2026-03-03"]) == 1  # no such session: the head was read
    for _ in range(2):  # parsed, then from the cache
        reading_list = ListStore.open(folder).reading_list
        assert reading_list.reviews["ann"]["beta-paper"].rating == 4
        assert reading_list.ballots["ann"][None].papers == ("gamma-paper", "alpha-paper")
        assert reading_list.attended["ann"] == (dt.date(2026, 2, 3),)
        assert reading_list.minutes["ann"][dt.date(2026, 2, 3)].text == "we read alpha"
        assert reading_list.timezone == "Europe/Paris" and reading_list.sessions[0].place == "room 1"
    reader_store = ListStore.open_reader(folder, "ann")
    assert reader_store.reading_list.sessions == reading_list.sessions
    assert isinstance(reader_store.reading_list.papers, PapersOnDemand)


def test_a_paper_that_does_not_survive_the_model_round_trip_is_not_cached(folder, monkeypatch):
    """A field from_dict forgets (a model change half made) turns the cache off, it is not dropped."""
    from readinglist import model

    original = model.Paper.from_dict
    monkeypatch.setattr(model.Paper, "from_dict", classmethod(lambda cls, data: original({**data, "upvotes": 0})))
    ListStore.open(folder)
    assert "list.json" not in cache_files(folder)


def test_reviews_come_back_from_the_cache_with_every_field_exact(folder):
    path = folder / "reviews" / "ann.yaml"
    path.write_text(
        "format_version: 1\nreader: ann\nreviews:\n"
        "- paper: alpha-paper\n  rating: 2\n  status: skimmed\n  tags:\n  - b\n  - a\n  note: \"x\\u00e9\\ny\"\n  updated: '2026-01-31T12:00:00.250000Z'\n"
        "- paper: gone-paper\n  updated: '2026-01-31T13:00:00+02:00'\n",
        encoding="utf-8",
    )
    first = ListStore.open(folder).reading_list.reviews["ann"]
    assert "ann" in listcache.cached_readers(folder)
    second = ListStore.open(folder).reading_list.reviews["ann"]
    assert list(second.values()) == list(first.values())
    assert [(r.updated.tzinfo, r.updated.microsecond) for r in second.values()] == [(r.updated.tzinfo, r.updated.microsecond) for r in first.values()]
    assert second["alpha-paper"].tags == ("b", "a") and second["alpha-paper"].note == "x\u00e9\ny"


def test_a_fifo_or_link_planted_as_a_cache_file_is_ignored_and_nothing_blocks(folder, tmp_path):
    """A FIFO in place of an entry would block a read for ever: it is not a cache entry."""
    ListStore.open(folder)
    cache = folder / CACHE
    for name in ("list.json", "reader-ann.json"):
        (cache / name).unlink()
        os.mkfifo(cache / name)
    (cache / "ids.json").unlink()
    (cache / "ids.json").symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(b"not an entry")
    code = (
        "import sys; from readinglist.cli import main; from readinglist.store import ListStore\n"
        "assert main(['validate', sys.argv[1]]) == 0\n"
        "assert ListStore.open(sys.argv[1]).reading_list.reviews['ann']['beta-paper'].rating == 4\n"
        "assert ListStore.open_reader(sys.argv[1], 'ann').reading_list.title == 'Group'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "valid (3 papers, 2 readers)" in done.stdout
