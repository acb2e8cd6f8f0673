"""CSV of a handout's papers: one row per paper, one column group per reader.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula; such text
cells get a leading `'` (OWASP's advice), so a note can never become a formula.
"""

from __future__ import annotations

import csv
import io

from .select import Handout
from .text import readable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(handout: Handout) -> str:
    readers = handout.readers
    header = ["id", "title", "published", "authors", "organisation", "upvotes", "arxiv_id", "url",
              "group_rating", "ratings", "tags"]  # fmt: skip
    for reader in readers:
        header += [f"{reader}_rating", f"{reader}_status", f"{reader}_note"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for e in handout.entries:
        paper = e.paper
        row = [
            cell(paper.id),
            cell(readable(paper.title)),
            paper.published.isoformat() if paper.published else "",
            cell("; ".join(paper.authors)),
            cell(paper.org.name if paper.org else ""),
            str(paper.upvotes),
            cell(paper.arxiv_id or ""),
            cell(next(iter(paper.links.values()), "")),
            f"{e.group_rating:.2f}" if e.group_rating is not None else "",
            str(e.ratings),
            cell("; ".join(e.tags)),
        ]
        for reader in readers:
            review = e.reviews.get(reader)
            row += [
                str(review.rating) if review and review.rating else "",
                review.status or "" if review else "",
                cell(review.note) if review else "",
            ]
        writer.writerow(row)
    return buf.getvalue()
