import pytest

from readinglist.latex import latex_to_unicode


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        (r"Pok\'emon", "Pokémon"),
        (r"Pok\'{e}mon", "Pokémon"),
        (r"Schr\"odinger", "Schrödinger"),
        (r"Fran\c{c}ois", "François"),
        (r"Stra\ss e", "Straße"),
        (r"\v{S}ircelj", "Šircelj"),
        ("Na{ï}ve", "Naïve"),
        (r"Na{\"i}ve", "Naïve"),
        (r"tokens\textemdash discrete units\textemdash are", "tokens—discrete units—are"),
        (r"Bradley{\textendash}Terry", "Bradley–Terry"),
        (r"the {\em linear speedup} effect", "the linear speedup effect"),
        (r"\textit{italic} and \textbf{bold}", "italic and bold"),
        (r"\emph{a \'e}", "a é"),
        (r"43.3\% and R\&D", "43.3% and R&D"),
        (r"(\eg, k=1) and \ie so", "(e.g., k=1) and i.e. so"),
        ("models~(MLLMs)", "models (MLLMs)"),
    ],
)
def test_text_commands_become_unicode(raw, readable):
    assert latex_to_unicode(raw) == readable


@pytest.mark.parametrize(
    "kept",
    [
        r"costs $O(n^2)$ time",
        r"in $\mathbb{R}^{n}$ space",
        r"$a\textemdash b$",
        "R^{mtimes n} and k_{ast}",  # math that lost its dollars stays as written
        "an FID of {3.56}",
        "see http://example.org/~user/page",
        r"a \unknownmacro{x} stays",
        r"\LaTeX is kept",
        r"\input{/etc/passwd}",
        "plain text with no markup at all",
        "a trailing backslash \\",
        r"\'",
    ],
)
def test_math_urls_and_unknown_commands_stay_as_written(kept):
    assert latex_to_unicode(kept) == kept


def test_conversion_is_idempotent():
    once = latex_to_unicode(r"Pok\'emon\textemdash 5\% of $x^2$")
    assert latex_to_unicode(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\tau and \\beta are", "τ and β are"),  # a page that dropped the `$`: the letters are words
        ("costs \\infty time", "costs ∞ time"),
        ("\\alpha-stable", "α-stable"),
        ("Stra\\ss e", "Straße"),  # inside a word the space ends the macro, as in LaTeX
        ("x\\textemdash y", "x—y"),
    ],
)
def test_the_space_after_a_symbol_macro_stays_where_it_separates_words(text, expected):
    assert latex_to_unicode(text) == expected
