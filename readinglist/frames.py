"""A list as pandas DataFrames, for members who want to analyse it themselves.

- `to_frame(LIST)`: one row per paper, indexed by paper id: the paper's facts, the group's
  rating statistics (see `analysis.py`), its tags and one `rating_<reader>` and
  `status_<reader>` column per reader.
- `to_frame(LIST, long=True)`: one row per review (paper, reader, rating, status, tags,
  note, updated), for group-bys and charts.

pandas is imported when a frame is made, so importing readinglist stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .analysis import group_stats
from .opening import ListLike, as_reading_list

if TYPE_CHECKING:
    import pandas as pd

LINK_COLUMNS = ("code", "project", "arxiv")


def paper_rows(source: ListLike) -> list[dict[str, Any]]:
    """The rows of `to_frame` as plain dicts (what the frame is built from)."""
    reading_list = as_reading_list(source)
    stats = group_stats(reading_list)
    readers = reading_list.readers()
    rows = []
    for pid, paper in reading_list.papers.items():
        s = stats[pid]
        row: dict[str, Any] = {
            "id": pid,
            "title": paper.title,
            "published": paper.published,
            "upvotes": paper.upvotes,
            "authors": ", ".join(paper.authors),
            "author_count": paper.author_count if paper.author_count is not None else (len(paper.authors) or None),
            "org": paper.org.name if paper.org else None,
            "arxiv_id": paper.arxiv_id,
            "citations": paper.semantic_scholar.citations if paper.semantic_scholar else None,
        }
        for kind in LINK_COLUMNS:
            row[kind] = paper.links.get(kind)
        row.update(
            tags=s.tags(),
            n_reviews=s.reviewers,
            n_ratings=s.count,
            mean_rating=s.mean,
            spread=s.spread,
            discuss=s.discuss,
        )
        for reader in readers:
            review = reading_list.reviews[reader].get(pid)
            row[f"rating_{reader}"] = review.rating if review else None
            row[f"status_{reader}"] = review.status if review else None
        rows.append(row)
    return rows


def review_rows(source: ListLike) -> list[dict[str, Any]]:
    """The rows of `to_frame(long=True)`: one per review, in list order, then reader."""
    reading_list = as_reading_list(source)
    rows = []
    for pid, paper in reading_list.papers.items():
        for reader, review in reading_list.reviews_of(pid).items():
            rows.append(
                {
                    "paper": pid,
                    "reader": reader,
                    "title": paper.title,
                    "rating": review.rating,
                    "status": review.status,
                    "tags": list(review.tags),
                    "note": review.note,
                    "updated": review.updated,
                }
            )
    return rows


def to_frame(source: ListLike, *, long: bool = False) -> pd.DataFrame:
    """The list as a DataFrame: one row per paper, or with `long=True` one per review."""
    import pandas as pd

    if long:
        frame = pd.DataFrame(
            review_rows(source),
            columns=["paper", "reader", "title", "rating", "status", "tags", "note", "updated"],
        )
        frame["rating"] = frame["rating"].astype("Int64")
        frame["updated"] = pd.to_datetime(frame["updated"], utc=True)
        return frame
    rows = paper_rows(source)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.set_index("id")
    frame["published"] = pd.to_datetime(frame["published"])
    for column in ["author_count", "n_ratings", "spread"] + [c for c in frame.columns if c.startswith("rating_")]:
        frame[column] = frame[column].astype("Int64")
    frame["mean_rating"] = frame["mean_rating"].astype("Float64")
    return frame
