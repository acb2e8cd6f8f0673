"""Where a list's files are: the list folder, its `list.yaml`, `reviews/<reader>.yaml` and
the lock, and which paths cannot be one of them (a link, a file where a folder goes, a
reader file whose name is not a reader name). No file is read or written here."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, Problem, UnreadableFileError
from .readers import check_reader

LIST_FILE = "list.yaml"
REVIEWS_DIR = "reviews"
LOCK_FILE = ".readinglist.lock"


def list_folder(path: str | os.PathLike[str]) -> Path:
    """The list folder named by `path`: the folder itself, its list.yaml or one of its review files."""
    p = Path(path)
    if p.suffix in (".yaml", ".yml"):
        p = p.parent
        if p.name == REVIEWS_DIR and not (p / LIST_FILE).exists() and (p.parent / LIST_FILE).exists():
            p = p.parent
    return p


def folder_problem(folder: Path) -> Problem | None:
    """Why `folder` cannot hold a list (a link, a file), or None."""
    if folder.is_symlink():
        return Problem(str(folder), None, "is a symbolic link; a list folder must be the folder itself (nothing is written through links)")
    if folder.exists() and not folder.is_dir():
        return Problem(str(folder), None, "is a file, not a list folder")
    return None


def refuse_bad_folder(folder: Path) -> None:
    """UnreadableFileError when `folder` cannot hold a list."""
    problem = folder_problem(folder)
    if problem is not None:
        raise UnreadableFileError(problem.file, problem.message)


def review_files(review_dir: Path) -> tuple[list[Path], Problem | None]:
    """The files of a list's reviews folder that are meant as reader files, in name order,
    or why the folder cannot hold them (a link, a file)."""
    if review_dir.is_symlink():
        return [], Problem(str(review_dir), None, "is a symbolic link; the reviews folder must be the folder itself (nothing is written through links)")
    if review_dir.exists() and not review_dir.is_dir():
        return [], Problem(str(review_dir), None, "is a file; reviews/ must be a folder of review files")
    if not review_dir.is_dir():
        return [], None
    paths = (p for p in review_dir.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return sorted(paths), None


def reader_file_problem(path: Path) -> Problem | None:
    """Why a file of the reviews folder cannot be a reader file (its name), or None."""
    reader = path.stem
    try:
        check_reader(reader)
    except InputError:
        return Problem(str(path), None, f"file name {path.name!r} is not a reader name (a-z, 0-9, '_', '-')")
    if path.suffix != ".yaml":
        return Problem(str(path), None, f"review files end in .yaml: rename it {reader}.yaml")
    return None
