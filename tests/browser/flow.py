"""The review pass a member makes, the same in JupyterLab and Voila, checked on disk."""

from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from tests.listcopies import INJECTED_TITLE

FIRST = "sparse-routing-without-tears-load-balanced"
WAIT_MS = 90_000


def saved(page: Page, n: int) -> None:
    """Wait until the widget reports its n-th successful save."""
    expect(page.locator(".rl-save-status")).to_contain_text(f"saved change {n} ", timeout=WAIT_MS)


def review_pass(page: Page, list_folder: Path, reader: str, screenshot: Path) -> None:
    review = page.locator(".rl-review")
    expect(review).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".rl-position")).to_have_text("paper 1 of 8", timeout=WAIT_MS)
    expect(page.locator(".rl-progress")).to_have_text(f"0 of 8 reviewed by {reader}")

    # Rate 4 from the keyboard: the key field takes "4" (in JupyterLab's command mode the
    # same key would turn the cell into a heading).
    page.locator(".rl-keys input").click()
    page.keyboard.press("4")
    saved(page, 1)
    expect(page.locator(".rl-rating-label")).to_have_text("4 of 5")
    expect(page.locator(".rl-keys input")).to_have_value("")

    # Status by a click on the toggle button.
    page.locator(".rl-status").get_by_role("button", name="reading", exact=True).click()
    saved(page, 2)

    # A tag, committed with Enter.
    tag_field = page.locator(".rl-tag-input input")
    tag_field.click()
    tag_field.fill("From The Browser")
    tag_field.press("Enter")
    saved(page, 3)
    expect(page.locator(".rl-tag")).to_have_text(["from the browser ×"])
    expect(tag_field).to_have_value("")

    # A note, saved when the field is left with Tab.
    note = page.locator(".rl-note textarea")
    note.click()
    note.fill("Read in Chromium.\nSecond line.")
    note.press("Tab")
    saved(page, 4)
    expect(page.locator(".rl-progress")).to_have_text(f"1 of 8 reviewed by {reader}")

    # Next paper: its title is markup, and must show as text.
    page.locator(".rl-next").click()
    expect(page.locator(".rl-position")).to_have_text("paper 2 of 8", timeout=WAIT_MS)
    title = page.locator(".rl-card .rl-title")
    expect(title).to_have_text(INJECTED_TITLE)
    expect(page.locator(".rl-card img")).to_have_count(0)
    expect(page.locator(".rl-card script")).to_have_count(0)
    review.screenshot(path=str(screenshot))

    reviews = yaml.safe_load((list_folder / "reviews" / f"{reader}.yaml").read_text(encoding="utf-8"))
    assert reviews["reader"] == reader
    (only,) = reviews["reviews"]
    assert {k: only.get(k) for k in ("paper", "rating", "status", "tags", "note")} == {
        "paper": FIRST,
        "rating": 4,
        "status": "reading",
        "tags": ["from the browser"],
        "note": "Read in Chromium.\nSecond line.",
    }
    assert page.dialogs == []  # type: ignore[attr-defined]
