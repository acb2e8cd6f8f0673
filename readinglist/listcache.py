"""What the strict reader made of a list's files, kept beside them so unchanged files are not parsed again.

`<list>/.readinglist-cache/` (ignored by git through its own `.gitignore`) holds:

- `list.json`: the catalogue read from list.yaml (after every check passed) and where each
  paper's block starts;
- `ids.json`: the paper ids of list.yaml in order, the rest of the catalogue but the
  papers (title, sessions...) and its paper references, for commands on one reader's file
  and for checks, which need no paper;
- `reader-<reader>.json`, one per reader file (`reviews/<reader>.yaml`): its summary (how
  many reviews, the paper references with their lines) on the first line, what was read
  from it on the second, so a check of the whole list reads each summary and no review.

Every entry is keyed on the digest of the file's bytes (the store's fingerprint), so it
is used only for exactly the bytes it was made from, by the same code: a file that
changed, however it changed, is read and checked again. Only files that passed every
check are kept, so what the cache spares is the parse and check of bytes already parsed
and checked; the paper ids a reader file names are still checked against the list on
every read. (The suggestions keep their own files in the same folder.)

The folder travels with the list (a shared drive, a `git add -f`): nothing in it is
trusted. Files are JSON, which cannot run code when read, and each carries a MAC (HMAC-
SHA-256) under a key private to this user (`$XDG_CACHE_HOME/readinglist/cache.key`, mode
0600), so a planted, truncated or corrupt file is ignored and rebuilt, never believed.
Writes are atomic (temporary file, rename) and every entry is self-checking, so
concurrent processes at worst overwrite each other's entries; no lock is needed.
Failures to read or write the cache are never errors: it is an optimisation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import time
from collections.abc import Container
from pathlib import Path
from typing import Any

import orjson

from . import cachecodec
from .diskio import read_regular, replace_disposable
from .errors import UnreadableFileError
from .model import ReadingList
from .participation import ReaderFile
from .references import Reference
from .yamlio import MAX_FILE_BYTES

CACHE_DIR = ".readinglist-cache"
_MAGIC = b"readinglist-cache 1\n"
_MAC_BYTES = 32
_KEY_BYTES = 32
ENV_DISABLE = "READINGLIST_NO_CACHE"


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readinglist" / "cache.key"


_key_memo: dict[Path, bytes | None] = {}


def _key() -> bytes | None:
    """This user's MAC key, made on first use; None when it cannot be had (no cache then)."""
    if os.environ.get(ENV_DISABLE):
        return None
    path = _key_path()
    if path in _key_memo:
        return _key_memo[path]
    key = None
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(_KEY_BYTES))
            key = path.read_bytes()
        except FileExistsError:  # another process made it meanwhile
            key = _read_quietly(path)
        except OSError:
            key = None
    except OSError:
        key = None
    if key is not None and len(key) != _KEY_BYTES:
        key = None
    _key_memo[path] = key
    return key


def _read_quietly(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


# A cache file is never larger than the files it was made from (their parsed content, as
# compact JSON, a list's catalogue at most a few times list.yaml): far below this.
_MAX_ENTRY_BYTES = 4 * MAX_FILE_BYTES


def _read_entry(path: Path) -> bytes | None:
    """A cache file's bytes, or None: a link, a FIFO or device planted in its place (which
    would block a read), one too large, or one that cannot be read is not a cache entry."""
    try:
        return read_regular(path, _MAX_ENTRY_BYTES)
    except UnreadableFileError:
        return None


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()


def _body(folder: Path, name: str) -> memoryview | None:
    """The checked body of cache file `name` of the list at `folder`, or None (missing, foreign, corrupt)."""
    key = _key()
    if key is None:
        return None
    cache = folder / CACHE_DIR
    if cache.is_symlink():  # nothing is read or written through a link planted in the list
        return None
    raw = _read_entry(cache / name)
    if raw is None or not raw.startswith(_MAGIC) or len(raw) < len(_MAGIC) + _MAC_BYTES:
        return None
    mac = raw[len(_MAGIC) : len(_MAGIC) + _MAC_BYTES]
    body = memoryview(raw)[len(_MAGIC) + _MAC_BYTES :]
    if not hmac.compare_digest(mac, _mac(key, body)):
        return None
    return body


def _json(body: memoryview | bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def read(folder: Path, name: str) -> Any:
    """The data of cache file `name` of the list at `folder`, or None (missing, foreign, corrupt)."""
    body = _body(folder, name)
    return None if body is None else _json(body)


def write(folder: Path, name: str, data: Any, *lines: Any, clean: bool = True) -> None:
    """Replace cache file `name` with `data` (and each of `lines` on a line of its own after
    it), atomically; silently nothing if that fails. `clean`: remove the file's stale
    temporaries first (a caller writing many files sweeps them once instead)."""
    key = _key()
    if key is None:
        return
    cache = folder / CACHE_DIR
    if cache.is_symlink():
        return
    try:
        # Compact JSON holds no raw line break: each value is one line of the body.
        body = b"\n".join(orjson.dumps(value) for value in (data, *lines))
        if not cache.is_dir():
            cache.mkdir(exist_ok=True)
            (cache / ".gitignore").write_text("# written by readinglist: a cache of parsed files, never shared\n*\n")
        if clean:
            _clean_stale_temps(cache, name)
        replace_disposable(cache / name, (_MAGIC, _mac(key, body), body))
    except (OSError, TypeError, orjson.JSONEncodeError):
        return


_STALE_TEMP_S = 600  # a write takes well under a second: older temporaries are a crash's


def _clean_stale_temps(cache: Path, name: str) -> None:
    now = time.time()
    for stray in cache.glob(f".{name}.*.tmp"):
        try:
            if now - stray.stat().st_mtime > _STALE_TEMP_S:
                stray.unlink()
        except OSError:
            pass


# -- the entries --------------------------------------------------------------------------
#
# Entries hold the model as cachecodec encodes it (the checked result, not the raw YAML),
# tagged with the digest of the file's bytes and a fingerprint of the code that checked
# them: another readinglist, or any change to its format code, reads afresh.

LIST_ENTRY = "list.json"
IDS_ENTRY = "ids.json"
READER_PREFIX = "reader-"
_OLD_READERS_ENTRY = "readers.json"  # every reader in one file, as earlier code kept them


def _code_fingerprint() -> str:
    from . import (
        __version__,
        cachecodec,
        checks,
        diskio,
        loading,
        model,
        participation,
        references,
        schema,
        schema_group,
        yamlio,
    )

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    modules = (cachecodec, checks, diskio, loading, model, participation, references, schema, schema_group, yamlio, sys.modules[__name__])
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


_code_memo: list[str] = []


def code_fingerprint() -> str:
    if not _code_memo:
        _code_memo.append(_code_fingerprint())
    return _code_memo[0]


def _entry(name: str, folder: Path, digest: bytes) -> dict[str, Any] | None:
    entry = read(folder, name)
    if not isinstance(entry, dict) or entry.get("digest") != digest.hex() or entry.get("code") != code_fingerprint():
        return None
    return entry


def _starts(entry: dict[str, Any]) -> list[int] | None:
    starts = entry.get("starts")
    return starts if isinstance(starts, list) and all(type(s) is int for s in starts) else None


def cached_list(folder: Path, digest: bytes, file: str) -> tuple[ReadingList, list[int] | None, list[Reference]] | None:
    """(catalogue, paper block starts, paper references) of the list.yaml with this digest, if cached."""
    entry = _entry(LIST_ENTRY, folder, digest)
    if entry is None or not cachecodec.known_shapes():
        return None
    reading_list = cachecodec.decode_catalogue(entry.get("data"))
    found = cachecodec.decode_references(entry.get("references"), file)
    return (reading_list, _starts(entry), found) if reading_list is not None and found is not None else None


def _ids_entry(folder: Path, digest: bytes) -> dict[str, Any] | None:
    entry = _entry(IDS_ENTRY, folder, digest)
    if entry is None or not cachecodec.known_shapes():
        return None
    ids, head = entry.get("ids"), entry.get("head")
    if not isinstance(ids, list) or not all(type(i) is str for i in ids) or not isinstance(head, dict):
        return None
    return entry


def cached_ids(folder: Path, digest: bytes) -> tuple[list[str], dict[str, Any]] | None:
    """The paper ids, in order, and the head (cachecodec.encode_head) of the list.yaml with
    this digest, if cached."""
    entry = _ids_entry(folder, digest)
    return (entry["ids"], entry["head"]) if entry is not None else None


def cached_list_summary(folder: Path, digest: bytes, file: str) -> tuple[list[str], dict[str, Any], list[Reference]] | None:
    """`cached_ids` and the paper references of that list.yaml: what a check of the list
    needs, without decoding a paper."""
    entry = _ids_entry(folder, digest)
    found = cachecodec.decode_references(entry.get("references"), file) if entry is not None else None
    return (entry["ids"], entry["head"], found) if entry is not None and found is not None else None


def keep_list(folder: Path, digest: bytes, reading_list: ReadingList, starts: list[int] | None, found: list[Reference]) -> None:
    """Remember a checked list.yaml (its catalogue: readers' files are kept apart)."""
    data = cachecodec.encode_catalogue(reading_list)
    if data is None:
        return
    head = {"digest": digest.hex(), "code": code_fingerprint()}
    write(folder, LIST_ENTRY, {**head, "data": data, "starts": starts, "references": cachecodec.encode_references(found)})
    ids = {"ids": list(reading_list.papers), "head": cachecodec.encode_head(reading_list), "references": cachecodec.encode_references(found)}
    write(folder, IDS_ENTRY, {**head, **ids})


def _reader_entry(reader: str) -> str:
    return f"{READER_PREFIX}{reader}.json"  # reader names are a-z, 0-9, '_' and '-': a safe file name


def reader_summary(folder: Path, reader: str, digest: bytes, file: str) -> tuple[int, list[Reference]] | None:
    """(number of reviews, paper references) of the reader file with this digest, if cached
    (the first line of its entry: the reviews themselves are not decoded)."""
    lines = _reader_lines(folder, reader)
    if lines is None:
        return None
    summary = _json(lines[0])
    if not _is_current(summary, reader, digest) or not isinstance(summary.get("reviews"), int):
        return None
    found = cachecodec.decode_references(summary.get("references"), file)
    return (summary["reviews"], found) if found is not None else None


def _reader_lines(folder: Path, reader: str) -> tuple[memoryview, memoryview] | None:
    """The summary line and the data line of a reader's entry, unparsed."""
    body = _body(folder, _reader_entry(reader))
    if body is None:
        return None
    raw, start = body.obj, len(_MAGIC) + _MAC_BYTES
    end = raw.find(b"\n", start)  # type: ignore[attr-defined]
    return (body[: end - start], body[end - start + 1 :]) if end >= 0 else None


def _is_current(summary: Any, reader: str, digest: bytes) -> bool:
    return (
        isinstance(summary, dict)
        and summary.get("digest") == digest.hex()
        and summary.get("reader") == reader
        and summary.get("code") == code_fingerprint()
        and cachecodec.known_shapes()
    )


def cached_reader_file(folder: Path, reader: str, digest: bytes, file: str) -> tuple[ReaderFile, list[int] | None, list[Reference]] | None:
    """(what the file holds, where its reviews start, its paper references) of the reader
    file with this digest, if cached."""
    lines = _reader_lines(folder, reader)
    if lines is None:
        return None
    summary, entry = _json(lines[0]), _json(lines[1])
    if not _is_current(summary, reader, digest) or not isinstance(entry, dict):
        return None
    found = cachecodec.decode_reader_file(entry.get("data"))
    references = cachecodec.decode_references(summary.get("references"), file)
    return (found, _starts(entry), references) if found is not None and references is not None else None


def keep_reader_file(folder: Path, reader: str, digest: bytes, found: ReaderFile, starts: list[int] | None, references: list[Reference]) -> bool:
    """Remember a checked reader file; False when it cannot be cached (see cachecodec)."""
    data = cachecodec.encode_reader_file(found)
    if data is None:
        return False
    summary = {
        "digest": digest.hex(), "reader": reader, "code": code_fingerprint(), "reviews": len(found.reviews),
        "references": cachecodec.encode_references(references),
    }  # fmt: skip
    write(folder, _reader_entry(reader), summary, {"data": data, "starts": starts}, clean=False)
    return True


def cached_readers(folder: Path) -> set[str]:
    """The readers that have an entry (current or not) in the cache of the list at `folder`."""
    cache = folder / CACHE_DIR
    try:
        names = os.listdir(cache) if not cache.is_symlink() else []
    except OSError:
        return set()
    return {n[len(READER_PREFIX) : -len(".json")] for n in names if n.startswith(READER_PREFIX) and n.endswith(".json")}


def forget_reader_files(folder: Path, keep: Container[str]) -> None:
    """Remove the entries of readers not in `keep` (files gone or no longer valid), the
    entries' stale temporaries, and the one-file cache of every reader of earlier versions."""
    cache = folder / CACHE_DIR
    if cache.is_symlink() or not cache.is_dir():
        return
    for reader in cached_readers(folder):
        if reader not in keep:
            _remove_quietly(cache / _reader_entry(reader))
    _remove_quietly(cache / _OLD_READERS_ENTRY)
    now = time.time()
    try:
        strays = [n for n in os.listdir(cache) if n.startswith("." + READER_PREFIX) and n.endswith(".tmp")]
    except OSError:
        return
    for name in strays:
        try:
            if now - (cache / name).stat().st_mtime > _STALE_TEMP_S:
                (cache / name).unlink()
        except OSError:
            pass


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
