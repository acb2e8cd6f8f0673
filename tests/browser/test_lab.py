"""`readinglist lab` in Chromium: JupyterLab at the project root on the review notebook; a
review pass from the keyboard with JupyterLab's own shortcuts kept quiet; checked on disk."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import READER
from tests.browser.flow import WAIT_MS, assert_fits, review_pass
from tests.browser.harness import OUTPUT, start_readinglist

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(workspace, tmp_path_factory):
    server = start_readinglist("lab", workspace["list"], tmp_path_factory.mktemp("lab"), workspace["env"])
    yield server
    server.stop()


def test_lab_prints_the_address_of_the_review_notebook(lab):
    log = lab.log.read_text(encoding="utf-8", errors="replace")
    assert "running as root: adding --allow-root" in log or "--allow-root" not in log
    assert f"open http://localhost:{lab.url.rsplit(':', 1)[1]}/lab/tree/notebooks/01-import-and-review.ipynb?token={lab.token}" in log


def test_review_pass_in_jupyterlab(page, lab, workspace):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{lab.url}/lab/tree/notebooks/01-import-and-review.ipynb?token={lab.token}&reset")
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=WAIT_MS)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
    kinds_before = page.locator(".jp-Cell").evaluate_all("cells => cells.map(c => c.className.match(/jp-(Code|Markdown|Raw)Cell/)[1])")
    review_pass(page, workspace["list"], READER, OUTPUT / "jupyterlab-review.png")
    kinds_after = page.locator(".jp-Cell").evaluate_all("cells => cells.map(c => c.className.match(/jp-(Code|Markdown|Raw)Cell/)[1])")
    assert kinds_after == kinds_before  # "m", "4", "j", "k", "a"... never reached JupyterLab's shortcuts
    assert_fits(page, ".rl-app")
    page.screenshot(path=str(OUTPUT / "jupyterlab-1280.png"))
