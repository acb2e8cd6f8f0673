"""`readinglist lab` and `readinglist app`: which list, which folder, which command line."""

from __future__ import annotations

import shutil
import socket

import pytest

from readinglist.cli import main
from readinglist.errors import InputError, MissingPathError
from readinglist.launch import APP_NOTEBOOK, REVIEW_NOTEBOOK, app_launch, find_list, lab_launch
from tests.listcopies import REPO, copy_example


@pytest.fixture
def project(tmp_path):
    """A project: lists/example and the review notebook."""
    copy_example(tmp_path / "lists")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(REPO / REVIEW_NOTEBOOK, tmp_path / REVIEW_NOTEBOOK)
    return tmp_path


def test_the_list_is_named_or_the_only_one_in_lists(project):
    folder = (project / "lists" / "example").resolve()
    assert find_list(None, project) == folder
    assert find_list("lists/example", project) == folder
    assert find_list("lists/example/list.yaml", project) == folder
    assert find_list(None, folder) == folder  # run inside the list folder
    copy_example(project / "lists", "second")
    with pytest.raises(InputError, match="2 lists here"):
        find_list(None, project)
    with pytest.raises(MissingPathError, match="no list here"):
        find_list("lists/nothing", project)
    with pytest.raises(MissingPathError, match="no list found"):
        find_list(None, project / "notebooks")


def test_lab_runs_at_the_project_root_on_the_review_notebook(project):
    folder = find_list(None, project)
    launch = lab_launch(folder, project / "notebooks", port=8123, no_browser=True, as_root=True)
    assert launch.cwd == project.resolve() and launch.env == {"READINGLIST_LIST": str(folder)}
    assert launch.argv[1:4] == ["-m", "jupyter", "lab"]
    assert {"--port=8123", "--ServerApp.port_retries=0", "--allow-root", "--no-browser"} <= set(launch.argv)
    assert f"--ServerApp.root_dir={project.resolve()}" in launch.argv and launch.argv[-1] == str(REVIEW_NOTEBOOK)
    token = next(a for a in launch.argv if a.startswith("--IdentityProvider.token=")).split("=", 1)[1]
    assert launch.url == f"http://localhost:8123/lab/tree/notebooks/01-import-and-review.ipynb?token={token}"
    assert launch.notes == ["running as root: adding --allow-root"]
    plain = lab_launch(folder, project, as_root=False)
    assert "--allow-root" not in plain.argv and "--no-browser" not in plain.argv and plain.notes == []
    assert plain.url.split(":")[2].split("/")[0].isdigit()  # a free port was chosen


def test_lab_without_the_notebook_opens_lab_and_says_how_to_review(tmp_path):
    folder = copy_example(tmp_path / "lists")
    launch = lab_launch(folder, tmp_path, port=8124, as_root=False)
    assert "/lab?token=" in launch.url and "readinglist.review(" in launch.notes[0]


def test_app_serves_the_packaged_notebook_on_the_list(project):
    folder = find_list(None, project)
    launch = app_launch(folder, port=8867, no_browser=True)
    assert APP_NOTEBOOK.is_file() and launch.argv[1:4] == ["-m", "voila", str(APP_NOTEBOOK)]
    assert {"--port=8867", "--no-browser", "--Voila.ip=localhost"} <= set(launch.argv)
    assert launch.env == {"READINGLIST_LIST": str(folder)} and launch.url == "http://localhost:8867/"
    assert app_launch(folder, ip="0.0.0.0").url == f"http://{socket.gethostname()}:8866/"  # what members type


@pytest.mark.parametrize("argv", [["lab", "--port", "0"], ["app", "--port", "http"], ["app", "--bogus"]])
def test_bad_usage_exits_2(argv, project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(argv) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_missing_list_exits_2_before_any_server_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["app", "lists/none", "--no-browser"]) == 2
    assert "no list here" in capsys.readouterr().err
