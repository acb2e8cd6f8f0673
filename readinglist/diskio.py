"""Files on disk, safely: atomic replacement, fingerprints, and decoding with located errors."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ListFormatError


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when we last read or wrote it."""

    stat: tuple[int, int, int] | None
    digest: bytes | None  # None: the file did not exist

    @classmethod
    def of_bytes(cls, path: Path, data: bytes | None) -> Fingerprint:
        return cls(stat_key(path), hashlib.blake2b(data, digest_size=16).digest() if data is not None else None)


def stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# At the start of a line: a list file's own text never starts a line with these (values are
# indented), so any hit is a merge that was not finished. One scan finds the first of them.
_CONFLICT_MARKER = re.compile(rb"^(?:<{7} |={7}\r?$|>{7} |\|{7} )", re.M)


def decode_list_file(data: bytes, file: str) -> str:
    """The file's text; a located error for bytes that are not UTF-8 or a git conflict."""
    marker = _CONFLICT_MARKER.search(data)
    if marker is not None:
        line = data.count(b"\n", 0, marker.start()) + 1
        raise ListFormatError.at(
            file, line,
            "git conflict markers: a text merge left this file half-resolved; resolve it, and run "
            "'readinglist git-setup' so this clone merges lists by meaning",
        )  # fmt: skip
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError.at(file, line, "not UTF-8 text") from None


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _new_file_mode()


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that a crash leaves the old file or the new, never half."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600 files; a shared list must stay readable
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
