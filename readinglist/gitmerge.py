"""Git integration: the merge driver and the one-time set-up of a clone.

Git runs the driver as `readinglist merge-driver %O %A %B %P` only when both sides changed
a list file; it must leave the result in %A and exit 0 (merged) or non-zero (conflict).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .diskio import atomic_write
from .errors import InputError, ListFormatError
from .merge import MergeResult, merge_texts

DRIVER_NAME = "readinglist"
ATTRIBUTES = (
    "**/list.yaml merge=readinglist",
    "**/reviews/*.yaml merge=readinglist",
)
ATTRIBUTES_HEADER = "# readinglist: merge list files by meaning (run 'readinglist git-setup' once per clone)"


class GitError(InputError):
    """Not inside a git work tree, or git refused a command."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (apt-get install git)") from None
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def driver_command() -> str:
    """The command git runs; the current interpreter, so the driver works outside this venv's PATH too."""
    return f"{shlex.quote(sys.executable)} -m readinglist merge-driver %O %A %B %P"


@dataclass
class SetupReport:
    root: Path
    actions: list[str]


def git_setup(where: str | Path = ".") -> SetupReport:
    """Write `.gitattributes` entries and configure the merge driver in this clone; idempotent."""
    cwd = Path(where)
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd))
    actions: list[str] = []
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    lines = existing.splitlines()
    missing = [line for line in ATTRIBUTES if line not in lines]
    if missing:
        addition = ([ATTRIBUTES_HEADER] if ATTRIBUTES_HEADER not in lines else []) + missing
        text = existing + ("\n" if existing and not existing.endswith("\n") else "") + "\n".join(addition) + "\n"
        atomic_write(attributes, text.encode("utf-8"))
        actions.append(f"added to {attributes}: {', '.join(missing)} (commit it so every clone uses it)")
    else:
        actions.append(f"{attributes} already names the readinglist merge driver")
    wanted = {
        f"merge.{DRIVER_NAME}.name": "readinglist: merge list files by meaning",
        f"merge.{DRIVER_NAME}.driver": driver_command(),
    }
    for key, value in wanted.items():
        try:
            current = _git(["config", "--local", "--get", key], root)
        except GitError:
            current = None
        if current == value:
            actions.append(f"git config {key} already set")
        else:
            _git(["config", "--local", key, value], root)
            actions.append(f"set git config {key} = {value}")
    return SetupReport(root, actions)


def _read(path: str, shown: str) -> str:
    """A version git gave in a temporary file; problems name the real path `shown` (%P)."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        raise ListFormatError.at(shown, None, "not UTF-8 text") from None


def run_merge_driver(base: str, ours: str, theirs: str, path: str) -> tuple[int, str]:
    """Merge into the file `ours` (git's %A); exit code and a one-line account for git's output.

    `path` is git's %P, the file's real path: every message names it, never a temporary
    file. A side that is not a valid list is never merged silently: git's text merge is
    left in the file and the exit code is 1, so git stops with a conflict.
    """
    shown = path or ours
    try:
        texts = [_read(base, f"{shown} (base)"), _read(ours, f"{shown} (ours)"), _read(theirs, f"{shown} (theirs)")]
        result: MergeResult = merge_texts(*texts, shown)
    except ListFormatError as exc:
        done = subprocess.run(
            ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", ours, base, theirs],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        left = "git's conflict markers" if done.returncode != 0 else "git's text merge (no markers, unchecked)"
        return 1, (
            f"readinglist: {shown}: cannot merge by meaning ({exc}); left {left} in it: "
            f"settle it, check it with 'readinglist validate', then commit"
        )
    atomic_write(Path(ours), result.text.encode("utf-8"))
    if result.clean:
        return 0, f"readinglist: {shown}: merged"
    where = ", ".join(c.where for c in result.conflicts[:5]) + (" ..." if len(result.conflicts) > 5 else "")
    return 1, f"readinglist: {shown}: {len(result.conflicts)} conflict(s) in {where}; see its 'conflicts:' section"
