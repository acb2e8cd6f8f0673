"""Text from a list, made safe and readable for the widgets.

Everything that came from a list, a page or a note is untrusted: it goes through
`html.escape` before it is put in an HTML widget, and links are kept only when they are
plain http(s) URLs. `math_html` is the one place titles, abstracts and notes become HTML:
math (`$O(n \\log n)$`) becomes allow-listed MathML (mathml.py), which browsers render
with no script; what does not convert stays as escaped text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..mathml import math_to_html
from ..model import Paper
from ..words import plural

_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.ASCII)
LINK_LABELS = {"code": "code", "project": "project", "arxiv": "arXiv", "pdf": "PDF", "hf": "HF"}

STATIC = Path(__file__).with_name("static")
# Our own stylesheet (a file in the package, never list content), for widgets shown without the card.
STYLE = f"<style>{(STATIC / 'readinglist.css').read_text(encoding='utf-8')}</style>"


def esc(text: object) -> str:
    """`text` as HTML text: nothing in it is markup."""
    return html.escape(str(text), quote=True)


def math_html(text: str) -> str:
    """`text` as HTML with its math as MathML: the one place titles, abstracts and notes become HTML."""
    return math_to_html(text)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def safe_url(url: str) -> str | None:
    """`url` when it is a plain http(s) URL (no quotes, spaces or angle brackets), else None."""
    return url if _URL.fullmatch(url) else None


def meta_line(paper: Paper) -> str:
    """`2025-02-03 · 19 upvotes · Example Lab` as plain text."""
    parts = []
    if paper.published:
        parts.append(paper.published.isoformat())
    parts.append(plural(paper.upvotes, "upvote"))
    facts = paper.semantic_scholar
    if facts is not None:
        parts.append(f"{plural(facts.citations, 'citation')} ({facts.influential_citations} influential, {facts.fetched.isoformat()})")
    if paper.authors:
        shown = ", ".join(paper.authors[:4]) + (f" and {len(paper.authors) - 4} more" if len(paper.authors) > 4 else "")
        parts.append(shown)
    elif paper.author_count:
        parts.append(plural(paper.author_count, "author"))
    if paper.org:
        parts.append(paper.org.name)
    return " · ".join(parts)


def tldr_html(paper: Paper) -> str:
    """Semantic Scholar's one-line summary (readinglist enrich), escaped; empty without one."""
    facts = paper.semantic_scholar
    return f'<p class="rl-tldr"><b>TLDR</b> {esc(facts.tldr)}</p>' if facts is not None and facts.tldr else ""


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, url) for the links worth a click: code, project, arXiv (made from the id when known)."""
    links = []
    for kind, url in paper.links.items():
        base = kind.split("-")[0]
        if base in LINK_LABELS and safe_url(url):
            label = LINK_LABELS[base] + (f" {kind.split('-', 1)[1]}" if "-" in kind else "")
            links.append((label, url))
    if paper.arxiv_id and not any(kind.startswith("arxiv") for kind in paper.links):
        url = f"https://arxiv.org/abs/{paper.arxiv_id}"
        if safe_url(url):
            links.append(("arXiv", url))
    return links
