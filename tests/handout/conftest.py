"""Lists to export: a copy of the example list with a session, and a list whose every field
holds an attack. Also: where Chromium is (skipped without it, except under CI=true)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from readinglist.model import Org, Paper, Review
from readinglist.sessions import add_session
from readinglist.store import ListStore

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "lists" / "example"
OUTPUT = REPO / "test-output"
SESSION = dt.date(2026, 12, 3)
FIXED_NOW = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)

SECRET_FILE_TOKEN = "SECRET-FILE-TOKEN-7f3a"
SECRET_GIT_TOKEN = "SECRET-GIT-TOKEN-91c2"
SCRIPT = "<script>alert('x')</script>"
# One line of every trick: raw HTML, event handlers, javascript: links in Markdown and as
# autolinks, a local image, LaTeX that reads a file, math around it, entities, a footnote, and
# math that tries to link, style or close the MathML element.
ATTACK = (
    f"{SCRIPT} <img src=x onerror=alert('i')> <a href=\"javascript:alert('a')\">a</a> "
    "[click](javascript:alert('l')) <javascript:alert('m')> ![x](.git/config) ![y](secret.txt) "
    "\\input{secret.txt} $\\input{secret.txt}$ &lt;script&gt;alert('e')&lt;/script&gt; "
    "<iframe src=\"file:///etc/passwd\"></iframe> [^1] *emph* `code` =HYPERLINK(\"http://evil.example\") "
    "$\\href{javascript:alert('h')}{x}$ $\\style{color:red}{y}$ $z</math><script>alert('mm')</script>$"
)
# What only a multi-line field can do: block HTML, a reference-link definition, a heading.
ATTACK_LINES = f"{ATTACK}\n<script>alert('block')</script>\n\n[ref]: javascript:alert('r')\n[go][ref]\n# heading\n    indented code"
# The schema refuses quotes and angle brackets in links; what it lets through can still try
# to end a Markdown link and start another, or smuggle markup percent-encoded.
ATTACK_URL = "https://example.org/x)](javascript:alert(1))%22onmouseover=%22alert(2)%22%3Cscript%3E"
# What an in-memory list (never checked by the schema) can hold: the export must cope too.
QUOTED_ATTACK_URL = "https://example.org/x\"onmouseover=\"alert('u')\"<script>alert('u')</script>"
ATTACK_TAG = "<script>alert('t')</script>"


def chromium_or_skip() -> str:
    """Debian's Chromium; skip without it, but fail under CI (CI=true), which must have it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must have it")
        pytest.skip(message)
    return path


def copy_example(into: Path) -> Path:
    target = into / "example"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".readinglist.lock", ".*.tmp"))
    return target


@pytest.fixture
def example(tmp_path) -> Path:
    """A copy of lists/example with a session on 2026-12-03 (two papers, two questions)."""
    folder = copy_example(tmp_path)
    store = ListStore.open(folder)
    add_session(
        store, SESSION, presenter="ana",
        papers=["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"],
        questions=["Does the running-window loss hold at 64 experts?", "Which collapse symptom do we see first?"],
    )  # fmt: skip
    return folder


def make_hostile_list(folder: Path) -> Path:
    """A valid list in which every free-text field a person can write holds `ATTACK`."""
    store = ListStore.create(folder, title=ATTACK, description=ATTACK_LINES, clock=lambda: FIXED_NOW)
    rl = store.reading_list
    for n in (1, 2):
        pid = f"arxiv:2401.0123{n}"
        rl.papers[pid] = Paper(
            id=pid, title=f"{ATTACK} paper {n}", abstract=ATTACK_LINES, authors=(ATTACK, "Ada Lovelace"),
            author_count=2, org=Org(handle=ATTACK, name=ATTACK), published=dt.date(2025, 1, n), upvotes=3,
            arxiv_id=f"2401.0123{n}", links={"code": ATTACK_URL, "project": "https://example.org/ok"},
        )  # fmt: skip
    pid = "slug-paper"
    rl.papers[pid] = Paper(id=pid, title=ATTACK, abstract=ATTACK, arxiv_id=ATTACK)
    store.save_catalogue()
    for reader, rating in (("ann", 5), ("bob", 4)):
        for paper_id in rl.papers:
            store.update_review(reader, paper_id, rating=rating, status="read", note=ATTACK_LINES, add_tags=(ATTACK_TAG, "moe"))
    add_session(store, SESSION, presenter="ann", papers=list(rl.papers), questions=[ATTACK, ATTACK + " again"])
    return folder


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """The hostile list, in a working folder that also holds the files it tries to read."""
    work = tmp_path / "work"
    (work / ".git").mkdir(parents=True)
    (work / ".git" / "config").write_text(f"[core]\n\ttoken = {SECRET_GIT_TOKEN}\n")
    (work / "secret.txt").write_text(SECRET_FILE_TOKEN + "\n")
    monkeypatch.chdir(work)
    return make_hostile_list(work / "lists" / "hostile")


# Math as people write it in titles, abstracts and notes, and as pages damage it.
MATH_TITLE = "Attention in $O(n \\log n)$ time"
MATH_ABSTRACT = (
    "We bound the regret by $\\tilde{\\Omega}(\\sqrt{T})$ and show $$\\sum_{i=1}^{n} \\alpha_i x_i^2 \\le 1$$ "
    "for every \\(\\epsilon > 0\\). When the budget is N=tildeOmega(C^*), the rate is $Oleft(1{r}right)$. "
    "A GPU hour costs $5 and a node $10."
)
MATH_NOTE = "Check $\\frac{1}{\\sqrt{d}}$ scaling; $\\href{javascript:alert('n')}{click}$ $\\style{color:red}{x}$"


@pytest.fixture
def math_list(tmp_path) -> Path:
    """A list of one paper whose title, abstract and note hold math (good, damaged, hostile)."""
    store = ListStore.create(tmp_path / "math", title="Math $\\beta$-test", clock=lambda: FIXED_NOW)
    pid = "attention-in-o-n-log-n-time"
    store.reading_list.papers[pid] = Paper(id=pid, title=MATH_TITLE, abstract=MATH_ABSTRACT, published=dt.date(2025, 2, 3))
    store.save_catalogue()
    store.update_review("ann", pid, rating=4, note=MATH_NOTE)
    return tmp_path / "math"


def make_big_list(folder: Path, n: int) -> Path:
    """A list of `n` papers with long-ish titles, two readers' ratings and tags (for layout)."""
    store = ListStore.create(folder, title=f"A list of {n} papers", clock=lambda: FIXED_NOW)
    words = ["sparse", "mixture", "experts", "routing", "attention", "scaling", "tokens", "balanced", "capacity"]
    for i in range(n):
        pid = f"paper-{i:03d}"
        title = " ".join(words[(i + k) % len(words)] for k in range(6 + i % 7)).capitalize() + f" {i}"
        store.reading_list.papers[pid] = Paper(id=pid, title=title, abstract=f"Abstract {i}. " + "We study routing. " * 20)
    store.save_catalogue()
    for reader, offset in (("ann", 0), ("bob", 2)):
        for i, pid in enumerate(store.reading_list.papers):
            if i % 3 != 2:
                store.reading_list.set_review(reader, Review(paper_id=pid, rating=(i + offset) % 5 + 1, tags=(words[i % 4],)))
        store.save_reviews(reader)
    return folder
