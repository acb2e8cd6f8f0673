"""`export()`: a reading list (or part of it) as a handout file, in one of seven formats.

    ipynb     the handout notebook itself (nbformat), charts stored as PNG outputs
    html      one self-contained HTML file: no script, no CDN, printable
    pdf       that HTML printed by Chromium
    slides    reveal.js slides inlined in one HTML file, working offline
    markdown  Markdown for GitHub, images in `<name>_files/` beside it
    bibtex    BibTeX entries of the selected papers
    csv       one row per paper, columns per reader

Everything is built in memory first; only then are files written, each atomically (temp
file + rename), images before the file that names them. A bad list or option writes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diskio import atomic_write
from ..errors import InputError, MissingPathError
from ..model import ReadingList
from ..progress import Progress, progress
from ..store import ListStore
from ..words import plural
from .select import Handout, Selection, select

SUFFIXES = {
    "html": ".html", "pdf": ".pdf", "slides": ".slides.html", "markdown": ".md",
    "ipynb": ".ipynb", "bibtex": ".bib", "csv": ".csv",
}  # fmt: skip
FORMATS: tuple[str, ...] = tuple(SUFFIXES)
ALIASES = {"md": "markdown", "bib": "bibtex", "notebook": "ipynb", "reveal": "slides", "htm": "html"}
_NOTEBOOK_FORMATS = {"ipynb", "html", "pdf", "slides", "markdown"}
PAPER_SIZES: tuple[str, ...] = ("a4", "letter")
HANDOUTS_DIR = "handouts"
SLIDE_SUMMARY_ROWS = 10  # papers on each summary slide: readable from the back of a room


@dataclass
class Rendered:
    """A handout in one format: the main file's bytes and any files that go beside it."""

    data: bytes
    extra: dict[str, bytes] = field(default_factory=dict)  # path relative to the main file's folder


@dataclass(frozen=True)
class Exported:
    path: Path
    papers: int
    extra: tuple[Path, ...] = ()


def normalise_format(to: str) -> str:
    name = ALIASES.get(to.lower(), to.lower())
    if name not in SUFFIXES:
        raise InputError(f"unknown export format {to!r} (formats: {', '.join(FORMATS)})")
    return name


def parse_session_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"a session is named by its date, YYYY-MM-DD, not {value!r}")


@functools.cache
def _exporter(kind: str):
    from . import exporters

    return {
        "html": exporters.HandoutHTMLExporter,
        "slides": exporters.HandoutSlidesExporter,
        "markdown": exporters.HandoutMarkdownExporter,
        "pdf": exporters.HandoutPDFExporter,
    }[kind]()


def _paper_for(paper: str | None, to: str) -> str | None:
    """The paper size, checked: one of PAPER_SIZES, and only for the formats that print."""
    if paper is None:
        return None
    name = paper.lower()
    if name not in PAPER_SIZES:
        raise InputError(f"paper size must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    if to not in ("html", "pdf"):
        raise InputError(f"a paper size applies to html and pdf handouts, not {to}")
    return name


def render(
    handout: Handout, to: str, *, name: str = "handout", charts: bool = True, paper: str | None = None
) -> Rendered:
    """`handout` in format `to`, in memory. `name` is the main file's name without suffix;
    `paper` (html, pdf) the page size to print on: a4 (default) or letter."""
    to = normalise_format(to)
    paper = _paper_for(paper, to)
    if to == "bibtex":
        from .bibtex import bibtex_text

        return Rendered(bibtex_text(handout).encode("utf-8"))
    if to == "csv":
        from .tabular import csv_text

        return Rendered(csv_text(handout).encode("utf-8"))
    from .notebook import build_notebook, notebook_text

    nb = build_notebook(handout, charts=charts, summary_rows=SLIDE_SUMMARY_ROWS if to == "slides" else None)
    if to == "ipynb":
        return Rendered(notebook_text(nb).encode("utf-8"))
    exporter = _exporter(to)
    files_dir = f"{name}_files"
    resources = {"metadata": {"name": name}, "output_files_dir": files_dir, "unique_key": name}
    if paper is not None:
        resources["rl_paper"] = paper
    body, resources = exporter.from_notebook_node(nb, resources=resources)
    extra = {str(path): data for path, data in (resources.get("outputs") or {}).items()}
    return Rendered(body if isinstance(body, bytes) else body.encode("utf-8"), extra)


def handouts_folder(list_folder: Path | None) -> Path:
    """Where handouts go by default: `handouts/` at the project root, i.e. beside the `lists/`
    folder that holds the list (`proj/lists/moe` -> `proj/handouts`); beside the list folder
    itself when it is not inside a `lists/` folder; in the current folder for a list in memory."""
    if list_folder is None:
        return Path.cwd() / HANDOUTS_DIR
    folder = list_folder.resolve()
    base = folder.parent.parent if folder.parent.name == "lists" else folder.parent
    return base / HANDOUTS_DIR


def _default_output(folder: Path | None, folder_name: str, to: str, session: dt.date | None, archive: bool = False) -> Path:
    stem = folder_name + (f"-{session.isoformat()}" if session else "-archive" if archive else "-handout")
    return handouts_folder(folder) / (stem + SUFFIXES[to])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "reading-list"


def _name_of(path: Path, to: str) -> str:
    suffix = SUFFIXES[to]
    return path.name[: -len(suffix)] if path.name.endswith(suffix) else path.stem


def _beside(path: Path, relative: str) -> Path:
    """Where a file the exporter names (`NAME_files/x.png`) goes: beside `path`, never through a link."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or any(part in ("..", ".") for part in parts):
        raise InputError(f"{relative}: not a file name beside {path.name}")
    target = path.parent.joinpath(*parts)
    here = path.parent
    for part in parts[:-1]:
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise InputError(f"{here}: is a link or a file where the {path.name} images go; remove it")
    return target


def export_handout(
    source: str | os.PathLike[str] | ReadingList | ListStore,
    to: str = "html",
    output: str | os.PathLike[str] | None = None,
    *,
    session: str | dt.date | None = None,
    tags: Iterable[str] = (),
    min_rating: float | None = None,
    status: str | Iterable[str] = (),
    reader: str | None = None,
    order: str = "list",
    charts: bool = True,
    archive: bool = False,
    today: dt.date | None = None,
    candidates: int = 0,
    paper: str | None = None,
) -> Exported:
    """Like `export`, returning what was written (main file, papers shown, files beside it)."""
    to = normalise_format(to)
    if candidates and to in ("bibtex", "csv"):
        raise InputError(f"candidates for the next session go in a handout (html, pdf, slides, markdown, ipynb), not {to}")
    statuses = (status,) if isinstance(status, str) else tuple(status)
    selection = Selection(
        session=parse_session_date(session), tags=tuple(tags), min_rating=min_rating,
        statuses=statuses, reader=reader, order=order, archive=archive, today=today,
    )  # fmt: skip
    paper = _paper_for(paper, to)
    with progress(f"export {to}", total=4) as shown:
        return _export(source, to, output, selection, charts, paper, candidates, shown)


def _export(
    source: str | os.PathLike[str] | ReadingList | ListStore,
    to: str,
    output: str | os.PathLike[str] | None,
    selection: Selection,
    charts: bool,
    paper: str | None,
    candidates: int,
    shown: Progress,
) -> Exported:
    """The steps of `export_handout`, each reported to `shown`."""
    shown.stage("reading the list")
    if isinstance(source, ReadingList):
        reading_list, where, folder, folder_name = source, "the list", None, _slug(source.title)
    else:
        store = source if isinstance(source, ListStore) else ListStore.open(source)
        folder = store.folder.resolve()
        reading_list, where, folder_name = store.reading_list, str(store.list_path), folder.name
    shown.advance()
    shown.stage("selecting papers")
    handout = select(reading_list, selection, where=where)
    shown.advance()
    if candidates:
        from .candidates import group_candidates  # the models: only when asked for

        handout = replace(handout, candidates=group_candidates(source, reading_list, candidates))
    path = Path(output) if output is not None else _default_output(folder, folder_name, to, selection.session, selection.archive)
    # The folder is resolved, the name is not: a link planted at the output path is replaced
    # by the handout (rename in the same folder), never followed to where it points.
    path = path.parent.resolve() / path.name
    # handouts/ is made once the handout is rendered: its parent is the project root or the list's.
    make_folder = output is None and not path.parent.exists() and path.parent.parent.is_dir()
    if not make_folder and not path.parent.is_dir():
        raise MissingPathError(f"{path.parent}: no such folder for the {to} file")
    if path.is_dir() and not path.is_symlink():
        raise InputError(f"{path}: is a folder; name the {to} file to write")
    shown.stage(f"rendering {plural(len(handout.entries), 'paper')}" + (" (Chromium prints the PDF)" if to == "pdf" else ""))
    rendered = render(handout, to, name=_name_of(path, to), charts=charts, paper=paper)
    shown.advance()
    shown.stage("writing")
    written: list[Path] = []
    created: list[Path] = []
    try:
        if make_folder:
            path.parent.mkdir()
            created.append(path.parent)
        for relative, data in sorted(rendered.extra.items()):
            target = _beside(path, relative)
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
                created.append(target.parent)
            if not os.path.lexists(target):
                created.append(target)
            atomic_write(target, data)
            written.append(target)
        atomic_write(path, rendered.data)
        shown.advance()
    except BaseException:
        for target in reversed(created):  # images of a handout that was not written, their folder
            try:
                target.rmdir() if target.is_dir() else target.unlink()
            except OSError:
                pass
        raise
    return Exported(path, len(handout.entries), tuple(written))


def export(
    source: str | os.PathLike[str] | ReadingList | ListStore,
    to: str = "html",
    output: str | os.PathLike[str] | None = None,
    *,
    session: str | dt.date | None = None,
    tags: Iterable[str] = (),
    min_rating: float | None = None,
    status: str | Iterable[str] = (),
    reader: str | None = None,
    order: str = "list",
    charts: bool = True,
    archive: bool = False,
    today: dt.date | None = None,
    candidates: int = 0,
    paper: str | None = None,
) -> Path:
    """Write a handout of the list `source` (a folder, a ReadingList or a ListStore); its path.

    `to` is one of html, pdf, slides, markdown, ipynb, bibtex, csv. `output` defaults to
    `<list folder>-handout.<ext>` (or `<list folder>-<session date>.<ext>`) in the project's
    `handouts/` folder (see `handouts_folder`), made when missing. `paper`: a4 (default) or
    letter, the page size of html and pdf handouts. Filters (all optional, combined): `session`
    (its date), `tags` (every one), `min_rating` (group rating), `status` (any reader's, or `reader`'s), `reader` (papers
    this reader reviewed). `order`: list, rating or date. `archive`: one handout of every
    session up to `today` (default: today), newest first, each with who came and the
    minutes. `candidates`: add "Candidates for next session", the group's top N
    suggestions with their reasons. Raises InputError (bad option,
    unknown session or reader), ListFormatError (bad list) or ExportError (PDF printing).
    """
    return export_handout(
        source, to, output, session=session, tags=tags, min_rating=min_rating, status=status,
        reader=reader, order=order, charts=charts, archive=archive, today=today, candidates=candidates,
        paper=paper,
    ).path  # fmt: skip
