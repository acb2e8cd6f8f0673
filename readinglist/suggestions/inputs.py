"""What suggestions are computed from: the papers' features and every reader's reviews.

From a list folder the fast way: when the cache was built from exactly the bytes of this
list.yaml (same digest) the papers come from the cache and only the review files are
read, checked against the cached paper ids; otherwise list.yaml is read and checked as
the store reads it, the features are built and the cache is written. From a ListStore or
ReadingList in memory (the widgets), the cache is looked up by the papers' content.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .. import loading
from ..bulk import collector_paused
from ..diskio import decode_list_file, read_bytes
from ..errors import ListFormatError, MissingPathError, Problem, ReaderNameError
from ..layout import LIST_FILE, REVIEWS_DIR, list_folder
from ..listfile import read_reviews_text
from ..model import Paper, ReadingList, Review
from ..readers import check_reader
from ..store import ListStore
from . import cache, reviewcache
from .features import Features, PaperText, build_features, content_digest

# Features of lists held in memory, by content digest: a widget asks again after each rating.
_MEMO: dict[str, Features] = {}
_SEEN: list[tuple[tuple[Paper, ...], Features]] = []
_DIGESTS: list[tuple[tuple[Paper, ...], str]] = []
_MEMO_SIZE = 2


@dataclass
class Inputs:
    features: Features
    reviews: dict[str, dict[str, Review]]  # reader -> paper id -> review
    folder: Path | None  # where the cache lives; None for a list only in memory
    list_file: str  # for messages


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _save(folder: Path | None, features: Features) -> None:
    if folder is None:
        return
    try:
        cache.save_features(folder, features)
    except OSError:
        pass  # a read-only or full folder: suggestions still work, only slower next time


def read_reviews(
    folder: Path, paper_ids: dict[str, int] | set[str], papers_digest: str | None = None
) -> dict[str, dict[str, Review]]:
    """Every reader's reviews in `folder`/reviews, checked as ListStore.open checks them.

    With `papers_digest` (of the papers the ids come from), files unchanged since the last
    call come from the review cache, and the cache is brought up to date.
    """
    out: dict[str, dict[str, Review]] = {}
    problems: list[Problem] = []
    review_dir = folder / REVIEWS_DIR
    if not review_dir.is_dir():
        return out
    cached = reviewcache.load(folder) if papers_digest is not None else {}
    entries: dict[str, object] = {}
    for path in sorted(review_dir.iterdir()):
        if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
            continue
        reader = path.stem
        try:
            check_reader(reader)
        except ReaderNameError:
            problems.append(Problem(str(path), None, f"file name {path.name!r} is not a reader name (a-z, 0-9, '_', '-')"))
            continue
        if path.suffix != ".yaml":
            problems.append(Problem(str(path), None, f"review files end in .yaml: rename it {reader}.yaml"))
            continue
        data = read_bytes(path)
        if data is None:
            continue
        digest = reviewcache.file_digest(data, papers_digest) if papers_digest is not None else ""
        hit = reviewcache.reviews_from(cached.get(reader), digest, paper_ids) if papers_digest is not None else None  # type: ignore[arg-type]
        if hit is not None:
            out[reader] = hit
            entries[reader] = cached[reader]
            continue
        try:
            out[reader] = read_reviews_text(decode_list_file(data, str(path)), str(path), reader)
        except ListFormatError as exc:
            problems.extend(exc.problems)
            continue
        entries[reader] = reviewcache.entry_of(out[reader], digest)
    if problems:
        raise ListFormatError(problems)
    if papers_digest is not None and entries != cached:
        try:
            reviewcache.save(folder, entries)
        except OSError:
            pass  # a read-only folder: the files are read again next time
    return out


def from_folder(path: str | os.PathLike[str]) -> Inputs:
    folder = list_folder(path)
    list_path = folder / LIST_FILE
    data = read_bytes(list_path) if list_path.is_file() else None
    if data is None:
        raise MissingPathError(f"{list_path}: no list here (create one with 'readinglist import ... --into {folder}')")
    digest = _digest(data)
    with collector_paused():
        try:
            features = cache.load_features(folder, list_digest=digest)
        except cache.CacheMiss:
            # Through the store's parse cache: read from it when another command left it warm,
            # and left warm for the next command (a review after a suggestion reads no paper).
            catalogue = loading.read_catalogue(folder, list_path, data, loading.content_key(data))
            if catalogue.value is None:
                raise ListFormatError(catalogue.problems)
            reading_list = catalogue.value
            papers = [PaperText.of(p) for p in reading_list.papers.values()]
            features = build_features(papers, list_digest=digest)
            _save(folder, features)
        reviews = read_reviews(folder, features.rows, features.content_digest)
    return Inputs(features, reviews, folder, str(list_path))


def _same_papers(a: tuple[Paper, ...], b: tuple[Paper, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def from_memory(reading_list: ReadingList, folder: Path | None) -> Inputs:
    objects = tuple(reading_list.papers.values())
    # Papers are immutable: the very same objects in the same order have the same features
    # (the memo holds them, so their ids cannot be reused). A widget asks on every paper shown.
    features = next((f for held, f in _SEEN if _same_papers(held, objects)), None)
    if features is None:
        features = _features_in_memory(objects, folder)
        _SEEN.append((objects, features))
        del _SEEN[:-_MEMO_SIZE]
    reviews = {reader: dict(by_paper) for reader, by_paper in reading_list.reviews.items()}
    where = str(folder / LIST_FILE) if folder is not None else "the list"
    return Inputs(features, reviews, folder, where)


def ready(store: ListStore) -> bool:
    """Whether the store's features are at hand without building them (in memory, or in the
    cache beside the list): widgets on large lists wait for them rather than build them."""
    objects = tuple(store.reading_list.papers.values())
    if any(_same_papers(held, objects) for held, _ in _SEEN):
        return True
    # The digest of these very papers, once: a card asks for every paper it shows.
    digest = next((d for held, d in _DIGESTS if _same_papers(held, objects)), None)
    if digest is None:
        digest = content_digest([PaperText.of(p) for p in objects])
        _DIGESTS.append((objects, digest))
        del _DIGESTS[:-_MEMO_SIZE]
    if digest in _MEMO:
        return True
    try:  # reads the header first: a cache of other papers costs little to refuse
        features = cache.load_features(store.folder, content_digest=digest)
    except cache.CacheMiss:
        return False
    _MEMO[digest] = features
    return True


def _features_in_memory(objects: tuple[Paper, ...], folder: Path | None) -> Features:
    papers = [PaperText.of(p) for p in objects]
    digest = content_digest(papers)
    features = _MEMO.get(digest)
    if features is None and folder is not None:
        try:
            features = cache.load_features(folder, content_digest=digest)
        except cache.CacheMiss:
            features = None
    if features is None:
        features = build_features(papers)
        _save(folder, features)
    _MEMO[digest] = features
    while len(_MEMO) > _MEMO_SIZE:
        del _MEMO[next(iter(_MEMO))]
    return features


def load(source: str | os.PathLike[str] | ListStore | ReadingList) -> Inputs:
    """The inputs for a list folder (or its list.yaml), an open store, or a list in memory."""
    if isinstance(source, ListStore):
        return from_memory(source.reading_list, source.folder)
    if isinstance(source, ReadingList):
        return from_memory(source, None)
    return from_folder(source)
