"""The list browser, the review app that joins it to the review widget, and the group view."""

from __future__ import annotations

import re

import yaml

from readinglist.model import ReadingList
from readinglist.store import ListStore
from readinglist.widgets import GroupView, ListBrowser, ReviewApp
from readinglist.widgets.browser import ANY
from readinglist.widgets.group import sorted_stats
from tests.listcopies import inject_title

POKEMON = "pokemon-battles-as-testbed-sparse-policies"


def shown(browser: ListBrowser) -> list[str]:
    return [text.value for _, text, row in browser.rows if row.layout.display != "none"]


def test_search_filters_and_sort_update_rows_and_summary(store):
    browser = ListBrowser(store, "ana", page_size=3)
    assert browser.summary.value == "7 papers match · page 1 of 3" and len(shown(browser)) == 3
    browser.search.value = "pokémon"
    assert browser.summary.value == "1 paper matches · page 1 of 1"
    assert "Pokémon Battles" in shown(browser)[0] and "group 3.5 (2)" in shown(browser)[0]
    browser.search.value = ""
    browser.tag.value = "moe"
    assert browser.results == [
        "sparse-routing-without-tears-load-balanced",
        "field-guide-router-collapse",
        "capacity-factors-considered-harmful",
    ]
    browser.reader_filter.value = "ben"
    assert browser.results == ["sparse-routing-without-tears-load-balanced", "field-guide-router-collapse"]
    browser.tag.value = ANY
    browser.reader_filter.value = ANY
    browser.sort.value = "upvotes"
    assert browser.results[0] == "sparse-routing-without-tears-load-balanced"
    browser.min_rating.value = 4
    browser.sort.value = "group-rating"
    assert browser.results == [
        "field-guide-router-collapse",
        "sparse-routing-without-tears-load-balanced",
        "distilling-mixtures-into-dense-students",
    ]
    browser.status.value = "unreviewed"
    assert browser.summary.value == "no paper matches" and shown(browser) == []
    assert [o[1] for o in browser.tag.options][:3] == [ANY, "moe", "games"]


def test_paging(store):
    browser = ListBrowser(store, "ana", page_size=3)
    assert browser.prev_page.disabled
    browser.next_page.click()
    browser.next_page.click()
    assert browser.summary.value.endswith("page 3 of 3") and len(shown(browser)) == 1 and browser.next_page.disabled
    browser.search.value = "the"  # a query change goes back to the first page
    assert browser.page_number == 0


def test_picking_a_paper_opens_it_in_the_review_tab_and_next_follows_the_results(store, example):
    app = ReviewApp(store, "zed")
    app.tabs.selected_index = app.BROWSE_TAB
    app.browser.tag.value = "games"
    app.browser.search.value = ""
    app.browser.sort.value = "upvotes"
    app.browser.tag.value = ANY
    app.browser.rows[2][0].click()  # the third paper by upvotes
    assert app.tabs.selected_index == app.REVIEW_TAB
    assert app.review.paper_id == app.browser.results[2] and app.review.order == app.browser.results
    app.review.controls.rating.stars[4].click()
    assert "mine 5" in app.browser.rows[2][1].value
    reviews = yaml.safe_load((example / "reviews" / "zed.yaml").read_text())["reviews"]
    assert reviews[0]["paper"] == app.browser.results[2] and reviews[0]["rating"] == 5
    app.review.controls.tags.input.value = "fresh tag"
    assert "fresh tag" in [v for _, v in app.browser.tag.options]
    app.review.next()
    assert app.review.paper_id == app.browser.results[3]


def test_injected_title_is_escaped_in_the_browser_rows(example):
    inject_title(example, index=0)
    browser = ListBrowser(ListStore.open(example), "ana")
    assert "<img" not in shown(browser)[0] and "&lt;img src=x onerror=alert(1)&gt;" in shown(browser)[0]


def test_group_view_table_flags_disagreement_and_sorts(store):
    view = GroupView(store)
    assert "7 papers · 1 to discuss" in view.summary.value
    view.sort.value = "spread"
    first_row = view.table.value.split("<tbody>")[1].split("</tr>")[0]
    assert "Pokémon Battles" in first_row and "rl-discuss-flag" in first_row
    numbers = re.findall(r'<td class="rl-num">([^<]*)</td>', first_row)
    assert numbers == ["3.5", "2", "3", "-", "2", "5"]  # mean, ratings, spread, then ana, ben, chen
    assert "games ×2, rl ×1" in first_row
    view.discuss_only.value = True
    assert [s.paper_id for s in view.rows] == [POKEMON]
    assert view.ranking.value.startswith('<ol class="rl-ranking-list">') and "<li>" in view.ranking.value


def test_group_view_reloads_from_disk_and_escapes_titles(store, example):
    view = GroupView(store)
    inject_title(example, index=2)
    other = ListStore.open(example)
    other.update_review("dan", POKEMON, rating=1)
    view.refresh_button.click()
    assert "<img" not in view.table.value and "&lt;img" in view.table.value
    assert "dan" in view.table.value
    assert "<img" not in view.ranking.value


def test_sorted_stats_for_an_empty_list():
    assert sorted_stats(ReadingList(title="t")) == []
    assert "read everything" in GroupView(ReadingList(title="t")).ranking.value


def test_group_view_numbers_have_one_decimal_and_a_dash_for_none(store):
    view = GroupView(store)
    cells = re.findall(r'<td class="rl-num">([^<]*)</td>', view.table.value)
    assert cells and all(re.fullmatch(r"-|\d+|\d\.\d", c) for c in cells)
    assert not re.search(r"NaN|&lt;NA&gt;|<NA>|None|\d\.\d\d", view.table.value + view.ranking.value)


def test_long_titles_are_shortened_with_the_whole_title_on_hover(example):
    long_title = "A Very Long Title " * 8 + "That Ends Here"
    inject_title(example, index=0, title=long_title)
    view = GroupView(ListStore.open(example))
    view.sort.value = "list"
    first_row = view.table.value.split("<tbody>")[1].split("</tr>")[0]
    assert f'title="{long_title}"' in first_row
    shown_title = re.search(r'title="[^"]*">([^<]*)</span>', first_row).group(1)
    assert shown_title.endswith("…") and len(shown_title) <= 70 and long_title.startswith(shown_title[:-1])


def test_browse_filters_say_any_when_nothing_is_chosen(store):
    browser = ListBrowser(store, "ana")
    for dropdown in (browser.tag, browser.status, browser.reader_filter, browser.min_rating):
        assert dropdown.options[0] == ("any", ANY) and dropdown.label == "any" and dropdown.index == 0
    assert browser.query().tag is None and browser.query().min_rating is None
