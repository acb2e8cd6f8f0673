"""Links found in free text: found, cleaned of the debris pasting leaves, and sorted by kind."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Linear: one character class repeated, no nesting.
_URL = re.compile(r"https?://[^\s<>\"'`|]+", re.ASCII)
_LATEX_ESCAPE = re.compile(r"\\([_%&#~])")
_TRAILING = ".,;:!?*'\"}]>"

CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net"})


def clean_url(raw: str) -> str:
    """`https://github.com/a/b{here}.` -> `https://github.com/a/b`; trailing dots, `.git` and
    unbalanced closing brackets go, a path's own characters stay."""
    url = _LATEX_ESCAPE.sub(r"\1", raw)
    url = url.split("\\", 1)[0]  # a LaTeX command glued to the end
    brace = url.find("{")
    if brace != -1:  # LaTeX debris: \url{...}{here} or a repeated {https://...}
        url = url[:brace]
    while True:
        before = url
        url = url.rstrip(_TRAILING)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        if url.endswith(".git") and urlsplit(url).hostname in CODE_HOSTS:
            url = url[: -len(".git")]
        if url == before:
            return url


_PAGE_WORDS = re.compile(r"project page|project website|homepage|home page|website|demo|videos?|results", re.I)
_CODE_WORDS = re.compile(r"\bcodes?\b|source|implementation|repository", re.I)


def _kind_from_context(before: str) -> str:
    """For a page on an unknown host: what the sentence before the link says it is."""
    sentence = re.split(r"[.!?]\s", before)[-1]
    if _PAGE_WORDS.search(sentence):
        return "project"
    if _CODE_WORDS.search(sentence):
        return "code"
    return "project"


def link_kind(url: str, context: str = "") -> str:
    """`code` for repositories, `arxiv` and `pdf` for papers, `project` for any other page.

    `context` is the text just before the link: on a host that says nothing (a lab's own
    server), "Code is available at ..." makes it a code link.
    """
    host = (urlsplit(url).hostname or "").lower()
    path = urlsplit(url).path.lower()
    if host.startswith("www."):
        host = host[4:]
    if host in CODE_HOSTS:
        return "code"
    if host == "huggingface.co":
        if path.startswith("/datasets/"):
            return "data"
        if path.startswith("/spaces/"):
            return "demo"
        if path.startswith("/papers/"):
            return "hf"
        return "model"
    if host in ("arxiv.org", "export.arxiv.org"):
        return "pdf" if path.startswith("/pdf/") else "arxiv"
    if path.endswith(".pdf"):
        return "pdf"
    if host.endswith(".github.io"):
        return "project"
    return _kind_from_context(context)


def find_links(text: str) -> dict[str, str]:
    """Kind -> URL for every link in `text`, first one of a kind first (`code`, `code-2`, ...)."""
    links: dict[str, str] = {}
    seen: set[str] = set()
    if "http" not in text:
        return links
    for match in _URL.finditer(text):
        url = clean_url(match.group(0))
        host = urlsplit(url).hostname
        if not host or "." not in host or url in seen:
            continue
        seen.add(url)
        kind = link_kind(url, text[max(0, match.start() - 100) : match.start()])
        key, n = kind, 1
        while key in links:
            n += 1
            key = f"{kind}-{n}"
        links[key] = url
    return links
