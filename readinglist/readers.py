"""Reader names: short slugs that are also file names, so they are checked strictly."""

from __future__ import annotations

import getpass
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable, Mapping

from .errors import ReaderNameError
from .schema import READER_PATTERN

ENV_VAR = "READINGLIST_READER"


def check_reader(name: str) -> str:
    """`name` if it is a reader slug (`[a-z0-9_-]`, at most 64), else ReaderNameError."""
    if not isinstance(name, str) or not READER_PATTERN.fullmatch(name):
        raise ReaderNameError(
            f"reader name {name!r} is not allowed: use 1-64 of a-z, 0-9, '_' and '-', starting with a letter or digit"
        )
    return name


def reader_slug(text: str) -> str:
    """`Ada Lovelace` -> `ada-lovelace`; empty when nothing usable is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", folded).strip("-_")
    return slug[:64].rstrip("-_")


def _git_user_name() -> str:
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def default_reader(
    environ: Mapping[str, str] | None = None,
    git_user_name: Callable[[], str] = _git_user_name,
    login_name: Callable[[], str] = getpass.getuser,
) -> str:
    """READINGLIST_READER, else a slug of `git config user.name`, else the login name."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(ENV_VAR)
    if explicit:
        try:
            return check_reader(explicit)
        except ReaderNameError as exc:
            raise ReaderNameError(f"{ENV_VAR}: {exc}") from None
    for candidate in (git_user_name, login_name):
        try:
            slug = reader_slug(candidate())
        except (OSError, KeyError):  # getpass raises these when no login name is known
            continue
        if slug and READER_PATTERN.fullmatch(slug):
            return slug
    raise ReaderNameError(f"no reader name known: pass --reader NAME or set {ENV_VAR}")
