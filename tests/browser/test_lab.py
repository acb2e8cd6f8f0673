"""Notebook 01 in JupyterLab 4, in Chromium: run it, review a paper, check the file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import READER
from tests.browser.flow import WAIT_MS, review_pass
from tests.browser.harness import OUTPUT, start_lab

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(workspace, tmp_path_factory):
    server = start_lab(workspace["root"], tmp_path_factory.mktemp("lab"), workspace["env"])
    yield server
    server.stop()


def test_review_pass_in_jupyterlab(page, lab, workspace):
    page.goto(f"{lab.url}/lab/tree/notebooks/01-import-and-review.ipynb?token={lab.token}&reset")
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=WAIT_MS)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    markdown_cells = page.locator(".jp-MarkdownCell")
    expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
    cells_before = markdown_cells.count()
    review_pass(page, workspace["list"], READER, OUTPUT / "jupyterlab-review.png")
    assert markdown_cells.count() == cells_before  # the keys did not reach JupyterLab's shortcuts
