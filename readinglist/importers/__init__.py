"""Importers: each turns one source's text into papers plus located problems.

Formats are a registry of data: a name, a test that recognises the text, and a parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..bulk import collector_paused
from ..errors import InputError
from . import arxiv, bibtex, csl_ris, csv_table, hf_api, hf_page
from .base import ImportResult, decode_source, split_lines


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    looks_like: Callable[[str], bool]
    parse: Callable[..., ImportResult]


# In detection order: the most specific shapes first, pasted pages last (the fallback).
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("hf-html", "a huggingface.co papers page saved as HTML", hf_api.looks_like_html, hf_api.parse_hf_html),
        Format("hf-api", "Hugging Face papers API JSON (daily papers or one paper)", hf_api.looks_like_api, hf_api.parse_hf_api),
        Format("csl-json", "CSL JSON (Zotero, Better CSL JSON)", csl_ris.looks_like_csl, csl_ris.parse_csl_json),
        Format("arxiv-atom", "an arXiv API response (Atom XML)", arxiv.looks_like_atom, arxiv.parse_arxiv_atom),
        Format("ris", "RIS records (Zotero, EndNote, Mendeley)", csl_ris.looks_like_ris, csl_ris.parse_ris),
        Format("bibtex", "BibTeX or BibLaTeX (.bib)", bibtex.looks_like, bibtex.parse_bibtex),
        Format("csv", "CSV with a header row naming the columns", csv_table.looks_like, csv_table.parse_csv),
        Format("arxiv-ids", "arXiv ids or URLs, any number per line", arxiv.looks_like_ids, arxiv.parse_arxiv_ids),
        Format("hf-page", "text of a pasted huggingface.co papers page", hf_page.looks_like, hf_page.parse_hf_page),
    )
}


def detect(text: str) -> str:
    """The name of the format `text` is in; pasted pages are the fallback."""
    for fmt in FORMATS.values():
        if fmt.looks_like(text):
            return fmt.name
    return "hf-page"


def parse_source(text: str, file: str, *, format: str | None = None, year: int | None = None) -> ImportResult:
    """Papers and problems from the text of one source, in `format` or the detected one."""
    name = format or detect(text)
    if name not in FORMATS:
        raise InputError(f"{file}: unknown format {name!r} (known: {', '.join(FORMATS)})")
    with collector_paused():
        return FORMATS[name].parse(text, file, year=year or dt.date.today().year)


__all__ = ["FORMATS", "Format", "ImportResult", "decode_source", "detect", "parse_source", "split_lines"]
