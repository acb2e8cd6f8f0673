"""Files on disk, safely: regular files only, atomic replacement, fingerprints, located errors."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ListFormatError, UnreadableFileError, UnwritableFileError
from .yamlio import MAX_FILE_BYTES


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
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def cause(exc: OSError) -> str:
    """What the system said, briefly: `No space left on device (ENOSPC)`."""
    name = errno.errorcode.get(exc.errno or 0)
    text = exc.strerror or str(exc) or type(exc).__name__
    return f"{text} ({name})" if name else text


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


LINK_REFUSED = "is a symbolic link; list files are never read or written through links (put the file itself here)"


def _refusal(mode: int) -> str | None:
    kind = kind_of(mode)
    if kind is None:
        return None
    if stat.S_ISLNK(mode):
        return LINK_REFUSED
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"is {kind}, not a regular file: refused"


def _too_large(size: int, limit: int) -> str:
    return f"file is larger than {limit // 2**20} MiB ({size // 2**20} MiB or more)" if limit >= 2**20 else f"file is larger than {limit:,} bytes"


# Never block: a FIFO opened without O_NONBLOCK waits for a writer forever.
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_regular(path: Path, limit: int, *, follow_links: bool = False) -> bytes | None:
    """The bytes of the regular file at `path`, or None when there is none.

    Anything else is refused at once with UnreadableFileError, before a byte is read: a
    symbolic link (unless `follow_links`), a folder, a FIFO, socket or device, a file over
    `limit` bytes (checked from stat, and again while reading: a file may grow).
    """
    name = str(path)
    try:
        st = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise UnreadableFileError(name, "a folder on this path is a file") from None
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot read: {cause(exc)}") from None
    refusal = _refusal(st.st_mode)
    if refusal is None and st.st_size > limit:
        refusal = _too_large(st.st_size, limit)
    if refusal is not None:
        raise UnreadableFileError(name, refusal)
    try:
        fd = os.open(path, _READ_FLAGS | (0 if follow_links else _NOFOLLOW))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFileError(name, LINK_REFUSED if exc.errno == errno.ELOOP else f"cannot read: {cause(exc)}") from None
    try:
        st = os.fstat(fd)  # what was opened: the path may have been swapped since the lstat
        refusal = _refusal(st.st_mode)
        if refusal is not None:
            raise UnreadableFileError(name, refusal)
        chunks, total = [], 0
        want = min(max(st.st_size + 1, 65536), limit + 1)
        while True:
            chunk = os.read(fd, min(want, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UnreadableFileError(name, _too_large(total, limit))
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot read: {cause(exc)}") from None
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes | None:
    """A list or review file's bytes (None when missing); links and non-files are refused."""
    return read_regular(path, MAX_FILE_BYTES)


# At the start of a line: a list file's own text never starts a line with these (values are
# indented), so any hit is a merge that was not finished. One scan finds the first of them.
_CONFLICT_MARKER = re.compile(rb"^(?:<{7} |={7}\r?$|>{7} |\|{7} )", re.M)


_MARKERS = (b"<<<<<<< ", b">>>>>>> ", b"||||||| ", b"=======")


def conflict_marker_at(data: bytes) -> int | None:
    """Where the first line matching _CONFLICT_MARKER starts, or None: the same answer as
    `_CONFLICT_MARKER.search`, found with bytes.find, which is many times faster on big files
    (the regular expression tries every line start)."""
    first = None
    for marker in _MARKERS:
        at = 0 if data.startswith(marker) else data.find(b"\n" + marker) + 1
        while at != -1 and (at > 0 or data.startswith(marker)):
            tail = data[at + 7 : at + 9]
            if marker != b"=======" or tail in (b"", b"\r") or tail[:1] == b"\n" or tail == b"\r\n":
                first = at if first is None else min(first, at)
                break
            found = data.find(b"\n" + marker, at)
            at = found + 1 if found != -1 else -1
    return first


def decode_list_file(data: bytes, file: str) -> str:
    """The file's text; a located error for bytes that are not UTF-8 or a git conflict."""
    marker = conflict_marker_at(data)
    if marker is not None:
        line = data.count(b"\n", 0, marker) + 1
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


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _create_temp(folder: Path, name: str) -> tuple[Path, int]:
    while True:
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return tmp, os.open(tmp, _TEMP_FLAGS, 0o600)
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _keep_old(path: Path) -> Path | None:
    """A second name for the file about to be replaced, so a failed folder sync can put it back."""
    backup = path.parent / f".{path.name}.{secrets.token_hex(4)}.old.tmp"
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:  # no old file, or a file system without hard links: nothing to put back
        return None
    return backup


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a file system that cannot sync folders: nothing more to do
            raise
    finally:
        os.close(fd)


def _unlink_quietly(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that a crash leaves the old file or the new, never half.

    Temp file in the same folder, write, fsync, rename, fsync of the folder. When the system
    refuses any step (no space, read-only, no permission, I/O error) the old file is left as
    it was, no temp file stays behind, and UnwritableFileError names the file and the cause.
    `path` itself is never followed: a symbolic link there is replaced, not written through.
    """
    folder = path.parent
    tmp: Path | None = None
    backup: Path | None = None
    replaced = existed = False
    try:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            mode, existed = _NEW_FILE_MODE, False
        else:
            existed = True
            if stat.S_ISDIR(st.st_mode):
                raise UnwritableFileError(str(path), "is a folder, not a file")
            mode = st.st_mode & 0o777 if stat.S_ISREG(st.st_mode) else _NEW_FILE_MODE
        tmp, fd = _create_temp(folder, path.name)
        try:
            os.fchmod(fd, mode)  # a shared list keeps its permissions
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        backup = _keep_old(path)
        os.replace(tmp, path)
        replaced, tmp = True, None
        fsync_folder(folder)
    except OSError as exc:
        if isinstance(exc, UnwritableFileError):
            raise
        detail = "the file on disk is unchanged"
        if replaced:
            try:
                if backup is not None:
                    os.replace(backup, path)
                    backup = None
                elif not existed:  # there was no file: there is none again
                    os.unlink(path)
                else:
                    raise OSError(errno.ENOENT, "no old file to put back")
            except OSError:
                detail = "the new file is in place but the folder could not be synced"
        raise UnwritableFileError(str(path), f"cannot save: {cause(exc)}; {detail}") from None
    finally:
        _unlink_quietly(tmp)
        _unlink_quietly(backup)


def replace_disposable(path: Path, data: bytes | Sequence[bytes]) -> None:
    """Replace a cache file by `data` (bytes, or pieces written in turn, so that a big file
    is not copied into one) by rename: a reader sees the old file or the new one.

    No fsync: a cache lost in a crash is rebuilt from the list's files. Never writes through
    a link planted at the file or its folder (UnwritableFileError); other failures are the
    OSError, with no temporary file left.
    """
    for where in (path.parent, path):
        if where.is_symlink():
            raise UnwritableFileError(str(where), LINK_REFUSED)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                out.writelines(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
