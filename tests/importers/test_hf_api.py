"""Hugging Face API JSON and saved HTML pages, on small inputs written for these tests."""

import datetime as dt
import html
import json

from readinglist.importers import detect, parse_source
from readinglist.model import Org


def item(arxiv_id="2501.00001", title="Sparse Experts", **extra):
    paper = {
        "id": arxiv_id,
        "title": title,
        "summary": "We route tokens.",
        "authors": [{"_id": "x", "name": "Ana Lima", "hidden": False}, {"_id": "y", "name": "Ben Okafor"}],
        "publishedAt": "2025-01-30T00:00:00.000Z",
        "upvotes": 12,
        "ai_keywords": ["Mixture of Experts", "routing", "routing"],
        "githubRepo": "https://github.com/example/sparse",
        "organization": {"name": "example-lab", "fullname": "Example Lab"},
        **extra,
    }
    return {"paper": paper, "title": title, "publishedAt": "2025-01-29T20:00:00.000Z"}


def test_daily_papers_listing():
    text = json.dumps([item(), item("2501.00002", "Dense Students", upvotes=0)], indent=2)
    assert detect(text) == "hf-api"
    result = parse_source(text, "daily.json")
    assert result.problems == []
    first, second = result.papers
    assert first.arxiv_id == "2501.00001"
    assert first.authors == ("Ana Lima", "Ben Okafor") and first.author_count == 2
    assert first.published == dt.date(2025, 1, 30)  # the paper's date, not the listing's
    assert first.upvotes == 12 and second.upvotes == 0
    assert first.org == Org("example-lab", "Example Lab")
    assert first.links["code"] == "https://github.com/example/sparse"
    assert first.links["arxiv"] == "https://arxiv.org/abs/2501.00001"
    assert first.suggested_tags == ("mixture of experts", "routing")
    assert first.sources[0].line == 4  # where its id appears in the file


def test_single_paper_response_without_wrapper_and_without_ai_fields():
    single = dict(item()["paper"])
    del single["ai_keywords"]
    result = parse_source(json.dumps(single), "one.json")
    [paper] = result.papers
    assert paper.suggested_tags == ()
    assert paper.title == "Sparse Experts"


def test_bad_items_are_located_problems():
    text = json.dumps([item(), {"paper": {"id": "2501.00003", "upvotes": 1}}, "junk"], indent=1)
    result = parse_source(text, "d.json", format="hf-api")
    assert len(result.papers) == 1
    assert [p.message for p in result.problems] == ["item [1]: item without a title", "item [2] is not a paper object"]


def test_invalid_json_names_the_line():
    result = parse_source('[\n{"paper": {"upvotes": 1,\n}', "d.json", format="hf-api")
    assert result.papers == [] and result.problems[0].line == 3


def test_saved_html_page_with_embedded_data():
    props = html.escape(json.dumps({"dailyPapers": [item(), item("2501.00002", "Dense <b>Students</b>")]}), quote=True)
    page = (
        "<!doctype html>\n<html><head><title>Daily Papers</title></head>\n<body>\n"
        f'<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{props}"></div>\n'
        "</body></html>\n"
    )
    assert detect(page) == "hf-html"
    result = parse_source(page, "saved.html")
    assert [p.title for p in result.papers] == ["Sparse Experts", "Dense <b>Students</b>"]  # text, not markup
    assert result.papers[0].sources[0].line == 4


def test_html_page_without_data_is_a_problem():
    result = parse_source("<html><body>Daily Papers, but saved without data</body></html>", "p.html", format="hf-html")
    assert result.papers == [] and "no DailyPapers data" in result.problems[0].message
