"""readinglist: curated reading lists for ML reading groups, in JupyterLab and git."""

from __future__ import annotations

__version__ = "0.1.0"

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
from .importers import ImportResult, parse_source
from .ingest import ImportSummary, import_files
from .model import STATUSES, Org, Paper, ReadingList, Review, Source
from .readers import default_reader
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
    "Problem",
    "ReaderNameError",
    "ReadingList",
    "ReadingListError",
    "Review",
    "STATUSES",
    "Source",
    "StoreError",
    "UnknownPaperError",
    "__version__",
    "add_papers",
    "default_reader",
    "import_files",
    "open_list",
    "parse_source",
    "to_records",
]


def open_list(path: str) -> ReadingList:
    """The reading list (papers and every reader's reviews) in the folder `path`."""
    return ListStore.open(path).reading_list
