"""Math as MathML: formulas found, converted, cleaned; everything else escaped text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.mathml import (
    ATTRIBUTES,
    ELEMENTS,
    MATHML_NS,
    find_formulas,
    latex_to_mathml,
    looks_damaged,
    math_to_html,
)


class Collect(HTMLParser):
    """Every element and attribute of an HTML fragment, and its text, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Collect:
    parser = Collect()
    parser.feed(fragment)
    parser.close()
    return parser


def maths(fragment: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parse(fragment).elements if tag == "math"]


def assert_only_allowed(fragment: str) -> None:
    for tag, attrs in parse(fragment).elements:
        assert tag in ELEMENTS, (tag, fragment)
        for name in attrs:
            allowed = ATTRIBUTES | ({"xmlns", "display", "alttext"} if tag == "math" else set())
            assert name in allowed, (tag, name, fragment)


def test_inline_formula_becomes_mathml_between_escaped_text():
    out = math_to_html("Sorting costs $O(n \\log n)$ <always> & more")
    assert out.startswith("Sorting costs <math ") and out.endswith("</math> &lt;always&gt; &amp; more")
    (attrs,) = maths(out)
    assert attrs == {"xmlns": MATHML_NS, "display": "inline", "alttext": "O(n \\log n)"}
    assert [tag for tag, _ in parse(out).elements].count("mi") == 4  # O, n, log, n


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("$x^2$", "inline"),
        ("\\(x^2\\)", "inline"),
        ("$$x^2$$", "block"),
        ("\\[x^2\\]", "block"),
        ("$$\n\\sum_{i=1}^n x_i\n$$", "block"),
    ],
)
def test_every_delimiter(text, display):
    (attrs,) = maths(math_to_html(text))
    assert attrs["display"] == display


def test_several_formulas_and_the_text_between_them_in_order():
    out = math_to_html("a $x$ b \\(y\\) c $$z$$ d")
    assert len(maths(out)) == 3
    assert "".join(parse(out).text).replace(" ", "") == "axbycz" + "d"


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10 a month",
        "from $5 to $10.",
        "$ 5 and 6 $",  # a space after the opening dollar: not math
        "a $x $ b",  # a space before the closing dollar
        "price $x$5",  # a closing dollar followed by a digit
        "one stray $ dollar",
        "unbalanced $x + y",
        "\\$x\\$ escaped dollars",
        "$$ $$",
        "$x\n\ny$",  # a formula never spans paragraphs
        "\\(never closed",
    ],
)
def test_not_math_stays_text(text):
    out = math_to_html(text)
    assert "<math" not in out
    assert out == html.escape(text, quote=True)


@pytest.mark.parametrize(
    "latex",
    [
        "tildeOmega(C^*)",  # \tilde\Omega with the backslashes lost by the page
        "Oleft(1{r}right)",  # O\left(\frac1{r}\right)
        "N=tildeOmega(C^*)",
        "fracab",
        "x inmathbb R",
        "\\tildeOmega",  # an unknown command
        "\\unknowncommand x",
        "\\left( x \\right",  # malformed
        "x^",
        "\\frac{a}",  # a missing argument
        "\\overset{a}",
        "{" * 200 + "x" + "}" * 200,  # nesting nobody writes
    ],
)
def test_damaged_or_malformed_latex_falls_back_to_the_text_as_written(latex):
    text = f"see ${latex}$ here"
    assert latex_to_mathml(latex) is None
    out = math_to_html(text)
    assert "<math" not in out and html.unescape(out) == text


def test_damage_is_not_seen_in_text_arguments_environments_or_short_words():
    for latex in (
        "\\text{left to right}",
        "\\mathrm{softmax}(x)",
        "\\begin{cases}a & b\\\\ c\\end{cases}",
        "x_{max}",
        "\\operatorname{argmax}_x",
    ):
        assert not looks_damaged(latex), latex
        assert latex_to_mathml(latex) is not None, latex


@pytest.mark.parametrize(
    "latex",
    [
        "\\href{javascript:alert(1)}{x}",
        "\\href{https://example.org}{x}",
        "\\style{color:red}{x}",
        "\\style{background:url(https://example.org/t.png)}{x}",
        "\\class{evil}{x}",
        "\\cssId{evil}{x}",
        "\\color{red}{x}",
        "\\colorbox{white}{x}",
        "<script>alert(1)</script>",
        "\\text{<script>alert(1)</script>}",
        "\\text{<img src=x onerror=alert(1)>}",
        "x</math><script>alert(1)</script>",
        "\\text{</mtext></math><img src=x onerror=alert(1)>}",
        '\\mathrm{"onmouseover=alert(1)}',
        "\\toggle{x}{y}\\endtoggle",
        "\\unicode{x3C}script\\unicode{x3E}",
        "\\operatorname{<b>x</b>}",
        "\\xrightarrow{<svg onload=alert(1)>}",
    ],
)
def test_injection_inside_math_gives_plain_math_or_text(latex):
    for text in (f"${latex}$", f"$${latex}$$", f"\\({latex}\\)"):
        out = math_to_html(text)
        assert_only_allowed(out)
        lowered = out.lower()
        assert "<script" not in lowered and "<img" not in lowered and "<svg" not in lowered
        attributes = {
            name: value for _, attrs in parse(out).elements for name, value in attrs.items() if name != "alttext"
        }
        assert not {"href", "style", "class", "id", "mathcolor", "mathbackground"} & set(attributes)
        assert not any(name.startswith("on") for name in attributes)
        assert not any("javascript" in (value or "").lower() for value in attributes.values())


def test_injection_outside_math_is_escaped():
    out = math_to_html('<script>alert(1)</script> "$x$" <img src=x onerror=alert(1)>')
    assert [tag for tag, _ in parse(out).elements if tag in ("script", "img")] == []
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &quot;<math")


def test_alttext_is_the_source_and_cannot_break_out_of_its_attribute():
    (attrs,) = maths(math_to_html('$a < b \\text{"x"}$'))
    assert attrs["alttext"] == 'a < b \\text{"x"}'


def test_mathml_is_cleaned_by_the_allow_list():
    out = latex_to_mathml("\\mathbb{R}^{d\\times d} \\hat{y} \\sqrt[3]{x} \\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}")
    assert out is not None
    assert_only_allowed(out)
    tags = {tag for tag, _ in parse(out).elements}
    assert {"msup", "mover", "mroot", "mtable"} <= tags


def test_each_formula_is_converted_once():
    latex_to_mathml.cache_clear()
    for _ in range(5):
        math_to_html("$\\alpha + \\beta$ and $\\alpha + \\beta$")
    info = latex_to_mathml.cache_info()
    assert info.misses == 1 and info.hits == 9


def test_find_formulas_positions():
    text = "a $x$ b $$y$$"
    assert find_formulas(text) == [(2, 5, "x", False), (8, 13, "y", True)]


def test_text_without_math_is_only_escaped():
    assert math_to_html("Tom & Jerry <3 'quotes'") == "Tom &amp; Jerry &lt;3 &#x27;quotes&#x27;"


ALPHABET = st.sampled_from(
    list("ab $\\{}()^_<>&\"'=\n")
    + ["\\frac", "\\href", "\\style", "left", "\\(", "\\)", "\\[", "\\]", "<script>", "\\text{", "$$"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_gives_only_allowed_markup_and_keeps_the_text(text):
    out = math_to_html(text)
    assert_only_allowed(out)
    if "<math" not in out:
        assert html.unescape(out) == text
    # Outside the <math> elements, the output is the input's own text, escaped.
    rest, position = [], 0
    for start, end, latex, display in find_formulas(text):
        if latex_to_mathml(latex, display) is not None:
            rest.append(text[position:start])
            position = end
    rest.append(text[position:])
    assert html.unescape(re.sub(r"<math .*?</math>", "", out, flags=re.DOTALL)) == "".join(rest)


def test_typeset_html_converts_text_but_not_code_tags_or_attributes():
    from readinglist.mathml import typeset_html

    fragment = '<p title="$x$">see $x^2$ and <code>$y$</code> <pre>$z$</pre> &lt;$a&lt;b$&gt;</p>'
    out = typeset_html(fragment)
    assert out.startswith('<p title="$x$">see <math ')
    assert "<code>$y$</code>" in out and "<pre>$z$</pre>" in out
    assert [attrs["alttext"] for attrs in maths(out)] == ["x^2", "a<b"]
    assert typeset_html("<p>no math</p>") == "<p>no math</p>"
