"""Paper identity: readable ids, title keys for finding the same paper twice, arXiv ids."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Container

_NON_ALNUM = re.compile(r"[\W_]+")
_SLUG_WORD = re.compile(r"[a-z0-9]+", re.ASCII)
_ARXIV_NEW = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w.])", re.ASCII)
_ARXIV_OLD = re.compile(r"(?<![\w.-])([a-z][a-z.-]*[a-z]/\d{7})(?:v\d+)?(?!\w)", re.ASCII | re.I)

SLUG_MAX_WORDS = 6
SLUG_MAX_CHARS = 48
_STOP_WORDS = frozenset({"a", "an", "the", "of", "on", "for", "and", "in", "to", "with", "via", "is", "are"})


# The combining-mark blocks: what NFKD splits off accented Latin, Greek and Cyrillic letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower case without accents: `Pokémon` -> `pokemon`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


@functools.lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """What two titles of the same paper share: letters and digits only, no case, no accents.

    `Mixture-of-Experts: A Survey` and `mixture of experts — a survey` have one key.
    """
    return _NON_ALNUM.sub("", _fold(title))


def slugify(text: str, *, max_words: int = SLUG_MAX_WORDS, max_chars: int = SLUG_MAX_CHARS) -> str:
    """A short readable slug: `Deep Human Parsing with Active Template Regression` ->
    `deep-human-parsing-active-template-regression`."""
    words = _SLUG_WORD.findall(_fold(text))
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or "paper"


def unique_id(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is free first."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def paper_id_for(title: str, arxiv_id: str | None, taken: Container[str]) -> str:
    """The id a new paper gets: `arxiv:<id>` when known, else a free slug of its title."""
    if arxiv_id:
        return unique_id(f"arxiv:{arxiv_id}", taken)
    return unique_id(slugify(title), taken)


def find_arxiv_id(text: str) -> str | None:
    """The arXiv id in `text` (`2401.01234v2`, `arxiv.org/abs/hep-th/9901001`), without version;
    an old-style id as arXiv writes it (`math.AG/0601001` -> `math/0601001`)."""
    match = _ARXIV_NEW.search(text)
    if match:
        return match.group(1)
    match = _ARXIV_OLD.search(text)
    if not match:
        return None
    archive, number = match.group(1).split("/")
    return f"{_SUBJECT_CLASS.sub('', archive).lower()}/{number}"


_SUBJECT_CLASS = re.compile(r"\.[A-Za-z]{2}$", re.ASCII)


ID_PATTERN = re.compile(r"^(?:arxiv:)?[a-z0-9][a-z0-9._/-]*$", re.ASCII)
