"""readinglist: curated reading lists for ML reading groups, in JupyterLab and git."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from .analysis import PaperStats, Ranked, group_stats, rank_next
from .catalogue import MergeReport, add_papers
from .errors import (
    ChangedOnDiskError,
    InputError,
    ListFormatError,
    LockTimeoutError,
    MissingPathError,
    NoPapersError,
    Problem,
    ReaderNameError,
    ReadingListError,
    StoreError,
    UnknownPaperError,
)
from .frames import to_frame
from .importers import ImportResult, parse_source
from .ingest import ImportSummary, SourceFile, fetch_arxiv, import_files, import_frame, import_sources
from .hf_fetch import fetch_hf
from .scholar import enrich_citations
from .model import STATUSES, Org, Paper, ReadingList, Review, Source
from .readers import default_reader
from .handout import export
from .records import to_records
from .store import ListStore

__all__ = [
    "ChangedOnDiskError",
    "ImportResult",
    "ImportSummary",
    "InputError",
    "ListFormatError",
    "ListStore",
    "LockTimeoutError",
    "MergeReport",
    "MissingPathError",
    "NoPapersError",
    "Org",
    "Paper",
    "PaperStats",
    "Problem",
    "Ranked",
    "ReaderNameError",
    "ReadingList",
    "ReadingListError",
    "Review",
    "STATUSES",
    "Source",
    "SourceFile",
    "StoreError",
    "Suggestion",
    "Suggestions",
    "TagSuggestion",
    "TagSuggestions",
    "UnknownPaperError",
    "__version__",
    "add_papers",
    "browse",
    "default_reader",
    "enrich_citations",
    "export",
    "fetch_arxiv",
    "fetch_hf",
    "group_stats",
    "group_view",
    "import_files",
    "import_frame",
    "import_sources",
    "open_list",
    "parse_source",
    "rank_next",
    "review",
    "review_app",
    "suggest",
    "suggest_tags",
    "to_frame",
    "to_records",
]


# The widgets load ipywidgets, which the CLI does not need: imported on first use.
_WIDGETS = ("browse", "group_view", "review", "review_app")
# Suggestions load numpy (and scikit-learn when they fit): imported on first use too.
_SUGGESTIONS = ("Suggestion", "Suggestions", "TagSuggestion", "TagSuggestions", "suggest", "suggest_tags")


def __getattr__(name: str) -> Any:
    if name in _WIDGETS:
        from . import widgets

        return getattr(widgets, name)
    if name in _SUGGESTIONS:
        from . import suggestions

        return getattr(suggestions, name)
    raise AttributeError(f"module 'readinglist' has no attribute {name!r}")


def open_list(path: str) -> ReadingList:
    """The reading list (papers and every reader's reviews) in the folder `path`."""
    return ListStore.open(path).reading_list
