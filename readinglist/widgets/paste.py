"""Importing from the page: a paste box (`rl-paste`, `rl-paste-import`) and a file upload
(`rl-upload`) for saved pages, BibTeX, CSV, RIS, arXiv or API JSON.

Both go through `ingest.import_sources`, the function behind `readinglist import`: a pasted
text is imported exactly as the same text in a file would be (same detection, same
problems with their lines). After an import that found papers, a copy of the text is kept
in the list's `sources/` folder under the name the papers' provenance uses.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..diskio import atomic_write
from ..errors import PROBLEMS_SHOWN, ReadingListError
from ..ingest import ImportSummary, SourceFile, import_sources
from ..words import plural
from .render import esc

SOURCES_DIR = "sources"
UPLOAD_TYPES = ".txt,.html,.htm,.bib,.bibtex,.csv,.json,.ris,.xml,.atom"
ImportedCallback = Callable[[ImportSummary], None]


def summary_line(summary: ImportSummary) -> str:
    """`lists/moe: 3 added, 1 merged, 0 unchanged, 2 problems` as plain text."""
    n = len(summary.problems)
    return (
        f"{summary.folder.name}: {summary.added} added, {summary.merged} merged, {summary.skipped} unchanged, "
        f"{plural(n, 'problem')}"
    )


def result_html(summary: ImportSummary, names: list[str]) -> str:
    problems = "".join(f"<li>{esc(p)}</li>" for p in summary.problems[:PROBLEMS_SHOWN])
    more = len(summary.problems) - PROBLEMS_SHOWN
    if more > 0:
        problems += f'<li class="rl-import-more">... and {plural(more, "more problem")} (`readinglist import --all-problems` prints every one)</li>'

    return (
        f'<div class="rl-import-ok">Imported {esc(", ".join(names))}: {esc(summary_line(summary))}</div>'
        + (f'<ul class="rl-import-problems">{problems}</ul>' if problems else "")
    )


class PasteImport:
    """Import into the list at `folder` from pasted text or uploaded files; `on_imported(callback)`."""

    def __init__(
        self, folder: str | os.PathLike[str], *, clock: Callable[[], dt.datetime] = dt.datetime.now
    ) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.last: ImportSummary | None = None
        self._callbacks: list[ImportedCallback] = []
        self.text = w.Textarea(
            placeholder=(
                "Paste here: a Hugging Face papers page (select all, copy), BibTeX, CSV, RIS, "
                "arXiv ids or links, API JSON. Then press Import."
            ),
            layout=w.Layout(width="100%", max_width="60em", height="10em"),
        ).add_class("rl-paste")
        self.year = w.BoundedIntText(
            value=clock().year,
            min=1900,
            max=2200,
            description="page year",
            tooltip="the year the page was captured: pasted pages show recent dates without a year",
            layout=w.Layout(width="12em"),
        ).add_class("rl-import-year")
        self.import_button = w.Button(description="Import", button_style="primary", icon="download").add_class(
            "rl-paste-import"
        )
        self.import_button.on_click(lambda _b: self.import_pasted())
        self.upload = w.FileUpload(accept=UPLOAD_TYPES, multiple=True, description="Upload files").add_class(
            "rl-upload"
        )
        self.upload.layout.width = "auto"
        self.upload.observe(self._uploaded, "value")
        self.result = w.HTML().add_class("rl-import-result")
        self.root = w.VBox(
            [
                w.HTML("<b>Add papers</b>: paste a page or list below, or upload saved files."),
                self.text,
                w.HBox([self.import_button, self.upload, self.year]),
                self.result,
            ]
        ).add_class("rl-import")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def on_imported(self, callback: ImportedCallback) -> None:
        """`callback(summary)` after each import that changed or checked the list."""
        self._callbacks.append(callback)

    def import_pasted(self) -> ImportSummary | None:
        text = self.text.value
        if not text.strip():
            self._error("Nothing to import: paste a page or a list into the box first.")
            return None
        name = f"pasted-{self.clock():%Y%m%d-%H%M%S}.txt"
        summary = self.import_sources([SourceFile(name, text.encode("utf-8"))])
        if summary is not None:
            self.text.value = ""
        return summary

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        sources = [SourceFile(Path(f["name"]).name, bytes(f["content"])) for f in files]
        self.import_sources(sources)
        self.upload.value = ()  # the same file can be uploaded again

    def import_sources(self, sources: list[SourceFile]) -> ImportSummary | None:
        """Import `sources`; shows the outcome, and returns the summary (None when refused)."""
        sources = [self._unique(source) for source in sources]
        try:
            summary = import_sources(sources, self.folder, year=self.year.value)
        except (ReadingListError, OSError) as exc:
            self._error(f"NOT IMPORTED: {exc}")
            return None
        kept = self._keep_copies(sources)
        self.last = summary
        self.result.value = result_html(summary, [s.name for s in sources]) + kept
        for callback in list(self._callbacks):
            callback(summary)
        return summary

    def _unique(self, source: SourceFile) -> SourceFile:
        """`source`, renamed when sources/ holds a different file of that name (its copy goes beside it)."""
        target = self.folder / SOURCES_DIR / source.name
        if not target.exists() or target.read_bytes() == source.data:
            return source
        stamp = f"{self.clock():%Y%m%d-%H%M%S}"
        return SourceFile(f"{target.stem}-{stamp}{target.suffix}", source.data)

    def _keep_copies(self, sources: list[SourceFile]) -> str:
        """Copy each source into sources/ under its name; a failure is only reported."""
        folder = self.folder / SOURCES_DIR
        try:
            folder.mkdir(exist_ok=True)
            for source in sources:
                target = folder / source.name
                if not (target.exists() and target.read_bytes() == source.data):
                    atomic_write(target, source.data)
        except OSError as exc:
            return f'<div class="rl-import-error">The list is imported, but no copy was kept in sources/: {esc(exc)}</div>'
        return ""

    def _error(self, text: str) -> None:
        self.result.value = f'<div class="rl-import-error">{esc(text)}</div>'
