"""A handout as a notebook (nbformat v4): the deliverable that every other format renders.

Cells, each with a stable id and slide metadata (one slide per paper):

    header      markdown  title, session date and presenter, description, filters
    questions   markdown  the session's discussion questions (sessions only)
    summary     markdown  table: title, group rating as stars, number of ratings, tags (for
                          slides: summary-1, summary-2... of a slide's worth of papers each)
    charts-title markdown  the charts' heading (their slide's title)
    charts      code      no code to run: PNG outputs drawn when the notebook was built
    paper-N     markdown  title, links, date, authors or organisation, ratings, reviews, tags
    abstract-N  markdown  the abstract (a sub-slide under its paper in slides)
    candidates  markdown  "Candidates for next session" (export --candidates N only)

Every field of the list goes through `text.py`, so it is inert text in the Markdown.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .. import __version__
from ..links import clean_url
from ..words import plural
from . import charts as charts_module
from . import meetings
from .candidates import candidates_markdown
from .select import Entry, Handout
from .text import is_arxiv_id, md_lines, md_link, md_text, readable, stars

LINK_LABELS = {
    "arxiv": "arXiv", "pdf": "PDF", "code": "Code", "project": "Project page", "data": "Data",
    "demo": "Demo", "model": "Model", "hf": "Hugging Face",
}  # fmt: skip
MAX_AUTHORS = 12


def _cell(kind: str, cell_id: str, source: str, slide: str | None = None, tags: tuple[str, ...] = ()) -> NotebookNode:
    cell = new_markdown_cell(source) if kind == "markdown" else new_code_cell(source)
    cell.id = cell_id
    if slide:
        cell.metadata["slideshow"] = {"slide_type": slide}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def long_date(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def header_markdown(handout: Handout) -> str:
    lines = [f"# {md_text(readable(handout.title), math=True)}"]
    if handout.session is not None:
        session = handout.session
        line = f"**Session of {long_date(session.date)}**"
        if session.presenter:
            line += f" · presented by **{md_text(session.presenter)}**"
        schedule = meetings.schedule_text(session)
        if schedule:
            line += f" · {schedule}"
        lines.append(line)
        if handout.attendees or handout.minutes:
            lines.append(meetings.attendance_line(handout.attendees))
    if handout.selection.archive:
        lines.append(f"**{meetings.archive_intro(handout.archive)}**")
    if handout.description:
        lines.append(md_lines(handout.description, math=True))
    shown = len(handout.entries)
    if handout.session is None and not handout.selection.archive and shown != handout.total_papers:
        scope = f"{shown:,} of {plural(handout.total_papers, 'paper')}"
    else:
        scope = plural(shown, "paper")
    filters = handout.selection.describe()
    lines.append(scope + (f" ({md_text('; '.join(filters))})" if filters else ""))
    if handout.readers:
        lines.append("Readers: " + ", ".join(md_text(r) for r in handout.readers))
    return "\n\n".join(lines)


def questions_markdown(questions: tuple[str, ...]) -> str:
    items = [f"{i}. {md_text(q, math=True)}" for i, q in enumerate(questions, 1)]
    return "## Discussion questions\n\n" + "\n".join(items)


def rating_text(rating: float | None, count: int) -> str:
    if rating is None:
        return "not rated yet"
    return f"{stars(rating)} {rating:.1f}"


def summary_markdown(handout: Handout, start: int = 0, stop: int | None = None) -> str:
    """The summary table, or the part of it from paper `start` (0-based) to `stop`."""
    if not handout.entries:
        return "## Summary\n\nNo paper matches this selection."
    total = len(handout.entries)
    stop = total if stop is None else min(stop, total)
    heading = "## Summary" if (start, stop) == (0, total) else f"## Summary: papers {start + 1}–{stop} of {total:,}"
    rows = ["| # | Paper | Group rating | Ratings | Tags |", "| ---: | --- | --- | ---: | --- |"]
    for n, e in enumerate(handout.entries[start:stop], start + 1):
        tags = ", ".join(md_text(t) for t in e.tags)
        rows.append(f"| {n} | {md_text(readable(e.paper.title), math=True)} | {rating_text(e.group_rating, e.ratings)} | {e.ratings} | {tags} |")
    return heading + "\n\n" + "\n".join(rows)


def _links(e: Entry) -> list[str]:
    paper = e.paper
    out = []
    seen = set()
    for kind, raw in paper.links.items():
        url = clean_url(raw)  # lists made before links were cleaned on import may hold `{here}` debris
        if url in seen:
            continue
        seen.add(url)
        base, _, number = kind.partition("-")
        label = LINK_LABELS.get(base, base.capitalize()) + (f" {number}" if number else "")
        out.append(md_link(label, url))
    if is_arxiv_id(paper.arxiv_id) and "arxiv" not in paper.links:
        out.append(md_link("arXiv", "https://arxiv.org/abs/" + paper.arxiv_id))
    return out


def _byline(e: Entry) -> list[str]:
    paper = e.paper
    parts = []
    if paper.published:
        parts.append(f"**Published** {paper.published.isoformat()}")
    elif getattr(paper, "year", None):
        parts.append(f"**Published** {paper.year}")
    if paper.authors:
        names = [md_text(a) for a in paper.authors[:MAX_AUTHORS]]
        parts.append("**Authors** " + ", ".join(names) + (" et al." if len(paper.authors) > MAX_AUTHORS else ""))
    elif paper.author_count:
        parts.append(plural(paper.author_count, "author"))
    if paper.org:
        parts.append(f"**Organisation** {md_text(paper.org.name)}")
    if paper.upvotes:
        parts.append(plural(paper.upvotes, "upvote"))
    parts.extend(meetings.scholar_parts(paper))
    return parts


def paper_markdown(n: int, e: Entry) -> str:
    paper = e.paper
    blocks = [f"## {n}. {md_text(readable(paper.title), math=True)}"]
    links = _links(e)
    if links:
        blocks.append(" · ".join(links))
    byline = _byline(e)
    if byline:
        blocks.append(" · ".join(byline))
    tldr = meetings.tldr_markdown(paper)
    if tldr:
        blocks.append(tldr)
    rating = f"**Group rating** {rating_text(e.group_rating, e.ratings)}"
    if e.ratings:
        rating += f" from {plural(e.ratings, 'rating')}"
    if e.tags:
        rating += " · **Tags** " + ", ".join(
            md_text(t) + (f" ({e.tag_counts[t]})" if e.tag_counts[t] > 1 else "") for t in e.tags
        )
    blocks.append(rating)
    items = []
    for reader, review in e.reviews.items():
        facts = [f"**{md_text(reader)}**"]
        facts.append(f"{stars(review.rating)} {review.rating}" if review.rating else "no rating")
        if review.status:
            facts.append(review.status)
        item = "- " + " · ".join(facts)
        if review.note:
            item += "\n\n  " + md_lines(review.note, indent="  ", math=True)
        items.append(item)
    if items:
        blocks.append("\n".join(items) if all("\n" not in i for i in items) else "\n\n".join(items))
    return "\n\n".join(blocks)


# A paper's section taller than this (printed lines of ~95 characters, a page holds ~58) may
# break across pages: kept whole, it could leave up to that much of a page empty.
LONG_PAPER_LINES = 14


def _is_long(source: str) -> bool:
    """A paper's section too tall to keep on one page without leaving a gap (many or long notes)."""
    lines = 0.0
    for block in source.split("\n\n"):
        lines += 0.6 + sum(-(-len(line) // 95) for line in block.splitlines())  # a block's spacing, its lines
    return lines > LONG_PAPER_LINES


def _paper_cell(cell_id: str, source: str) -> NotebookNode:
    tags = ("rl-paper", "rl-long") if _is_long(source) else ("rl-paper",)
    return _cell("markdown", cell_id, source, "slide", tags)


def abstract_markdown(e: Entry) -> str:
    return f"**Abstract.** {md_lines(readable(e.paper.abstract), math=True)}"


def _image_output(png: bytes, alt: str) -> NotebookNode:
    return new_output("display_data", data={"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt})


def _archive_cells(handout: Handout) -> list[NotebookNode]:
    """Per past session, newest first: its heading, who came, questions and minutes, then its papers."""
    cells = []
    for record in handout.archive:
        day = record.session.date.isoformat()
        cells.append(_cell("markdown", f"session-{day}", meetings.archived_session_markdown(record), "slide", ("rl-session",)))
        for n, e in enumerate(record.entries, 1):
            cells.append(_paper_cell(f"paper-{day}-{n}", paper_markdown(n, e)))
            if e.paper.abstract.strip():
                cells.append(_cell("markdown", f"abstract-{day}-{n}", abstract_markdown(e), "subslide", ("rl-abstract",)))
    return cells


def build_notebook(handout: Handout, *, charts: bool = True, summary_rows: int | None = None) -> NotebookNode:
    """The handout as a notebook; `charts=False` leaves the chart cells out (faster).

    `summary_rows`: split the summary table into cells (slides) of at most this many papers."""
    cells = [_cell("markdown", "header", header_markdown(handout), "slide", ("rl-header",))]
    if handout.session is not None and handout.session.questions:
        cells.append(_cell("markdown", "questions", questions_markdown(handout.session.questions), "slide", ("rl-questions",)))
    if handout.minutes:
        cells.append(_cell("markdown", "minutes", meetings.minutes_markdown(handout.minutes), "slide", ("rl-minutes",)))
    total = len(handout.entries)
    if summary_rows is None or total <= summary_rows:
        cells.append(_cell("markdown", "summary", summary_markdown(handout), "slide", ("rl-summary",)))
    else:
        for part, start in enumerate(range(0, total, summary_rows), 1):
            source = summary_markdown(handout, start, start + summary_rows)
            cells.append(_cell("markdown", f"summary-{part}", source, "slide", ("rl-summary",)))
    if charts:
        outputs = []
        ratings_png = charts_module.rating_chart(handout)
        if ratings_png:
            outputs.append(_image_output(ratings_png, "Bar chart: how often each rating was given"))
        tags_png = charts_module.tag_chart(handout)
        if tags_png:
            outputs.append(_image_output(tags_png, "Bar chart: the most used tags"))
        if outputs:
            cells.append(_cell("markdown", "charts-title", "## Charts", "slide", ("rl-charts-title",)))
            cell = _cell("code", "charts", "# Charts drawn by readinglist when this handout was built (PNG outputs).", "-", ("rl-charts",))
            cell.metadata["jupyter"] = {"source_hidden": True}
            cell.outputs = outputs
            cells.append(cell)
    if handout.selection.archive:
        cells.extend(_archive_cells(handout))
    for n, e in enumerate(handout.entries if not handout.selection.archive else (), 1):
        cells.append(_paper_cell(f"paper-{n}", paper_markdown(n, e)))
        if e.paper.abstract.strip():
            cells.append(_cell("markdown", f"abstract-{n}", abstract_markdown(e), "subslide", ("rl-abstract",)))
    if handout.candidates is not None:
        cells.append(_cell("markdown", "candidates", candidates_markdown(handout.candidates), "slide", ("rl-candidates",)))
    metadata: dict[str, Any] = {
        "title": readable(handout.title),
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
        "readinglist": {
            "version": __version__,
            "session": handout.session.date.isoformat() if handout.session else None,
            "papers": [e.paper.id for e in handout.entries],
        },
    }
    return new_notebook(cells=cells, metadata=metadata)


def notebook_text(nb: NotebookNode) -> str:
    """The notebook as .ipynb JSON text."""
    return nbformat.writes(nb) + "\n"
