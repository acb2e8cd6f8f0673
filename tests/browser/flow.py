"""The review pass a member makes from the keyboard, the same in JupyterLab and Voila,
checked on disk; and the layout checks at a phone's width and a wide screen's."""

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


def reviews_on_disk(list_folder: Path, reader: str) -> dict[str, dict]:
    data = yaml.safe_load((list_folder / "reviews" / f"{reader}.yaml").read_text(encoding="utf-8"))
    assert data["reader"] == reader
    return {r["paper"]: r for r in data["reviews"]}


def focus_card(page: Page):
    card = page.locator(".rl-card")
    card.locator(".rl-meta").click()  # a click on the card (not on a link) gives it the focus
    expect(card).to_be_focused()
    return card


def review_pass(page: Page, list_folder: Path, reader: str, screenshot: Path, papers: int = 8) -> None:
    review = page.locator(".rl-review")
    expect(review).to_be_visible(timeout=WAIT_MS)
    card = page.locator(".rl-card")
    expect(card.locator(".rl-position")).to_have_text(f"paper 1 of {papers}", timeout=WAIT_MS)
    expect(page.locator(".rl-progress")).to_have_text(f"0 of {papers} reviewed by {reader}")
    expect(card).to_have_attribute("data-lm-suppress-shortcuts", "true")
    focus_card(page)

    # Rate 4, then statuses by key: "m" would turn a JupyterLab cell into Markdown, "4" into a heading.
    page.keyboard.press("4")
    saved(page, 1)
    expect(page.locator(".rl-rating-label")).to_have_text("4 of 5")
    expect(card.locator(".rl-card-stars")).to_have_text("★★★★☆")
    page.keyboard.press("m")
    saved(page, 2)
    page.keyboard.press("g")
    saved(page, 3)
    expect(card.locator(".rl-card-status")).to_have_text("reading")
    expect(page.locator(".rl-status button.mod-active")).to_have_text("reading")

    # "t": the tag field; Enter adds the tag and gives the focus back to the card.
    page.keyboard.press("t")
    tag_field = page.locator(".rl-tag-input input")
    expect(tag_field).to_be_focused()
    page.keyboard.type("From The Browser")
    page.keyboard.press("Enter")
    saved(page, 4)
    expect(page.locator(".rl-tag")).to_have_text(["from the browser ×"])
    expect(tag_field).to_have_value("")
    expect(card).to_be_focused()

    # "e": the note, saved when the field is left with Tab.
    page.keyboard.press("e")
    note = page.locator(".rl-note textarea")
    expect(note).to_be_focused()
    page.keyboard.type("Read in Chromium.")
    page.keyboard.press("Tab")
    saved(page, 5)
    expect(page.locator(".rl-progress")).to_have_text(f"1 of {papers} reviewed by {reader}")

    # "?" shows the keys, "a" folds the abstract, "j" goes to the next paper (its title is markup).
    focus_card(page)
    page.keyboard.press("?")
    expect(card.locator(".rl-key-help")).to_be_visible()
    expect(card.locator(".rl-key-help")).to_contain_text("next paper")
    page.keyboard.press("?")
    expect(card.locator(".rl-key-help")).to_be_hidden()
    expect(card.locator(".rl-abstract")).to_be_visible()
    page.keyboard.press("a")
    expect(card.locator(".rl-abstract")).to_be_hidden()
    page.keyboard.press("a")
    page.keyboard.press("j")
    expect(card.locator(".rl-position")).to_have_text(f"paper 2 of {papers}", timeout=WAIT_MS)
    expect(card.locator(".rl-title")).to_have_text(INJECTED_TITLE)
    expect(card.locator("img")).to_have_count(0)
    expect(card.locator("script")).to_have_count(0)
    review.screenshot(path=str(screenshot))
    page.keyboard.press("k")
    expect(card.locator(".rl-position")).to_have_text(f"paper 1 of {papers}", timeout=WAIT_MS)

    only = reviews_on_disk(list_folder, reader)[FIRST]
    assert {k: only.get(k) for k in ("rating", "status", "tags", "note")} == {
        "rating": 4,
        "status": "reading",
        "tags": ["from the browser"],
        "note": "Read in Chromium.",
    }
    assert page.dialogs == []  # type: ignore[attr-defined]


NO_SIDEWAYS_SCROLL = """(root) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll(root + ' *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      // Inside an element that scrolls on its own (a wide table) is fine: the page does not move.
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll'].includes(style.overflowX) && p.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
      }
      if (!clipped) out.push((el.className || el.tagName) + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 10)};
}"""


def assert_fits(page: Page, root: str) -> None:
    """Nothing under `root` reaches past the window's sides, and the page does not scroll sideways."""
    result = page.evaluate(NO_SIDEWAYS_SCROLL, root)
    assert result["scroll"] <= 1 and result["out"] == [], result
