"""The file system as a hostile member shapes it: links, FIFOs, devices, folders where files go.

Nothing is ever written through a symbolic link, only regular files are read (a FIFO is
refused at once, never waited on), size limits hold before and while reading, and a folder
where a file belongs (or the reverse) is a located error, never a traceback.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from readinglist import diskio
from readinglist.catalogue import add_papers
from readinglist.cli import main
from readinglist.diskio import atomic_write, read_regular
from readinglist.errors import ListFormatError, StoreError, UnreadableFileError
from readinglist.handout.api import export_handout
from readinglist.ingest import import_files
from readinglist.model import Paper
from readinglist.store import ListStore
from tests.conftest import page

# A FIFO read without O_NONBLOCK would wait for a writer forever: every call that meets one
# runs in a thread that must finish within this many seconds.
NEVER_BLOCKS_S = 10


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def finishes(call):
    """`call()`'s result (or exception, re-raised), failing the test if it blocks."""
    box: dict[str, object] = {}

    def target():
        try:
            box["result"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(NEVER_BLOCKS_S)
    assert not thread.is_alive(), "blocked on a FIFO"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("result")


@pytest.fixture
def folder(tmp_path, clock):
    store = ListStore.create(tmp_path / "group", "Group", clock=clock)
    add_papers(store.reading_list, [Paper("", "Alpha Paper"), Paper("", "Beta Paper")])
    store.save_catalogue()
    store.update_review("ann", "alpha-paper", rating=4)
    return store.folder


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file outside the list that a planted link points at; it must never change."""
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text("precious\n")
    return target


def only_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- reading: regular files only ---------------------------------------------------------


def test_read_regular_reads_a_file_and_misses_quietly(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 100_000)
    assert read_regular(tmp_path / "a", 10**6) == b"x" * 100_000
    assert read_regular(tmp_path / "missing", 10) is None


@pytest.mark.parametrize("follow", [False, True])
def test_a_fifo_is_refused_at_once(tmp_path, follow):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFileError, match="FIFO"):
        finishes(lambda: read_regular(fifo, 10**6, follow_links=follow))


def test_a_device_and_a_folder_are_refused(tmp_path):
    with pytest.raises(UnreadableFileError, match="device"):
        read_regular(Path("/dev/null"), 10, follow_links=True)
    with pytest.raises(UnreadableFileError, match="is a folder"):
        read_regular(tmp_path, 10)


def test_a_link_is_refused_unless_followed(tmp_path, outside):
    link = tmp_path / "link"
    link.symlink_to(outside)
    with pytest.raises(UnreadableFileError, match="symbolic link"):
        read_regular(link, 10**6)
    assert read_regular(link, 10**6, follow_links=True) == b"precious\n"


def test_the_size_limit_is_checked_from_stat_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big"
    with big.open("wb") as f:
        f.truncate(2**30)  # sparse: a GiB that costs nothing
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(UnreadableFileError, match="larger than"):
        read_regular(big, 2**20)
    assert reads == []


def test_the_size_limit_is_checked_while_reading_a_file_that_grows(tmp_path, monkeypatch):
    path = tmp_path / "growing"
    path.write_bytes(b"x" * 5000)
    real_lstat, real_fstat = os.lstat, os.fstat

    class Shrunk:  # what stat said before the file grew to 5,000 bytes
        def __init__(self, st):
            self.st_mode, self.st_size = st.st_mode, 10

    monkeypatch.setattr(os, "lstat", lambda p, **kw: Shrunk(real_lstat(p, **kw)))
    monkeypatch.setattr(os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    with pytest.raises(UnreadableFileError, match="larger than 1,000 bytes"):
        read_regular(path, 1000)
    assert read_regular(path, 6000) == b"x" * 5000


def test_an_import_source_that_is_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    code, _, err = finishes(lambda: run("import", fifo, "--into", tmp_path / "l"))
    assert code == 1
    assert only_line(err).endswith(f"{fifo}: is a FIFO (named pipe), not a regular file: refused")
    assert not (tmp_path / "l").exists()


def test_an_import_source_may_be_a_link_to_a_page(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(page("Sparse Experts", "An abstract about experts. " * 5), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    summary = import_files([tmp_path / "link.txt"], tmp_path / "l", year=2025)
    assert summary.added == 1


def test_an_import_source_that_is_a_folder_is_one_line(tmp_path):
    code, _, err = run("import", tmp_path, "--into", tmp_path / "l")
    assert code == 1
    assert "is a folder, not a file" in only_line(err)


# -- list files: links, FIFOs and folders refused with their path ------------------------


def _problem_of(folder: Path) -> str:
    problems = ListStore.check(folder)
    assert len(problems) == 1, problems
    return str(problems[0])


def test_a_list_yaml_that_is_a_link_is_refused_and_never_written(folder, outside, tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(page("Sparse Experts", "An abstract about experts. " * 5), encoding="utf-8")
    (folder / "list.yaml").unlink()
    (folder / "list.yaml").symlink_to(outside)
    assert _problem_of(folder) == f"{folder / 'list.yaml'}: {diskio.LINK_REFUSED}"
    with pytest.raises(ListFormatError, match="symbolic link"):
        ListStore.open(folder)
    code, _, err = run("import", source, "--into", folder)  # no source can go in either
    assert code == 1
    assert "list.yaml: is a symbolic link" in only_line(err)
    assert outside.read_text() == "precious\n"


def test_a_review_file_that_is_a_link_is_refused(folder, outside):
    (folder / "reviews" / "bob.yaml").symlink_to(outside)
    assert _problem_of(folder) == f"{folder / 'reviews' / 'bob.yaml'}: {diskio.LINK_REFUSED}"
    code, _, err = run("show", folder)
    assert code == 1
    assert "bob.yaml: is a symbolic link" in only_line(err)


def test_a_reviews_folder_that_is_a_link_is_refused(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere-reviews"
    (folder / "reviews").rename(elsewhere)
    (folder / "reviews").symlink_to(elsewhere)
    assert "reviews: is a symbolic link" in _problem_of(folder)
    code, _, err = run("review", folder, "alpha", "--reader", "ann", "--rating", "2")
    assert code == 1
    assert "symbolic link" in only_line(err)
    assert "rating: 4" in (elsewhere / "ann.yaml").read_text()


def test_a_list_folder_that_is_a_link_is_refused(folder, tmp_path):
    link = tmp_path / "linked"
    link.symlink_to(folder)
    code, _, err = run("show", link)
    assert code == 1
    assert "linked: is a symbolic link" in only_line(err)


def test_a_review_file_replaced_by_a_link_after_opening_is_not_written_through(folder, outside):
    store = ListStore.open(folder)
    review = folder / "reviews" / "ann.yaml"
    review.unlink()
    review.symlink_to(outside)
    with pytest.raises(StoreError, match="symbolic link"):
        store.update_review("ann", "beta-paper", rating=5)
    assert outside.read_text() == "precious\n"
    assert "beta-paper" not in store.reading_list.reviews["ann"]  # memory as before the save


def test_a_planted_lock_link_is_refused(folder, outside):
    (folder / ".readinglist.lock").unlink(missing_ok=True)  # the lock file stays after a save
    (folder / ".readinglist.lock").symlink_to(outside)
    store = ListStore.open(folder)
    with pytest.raises(StoreError, match="readinglist.lock: is a symbolic link"):
        store.update_review("ann", "beta-paper", rating=5)
    assert outside.read_text() == "precious\n"


def test_a_fifo_as_a_review_file_or_list_file_is_refused_at_once(folder):
    os.mkfifo(folder / "reviews" / "eve.yaml")
    assert "eve.yaml: is a FIFO" in finishes(lambda: _problem_of(folder))
    (folder / "reviews" / "eve.yaml").unlink()
    (folder / "list.yaml").unlink()
    os.mkfifo(folder / "list.yaml")
    code, _, err = finishes(lambda: run("validate", folder))
    assert code == 1
    assert "list.yaml: is a FIFO" in err


def test_folders_where_files_belong_are_located(folder):
    (folder / "reviews" / "bob.yaml").mkdir()
    assert _problem_of(folder) == f"{folder / 'reviews' / 'bob.yaml'}: is a folder, not a file"
    (folder / "reviews" / "bob.yaml").rmdir()
    (folder / "list.yaml").rename(folder / "kept.yaml")
    (folder / "list.yaml").mkdir()
    code, _, err = run("show", folder)
    assert code == 1
    assert only_line(err).endswith(f"{folder / 'list.yaml'}: is a folder, not a file")


def test_files_where_folders_belong_are_located(folder, tmp_path):
    for name in os.listdir(folder / "reviews"):
        (folder / "reviews" / name).unlink()
    (folder / "reviews").rmdir()
    (folder / "reviews").write_text("not a folder\n")
    assert _problem_of(folder) == f"{folder / 'reviews'}: is a file; reviews/ must be a folder of review files"
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    source = tmp_path / "page.txt"
    source.write_text(page("Sparse Experts", "An abstract about experts. " * 5), encoding="utf-8")
    for argv in (("show", notes), ("import", source, "--into", notes), ("validate", notes)):
        code, _, err = run(*argv)
        assert code in (1, 2), argv
        assert "notes.txt" in only_line(err), argv
    assert notes.read_text() == "hello\n"


# -- exports replace their output, never follow it ---------------------------------------


def test_an_export_replaces_a_planted_link_at_its_output(folder, tmp_path, outside):
    out = tmp_path / "handout.csv"
    out.symlink_to(outside)
    export_handout(folder, "csv", out)
    assert not out.is_symlink()
    assert out.read_text().startswith("id,")
    assert outside.read_text() == "precious\n"


@pytest.mark.parametrize(
    "argv",
    [("export", "{list}", "--to", "csv", "-o", "{out}"), ("export", "{list}", "--to", "html", "-o", "{out}"), ("session", "ics", "{list}", "-o", "{out}")],
    ids=["export-csv", "export-html", "session-ics"],
)
def test_every_command_that_writes_a_file_replaces_a_planted_link(folder, tmp_path, outside, argv):
    out = tmp_path / "planted"
    out.symlink_to(outside)
    code, _, err = run(*(a.format(list=folder, out=out) for a in argv))
    assert code == 0, err
    assert out.is_file() and not out.is_symlink()
    assert outside.read_text() == "precious\n"


def test_an_export_to_a_folder_is_one_line(folder, tmp_path):
    code, _, err = run("export", folder, "--to", "csv", "-o", tmp_path)
    assert code in (1, 2)
    assert "is a folder" in only_line(err)


def test_an_export_leaves_no_image_behind_when_its_main_file_fails(folder, tmp_path, monkeypatch):
    out = tmp_path / "h.md"
    real = diskio.atomic_write

    def fail_on_main(path, data):
        if path == out:
            raise StoreError(f"{path}: cannot save: injected")
        real(path, data)

    monkeypatch.setattr("readinglist.handout.api.atomic_write", fail_on_main)
    with pytest.raises(StoreError):
        export_handout(folder, "markdown", out)
    assert not (tmp_path / "h_files").exists() and not out.exists()


def test_atomic_write_never_follows_the_path(tmp_path, outside):
    link = tmp_path / "f"
    link.symlink_to(outside)
    atomic_write(link, b"new")
    assert link.read_bytes() == b"new" and not link.is_symlink()
    assert outside.read_text() == "precious\n"


def test_the_suggestion_cache_is_not_written_through_a_planted_link(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere-cache"
    elsewhere.mkdir()
    (folder / ".readinglist-cache").symlink_to(elsewhere)
    code, _, err = run("suggest", folder, "--reader", "ann")
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert list(elsewhere.iterdir()) == []
