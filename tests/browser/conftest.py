"""One Chromium per test module, a writable copy of the example list with a hostile title,
and a page that records every JavaScript dialog."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.harness import OUTPUT, REPO, chromium_path, launch_chromium
from tests.listcopies import copy_example, inject_title

READER = "reader-a"


@pytest.fixture(scope="module")
def chromium():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, executable)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder with a copy of notebooks/ and of lists/example (second paper's title: markup)."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    folder = copy_example(root / "lists")
    injected = inject_title(folder, index=1)
    OUTPUT.mkdir(exist_ok=True)
    return {
        "root": root,
        "list": folder,
        "injected": injected,
        "env": {"READINGLIST_LIST": str(folder), "READINGLIST_READER": READER},
    }


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]

    def record(dialog) -> None:
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    page.on("dialog", record)
    yield page
    context.close()
