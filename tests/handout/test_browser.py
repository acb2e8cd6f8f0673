"""The handout and the slides in a real Chromium (Debian's, driven by Playwright): they render,
load nothing from anywhere, and fire no dialog although every field holds an attack.
Screenshots go to test-output/."""

from __future__ import annotations

import pytest

from readinglist.handout import export_handout

from .conftest import OUTPUT, chromium_or_skip

pytestmark = pytest.mark.browser

FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.seen = {"dialogs": [], "requests": [], "errors": []}  # type: ignore[attr-defined]

    def dialog(d) -> None:
        page.seen["dialogs"].append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda r: page.seen["requests"].append(r.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))  # type: ignore[attr-defined]
    yield page
    context.close()


def test_html_handout_renders_and_runs_nothing(page, hostile, tmp_path):
    path = export_handout(hostile, "html", tmp_path / "handout.html", session="2026-12-03").path
    page.goto(path.as_uri())
    heading = page.locator("h1")
    assert heading.inner_text().startswith("<script>alert('x')</script>")
    assert page.locator("h2").count() == 3 + 3  # questions, summary, charts, three papers
    assert page.locator("img").evaluate_all("imgs => imgs.map(i => i.naturalWidth > 0)") == [True, True]
    page.locator("h2").last.scroll_into_view_if_needed()
    page.mouse.move(300, 300)
    for link in page.locator("a").all()[:20]:
        link.hover()  # an onmouseover that survived would fire now
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "handout-hostile.png", full_page=True)
    assert page.seen == {"dialogs": [], "requests": [path.as_uri()], "errors": []}  # type: ignore[attr-defined]


def test_slides_work_offline_and_run_only_reveal(page, hostile, example, tmp_path):
    for name, folder in (("hostile", hostile), ("example", example)):
        path = export_handout(folder, "slides", tmp_path / f"{name}.slides.html").path
        page.goto(path.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total >= 3
        horizontal = page.locator(".reveal .slides > section").count()
        page.keyboard.press("End")  # reveal.js's own key binding: to the last slide
        page.wait_for_function(f"() => Reveal.getIndices().h === {horizontal - 1}")
        assert page.locator(".reveal .slides > section.present h2").first.inner_text().startswith(f"{horizontal - 3}. ")
        page.screenshot(path=OUTPUT / f"slides-{name}-last.png")
    assert page.seen["dialogs"] == [] and page.seen["errors"] == []  # type: ignore[attr-defined]
    assert all(url.startswith("file://") for url in page.seen["requests"])  # type: ignore[attr-defined]


def test_math_is_typeset_by_the_browser_without_script(page, math_list, tmp_path):
    path = export_handout(math_list, "html", tmp_path / "math.html").path
    page.goto(path.as_uri())
    shown = page.locator("math").evaluate_all(
        "ms => ms.map(m => [m.getAttribute('display'), getComputedStyle(m).display, m.getBoundingClientRect().width])"
    )
    assert shown and all(width > 0 for _, _, width in shown)
    # Chromium lays MathML out itself: `display: math` inline, `block math` for display formulas.
    assert {(d, css) for d, css, _ in shown} == {("inline", "math"), ("block", "block math")}
    fraction = page.locator("mfrac").first.bounding_box()
    line = page.locator("p").first.bounding_box()
    assert fraction is not None and line is not None and fraction["height"] > 0
    page.screenshot(path=OUTPUT / "handout-math.png", full_page=True)
    assert page.seen == {"dialogs": [], "requests": [path.as_uri()], "errors": []}  # type: ignore[attr-defined]


def test_slides_of_215_papers_fit_their_slides(page, tmp_path):
    from .conftest import make_big_list

    folder = make_big_list(tmp_path / "big", 215)
    path = export_handout(folder, "slides", tmp_path / "big.slides.html").path
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    fits = []
    for index in range(1, 24):  # the 22 summary slides, then the charts
        page.evaluate(f"Reveal.slide({index}, 0)")
        fits.append(page.evaluate(
            """() => { const s = Reveal.getCurrentSlide(); const r = s.getBoundingClientRect();
                 const heading = s.querySelector('h2');
                 return [heading && heading.textContent, s.scrollHeight <= s.clientHeight + 1,
                         s.scrollWidth <= s.clientWidth + 1, r.left >= 0 && r.right <= innerWidth]; }"""
        ))  # fmt: skip
    assert [f[0] for f in fits[:2]] == ["Summary: papers 1–10 of 215", "Summary: papers 11–20 of 215"]
    assert fits[-1][0] == "Charts"
    assert all(ok for _, *oks in fits for ok in oks), [f for f in fits if not all(f[1:])]
    # Centred: the summary table's column is in the middle of the slide.
    page.evaluate("Reveal.slide(1, 0)")
    box = page.locator(".reveal .slides section.present table").bounding_box()
    assert box is not None and abs((box["x"] + box["width"] / 2) - 640) < 40
    page.screenshot(path=OUTPUT / "slides-215-summary.png")
    assert page.seen["dialogs"] == [] and page.seen["errors"] == []  # type: ignore[attr-defined]
