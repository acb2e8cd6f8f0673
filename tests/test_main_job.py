"""The README's main job leaves `git status` clean in the project it runs in."""

from __future__ import annotations

import shutil
import subprocess

import nbclient
import nbformat

from tests.listcopies import REPO

NOTEBOOK = "01-import-and-review.ipynb"


def git(root, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout


def test_running_the_review_notebook_leaves_git_status_clean(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    shutil.copytree(REPO / "lists", root / "lists", ignore=shutil.ignore_patterns(".readinglist.lock", ".*.tmp"))
    shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "project")

    monkeypatch.delenv("READINGLIST_LIST", raising=False)  # the notebook's default: ../lists/example
    monkeypatch.setenv("READINGLIST_READER", "main-job")
    notebook = nbformat.read(root / "notebooks" / NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(root / "notebooks")}}
    ).execute()
    # What JupyterLab itself leaves beside a notebook it opened and saved.
    checkpoints = root / "notebooks" / ".ipynb_checkpoints"
    checkpoints.mkdir()
    nbformat.write(notebook, checkpoints / NOTEBOOK.replace(".ipynb", "-checkpoint.ipynb"))

    assert (root / "handouts" / "example.html").is_file()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
