"""The store: one folder per list, atomic saves, no silent overwrite, readers' own files."""

from __future__ import annotations

import os

import filelock
import pytest

from readinglist.catalogue import add_papers
from readinglist.diskio import atomic_write
from readinglist.errors import (
    ChangedOnDiskError,
    InputError,
    LockTimeoutError,
    MissingPathError,
    ReaderNameError,
    UnknownPaperError,
)
from readinglist.model import Paper, Source
from readinglist.store import ListStore
from tests.conftest import FIXED_NOW


def papers(*titles):
    return [Paper(id="", title=t, abstract=f"About {t}. " * 12, sources=(Source("hf-page", "a.txt", i),)) for i, t in enumerate(titles, 1)]


@pytest.fixture
def folder(tmp_path, clock):
    store = ListStore.create(tmp_path / "group", "Group", clock=clock)
    add_papers(store.reading_list, papers("Alpha Paper", "Beta Paper", "Gamma Paper"))
    store.save_catalogue()
    return store.folder


def test_create_and_open_round_trip(folder, clock):
    store = ListStore.open(folder / "list.yaml", clock=clock)  # the list.yaml path works too
    assert list(store.reading_list.papers) == ["alpha-paper", "beta-paper", "gamma-paper"]
    assert store.reading_list.title == "Group"


def test_saving_unchanged_list_is_byte_identical_and_a_no_op(folder):
    before = (folder / "list.yaml").read_bytes()
    mtime = (folder / "list.yaml").stat().st_mtime_ns
    store = ListStore.open(folder)
    assert store.save_catalogue() is False
    assert (folder / "list.yaml").read_bytes() == before
    assert (folder / "list.yaml").stat().st_mtime_ns == mtime


def test_written_files_follow_the_umask_not_mkstemps_0600(folder):
    mask = os.umask(0)
    os.umask(mask)
    assert (folder / "list.yaml").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_review_touches_only_the_readers_file(folder, clock):
    catalogue = (folder / "list.yaml").read_bytes()
    store = ListStore.open(folder, clock=clock)
    review = store.update_review("ann", "beta-paper", rating=4, status="read", add_tags=("MoE",), note="worth a session")
    assert (review.rating, review.status, review.tags, review.note, review.updated) == (4, "read", ("moe",), "worth a session", FIXED_NOW)
    assert (folder / "list.yaml").read_bytes() == catalogue
    assert sorted(p.name for p in (folder / "reviews").iterdir()) == ["ann.yaml"]
    again = ListStore.open(folder)
    assert again.reading_list.reviews["ann"]["beta-paper"] == review


def test_tags_are_per_reader_and_the_paper_has_their_union(folder):
    store = ListStore.open(folder)
    store.update_review("ann", "alpha-paper", add_tags=("moe", "routing"))
    store.update_review("bob", "alpha-paper", add_tags=("moe",))
    rl = ListStore.open(folder).reading_list
    assert rl.tag_counts("alpha-paper") == {"moe": 2, "routing": 1}
    assert rl.tags("alpha-paper") == ["moe", "routing"]
    store.update_review("ann", "alpha-paper", remove_tags=("moe",))
    assert ListStore.open(folder).reading_list.tag_counts("alpha-paper") == {"moe": 1, "routing": 1}


def test_unchanged_review_writes_nothing(folder):
    store = ListStore.open(folder)
    first = store.update_review("ann", "alpha-paper", rating=3)
    mtime = (folder / "reviews" / "ann.yaml").stat().st_mtime_ns
    assert store.update_review("ann", "alpha-paper", rating=3) is first
    assert (folder / "reviews" / "ann.yaml").stat().st_mtime_ns == mtime


def test_clearing_everything_removes_the_review(folder):
    store = ListStore.open(folder)
    store.update_review("ann", "alpha-paper", rating=3)
    store.update_review("ann", "alpha-paper", rating=None)
    assert ListStore.open(folder).reading_list.reviews["ann"] == {}


@pytest.mark.parametrize("reader", ["../evil", "a/b", "Ann", "", ".hidden", "x" * 65, "a\x00b", "con sole"])
def test_reader_names_with_path_tricks_are_refused(folder, reader):
    store = ListStore.open(folder)
    with pytest.raises(ReaderNameError):
        store.update_review(reader, "alpha-paper", rating=3)
    assert not (folder / "reviews").exists()


def test_unknown_paper_is_refused(folder):
    with pytest.raises(UnknownPaperError, match="no paper 'nope'"):
        ListStore.open(folder).update_review("ann", "nope", rating=3)


def test_a_change_on_disk_to_another_paper_is_merged_not_lost(folder):
    mine = ListStore.open(folder)
    theirs = ListStore.open(folder)
    theirs.update_review("ann", "alpha-paper", rating=5)
    mine.update_review("ann", "beta-paper", rating=2)
    on_disk = ListStore.open(folder).reading_list.reviews["ann"]
    assert (on_disk["alpha-paper"].rating, on_disk["beta-paper"].rating) == (5, 2)
    assert mine.reading_list.reviews["ann"]["alpha-paper"].rating == 5  # memory follows the merged file


def test_the_same_field_changed_both_ways_is_refused_and_not_overwritten(folder):
    mine = ListStore.open(folder)
    theirs = ListStore.open(folder)
    theirs.update_review("ann", "alpha-paper", rating=5)
    on_disk = (folder / "reviews" / "ann.yaml").read_bytes()
    with pytest.raises(ChangedOnDiskError, match="changed on disk since it was loaded .* both changed reviews\\[alpha-paper\\].rating"):
        mine.update_review("ann", "alpha-paper", rating=2)
    assert (folder / "reviews" / "ann.yaml").read_bytes() == on_disk
    assert "alpha-paper" not in mine.reading_list.reviews.get("ann", {})  # the refused change is rolled back in memory


def test_catalogue_changed_by_a_pull_is_not_overwritten(folder):
    store = ListStore.open(folder)
    text = (folder / "list.yaml").read_text()
    (folder / "list.yaml").write_text(text.replace("title: Group", "title: Group renamed"))
    store.reading_list.title = "Mine"
    with pytest.raises(ChangedOnDiskError):
        store.save_catalogue()
    assert "Group renamed" in (folder / "list.yaml").read_text()


def test_a_held_lock_times_out_with_a_clear_error(folder, monkeypatch):
    monkeypatch.setattr(ListStore, "lock_timeout", 0.2)
    store = ListStore.open(folder)
    with filelock.FileLock(str(folder / ".readinglist.lock")):
        with pytest.raises(LockTimeoutError, match="lock"):
            store.update_review("ann", "alpha-paper", rating=1)
    assert store.update_review("ann", "alpha-paper", rating=1).rating == 1


def test_stray_temp_files_are_cleaned_and_ignored(folder):
    stray = folder / ".list.yaml.abc123.tmp"
    stray.write_text("half a file")
    store = ListStore.open(folder)
    store.reading_list.title = "Renamed"
    store.save_catalogue()
    assert not stray.exists()
    assert ".*.tmp" in (folder / ".gitignore").read_text()


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "f.yaml"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_missing_list_and_existing_list(tmp_path):
    with pytest.raises(MissingPathError, match="no list here"):
        ListStore.open(tmp_path / "nothing")
    ListStore.create(tmp_path / "l", "T").save_catalogue()
    with pytest.raises(InputError, match="already exists"):
        ListStore.create(tmp_path / "l", "T")


def test_unchanged_items_are_written_back_as_loaded_and_a_change_lands(folder):
    text = (folder / "list.yaml").read_text()
    # A hand edit that moves the title below the papers: the last paper must not swallow it.
    moved = text.replace("title: Group\n", "") + "title: Group\n"
    (folder / "list.yaml").write_text(moved)
    store = ListStore.open(folder)
    store.reading_list.description = "Added"
    store.save_catalogue()
    again = ListStore.open(folder).reading_list
    assert (again.title, again.description, list(again.papers)) == ("Group", "Added", ["alpha-paper", "beta-paper", "gamma-paper"])
    assert (folder / "list.yaml").read_text().count("title: Group\n") == 1


def _line_ends(data: bytes) -> set[bytes]:
    """The line endings used in a file: {b"\\r\\n"}, {b"\\n"} or both."""
    return {b"\r\n" if data[i - 1 : i] == b"\r" else b"\n" for i in range(len(data)) if data[i : i + 1] == b"\n"}


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_file_keeps_uniform_line_endings_through_saves(folder, clock, newline):
    store = ListStore.open(folder, clock=clock)
    store.update_review("ann", "alpha-paper", rating=3, note="first line\nsecond line")
    for path in (folder / "list.yaml", folder / "reviews" / "ann.yaml"):
        text = path.read_bytes().decode().replace("\r\n", "\n")
        path.write_bytes(text.replace("\n", newline).encode())
    store = ListStore.open(folder, clock=clock)
    # Some items written back as loaded, some dumped afresh, a new paper and a new review.
    add_papers(store.reading_list, papers("Delta Paper"))
    store.reading_list.title = "Group, renamed"
    store.save_catalogue()
    store.update_review("ann", "beta-paper", status="read", note="a note\nover two lines")
    expected = {newline.encode()}
    assert _line_ends((folder / "list.yaml").read_bytes()) == expected
    assert _line_ends((folder / "reviews" / "ann.yaml").read_bytes()) == expected
    again = ListStore.open(folder)
    assert again.reading_list.title == "Group, renamed" and len(again.reading_list) == 4
    assert again.reading_list.reviews["ann"]["alpha-paper"].note == "first line\nsecond line"
    assert again.reading_list.reviews["ann"]["beta-paper"].note == "a note\nover two lines"
    assert ListStore.open(folder).save_catalogue() is False  # and a save of nothing writes nothing


def test_a_crlf_file_changed_on_disk_merges_and_stays_crlf(folder, clock):
    path = folder / "list.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    mine, theirs = ListStore.open(folder, clock=clock), ListStore.open(folder, clock=clock)
    theirs.reading_list.title = "Their title"
    theirs.save_catalogue()
    add_papers(mine.reading_list, papers("Delta Paper"))
    mine.save_catalogue()
    assert _line_ends(path.read_bytes()) == {b"\r\n"}
    merged = ListStore.open(folder).reading_list
    assert merged.title == "Their title" and "delta-paper" in merged.papers
