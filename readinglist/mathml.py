"""Math in titles, abstracts and notes as MathML, which browsers render without any script.

`math_to_html(text)` escapes `text` for HTML and turns each formula into a `<math>` element:

    $...$   \\(...\\)     inline          $$...$$   \\[...\\]     display

Formulas are converted by latex2mathml, and its output is rebuilt from an allow-list of
MathML elements and attributes (no `href`, `style`, `class`, `id`, event handler, colour or
`maction`/`annotation-xml`, which could carry HTML), so `\\href{javascript:...}` or `\\style`
in a formula gives plain math. A formula that does not convert, or that a page already damaged
(`tildeOmega`, `Oleft(1{r}right)`: command names that lost their backslash), stays as the
escaped text it was, delimiters included. Dollars for money are not math: as in Pandoc, an
opening `$` is followed by a non-space, a closing `$` follows a non-space and is not followed
by a digit (`$5 and $10` is text); `\\$` is a literal dollar. Each formula is converted once.

Text commands outside math (`\\emph{...}`) are the caller's: run `latex.latex_to_unicode` first.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET

MATHML_NS = "http://www.w3.org/1998/Math/MathML"

# Presentation MathML that latex2mathml writes, less anything that can hold HTML or act.
ELEMENTS = frozenset(
    [
        "math",
        "menclose",
        "merror",
        "mfenced",
        "mfrac",
        "mi",
        "mmultiscripts",
        "mn",
        "mo",
        "mover",
        "mpadded",
        "mphantom",
        "mprescripts",
        "mroot",
        "mrow",
        "ms",
        "mspace",
        "msqrt",
        "mstyle",
        "msub",
        "msubsup",
        "msup",
        "mtable",
        "mtd",
        "mtext",
        "mtr",
        "munder",
        "munderover",
        "none",
    ]
)
ATTRIBUTES = frozenset(
    [
        "accent",
        "accentunder",
        "align",
        "close",
        "columnalign",
        "columnlines",
        "columnspacing",
        "depth",
        "display",
        "displaystyle",
        "fence",
        "form",
        "frame",
        "height",
        "largeop",
        "linethickness",
        "lspace",
        "mathsize",
        "mathvariant",
        "maxsize",
        "minsize",
        "movablelimits",
        "notation",
        "open",
        "rowalign",
        "rowlines",
        "rowspacing",
        "rspace",
        "scriptlevel",
        "separator",
        "separators",
        "stretchy",
        "symmetric",
        "voffset",
        "width",
    ]
)
# Elements that need an exact number of children: fewer means an argument was missing (`\\frac{a}`).
ARITY = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}
# Attribute values are words, numbers and lengths (`0.278em`, `-1ex`, `50%`, `center left`).
_VALUE = re.compile(r"[A-Za-z0-9.%+\- ]{0,64}", re.ASCII)
MAX_FORMULA = 2000  # characters; a longer "formula" is a stray dollar, shown as text
MAX_DEPTH = 60  # brace nesting; deeper is no formula a person wrote (and would exhaust the stack)

# Command names that a page printed without their backslash (`\tilde\Omega` -> `tildeOmega`).
# Only names of four letters or more: shorter ones (`sum`, `max`, `log`) are ordinary
# subscripts and words. Matched inside letter runs that no backslash command explains.
DAMAGED_COMMANDS = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "sigma",
        "varsigma",
        "upsilon",
        "omega",
        "varphi",
        "varrho",
        "varpi",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Sigma",
        "Upsilon",
        "Omega",
        "tilde",
        "widetilde",
        "widehat",
        "overline",
        "underline",
        "overbrace",
        "underbrace",
        "overrightarrow",
        "frac",
        "dfrac",
        "tfrac",
        "sqrt",
        "left",
        "right",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "mathcal",
        "mathbb",
        "mathbf",
        "mathrm",
        "mathit",
        "mathsf",
        "mathtt",
        "mathfrak",
        "boldsymbol",
        "operatorname",
        "text",
        "textbf",
        "textit",
        "textrm",
        "cdot",
        "cdots",
        "ldots",
        "vdots",
        "ddots",
        "dots",
        "infty",
        "partial",
        "nabla",
        "times",
        "approx",
        "equiv",
        "propto",
        "forall",
        "exists",
        "subset",
        "subseteq",
        "supset",
        "supseteq",
        "leftarrow",
        "rightarrow",
        "Rightarrow",
        "Leftarrow",
        "mapsto",
        "prod",
        "limits",
        "langle",
        "rangle",
        "lfloor",
        "rfloor",
        "lceil",
        "rceil",
        "begin",
        "pmatrix",
        "bmatrix",
        "cases",
        "quad",
        "qquad",
        "hbar",
        "odot",
        "oplus",
        "otimes",
        "circ",
        "simeq",
        "lesssim",
        "gtrsim",
    ]
)
_DAMAGE = re.compile("|".join(sorted(DAMAGED_COMMANDS, key=len, reverse=True)))
# Arguments that are text, not math: their letters say nothing about damage.
_TEXT_ARGUMENT = re.compile(
    r"\\(?:text[a-z]*|math(?:rm|it|bf|sf|tt|cal|bb|frak)|operatorname\*?|mbox|hbox|begin|end)\s*\{[^{}]*\}"
)
_COMMAND = re.compile(r"\\[A-Za-z]+")
_LETTER_RUN = re.compile(r"[A-Za-z]{4,}")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]")

# Delimiters, longest first at each position. `\$` is a literal dollar, never a delimiter.
_OPENERS = re.compile(r"\\\$|\$\$|\$|\\\(|\\\[")
_CLOSERS = {"$$": re.compile(r"(?<!\\)\$\$"), "\\(": re.compile(r"\\\)"), "\\[": re.compile(r"\\\]")}
_INLINE_CLOSE = re.compile(r"(?<![\\\s])\$(?!\d)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def looks_damaged(latex: str) -> bool:
    """True when `latex` holds a command name without its backslash (`tildeOmega`)."""
    bare = _COMMAND.sub(" ", _TEXT_ARGUMENT.sub(" ", latex))
    return any(_DAMAGE.search(run) for run in _LETTER_RUN.findall(bare))


def _brace_depth(latex: str) -> int:
    depth = deepest = 0
    for char in latex:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def plain_attribute_value(value: str) -> bool:
    """True for the attribute values MathML needs: words, numbers, lengths."""
    return bool(_VALUE.fullmatch(value))


def _clean_element(source: ET.Element) -> ET.Element | None:
    tag = source.tag.rpartition("}")[2]
    if tag not in ELEMENTS:
        return None
    out = ET.Element(tag)
    for name, value in source.attrib.items():
        if name in ATTRIBUTES and plain_attribute_value(value):
            out.set(name, value)
    out.text = source.text
    if tag in ARITY and len(source) != ARITY[tag]:
        raise ValueError(f"MathML element {tag!r} with {len(source)} children")
    children = list(source)
    for n, child in enumerate(children):
        cleaned = _clean_element(child)
        if cleaned is None:
            raise ValueError(f"MathML element {child.tag!r} is not on the allow-list")
        cleaned.tail = child.tail
        function = tag in _ROWS and _is_function_name(cleaned)
        if function and n > 0 and out[-1].tag != "mo":
            out.append(ET.Element("mspace", width="0.167em"))  # `n \log n`: thin spaces, as TeX sets them
        out.append(cleaned)
        if function and n + 1 < len(children):
            out.append(ET.Element("mspace", width="0.167em"))
    return out


_ROWS = frozenset({"math", "mrow", "mstyle", "mtd", "mpadded", "mphantom", "menclose", "msqrt", "merror"})


def _is_function_name(element: ET.Element) -> bool:
    text = element.text or ""
    return element.tag == "mi" and len(text) > 1 and text.isalpha() and len(element) == 0


def _serialise(element: ET.Element, out: list[str]) -> None:
    attributes = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in element.attrib.items())
    out.append(f"<{element.tag}{attributes}>")
    if element.text:
        out.append(html.escape(element.text, quote=False))
    for child in element:
        _serialise(child, out)
        if child.tail:
            out.append(html.escape(child.tail, quote=False))
    out.append(f"</{element.tag}>")


@functools.lru_cache(maxsize=8192)
def latex_to_mathml(latex: str, display: bool = False) -> str | None:
    """`latex` (without delimiters) as a cleaned `<math>` element, or None when it does not
    convert, looks damaged, or uses a command latex2mathml does not know."""
    if not latex.strip() or len(latex) > MAX_FORMULA or looks_damaged(latex):
        return None
    if "{" in latex and _brace_depth(latex) > MAX_DEPTH:
        return None
    from latex2mathml.converter import convert

    try:
        converted = convert(latex, display="block" if display else "inline")
        tree = ET.fromstring(converted)
    except Exception:  # noqa: BLE001 - any failure of the converter on page text means "show the text"
        # (it raises its own errors, but also IndexError, StopIteration, RecursionError...).
        return None
    try:
        root = _clean_element(tree)
    except ValueError:
        return None
    if root is None or root.tag != "math":
        return None
    if any(_UNKNOWN_COMMAND.search(node.text or "") for node in root.iter()):
        return None  # latex2mathml keeps unknown commands as text, backslash and all
    root.attrib.clear()
    root.set("display", "block" if display else "inline")
    root.set("alttext", " ".join(latex.split()))
    out: list[str] = []
    _serialise(root, out)
    return "".join(out).replace("<math ", f'<math xmlns="{MATHML_NS}" ', 1)


def find_formulas(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, latex, display) for each formula in `text`, in order; end is exclusive."""
    found = []
    position = 0
    while True:
        opener = _OPENERS.search(text, position)
        if opener is None:
            return found
        delimiter, start = opener.group(0), opener.start()
        if delimiter == "\\$":
            position = opener.end()
            continue
        body_start = opener.end()
        if delimiter == "$":
            closer = _inline_closer(text, body_start)
        else:
            closer = _CLOSERS[delimiter].search(text, body_start)
            if closer is not None and not text[body_start : closer.start()].strip():
                closer = None
        if closer is None:
            position = body_start
            continue
        found.append((start, closer.end(), text[body_start : closer.start()], delimiter in ("$$", "\\[")))
        position = closer.end()


def _inline_closer(text: str, body_start: int) -> re.Match[str] | None:
    if body_start >= len(text) or text[body_start].isspace():
        return None
    closer = _INLINE_CLOSE.search(text, body_start)
    if closer is None or closer.start() == body_start:
        return None
    if _BLANK_LINE.search(text, body_start, closer.start()):
        return None
    return closer


def has_math(text: str) -> bool:
    """A quick test: could `text` hold a formula at all?"""
    return "$" in text or "\\(" in text or "\\[" in text


def math_to_html(text: str) -> str:
    """`text` as HTML: every character escaped, each formula that converts as MathML."""
    if not has_math(text):
        return html.escape(text, quote=True)
    out = []
    last = 0
    for start, end, latex, display in find_formulas(text):
        mathml = latex_to_mathml(latex, display)
        if mathml is None:
            continue  # stays in the text, escaped
        out.append(html.escape(text[last:start], quote=True))
        out.append(mathml)
        last = end
    out.append(html.escape(text[last:], quote=True))
    return "".join(out)


# An HTML fragment as tags and text: tags are `<...>` with quoted attribute values (which may
# hold `>`), comments whole. Only used on HTML that is cleaned with an allow-list afterwards.
_HTML_TOKEN = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
# Text inside these is never typeset: code is code, and math is math already.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "math", "script", "style", "textarea", "title"})


def typeset_html(fragment: str) -> str:
    """An HTML fragment with the formulas in its text typeset (`math_to_html` on each text run,
    except inside code, pre and the like). Tags are kept as they are."""
    if not has_math(fragment):
        return fragment
    out = []
    verbatim = 0  # depth inside verbatim elements
    last = 0
    for token in _HTML_TOKEN.finditer(fragment):
        out.append(_typeset_text(fragment[last : token.start()]) if verbatim == 0 else fragment[last : token.start()])
        tag = token.group(0)
        out.append(tag)
        last = token.end()
        name = _TAG_NAME.match(tag)
        if name is not None and name.group(1).lower() in _VERBATIM and not tag.endswith("/>"):
            verbatim = max(0, verbatim - 1) if tag.startswith("</") else verbatim + 1
    out.append(_typeset_text(fragment[last:]) if verbatim == 0 else fragment[last:])
    return "".join(out)


def _typeset_text(escaped: str) -> str:
    if not has_math(escaped):
        return escaped
    text = html.unescape(escaped)
    typeset = math_to_html(text)
    return typeset if "<math" in typeset else escaped
