"""What suggestions need of each review file (ratings, statuses, tags), cached by its bytes.

Reading 10,000 reviews as YAML costs more than everything else a warm `suggest` does, so
`reviews.json` in the cache folder keeps, per reader, the digest of the review file and
of the papers it was checked against, and per review the paper, rating, status and tags.
An entry is used only when both digests match the files read now, and only if every value
is one the format allows; otherwise that file is read and checked as the store reads it.
Notes and times are not kept: suggestions do not use them (a review with only a note still
counts as reviewed).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..diskio import replace_disposable
from ..model import STATUSES, Review
from .cache import CACHE_DIR, VERSION, ensure_ignored, refuse_links

REVIEWS_FILE = "reviews.json"
NOTE_MARK = "(note)"  # stands for a note's text, which suggestions never read


def file_digest(data: bytes, papers_digest: str) -> str:
    return hashlib.blake2b(data + b"\x00" + papers_digest.encode(), digest_size=16).hexdigest()


def load(list_folder: Path) -> dict[str, Any]:
    """Reader -> {"digest", "reviews"} as cached; empty when there is no valid cache."""
    try:
        data = json.loads((list_folder / CACHE_DIR / REVIEWS_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("readers"), dict):
        return {}
    return data["readers"]


def reviews_from(entry: Any, digest: str, paper_ids: dict[str, int]) -> dict[str, Review] | None:
    """The reviews of one cached entry, or None when it is stale or not valid."""
    if not isinstance(entry, dict) or entry.get("digest") != digest or not isinstance(entry.get("reviews"), list):
        return None
    out: dict[str, Review] = {}
    for item in entry["reviews"]:
        if not (isinstance(item, list) and len(item) == 5):
            return None
        pid, rating, status, tags, note = item
        if not isinstance(pid, str) or pid not in paper_ids or pid in out:
            return None
        if not (rating is None or (type(rating) is int and 1 <= rating <= 5)):
            return None
        if not (status is None or status in STATUSES):
            return None
        if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)) or not isinstance(note, bool):
            return None
        out[pid] = Review(pid, rating=rating, status=status, tags=tuple(tags), note=NOTE_MARK if note else "")
    return out


def entry_of(reviews: dict[str, Review], digest: str) -> dict[str, Any]:
    return {
        "digest": digest,
        "reviews": [[r.paper_id, r.rating, r.status, list(r.tags), bool(r.note)] for r in reviews.values()],
    }


def save(list_folder: Path, readers: dict[str, Any]) -> None:
    """Write the cache whole (temp file renamed into place); OSError when the folder refuses."""
    folder = list_folder / CACHE_DIR
    refuse_links(folder / REVIEWS_FILE)
    ensure_ignored(list_folder)
    folder.mkdir(parents=True, exist_ok=True)
    replace_disposable(folder / REVIEWS_FILE, json.dumps({"version": VERSION, "readers": readers}).encode("utf-8"))
