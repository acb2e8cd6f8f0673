"""Shared fixtures: where the real input lives, a fixed clock, and a small list to work on."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXED_NOW = dt.datetime(2026, 1, 15, 9, 30, 0, tzinfo=dt.timezone.utc)


def shared_path(*parts: str) -> Path:
    """A folder of ../shared; skipped when absent, but a failure under CI (CI=true)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the real input files live in ../shared beside the checkout"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must have them)")
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def private_cache_key(tmp_path_factory, monkeypatch):
    """The parse cache's key lives in a temporary XDG_CACHE_HOME, not the tester's home."""
    from readinglist import listcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    listcache._key_memo.clear()


@pytest.fixture
def clock():
    return lambda: FIXED_NOW


PAGE_HEADER = """new

Get trending papers in your email inbox!

Subscribe

Daily Papers

byAK and the research community

Dec 11

"""


def page(*blocks: str) -> str:
    """A pasted page: the usual header, then the given blocks separated by blank lines."""
    return PAGE_HEADER + "\n\n".join(b.strip("\n") for b in blocks) + "\n"


@pytest.fixture
def make_page(tmp_path):
    def write(name: str, *blocks: str) -> Path:
        path = tmp_path / name
        path.write_text(page(*blocks), encoding="utf-8")
        return path

    return write
