"""The paste box and the upload: the same import as the CLI, shown, and the card follows."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from readinglist.cli import main
from readinglist.store import ListStore
from readinglist.widgets import PasteImport, ReviewApp
from tests.conftest import FIXED_NOW, page, shared_path
from tests.listcopies import copy_example

STAMP = "pasted-20260115-093000.txt"  # the name FIXED_NOW gives a paste

TEX_TITLE = r"Sparse $\tau$-Routing with $\beta$-Experts and \underline{Load} Balance"
TEX_ABSTRACT = r"We bound the cost by $O(n \log n)$, with \tau and \beta kept exactly as typed. " * 3


def upload(importer: PasteImport, *files: tuple[str, bytes]) -> None:
    """Files chosen in the upload button, as its front end sends them."""
    value = [
        {"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": 1_700_000_000_000}
        for name, data in files
    ]
    importer.upload.set_state({"value": value})


def paste_import(folder) -> PasteImport:
    return PasteImport(folder, clock=lambda: FIXED_NOW)


@pytest.mark.corpus
@pytest.mark.parametrize("seed", ["000_6d046406d792592b.txt", "004_15266abf586ccb1a.txt"])
def test_a_pasted_page_gives_the_same_list_as_the_cli_on_the_same_text(seed, tmp_path, capsys):
    text = (shared_path("seeds") / seed).read_text(encoding="utf-8")
    by_cli, by_paste = copy_example(tmp_path / "cli"), copy_example(tmp_path / "paste")
    saved = tmp_path / STAMP
    saved.write_text(text, encoding="utf-8")
    assert main(["import", str(saved), "--into", str(by_cli), "--year", "2026"]) == 0
    importer = paste_import(by_paste)
    importer.text.value = text
    importer.year.value = 2026
    summary = importer.import_pasted()
    assert (by_paste / "list.yaml").read_bytes() == (by_cli / "list.yaml").read_bytes()
    assert summary is not None and summary.added > 0
    assert f"{summary.added} added" in capsys.readouterr().out
    assert (by_paste / "sources" / STAMP).read_text(encoding="utf-8") == text  # the paste is kept
    assert importer.text.value == ""


def test_backslashes_in_a_paste_arrive_unchanged(tmp_path):
    folder = copy_example(tmp_path)
    importer = paste_import(folder)
    importer.text.value = page(TEX_TITLE, TEX_ABSTRACT, "  • 3 authors\n·\nDec 10, 2025 12")
    summary = importer.import_pasted()
    (new,) = summary.report.added
    paper = ListStore.open(folder).reading_list.papers[new]
    assert r"$\tau$-Routing with $\beta$-Experts" in paper.title and paper.title.endswith("Load Balance")
    assert not any(c in paper.title + paper.abstract for c in "\t\b")  # what a Python string made of them
    assert r"$O(n \log n)$" in paper.abstract


def test_problems_are_listed_with_their_lines_and_a_bad_paste_changes_nothing(tmp_path):
    folder = copy_example(tmp_path)
    before = (folder / "list.yaml").read_bytes()
    importer = paste_import(folder)
    importer.text.value = "just some words\nthat are not papers\n"
    assert importer.import_pasted() is None
    assert "NOT IMPORTED" in importer.result.value and STAMP in importer.result.value
    assert (folder / "list.yaml").read_bytes() == before and not (folder / "sources" / STAMP).exists()
    assert importer.text.value.startswith("just some words")  # kept for another try

    importer.text.value = (
        "@article{a, title={Good One}, author={Doe, J}, year={2024}}\n\n"
        "@article{b, author={Roe, R}, year={2023}}\n\n"
        "@article{c, title={Good Two}, year={2022}}\n"
    )
    summary = importer.import_pasted()
    assert summary is not None and summary.added == 2 and [p.line for p in summary.problems] == [3]
    assert f"<li>{STAMP}:3: " in importer.result.value and "2 added" in importer.result.value

    importer.text.value = "   \n"
    assert importer.import_pasted() is None and "Nothing to import" in importer.result.value


def test_uploaded_files_are_imported_together_and_kept_under_their_names(tmp_path):
    folder = copy_example(tmp_path)
    importer = paste_import(folder)
    bib = b"@article{k1, title={Uploaded Paper One}, author={Doe, Jane}, year={2024}}\n"
    csv = b"title,arxiv_id\nUploaded Paper Two,2502.00002\n"
    upload(importer, ("refs.bib", bib), ("table.csv", csv))
    assert importer.last is not None and importer.last.added == 2
    assert "refs.bib, table.csv" in importer.result.value
    assert (folder / "sources" / "refs.bib").read_bytes() == bib and importer.upload.value == ()
    titles = {p.title for p in ListStore.open(folder).reading_list.papers.values()}
    assert {"Uploaded Paper One", "Uploaded Paper Two"} <= titles


def test_an_upload_named_like_a_different_kept_source_gets_its_own_name(tmp_path):
    folder = copy_example(tmp_path)
    assert (folder / "sources" / "week-1.txt").read_bytes() != b"2503.00003\n"
    importer = paste_import(folder)
    data = b"2503.00003\n"
    upload(importer, ("week-1.txt", data))
    renamed = folder / "sources" / "week-1-20260115-093000.txt"
    assert renamed.read_bytes() == data
    listed = yaml.safe_load((folder / "list.yaml").read_text(encoding="utf-8"))
    sources = [s["file"] for p in listed["papers"] if p.get("arxiv_id") == "2503.00003" for s in p["sources"]]
    assert sources == [renamed.name]


def test_the_card_moves_to_the_first_new_paper_and_the_browser_knows_it(store, example):
    app = ReviewApp(store, "zed")
    app.tabs.selected_index = app.IMPORT_TAB
    app.importer.clock = lambda: FIXED_NOW + dt.timedelta(seconds=1)
    app.importer.text.value = "2501.00001 2501.00002"
    app.importer.import_button.click()
    assert app.review.paper_id == "arxiv:2501.00001" and app.tabs.selected_index == app.REVIEW_TAB
    assert "2 added" in app.review.save_status.value
    assert "arxiv:2501.00001" in app.browser.index.search(app.browser.query())
    app.review.controls.rating.stars[4].click()  # the new paper can be reviewed at once
    assert ListStore.open(example).reading_list.reviews["zed"]["arxiv:2501.00001"].rating == 5


def test_a_paste_with_hundreds_of_problems_lists_the_first_and_says_how_many_more(tmp_path):
    from readinglist.errors import PROBLEMS_SHOWN

    folder = copy_example(tmp_path)
    importer = paste_import(folder)
    importer.text.value = "title,published\n" + "".join(f"Paper {i},not a date {i}\n" for i in range(120))
    summary = importer.import_pasted()
    assert summary is not None and len(summary.problems) == 120
    shown = importer.result.value
    assert shown.count("<li>") == PROBLEMS_SHOWN and "not a date 0" in shown
    assert f"and {120 - PROBLEMS_SHOWN} more problems" in shown
