import pytest

from readinglist.ids import ID_PATTERN, find_arxiv_id, paper_id_for, slugify, title_key, unique_id


def test_title_key_ignores_case_accents_punctuation_hyphens_and_spacing():
    assert title_key("Mixture-of-Experts: A  Survey") == title_key("mixture of experts — a survey")
    assert title_key("Pokémon Battles") == title_key("POKEMON battles!")
    assert title_key("A Survey") != title_key("A Survey 2")


def test_slugify_is_short_and_readable():
    assert slugify("Deep Human Parsing with Active Template Regression") == "deep-human-parsing-active-template-regression"
    assert slugify("Pokémon: the Return") == "pokemon-return"
    assert slugify("!!!") == "paper"
    assert len(slugify("word " * 40)) <= 48


def test_ids_are_unique_and_match_the_format():
    taken = {"paper", "paper-2"}
    assert unique_id("paper", taken) == "paper-3"
    assert paper_id_for("A Paper", None, taken) == "paper-3"  # stop words dropped
    assert paper_id_for("A Paper", "2401.01234", taken) == "arxiv:2401.01234"
    assert ID_PATTERN.fullmatch("arxiv:2401.01234")
    assert ID_PATTERN.fullmatch("arxiv:hep-th/9901001")


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2401.01234v2", "2401.01234"),
        ("arXiv:1706.03762", "1706.03762"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("arXiv:math.AG/0601001v2", "math/0601001"),
        ("https://arxiv.org/abs/Hep-TH/9901001", "hep-th/9901001"),
        ("no id 12345.6", None),
        ("version 2101.000101", None),
    ],
)
def test_find_arxiv_id(text, arxiv_id):
    assert find_arxiv_id(text) == arxiv_id
