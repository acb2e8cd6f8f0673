"""Untrusted text made safe for Markdown (and so for the HTML rendered from it).

Every field of a list came from other people: a title may hold `<script>`, a note
`[x](javascript:...)` or `![x](.git/config)`, an abstract `\\input{...}`. Fields are put into
the handout's Markdown only through `md_text` / `md_lines` / `md_link`, which make them
inert text in any CommonMark renderer (nbconvert's mistune, JupyterLab, GitHub):

- `&`, `<` and `>` become entities, so no raw HTML or autolink can start;
- the characters that open Markdown constructs inline (emphasis, code, links, images,
  tables, math, strike-through, footnotes) are backslash-escaped;
- at the start of a line, whatever could open a block (heading, list, quote, fence, rule,
  indented code) is escaped or stripped.

The rendered HTML is cleaned again with an allow-list (`clean.py`): two independent layers.

With `math=True` (titles, abstracts, notes), a formula that converts to MathML and holds none
of `< > & | `` ` `` and no link syntax (`](`, `][`) is kept as `$...$` (or `$$...$$`), unescaped,
so Markdown viewers typeset it; the HTML formats typeset every formula (`mathml.py`).
"""

from __future__ import annotations

import re
import urllib.parse

from ..latex import latex_to_unicode
from ..links import clean_url
from ..mathml import find_formulas, has_math, latex_to_mathml

# Inline openers: escaped wherever they occur. (`(`, `)`, `:`, `.`, `-` are harmless once `[`,
# `]`, `<` and `!` are escaped, and escaping them would make the Markdown source unreadable.)
_INLINE = {c: "\\" + c for c in "\\`*_[]!|~$^#+="}
_INLINE.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# `\(` also escapes its parenthesis: Jupyter's renderer reads `\\(...\\)` as math delimiters.
_INLINE_RE = re.compile(r"\\[()]|[" + re.escape("".join(_INLINE)) + "]")
# A line that starts with digits then `.` or `)` is an ordered list item.
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_SAFE_URL_CHARS = "/:?#@&=+$,;%~.-_!*"
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`\\]+", re.ASCII | re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"*_~"
# What pasting LaTeX leaves right after a URL: `\\href{url}{here}` -> `url{here}`, `url{url}`.
_BRACE_DEBRIS = re.compile(r"(?:\{[^{}\n]{0,200}\})+")


def md_text(text: str, *, math: bool = False) -> str:
    """`text` as inert Markdown inline text, on one line (whitespace runs become one space).

    `math`: keep formulas that are safe as Markdown as `$...$` (see the module's docstring)."""
    return _escape_line(" ".join(text.split()), math)


def md_lines(text: str, indent: str = "", *, math: bool = False) -> str:
    """Multi-line `text` as inert Markdown: lines kept (hard breaks), blank lines as paragraphs.

    `indent` is put before every line after the first, so the text can continue a list item.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        lines = [_escape_line(" ".join(line.split()), math) for line in paragraph.splitlines() if line.strip()]
        out.append(("\\\n" + indent).join(lines))
    return ("\n\n" + indent).join(out)


def _escape_char(match: re.Match[str]) -> str:
    found = match.group(0)
    return _INLINE[found] if len(found) == 1 else "\\\\\\" + found[1]


def _escape_inline(text: str) -> str:
    return _INLINE_RE.sub(_escape_char, text)


def _linked(text: str) -> str:
    """Escaped text in which each http(s) URL is an explicit link (renderers autolink URLs
    differently, and some would put the escaping backslashes into the link)."""
    out, last = [], 0
    for match in _URL_IN_TEXT.finditer(text):
        if match.start() < last:
            continue  # inside debris already dropped
        url = clean_url(match.group(0).rstrip(_URL_TRAILING))
        end = match.start() + len(url)
        if text.startswith(".git", end) and not text[end + 4 : end + 5].isalnum():
            end += 4  # `.git` is dropped from the link, not from the text
        debris = _BRACE_DEBRIS.match(text, end)
        target = safe_url(url)
        if target is None:
            continue
        out.append(_escape_inline(text[last : match.start()]))
        # `\\:` in the label keeps renderers from autolinking the label itself.
        out.append(f"[{_escape_inline(url).replace(':', chr(92) + ':', 1)}]({target})")
        last = debris.end() if debris else end
    out.append(_escape_inline(text[last:]))
    return "".join(out)


_MARKDOWN_UNSAFE_IN_MATH = re.compile(r"[<>&|`$\n\r]|\]\(|\]\[|\\$")
# Commands that make a Markdown viewer's math engine (MathJax, KaTeX) link, style, load or
# define something: a formula using one is escaped text in Markdown (the HTML drops them).
ACTIVE_MATH_COMMANDS = frozenset(
    "href url style class cssId html unicode require data toggle mathtip texttip tooltip bbox color "
    "colorbox fcolorbox textcolor newcommand renewcommand def let input include verb begingroup".split()
)
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")


def markdown_formula(latex: str, display: bool) -> str | None:
    """`$latex$` (`$$latex$$` for display math) when it is valid and safe unescaped, else None."""
    if latex != latex.strip() or _MARKDOWN_UNSAFE_IN_MATH.search(latex):
        return None
    if any(name in ACTIVE_MATH_COMMANDS for name in _COMMAND_NAME.findall(latex)):
        return None
    if latex_to_mathml(latex, display) is None:
        return None
    return f"$${latex}$$" if display else f"${latex}$"


def _escape_text(text: str) -> str:
    return _linked(text) if "://" in text else _escape_inline(text)


def _escape_math_line(line: str) -> str:
    out, last = [], 0
    for start, end, latex, display in find_formulas(line):
        kept = markdown_formula(latex, display)
        if kept is None:
            continue
        out.append(_escape_text(line[last:start]))
        out.append(kept)
        last = end
    out.append(_escape_text(line[last:]))
    return "".join(out)


def _escape_line(line: str, math: bool = False) -> str:
    if not line:
        return line
    escaped = _escape_math_line(line) if math and has_math(line) else _escape_text(line)
    ordered = _ORDERED.match(escaped)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{escaped[ordered.end():]}"
    if escaped[0] == "-":  # a list item, a rule or a heading underline
        return "\\" + escaped
    return escaped


def readable(text: str) -> str:
    """LaTeX text commands as Unicode (math and unknown commands, such as \\input, kept as text)."""
    return latex_to_unicode(text)


def safe_url(url: str) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None for anything else."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode what could end the link target or an HTML attribute: ( ) < > " ' space \ [ ] `
    return urllib.parse.quote(url.strip(), safe=_SAFE_URL_CHARS)


def md_link(label: str, url: str) -> str:
    """A Markdown link when `url` is http(s); else the label and URL as plain text."""
    target = safe_url(url)
    if target is None:
        return f"{md_text(label)} ({md_text(url)})"
    return f"[{md_text(label)}]({target})"


def stars(rating: float | None) -> str:
    """★★★★☆ for a 1-5 rating rounded to the nearest whole star; empty when unrated."""
    if rating is None:
        return ""
    full = int(rating + 0.5)
    return "★" * full + "☆" * (5 - full)


_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$", re.ASCII)


def is_arxiv_id(text: str | None) -> bool:
    """True for `2401.01234` or `hep-th/9901001` (no version)."""
    return bool(text) and bool(_ARXIV_ID.fullmatch(text or ""))
