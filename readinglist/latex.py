"""LaTeX residue in titles and abstracts, turned into readable Unicode.

Only the text commands are converted (accents, dashes, `\\%`, `{\\em ...}`, `\\textit{...}`);
math (`$...$`) and URLs stay exactly as written, and anything not understood is kept
rather than dropped. Each fragment is converted by pylatexenc, so the meaning of a
command is the library's, not ours; the regular expressions here only find fragments,
which keeps the common case (text without a backslash) at the speed of one search.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

# Abbreviation macros common in ML papers; pylatexenc does not know them (it drops them).
ABBREVIATIONS = {
    "eg": "e.g.",
    "ie": "i.e.",
    "etal": "et al.",
    "wrt": "w.r.t.",
    "vs": "vs.",
    "etc": "etc.",
    "cf": "cf.",
}

# Text commands for ASCII characters: pylatexenc gives look-alikes (ˆ for ^), we give the character.
ASCII_SYMBOLS = {"textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "textunderscore": "_"}

# Parts that are never touched: math and URLs.
_PROTECTED = re.compile(r"(?<!\\)\$\$.*?(?<!\\)\$\$|(?<!\\)\$[^$]+(?<!\\)\$|\\\(.*?\\\)|https?://[^\s<>\"]+", re.S)

_FRAGMENT = re.compile(
    r"""
      \\[`'^"~=.]\s*(?:\{\\?[A-Za-z]\}|\\?[A-Za-z])             # symbol accent: \'e \'{e} \"{\i}
    | \\[uvHtcdbkr](?:\s*\{\\?[A-Za-z]\}|\s+\\?[A-Za-z](?![A-Za-z]))  # letter accent: \c{c} \v s
    | \{\\(?:em|it|bf|sl|sc|tt|rm|sf)\s+[^{}\\$]*\}            # {\em text}
    | \\(?:textit|textbf|textsl|textsc|texttt|textrm|textsf|emph|underline|mbox|textup|textnormal)
      \{[^{}\\$]*\}                                          # \textit{text}
    | \\(?:url|nolinkurl)\{[^{}\s]*\}                         # \url{...}
    | \\[%&\#_$]                                             # escaped specials
    | \\[A-Za-z]+(?![A-Za-z])\s?                              # a word macro, eating one space
    | (?<=[^\W\d_])\{(?:\\.)?[^{}\\$\s]\}(?=[^\W\d_])         # Na{\"i}ve, Na{ï}ve, A{–}B: one character in braces
    | (?<=\w)~(?=[\w(\[])                                     # a tie between words
    | (?<![-!<])---?(?![->])                                   # -- and --- dashes (not -> or <!--)
    """,
    re.X,
)

@functools.cache
def _pylatexenc() -> tuple[Any, Any]:
    """pylatexenc's converter and macro table, loaded on the first fragment that needs them
    (most imported text has none, and the library is a few MiB in memory)."""
    from pylatexenc.latex2text import LatexNodes2Text, get_default_latex_context_db

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True), get_default_latex_context_db()


def _symbol_macro(name: str) -> str | None:
    """The text of an argument-less symbol macro (\\textemdash, \\ss), or None."""
    spec = _pylatexenc()[1].get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)
    if isinstance(repl, str) and repl and "%" not in repl:
        return repl
    return None


def _stands_alone(symbol: str) -> bool:
    """A symbol that is a word of its own (Greek letters, math symbols), not part of one."""
    return any(
        unicodedata.category(ch) in ("Sm", "So") or (unicodedata.category(ch).startswith("L") and "GREEK" in unicodedata.name(ch, ""))
        for ch in symbol
    )


@functools.lru_cache(maxsize=4096)
def _convert_fragment(fragment: str) -> str:
    stripped = fragment.rstrip(" ")
    trailing = fragment[len(stripped) :]
    if stripped == "~":
        return " "
    if stripped in ("--", "---"):
        return "–" if stripped == "--" else "—"
    if stripped.startswith("\\") and stripped[1:].isalpha():
        name = stripped[1:]
        if name in ABBREVIATIONS:
            return ABBREVIATIONS[name] + trailing
        if name in ASCII_SYMBOLS:
            return ASCII_SYMBOLS[name]
        # Only symbol macros are converted; commands that take arguments or read files
        # (\input) and unknown ones stay as written.
        symbol = _symbol_macro(name)
        if symbol is None:
            return fragment
        # LaTeX eats the space after a macro, which is right inside a word (Stra\ss e) and
        # for punctuation, but a Greek letter or math symbol left in text by a page that
        # dropped the `$` stood for a word of its own: `\tau and` is `τ and`.
        return symbol + (trailing if _stands_alone(symbol) else "")
    if stripped.startswith(("\\url", "\\nolinkurl")):
        return stripped[stripped.index("{") + 1 : -1] + trailing
    text = _pylatexenc()[0].latex_to_text(stripped)
    return (text if text else stripped) + trailing


def _convert_text(text: str) -> str:
    if "\\" not in text and "{" not in text and "~" not in text and "--" not in text:
        return text
    # Nested commands (\emph{a \'e}) resolve from the inside out, one level a pass.
    for _ in range(3):
        converted = _FRAGMENT.sub(lambda m: _convert_fragment(m.group(0)), text)
        if converted == text:
            break
        text = converted
    return text


def latex_to_unicode(text: str) -> str:
    """Readable text from `text`: LaTeX text commands converted, math and URLs untouched."""
    if "\\" not in text and "{" not in text and "~" not in text and "--" not in text:
        return text
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_convert_text(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_convert_text(text[last:]))
    return "".join(out)
