import pytest

from readinglist.links import clean_url, find_links, link_kind


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://github.com/org/repo.", "https://github.com/org/repo"),
        ("https://github.com/org/repo{here}.", "https://github.com/org/repo"),
        ("https://github.com/a/b{https://github.com/a/b}.", "https://github.com/a/b"),
        ("https://github.com/org/repo.git.", "https://github.com/org/repo"),
        ("https://name.github.io/.", "https://name.github.io/"),
        ("https://github.com/org/repo).", "https://github.com/org/repo"),
        ("https://en.example.org/wiki/A_(b)", "https://en.example.org/wiki/A_(b)"),
        (r"https://github.com/a/b\_c", "https://github.com/a/b_c"),
        ("https://example.org/x.git", "https://example.org/x.git"),  # .git only means a repo on code hosts
        ("https://github.com/org/repo,", "https://github.com/org/repo"),
    ],
)
def test_clean_url(raw, clean):
    assert clean_url(raw) == clean


@pytest.mark.parametrize(
    ("url", "context", "kind"),
    [
        ("https://github.com/a/b", "", "code"),
        ("https://gitlab.com/a/b", "", "code"),
        ("https://a.github.io/", "Code at", "project"),
        ("https://huggingface.co/datasets/a/b", "", "data"),
        ("https://arxiv.org/abs/2401.01234", "", "arxiv"),
        ("https://arxiv.org/pdf/2401.01234", "", "pdf"),
        ("https://lab.example.edu/x", "Codes and models are available at ", "code"),
        ("https://lab.example.edu/x", "Results are available at ", "project"),
        ("https://lab.example.edu/x", "Code is elsewhere. See ", "project"),
    ],
)
def test_link_kind(url, context, kind):
    assert link_kind(url, context) == kind


def test_find_links_numbers_repeated_kinds_and_skips_repeats():
    text = "Code: https://github.com/x/y and https://github.com/x/z; again https://github.com/x/y."
    assert find_links(text) == {"code": "https://github.com/x/y", "code-2": "https://github.com/x/z"}


def test_find_links_without_links():
    assert find_links("no links here, not even http:// alone") == {}
