"""`readinglist app` in Chromium: the members' app under Voila. The name comes from the
address or is typed; each browser's name is its own file; pasting imports; the page fits
a phone (400 px) and a wide screen (1280 px)."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from readinglist.store import ListStore
from tests.browser.conftest import READER
from tests.browser.flow import FIRST, WAIT_MS, assert_fits, focus_card, review_pass, reviews_on_disk, saved
from tests.browser.harness import OUTPUT, start_readinglist

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(workspace, tmp_path_factory):
    server = start_readinglist("app", workspace["list"], tmp_path_factory.mktemp("voila"), workspace["env"])
    yield server
    server.stop()


def test_the_name_from_the_address_then_a_keyboard_review_pass(page, app, workspace):
    page.goto(f"{app.url}/?reader=bea")
    name = page.locator(".rl-reader-name input")
    expect(name).to_have_value("bea", timeout=WAIT_MS)
    expect(page.locator(".rl-review")).to_have_count(0)  # nothing before the name is confirmed
    name.click()
    name.press("Enter")
    review_pass(page, workspace["list"], "bea", OUTPUT / "voila-review.png")
    assert not (workspace["list"] / "reviews" / f"{READER}.yaml").exists()  # never the server's own name


def test_two_browsers_with_different_names_write_different_files(chromium, app, workspace):
    pages = []
    for name in ("cy", "di"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{app.url}/")
        field = page.locator(".rl-reader-name input")
        expect(field).to_have_value("", timeout=WAIT_MS)
        field.fill("Not A Name")
        field.press("Enter")
        expect(page.locator(".rl-reader-message")).to_contain_text("not-a-name")  # refused, with a name that works
        field.fill(name)
        field.press("Enter")
        expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
        pages.append(page)
    for page, key in zip(pages, ("5", "2")):
        focus_card(page)
        page.keyboard.press(key)
        saved(page, 1)
    folder = workspace["list"]
    assert reviews_on_disk(folder, "cy")["sparse-routing-without-tears-load-balanced"]["rating"] == 5
    assert reviews_on_disk(folder, "di")["sparse-routing-without-tears-load-balanced"]["rating"] == 2
    assert not (folder / "reviews" / f"{READER}.yaml").exists()
    for page in pages:
        page.context.close()


def test_a_pasted_page_is_imported_and_the_card_shows_the_first_new_paper(page, app, workspace, tmp_path):
    page.goto(f"{app.url}/?reader=ed")
    page.locator(".rl-reader-name input").press("Enter")
    expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("tab", name="Import").click()
    page.locator(".rl-paste textarea").fill(
        "@article{k, title={A Pasted Paper on $\\tau$-Routing}, author={Doe, Jane}, year={2024}}\n"
    )
    page.locator(".rl-paste-import").click()
    card = page.locator(".rl-card")
    expect(card.locator(".rl-title")).to_contain_text("A Pasted Paper on", timeout=WAIT_MS)
    expect(page.locator(".rl-save-status")).to_contain_text("1 added")
    expect(card.locator(".rl-title math mi")).to_have_text("τ")  # typeset as MathML, no script
    card.screenshot(path=str(OUTPUT / "voila-card-math.png"))
    listed = yaml.safe_load((workspace["list"] / "list.yaml").read_text(encoding="utf-8"))
    assert any(p["title"] == "A Pasted Paper on $\\tau$-Routing" for p in listed["papers"])

    # A saved file, uploaded: imported too, and the card moves to it.
    saved_file = tmp_path / "saved.csv"
    saved_file.write_text("title,arxiv_id\nAn Uploaded Paper,2504.00004\n", encoding="utf-8")
    page.get_by_role("tab", name="Import").click()
    with page.expect_file_chooser() as chooser:
        page.locator(".rl-upload").click()
    chooser.value.set_files(str(saved_file))
    expect(card.locator(".rl-title")).to_have_text("An Uploaded Paper", timeout=WAIT_MS)
    expect(page.locator(".rl-import-result")).to_contain_text("saved.csv")


@pytest.mark.parametrize("width", [400, 1280])
def test_the_app_fits_the_window(page, app, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{app.url}/?reader=fay")
    page.locator(".rl-reader-name input").press("Enter")
    expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
    focus_card(page)
    page.keyboard.press("3")
    saved(page, 1)
    assert_fits(page, ".rl-member-app")
    page.screenshot(path=str(OUTPUT / f"voila-app-{width}.png"), full_page=True)
    for tab in ("Browse", "Import", "Group"):
        page.get_by_role("tab", name=tab).click()
        if tab == "Group":
            expect(page.locator(".rl-group-chart")).to_have_count(3, timeout=WAIT_MS)
            assert "NaN" not in page.locator(".rl-group-view").inner_text()
        assert_fits(page, ".rl-member-app")
        page.screenshot(path=str(OUTPUT / f"voila-app-{width}-{tab.lower()}.png"), full_page=True)


def test_a_save_refused_for_a_change_on_disk_says_so_briefly_and_retries(page, app, workspace):
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(f"{app.url}/?reader=gus")
    page.locator(".rl-reader-name input").press("Enter")
    expect(page.locator(".rl-review")).to_be_visible(timeout=WAIT_MS)
    focus_card(page)
    page.keyboard.press("2")
    saved(page, 1)
    # Another save (another kernel, or the CLI) changes the same rating meanwhile.
    other = ListStore.open(workspace["list"])
    other.update_review("gus", FIRST, rating=5)
    page.keyboard.press("4")
    status = page.locator(".rl-save-status")
    expect(status).to_have_text("NOT SAVED: changed on disk by another save", timeout=WAIT_MS)
    retry = page.locator(".rl-retry")
    expect(retry).to_have_text("reload and retry")
    assert_fits(page, ".rl-member-app")
    page.locator(".rl-save-line").screenshot(path=str(OUTPUT / "voila-not-saved-400.png"))
    retry.click()
    saved(page, 2)
    expect(retry).to_be_hidden()
    assert reviews_on_disk(workspace["list"], "gus")[FIRST]["rating"] == 4


def test_the_vote_toggle_on_the_card_writes_a_ballot(page, app, workspace):
    page.goto(f"{app.url}/?reader=ev")
    name = page.locator(".rl-reader-name input")
    expect(name).to_have_value("ev", timeout=WAIT_MS)
    name.click()
    name.press("Enter")
    vote = page.locator(".rl-card .rl-vote")
    expect(vote).to_have_text("+ vote", timeout=WAIT_MS)
    vote.click()
    expect(page.locator(".rl-card .rl-vote.rl-chip-active")).to_have_text("✓ voted", timeout=WAIT_MS)
    focus_card(page)
    page.keyboard.press("j")
    # The list grows when the paste test imports a page, so only the position is checked.
    expect(page.locator(".rl-card .rl-position")).to_have_text(re.compile(r"^paper 2 of \d+$"), timeout=WAIT_MS)
    page.keyboard.press("v")
    expect(page.locator(".rl-card .rl-vote.rl-chip-active")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".rl-save-status")).to_contain_text("voted for this paper", timeout=WAIT_MS)
    path = workspace["list"] / "reviews" / "ev.yaml"
    for _ in range(100):  # the second vote's save may follow the chip's redraw by a moment
        ballots = yaml.safe_load(path.read_text(encoding="utf-8"))["ballots"]
        if len(ballots[0]["approve"]) == 2:
            break
        page.wait_for_timeout(100)
    assert len(ballots) == 1 and len(ballots[0]["approve"]) == 2
