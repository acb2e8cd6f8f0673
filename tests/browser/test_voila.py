"""Notebook 01 served by Voila (for members who do not code), in Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import READER
from tests.browser.flow import review_pass
from tests.browser.harness import OUTPUT, start_voila

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voila(workspace, tmp_path_factory):
    server = start_voila(
        workspace["root"] / "notebooks" / "01-import-and-review.ipynb",
        tmp_path_factory.mktemp("voila"),
        workspace["env"],
    )
    yield server
    server.stop()


def test_review_pass_in_voila(page, voila, workspace):
    page.goto(f"{voila.url}/?token={voila.token}")
    review_pass(page, workspace["list"], READER, OUTPUT / "voila-review.png")
