"""The suggestion cache: features (and fitted models) kept beside a list, never trusted over it.

Lives in `<list>/.readinglist-cache/` (ignored by git: the list's .gitignore names it).

- `features.npz` holds the feature matrix and the papers' ids, titles, abstracts and
  upvotes, with a JSON header giving the digest of the list.yaml bytes and of the papers'
  content they were built from. It is used only when one of those digests matches the
  list being read; anything else (another list, an older format, a truncated or planted
  file) is ignored and rebuilt.
- `reviews.json` holds what suggestions need of each review file, by its digest (see
  `reviewcache.py`).
- `model-<key>.npz` holds the weights of one fitted model; the key is a digest of the
  features and of the exact training labels, so a change of any rating misses.

Only plain arrays are stored and they are read with `allow_pickle=False`: a file someone
put in a shared folder can make suggestions wrong, never run code. Writes go to a temporary
file renamed into place, so concurrent processes see the old file or the new one, never
half of one; two processes building at once both write a valid file and the last one stays.
No fsync: a file cut short by a crash reads as corrupt and is rebuilt.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from ..diskio import replace_disposable
from .features import VERSION, Features

CACHE_DIR = ".readinglist-cache"
FEATURES_FILE = "features.npz"
MODELS_KEPT = 32  # older model files are removed
STRAY_TEMP_AGE_S = 3600.0
GITIGNORE_LINE = f"{CACHE_DIR}/"

# What np.load raises on a file that is not a valid .npz of plain arrays.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError, TypeError)


class CacheMiss(Exception):
    """The cache file is missing, stale or not valid: build afresh. Internal to this package."""


def cache_dir(list_folder: Path) -> Path:
    return list_folder / CACHE_DIR


def _pack_strings(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [v.encode("utf-8", "surrogatepass") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


class StringTable(Sequence[str]):
    """Strings packed in one UTF-8 blob, decoded one at a time: the warm path reads 20,000
    abstracts from the cache and shows ten."""

    def __init__(self, data: bytes, bounds: list[int]) -> None:
        self._data = data
        self._bounds = bounds

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._data[self._bounds[index] : self._bounds[index + 1]].decode("utf-8", "surrogatepass")


def _string_table(blob: np.ndarray, offsets: np.ndarray, count: int) -> StringTable:
    if blob.dtype != np.uint8 or offsets.dtype != np.int64 or offsets.shape != (count + 1,):
        raise CacheMiss("string table has the wrong shape")
    if offsets[0] != 0 or offsets[-1] != blob.size or np.any(np.diff(offsets) < 0):
        raise CacheMiss("string offsets out of range")
    data = blob.tobytes()
    # Decoding one string later must not fail: the blob is UTF-8 and no string starts
    # inside a character (at a continuation byte).
    data.decode("utf-8", "surrogatepass")
    starts = offsets[:-1][offsets[:-1] < blob.size]
    if np.any((blob[starts] & 0xC0) == 0x80):
        raise CacheMiss("string offsets inside a character")
    return StringTable(data, offsets.tolist())


def _ids(blob: np.ndarray, count: int) -> list[str]:
    if blob.dtype != np.uint8 or blob.ndim != 1:
        raise CacheMiss("ids have the wrong shape")
    ids = blob.tobytes().decode("utf-8").split("\n") if count else []
    if len(ids) != count or len(set(ids)) != count:
        raise CacheMiss("ids do not add up")
    return ids


def _header(arrays: Any) -> dict[str, Any]:
    raw = arrays["header"]
    if raw.dtype != np.uint8:
        raise CacheMiss("no header")
    header = json.loads(raw.tobytes().decode("utf-8"))
    if not isinstance(header, dict) or header.get("version") != VERSION:
        raise CacheMiss("another version")
    return header


def refuse_links(path: Path) -> None:
    """Nothing is written through a link planted in the list: not the cache folder, not the file."""
    from ..diskio import LINK_REFUSED
    from ..errors import UnwritableFileError

    for where in (path.parent, path):
        if where.is_symlink():
            raise UnwritableFileError(str(where), LINK_REFUSED)


def _write_atomic(path: Path, arrays: dict[str, np.ndarray]) -> None:
    refuse_links(path)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_disposable(path, buffer.getvalue())
    _remove_stray_temps(path.parent)


def _remove_stray_temps(folder: Path) -> None:
    # A temp file this old is a crashed writer's leftover, not a save in progress.
    cutoff = time.time() - STRAY_TEMP_AGE_S
    for stray in folder.glob(".*.tmp"):
        try:
            if stray.stat().st_mtime < cutoff:
                stray.unlink()
        except FileNotFoundError:
            pass


def ensure_ignored(list_folder: Path) -> None:
    """Add the cache folder to the list's .gitignore (made by the store) when it is missing."""
    from ..diskio import atomic_write

    ignore = list_folder / ".gitignore"
    try:
        text = ignore.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if GITIGNORE_LINE in text.split("\n"):
        return
    lead = "" if not text or text.endswith("\n") else "\n"
    atomic_write(ignore, (text + lead + "# written by readinglist suggest: features and models\n" + GITIGNORE_LINE + "\n").encode())


# -- features --------------------------------------------------------------------------


def save_features(list_folder: Path, features: Features) -> None:
    from scipy import sparse  # noqa: F401  (the matrix is a scipy matrix)

    m = features.matrix
    header = {
        "version": VERSION,
        "list_digest": features.list_digest,
        "content_digest": features.content_digest,
        "papers": len(features),
        "columns": int(m.shape[1]),
        "stop_words": sorted(features.stop_words),
    }
    ids = np.frombuffer("\n".join(features.ids).encode("utf-8"), dtype=np.uint8)  # ids never hold a line break
    titles, title_offsets = _pack_strings(list(features.titles))
    abstracts, abstract_offsets = _pack_strings(list(features.abstracts))
    ensure_ignored(list_folder)
    _write_atomic(
        cache_dir(list_folder) / FEATURES_FILE,
        {
            "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            "ids": ids,
            "titles": titles, "title_offsets": title_offsets,
            "abstracts": abstracts, "abstract_offsets": abstract_offsets,
            "upvotes": features.upvotes.astype(np.int64),
            "data": m.data.astype(np.float32), "indices": m.indices.astype(np.int32), "indptr": m.indptr.astype(np.int64),
            "text_buckets": features.text_buckets.astype(np.int64),
        },
    )  # fmt: skip


def load_features(list_folder: Path, *, list_digest: str | None = None, content_digest: str | None = None) -> Features:
    """The cached features when they were built from this list; CacheMiss otherwise."""
    path = cache_dir(list_folder) / FEATURES_FILE
    try:
        # Our own handle: np.load leaves a file it opened itself open when it refuses it.
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
            header = _header(arrays)
            matches = (list_digest is not None and header.get("list_digest") == list_digest) or (
                content_digest is not None and header.get("content_digest") == content_digest
            )
            if not matches:
                raise CacheMiss("built from another version of the list")
            return _features_from(arrays, header)
    except FileNotFoundError:
        raise CacheMiss("no cache") from None
    except _UNREADABLE as exc:
        raise CacheMiss(f"unreadable: {exc}") from None


def _features_from(arrays: Any, header: dict[str, Any]) -> Features:
    from scipy import sparse

    n, columns = header["papers"], header["columns"]
    if not isinstance(n, int) or not isinstance(columns, int) or n < 0 or columns < 0:
        raise CacheMiss("bad sizes")
    data, indices, indptr = arrays["data"], arrays["indices"], arrays["indptr"]
    buckets, upvotes = arrays["text_buckets"], arrays["upvotes"]
    if (data.dtype, indices.dtype, indptr.dtype, buckets.dtype, upvotes.dtype) != (
        np.float32, np.int32, np.int64, np.int64, np.int64
    ):  # fmt: skip
        raise CacheMiss("wrong array types")
    if indptr.shape != (n + 1,) or indptr[0] != 0 or indptr[-1] != data.size or data.size != indices.size:
        raise CacheMiss("matrix does not add up")
    if np.any(np.diff(indptr) < 0) or (indices.size and (indices.min() < 0 or indices.max() >= columns)):
        raise CacheMiss("matrix indices out of range")
    if buckets.ndim != 1 or buckets.size > columns or np.any(np.diff(buckets) <= 0) or upvotes.shape != (n,):
        raise CacheMiss("columns do not add up")
    if not np.all(np.isfinite(data)):
        raise CacheMiss("matrix values are not numbers")
    stop_words = header.get("stop_words")
    if not isinstance(stop_words, list) or not all(isinstance(w, str) for w in stop_words):
        raise CacheMiss("bad stop words")
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(n, columns))
    return Features(
        ids=_ids(arrays["ids"], n),
        titles=_string_table(arrays["titles"], arrays["title_offsets"], n),
        abstracts=_string_table(arrays["abstracts"], arrays["abstract_offsets"], n),
        upvotes=upvotes,
        matrix=matrix,
        text_buckets=buckets,
        stop_words=frozenset(stop_words),
        content_digest=str(header["content_digest"]),
        list_digest=header.get("list_digest"),
    )


# -- models ----------------------------------------------------------------------------


def _model_path(list_folder: Path, key: str) -> Path:
    return cache_dir(list_folder) / f"model-{key}.npz"


def save_model(list_folder: Path, key: str, weights: np.ndarray, intercept: float) -> None:
    header = {"version": VERSION, "key": key}
    path = _model_path(list_folder, key)
    ensure_ignored(list_folder)
    _write_atomic(
        path,
        {
            "header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
            "weights": weights.astype(np.float32),
            "intercept": np.array([intercept], dtype=np.float64),
        },
    )
    models = sorted(path.parent.glob("model-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[MODELS_KEPT:]:
        try:
            old.unlink()
        except FileNotFoundError:
            pass


def load_model(list_folder: Path, key: str, columns: int) -> tuple[np.ndarray, float]:
    """Weights and intercept of the model fitted for `key`; CacheMiss when there is none."""
    try:
        with _model_path(list_folder, key).open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
            header = _header(arrays)
            weights, intercept = arrays["weights"], arrays["intercept"]
            if header.get("key") != key or weights.dtype != np.float32 or weights.shape != (columns,) or intercept.shape != (1,):
                raise CacheMiss("another model")
            if not (np.all(np.isfinite(weights)) and np.isfinite(intercept[0])):
                raise CacheMiss("weights are not numbers")
            return weights, float(intercept[0])
    except FileNotFoundError:
        raise CacheMiss("no model") from None
    except _UNREADABLE as exc:
        raise CacheMiss(f"unreadable: {exc}") from None
