"""Fault injection for saves and exports: the system refuses one step of writing one file.

The faults are injected where the system is called (`os.open`, `os.write`, `os.fsync`,
`os.replace`), so what the tests see is what the kit's own code does when a real disk
says no. Only calls about the target file (its temp files, its folder, the list's lock)
fail; everything else passes through.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from readinglist.layout import LOCK_FILE

# Every step of a save, in order; an export has all of them but the lock.
STEPS = ("lock", "temp", "write", "fsync", "rename", "folder-fsync")
ERRNOS = (errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EIO)


class Fault:
    """Make `step` of writing `target` fail with `code`; `hits` counts the faults raised."""

    def __init__(self, step: str, code: int, target: Path) -> None:
        if step not in STEPS:
            raise ValueError(f"unknown step {step!r}")
        self.step, self.code, self.target = step, code, Path(target)
        self.hits = 0
        self.armed = True
        self._fds: dict[int, str] = {}
        self._real: dict[str, Any] = {}

    def _fail(self, filename: str) -> OSError:
        self.hits += 1
        return OSError(self.code, os.strerror(self.code), filename)

    def _is_temp(self, path: str) -> bool:
        p = Path(path)
        return p.parent == self.target.parent and p.name.startswith(f".{self.target.name}.") and p.name.endswith(".tmp")

    def _open(self, path, flags, mode=0o777, *, dir_fd=None):
        name = os.fsdecode(path)
        if self.armed:
            if self.step == "lock" and Path(name) == self.lock_path:
                raise self._fail(name)
            if self.step == "temp" and self._is_temp(name) and flags & os.O_CREAT:
                raise self._fail(name)
        fd = self._real["open"](path, flags, mode, dir_fd=dir_fd)
        self._fds[fd] = name
        return fd

    def _close(self, fd):
        self._fds.pop(fd, None)
        return self._real["close"](fd)

    def _write(self, fd, data):
        if self.armed and self.step == "write" and self._is_temp(self._fds.get(fd, "")):
            raise self._fail(self._fds[fd])
        return self._real["write"](fd, data)

    def _fsync(self, fd):
        name = self._fds.get(fd, "")
        if self.armed and (
            (self.step == "fsync" and self._is_temp(name)) or (self.step == "folder-fsync" and name and Path(name) == self.target.parent)
        ):
            raise self._fail(name)
        return self._real["fsync"](fd)

    def _replace(self, src, dst, **kw):
        if self.armed and self.step == "rename" and Path(os.fspath(dst)) == self.target and self._is_temp(os.fspath(src)):
            raise self._fail(os.fspath(dst))
        return self._real["replace"](src, dst, **kw)

    @property
    def lock_path(self) -> Path:
        folder = self.target.parent
        if folder.name == "reviews":
            folder = folder.parent
        return folder / LOCK_FILE

    def install(self, monkeypatch) -> Fault:
        for name in ("open", "close", "write", "fsync", "replace"):
            self._real[name] = getattr(os, name)
            monkeypatch.setattr(os, name, getattr(self, f"_{name}"))
        return self


def stray_temps(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))
