"""The notebooks run top to bottom on a copy of the example list, as CI runs them."""

from __future__ import annotations

import hashlib
import re

import nbclient
import nbformat
import pytest

from tests.listcopies import EXAMPLE, REPO, copy_example

NOTEBOOKS = REPO / "notebooks"
APP_NOTEBOOK = REPO / "readinglist" / "notebooks" / "app.ipynb"


def tree_digest(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".readinglist.lock"
    }


def run(name: str, list_folder, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("READINGLIST_LIST", str(list_folder))
    monkeypatch.setenv("READINGLIST_READER", "nb-tester")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    return notebook


def outputs(notebook) -> list[dict]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


@pytest.mark.parametrize("name", ["01-import-and-review.ipynb", "02-group-view.ipynb"])
def test_notebook_runs_on_a_copy_and_leaves_the_committed_list_alone(name, tmp_path, monkeypatch):
    before = tree_digest(EXAMPLE)
    copy = copy_example(tmp_path)
    notebook = run(name, copy, monkeypatch)
    produced = outputs(notebook)
    assert not [o for o in produced if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in produced if o.output_type == "stream")
    assert f"list: {copy}" in text
    widgets = [o for o in produced if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "the notebook shows a widget"
    if name.startswith("01"):
        handout = copy.parent / "handouts" / f"{copy.name}.html"
        assert f"handout: {handout}" in text and "Sparse Routing Without Tears" in handout.read_text(encoding="utf-8")
    else:
        html = "".join(o.get("data", {}).get("text/html", "") for o in produced)
        assert html.count("<table") == 3  # per paper, agreement, what to read next
        assert not re.search(r"NaN|&lt;NA&gt;|<NA>|\d\.\d\d", html)  # one decimal, "-" for none
    assert tree_digest(EXAMPLE) == before


def test_the_app_notebook_shows_the_members_app_and_no_code_instructions(tmp_path, monkeypatch):
    copy = copy_example(tmp_path)
    monkeypatch.setenv("READINGLIST_LIST", str(copy))
    monkeypatch.setenv("QUERY_STRING", "reader=nb-member")
    notebook = nbformat.read(APP_NOTEBOOK, as_version=4)
    assert [c.cell_type for c in notebook.cells] == ["code"]  # Voila shows outputs only: nothing to read as code
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    produced = outputs(notebook)
    assert not [o for o in produced if o.output_type in ("error", "stream")]
    assert [o for o in produced if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not (copy / "reviews" / "nb-member.yaml").exists()  # nothing written before the name is confirmed


def test_notebooks_are_committed_without_outputs():
    for path in [*NOTEBOOKS.glob("*.ipynb"), APP_NOTEBOOK]:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), path.name
