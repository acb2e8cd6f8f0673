"""readinglist: curated reading lists for ML reading groups, in JupyterLab and git."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# What each public name is imported from, on first use (PEP 562): the command line pays
# only for the modules its command needs, and start-up is part of every command.
_EXPORTS = {
    "PaperStats": "analysis", "Ranked": "analysis", "group_stats": "analysis", "rank_next": "analysis",
    "MergeReport": "catalogue", "add_papers": "catalogue",
    "ChangedOnDiskError": "errors", "InputError": "errors", "ListFormatError": "errors",
    "LockTimeoutError": "errors", "MissingPathError": "errors", "NoPapersError": "errors",
    "Problem": "errors", "ReaderNameError": "errors", "ReadingListError": "errors",
    "StoreError": "errors", "UnknownPaperError": "errors",
    "to_frame": "frames",
    "ImportResult": "importers", "parse_source": "importers",
    "ImportSummary": "ingest", "SourceFile": "ingest", "fetch_arxiv": "ingest", "import_files": "ingest",
    "import_frame": "ingest", "import_sources": "ingest",
    "fetch_hf": "hf_fetch",
    "enrich_citations": "scholar",
    "STATUSES": "model", "Org": "model", "Paper": "model", "ReadingList": "model", "Review": "model", "Source": "model",
    "default_reader": "readers",
    "export": "handout",
    "to_records": "records",
    "ListStore": "store",
    # The widgets load ipywidgets; suggestions load numpy and scipy.
    "browse": "widgets", "group_view": "widgets", "review": "widgets", "review_app": "widgets",
    "Suggestion": "suggestions", "Suggestions": "suggestions", "TagSuggestion": "suggestions",
    "TagSuggestions": "suggestions", "suggest": "suggestions", "suggest_tags": "suggestions",
}  # fmt: skip

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'readinglist' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def open_list(path: str) -> ReadingList:
    """The reading list (papers and every reader's reviews) in the folder `path`."""
    from .store import ListStore

    return ListStore.open(path).reading_list


if TYPE_CHECKING:  # what type checkers and editors see
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
    from .handout import export
    from .hf_fetch import fetch_hf
    from .importers import ImportResult, parse_source
    from .ingest import ImportSummary, SourceFile, fetch_arxiv, import_files, import_frame, import_sources
    from .model import STATUSES, Org, Paper, ReadingList, Review, Source
    from .readers import default_reader
    from .records import to_records
    from .scholar import enrich_citations
    from .store import ListStore
    from .suggestions import Suggestion, Suggestions, TagSuggestion, TagSuggestions, suggest, suggest_tags
    from .widgets import browse, group_view, review, review_app
