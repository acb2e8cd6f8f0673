"""An allow-list for every piece of HTML that goes into a handout (nh3, i.e. ammonia).

Applied to rendered Markdown cells and to HTML outputs, after the Markdown was escaped
(`text.py`): nothing can run (no script, event handler, `javascript:` or `data:` link,
style or form) and nothing can be loaded from disk or network (images only as inline
`data:image/...;base64`, links only http(s), mailto or `#anchors`). MathML is allowed as
`mathml.py` writes it: its elements, and its attributes with plain word or length values.
"""

from __future__ import annotations

import functools
import re

import nh3

from .. import mathml

TAGS = frozenset(
    ["a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"]
)
ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
}
MATH_ATTRIBUTES = {tag: set(mathml.ATTRIBUTES) for tag in mathml.ELEMENTS}
MATH_ATTRIBUTES["math"] = {"xmlns", "display", "alttext"}
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$", re.ASCII)
_CLASS = re.compile(r"^[A-Za-z0-9 _-]{0,200}$", re.ASCII)


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag in mathml.ELEMENTS:
        return _math_attribute(tag, name, value)
    if name == "src":
        return value if tag == "img" and _DATA_IMAGE.fullmatch(value) else None
    if name == "href":
        lowered = value.strip().lower()
        if lowered.startswith(("http://", "https://", "mailto:")) or (value.startswith("#") and len(value) > 1):
            return value
        return None
    if name == "class":
        return value if _CLASS.fullmatch(value) else None
    return value


def _math_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "math":
        if name == "xmlns":
            return value if value == mathml.MATHML_NS else None
        if name == "display":
            return value if value in ("inline", "block") else None
        return value if name == "alttext" else None
    # `*` attributes (id, title...) reach here too: only MathML's own pass.
    return value if name in mathml.ATTRIBUTES and mathml.plain_attribute_value(value) else None


def _relative(url: str) -> str | None:
    return url if url.startswith("#") and len(url) > 1 else None  # in-page anchors only


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS) | set(mathml.ELEMENTS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template", "svg"},
        attributes={**MATH_ATTRIBUTES, **{k: set(v) for k, v in ATTRIBUTES.items()}},
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        url_relative=_relative,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """`html` with everything not on the allow-list removed."""
    return _cleaner().clean(html)
