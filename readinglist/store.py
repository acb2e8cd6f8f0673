"""Lists on disk: a folder with `list.yaml` and one `reviews/<reader>.yaml` per reader.

The only module (with the CLI, and `scan`, which reads a list one reader file at a time
for validate and show) that reads or writes list files. Writes are atomic (temp file in
the same folder, fsync, rename, fsync of the folder) and happen under a per-list lock.
A file that changed since it was loaded (another kernel, the CLI, a git pull) is never
overwritten: the change is merged when it touches other papers or fields, and the save is
refused when both changed the same field. Nothing is written that the loader would
refuse (`writecheck`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock

from . import loading, writecheck, yamlio
from . import references as refs
from .blocks import blocks_as_loaded, uses_crlf
from .bulk import collector_paused
from .diskio import LINK_REFUSED, Fingerprint, atomic_write, cause, decode_list_file, read_bytes, stat_key
from .errors import (
    ChangedOnDiskError,
    InputError,
    ListFormatError,
    LockTimeoutError,
    MissingPathError,
    Problem,
    StoreError,
    UnknownPaperError,
    UnreadableFileError,
    UnsavableError,
    UnwritableFileError,
)  # fmt: skip
from .layout import (
    LIST_FILE,
    LOCK_FILE,
    REVIEWS_DIR,
    folder_problem,
    list_folder,
    reader_file_problem,
    refuse_bad_folder,
    review_files,
)
from .listfile import list_tail_text, read_list_text, read_reader_text
from .merge import merge_texts
from .model import Paper, ReadingList, Review, update_review
from .participation import reader_file, set_reader_file
from .readers import check_reader
from .schema import (
    FORMAT_VERSION,
    list_to_head,
    paper_to_data,
    review_to_data,
)

LOCK_TIMEOUT_S = 10.0
_GITIGNORE = (
    "# written by readinglist: its lock and unfinished saves, and the suggestions' cache\n"
    ".readinglist.lock\n.*.tmp\n.readinglist-cache/\n"
)


def _render(path: Path, make_text: Callable[[], str]) -> str:
    try:
        return make_text()
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        raise UnsavableError.at(str(path), None, f"text with {bad}, which is not Unicode text (a lone surrogate), cannot be saved") from None


class ListStore:
    """One list folder: the reading list loaded from it, and the saves back to it.

    Open with `ListStore.open(path)` (an existing list) or `ListStore.create(path, title)`.
    """

    lock_timeout: float = LOCK_TIMEOUT_S

    def __init__(self, folder: Path, reading_list: ReadingList, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.folder = folder
        self.reading_list = reading_list
        # Whole seconds: what the file holds, so a reloaded review equals the one in memory.
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
        self._fingerprints: dict[Path, Fingerprint] = {}
        self._texts: dict[Path, str] = {}  # what each file held when read or written: the merge base
        self._crlf: dict[Path, bool] = {}  # files whose lines end in CRLF: saved all CRLF again
        self._reader_only = False  # opened with open_reader: the catalogue is not all loaded
        self._paper_blocks: dict[str, tuple[Paper, str]] = {}
        self._review_blocks: dict[tuple[str, str], tuple[Review, str]] = {}
        # Per file: where its items started and the objects loaded from them (see _seed_blocks).
        self._as_loaded: dict[Path, tuple[list[int], list[Any]]] = {}
        # Per file: its paper references as loaded; None after a save (found again when asked).
        self._references: dict[Path, list[refs.Reference] | None] = {}
        self._lock = filelock.FileLock(str(folder / LOCK_FILE), timeout=self.lock_timeout)

    # -- paths -------------------------------------------------------------------------
    @property
    def list_path(self) -> Path:
        return self.folder / LIST_FILE

    def review_path(self, reader: str) -> Path:
        return self.folder / REVIEWS_DIR / f"{check_reader(reader)}.yaml"

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: str | os.PathLike[str], title: str, description: str = "", *, clock: Callable[[], dt.datetime] | None = None
    ) -> ListStore:
        """A new, empty list at `path` (not yet written: `save_catalogue` writes it)."""
        folder = list_folder(path)
        refuse_bad_folder(folder)
        if os.path.lexists(folder / LIST_FILE):
            raise InputError(f"{folder / LIST_FILE}: a list already exists here")
        if not title.strip():
            raise InputError("a new list needs a title: pass --title")
        store = cls(folder, ReadingList(title=title, description=description), clock)
        store._fingerprints[store.list_path] = Fingerprint(None, None)
        return store

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, clock: Callable[[], dt.datetime] | None = None) -> ListStore:
        """The list at `path` with every reader's reviews; ListFormatError if any file is bad."""
        folder = list_folder(path)
        refuse_bad_folder(folder)
        list_path = folder / LIST_FILE
        if not os.path.lexists(list_path):
            raise MissingPathError(f"{list_path}: no list here (create one with 'readinglist import ... --into {folder}')")
        store = cls(folder, ReadingList(title=""), clock)
        with collector_paused():
            problems = store._load()
        if problems:
            raise ListFormatError(problems)
        return store

    @classmethod
    def check(cls, path: str | os.PathLike[str]) -> list[Problem]:
        """Every problem of the list at `path` and its review files (empty: valid)."""
        return cls.examine(path)[1]

    @classmethod
    def examine(cls, path: str | os.PathLike[str]) -> tuple[ListStore | None, list[Problem]]:
        """The list at `path`, opened when it is valid, and every problem of it and its review files."""
        folder = list_folder(path)
        problem = folder_problem(folder)
        if problem is not None:
            return None, [problem]
        list_path = folder / LIST_FILE
        if not os.path.lexists(list_path):
            return None, [Problem(str(list_path), None, "no list file here")]
        store = cls(folder, ReadingList(title=""))
        with collector_paused():
            problems = store._load()
        return (None if problems else store), problems

    @classmethod
    def open_reader(cls, path: str | os.PathLike[str], reader: str, *, clock: Callable[[], dt.datetime] | None = None) -> ListStore:
        """The list at `path` for work on one reader's own file (`review`, `vote`, `session attend`).

        Only that reader's file is read; the catalogue's paper ids come from the parse
        cache when it holds this list.yaml (else the file is parsed, which fills the
        cache), and the papers themselves are read on first use. Other readers' files are
        not loaded, so this store cannot save the catalogue: use `ListStore.open` for that.
        """
        folder = list_folder(path)
        refuse_bad_folder(folder)
        check_reader(reader)
        list_path = folder / LIST_FILE
        if not os.path.lexists(list_path):
            raise MissingPathError(f"{list_path}: no list here (create one with 'readinglist import ... --into {folder}')")
        store = cls(folder, ReadingList(title=""), clock)
        store._reader_only = True
        with collector_paused():
            problems = store._load(only_reader=reader)
        if problems:
            raise ListFormatError(problems)
        return store

    def _load(self, only_reader: str | None = None) -> list[Problem]:
        try:
            data = read_bytes(self.list_path)
        except UnreadableFileError as exc:
            return [Problem(exc.file, None, exc.reason)]
        if data is None:
            return [Problem(str(self.list_path), None, "no list file here")]
        key = loading.content_key(data)
        # Also for a reader's store: a save checks whether list.yaml changed meanwhile.
        self._fingerprints[self.list_path] = Fingerprint.of_bytes(self.list_path, data)
        known = loading.catalogue_ids(self.folder, key) if only_reader is not None else None
        catalogue_head = loading.reading_list_of_ids(*known, lambda: self._catalogue_of(data, key)) if known else None
        if catalogue_head is not None:
            self.reading_list = catalogue_head
        else:
            catalogue = loading.read_catalogue(self.folder, self.list_path, data, key)
            if catalogue.references is not None:
                self._references[self.list_path] = catalogue.references
            if catalogue.value is None:
                return catalogue.problems
            text = catalogue.text or ""  # the merge base of later saves
            self._texts[self.list_path] = text
            self._crlf[self.list_path] = uses_crlf(text)
            self.reading_list = catalogue.value
            if catalogue.starts is not None:  # the blocks themselves are cut at the first save, if any
                self._as_loaded[self.list_path] = (catalogue.starts, list(self.reading_list.papers.values()))
        problems: list[Problem] = []
        review_dir = self.folder / REVIEWS_DIR
        if only_reader is not None:
            path = self.review_path(only_reader)
            if not review_dir.is_symlink() and os.path.lexists(path):
                problems.extend(self._load_reviews(path, loading.ReaderFiles(self.folder, read_cache=False)))
            return problems
        paths, problem = review_files(review_dir)
        if problem is not None:
            problems.append(problem)
        files = loading.ReaderFiles(self.folder)
        for path in paths:
            problems.extend(self._load_reviews(path, files))
        if problem is None:
            files.forget_others(self.reading_list.reviews)
        return problems

    def _catalogue_of(self, data: bytes, digest: bytes) -> ReadingList:
        """The full catalogue of the list.yaml bytes this store read (a reader-only store's papers)."""
        catalogue = loading.read_catalogue(self.folder, self.list_path, data, digest)
        if catalogue.value is None:
            raise ListFormatError(catalogue.problems)
        return catalogue.value

    def _load_reviews(self, path: Path, files: loading.ReaderFiles) -> list[Problem]:
        reader = path.stem
        problem = reader_file_problem(path)
        if problem is not None:
            return [problem]
        try:
            data = read_bytes(path)
        except UnreadableFileError as exc:
            return [Problem(exc.file, None, exc.reason)]
        if data is None:
            return []
        self._fingerprints[path] = Fingerprint.of_bytes(path, data)
        loaded = files.read(path, data, loading.content_key(data), reader)
        if loaded.references is not None:
            self._references[path] = loaded.references
        if loaded.value is not None:
            text = loaded.text or ""
            self._texts[path] = text
            self._crlf[path] = uses_crlf(text)
            set_reader_file(self.reading_list, reader, loaded.value)
            if loaded.starts is not None:
                self._as_loaded[path] = (loaded.starts, list(loaded.value.reviews.values()))
        return loaded.problems

    # -- references ---------------------------------------------------------------------
    def references(self) -> list[refs.Reference]:
        """Every value in the list's files that names a paper, with its file and line."""
        out: list[refs.Reference] = []
        for path in list(self._references):
            found = self._references[path]
            if found is None:
                text = self._texts.get(path)
                try:
                    data, lines = yamlio.loads(text or "", str(path))
                except ListFormatError:
                    data, lines = None, yamlio.LineMap()
                found = refs.collect(data, lines, str(path), "list" if path == self.list_path else "reviews")
                self._references[path] = found
            out.extend(found)
        return out

    def warnings(self) -> list[Problem]:
        """References to papers the list does not show: kept, and reported (never refused)."""
        return refs.dangling(self.reading_list, self.references(), str(self.list_path))

    # -- saving -------------------------------------------------------------------------
    def _changed_on_disk(self, path: Path) -> bytes | None:
        """The file's bytes if it changed since we read or wrote it; None if it did not."""
        known = self._fingerprints.get(path)
        if known is not None and known.stat == stat_key(path):
            return None
        data = read_bytes(path)
        digest = hashlib.blake2b(data, digest_size=16).digest() if data is not None else None
        if known is None and data is None:
            return None
        if known is not None and digest == known.digest:
            return None
        return data if data is not None else b""

    def _merge_with_disk(self, path: Path, ours: str, on_disk: bytes) -> str:
        """Our new text merged with a version another process (or a pull) wrote meanwhile.

        Safe changes (other papers, other fields) merge; the same field changed both ways,
        or a file that is not a valid list any more, is refused: never overwritten.
        """
        reload_hint = "reload the list and make the change again"
        try:
            theirs = decode_list_file(on_disk, str(path)) if on_disk else ""
            result = merge_texts(self._texts.get(path), ours, theirs, str(path))
        except ListFormatError as exc:
            raise ChangedOnDiskError(f"{path}: the file changed on disk since it was loaded and is not valid now ({exc}); {reload_hint}") from None
        if not result.clean:
            fields = ", ".join(c.where for c in result.conflicts[:3])
            raise ChangedOnDiskError(
                f"{path}: the file changed on disk since it was loaded (another kernel, the CLI or a git pull) "
                f"and both changed {fields}; {reload_hint}"
            )
        self._adopt(path, result.text)
        return result.text

    def _adopt(self, path: Path, text: str) -> None:
        """Make the in-memory list match a merged file."""
        if path == self.list_path:
            merged = read_list_text(text, str(path))
            rl = self.reading_list
            rl.title, rl.description, rl.papers = merged.title, merged.description, merged.papers
            rl.sessions, rl.duplicates, rl.timezone = merged.sessions, merged.duplicates, merged.timezone
            rl.removed = merged.removed
        else:
            reader = path.stem
            set_reader_file(self.reading_list, reader, read_reader_text(text, str(path), reader))

    def _refuse_links(self, path: Path) -> None:
        """Nothing is written through a symbolic link: not the folder, reviews/, the file or the lock."""
        for where in dict.fromkeys((self.folder, path.parent, path, self.folder / LOCK_FILE)):
            if where.is_symlink():
                raise UnwritableFileError(str(where), LINK_REFUSED)

    def _write(self, path: Path, text: str) -> bool:
        """Write `text` to `path` under the lock; False when the file already holds it.

        Whatever step fails, the file on disk and the list in memory stay as they were, and
        the error is one StoreError (or InputError) naming the file.
        """
        memory = self._memory_of(path)
        try:
            self._refuse_links(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._ensure_gitignore()
            with self._lock:
                on_disk = self._changed_on_disk(path)
                if on_disk is not None:
                    text = self._merge_with_disk(path, text, on_disk)
                    end = on_disk.find(b"\n")
                    self._crlf[path] = end > 0 and on_disk[end - 1 : end] == b"\r"
                if self._crlf.get(path):  # every line the same: the file keeps its CRLF line ends
                    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
                data = text.encode("utf-8")
                writecheck.check_size(str(path), data)
                self._clean_stray_temps(path)
                known = self._fingerprints.get(path)
                new_digest = hashlib.blake2b(data, digest_size=16).digest()
                if known is not None and known.digest == new_digest and on_disk is None:
                    return False
                self._refuse_links(path)
                atomic_write(path, data)
                self._fingerprints[path] = Fingerprint(stat_key(path), new_digest)
                self._texts[path] = text
                self._references[path] = None
                return True
        except filelock.Timeout:
            self._restore_memory(path, memory)
            raise LockTimeoutError(f"{self.folder}: another process has held the list's lock for {self.lock_timeout:g} s") from None
        except (StoreError, InputError):
            self._restore_memory(path, memory)
            raise
        except OSError as exc:  # a step before the write itself: the folder, the lock file
            self._restore_memory(path, memory)
            where = exc.filename if isinstance(exc.filename, str) else str(path)
            raise UnwritableFileError(where, f"cannot save {path.name}: {cause(exc)}; the file on disk is unchanged") from None

    def _memory_of(self, path: Path) -> tuple[Any, ...]:
        """What a merge with the disk (`_adopt`) may change in memory, to put back if the save fails."""
        rl = self.reading_list
        if path == self.list_path:
            return (rl.title, rl.description, rl.papers, rl.sessions, rl.duplicates, rl.removed)
        return (rl.reviews.get(path.stem),)

    def _restore_memory(self, path: Path, memory: tuple[Any, ...]) -> None:
        rl = self.reading_list
        if path == self.list_path:
            rl.title, rl.description, rl.papers, rl.sessions, rl.duplicates, rl.removed = memory
        elif memory[0] is not None:
            rl.reviews[path.stem] = memory[0]
        else:
            rl.reviews.pop(path.stem, None)

    def _ensure_gitignore(self) -> None:
        ignore = self.folder / ".gitignore"
        if not os.path.lexists(ignore):
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(ignore, _GITIGNORE.encode())

    @staticmethod
    def _clean_stray_temps(path: Path) -> None:
        # Under the lock no other save is in progress: a temp file of ours is a crash's leftover.
        for stray in path.parent.glob(f".{path.name}.*.tmp"):
            try:
                stray.unlink()
            except FileNotFoundError:
                pass

    def _seed_blocks(self, path: Path) -> list[tuple[Any, str]]:
        """(object, text) of the items of `path` as loaded, once: for the first save after opening."""
        pending = self._as_loaded.pop(path, None)
        text = self._texts.get(path)
        if pending is None or text is None:
            return []
        starts, objects = pending
        blocks = blocks_as_loaded(text, starts)
        if blocks is None:
            return []
        if "\r" in text:  # blocks are kept with LF lines, like freshly dumped ones (see _write)
            blocks = [b.replace("\r\n", "\n").replace("\r", "\n") for b in blocks]
        return list(zip(objects, blocks))

    def catalogue_text(self) -> str:
        blocks = []
        cache = self._paper_blocks
        for paper, block in self._seed_blocks(self.list_path):
            cache.setdefault(paper.id, (paper, block))
        new: list[tuple[int, Paper, str]] = []  # blocks not written or loaded before: checked first
        for index, paper in enumerate(self.reading_list.papers.values()):
            hit = cache.get(paper.id)
            if hit is None or hit[0] != paper:
                hit = (paper, writecheck.dump_block(str(self.list_path), paper, paper_to_data(paper)))
                new.append((index, paper, hit[1]))
            blocks.append(hit[1])
        head, tail = list_to_head(self.reading_list), list_tail_text(self.reading_list)
        writecheck.check_head(str(self.list_path), head, tail, self.reading_list.papers)
        writecheck.check_papers(str(self.list_path), new)
        for _, paper, block in new:
            cache[paper.id] = (paper, block)
        return yamlio.dump_document(head, "papers", blocks) + tail

    def reviews_text(self, reader: str) -> str:
        blocks = []
        cache = self._review_blocks
        reviews = self.reading_list.reviews.get(reader, {})
        for review, block in self._seed_blocks(self.review_path(reader)):
            cache.setdefault((reader, review.paper_id), (review, block))
        # Reviews follow the list's paper order, so a reader's file diffs like the list.
        order = {pid: i for i, pid in enumerate(self.reading_list.papers)} if len(reviews) > 1 else {}
        new: list[tuple[int, Review, str]] = []  # blocks not written or loaded before: checked first
        for index, review in enumerate(sorted(reviews.values(), key=lambda r: order.get(r.paper_id, 0))):
            key = (reader, review.paper_id)
            hit = cache.get(key)
            if hit is None or hit[0] != review:
                hit = (review, writecheck.dump_block(str(self.review_path(reader)), review, review_to_data(review)))
                new.append((index, review, hit[1]))
            blocks.append(hit[1])
        writecheck.check_reviews(str(self.review_path(reader)), new)
        for _, review, block in new:
            cache[(reader, review.paper_id)] = (review, block)
        head = {"format_version": FORMAT_VERSION, "reader": reader}
        text = yamlio.dump_document(head, "reviews", blocks)
        tail = reader_file(self.reading_list, reader).tail_data()  # ballots, attendance, minutes
        if tail:
            writecheck.check_reader_file(str(self.review_path(reader)), reader, tail)
        return text + ("\n" + yamlio.dumps(tail) if tail else "")

    def save_catalogue(self) -> bool:
        """Write list.yaml (title, description, papers); False when nothing changed."""
        if self._reader_only:
            raise TypeError("a store opened for one reader (ListStore.open_reader) cannot save the catalogue: use ListStore.open")
        return self._write(self.list_path, _render(self.list_path, self.catalogue_text))

    def save_reviews(self, reader: str) -> bool:
        """Write the reader's review file, and only that file; False when nothing changed."""
        path = self.review_path(reader)
        return self._write(path, _render(path, lambda: self.reviews_text(reader)))

    # -- reviewing ----------------------------------------------------------------------
    def review(self, reader: str, paper_id: str) -> Review:
        """The reader's review of a paper (an empty one when there is none yet)."""
        check_reader(reader)
        if paper_id not in self.reading_list.papers:
            raise UnknownPaperError(f"{self.list_path}: no paper {paper_id!r} in this list")
        return self.reading_list.reviews.get(reader, {}).get(paper_id) or Review(paper_id=paper_id)

    @contextlib.contextmanager
    def locked(self, saving: Path | None = None) -> Iterator[None]:
        """Hold the list's lock across several saves (they take it again: it is re-entrant),
        so no other process sees the files half way, as `dedupe --merge` needs."""
        self._refuse_links(self.list_path)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise LockTimeoutError(f"{self.folder}: another process has held the list's lock for {self.lock_timeout:g} s") from None
        except OSError as exc:  # the lock file cannot be made: nothing was changed yet
            where = exc.filename if isinstance(exc.filename, str) else str(self.folder / LOCK_FILE)
            what = saving.name if saving is not None else "the list"
            raise UnwritableFileError(where, f"cannot save {what}: cannot take the list's lock: {cause(exc)}; nothing was changed") from None
        try:
            yield
        finally:
            self._lock.release()

    def update_review(self, reader: str, paper_id: str, **changes: Any) -> Review:
        """Change the reader's review of a paper and save it at once.

        `changes` are `rating`, `status`, `note`, `add_tags`, `remove_tags`. When the save
        fails the review in memory is left as it was before, and the error propagates.
        If another process merged the paper into another one meanwhile (`dedupe --merge`),
        the decision is read back and the change lands on the paper it was merged into:
        the returned review names that paper.
        """
        if not self.list_path.is_file():
            return self._update_review(reader, paper_id, **changes)
        with self.locked(self.review_path(reader)):  # no dedupe between reading the decision back and saving
            return self._update_review(reader, self._read_back_merges(reader, paper_id), **changes)

    def _read_back_merges(self, reader: str, paper_id: str) -> str:
        """The paper `paper_id` lives on now, according to list.yaml on disk; when another
        process merged it away, the catalogue and the reader's file are taken from disk."""
        on_disk = self._changed_on_disk(self.list_path)
        if not on_disk:
            return paper_id
        try:
            disk_list = read_list_text(decode_list_file(on_disk, str(self.list_path)), str(self.list_path))
        except ListFormatError:
            return paper_id  # the save's own merge with the disk says what is wrong
        target = refs.follow_merges(disk_list, paper_id)
        if target == paper_id or target not in disk_list.papers:
            return paper_id
        for path, ours in ((self.list_path, self.catalogue_text), (self.review_path(reader), lambda: self.reviews_text(reader))):
            theirs = self._changed_on_disk(path)
            if theirs is None:
                continue
            mine = ours()
            if mine != self._texts.get(path):  # changes of ours not saved yet: merge them in
                self._merge_with_disk(path, mine, theirs)
                continue
            text = decode_list_file(theirs, str(path))  # nothing of ours unsaved: as if loaded now
            self._adopt(path, text)
            self._fingerprints[path] = Fingerprint.of_bytes(path, theirs)
            self._texts[path] = text
            self._references[path] = None
        return target

    def _update_review(self, reader: str, paper_id: str, **changes: Any) -> Review:
        before = self.review(reader, paper_id)
        after = update_review(before, now=self.clock(), **changes)
        if after is before:
            return before
        reader_known = reader in self.reading_list.reviews
        by_paper = self.reading_list.reviews.setdefault(reader, {})
        had = paper_id in by_paper
        self.reading_list.set_review(reader, after)
        try:
            self.save_reviews(reader)
        except BaseException:
            if had:
                by_paper[paper_id] = before
            else:
                by_paper.pop(paper_id, None)
            if not reader_known:
                del self.reading_list.reviews[reader]
            raise
        return after
