"""The project's own packaging: declared dependencies agree, the public API is guarded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import tomllib
import yaml

import readinglist
from readinglist.cli import main
from readinglist.store import ListStore

REPO = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_installs_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = set()
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
        else:
            conda.add(_name(dep))
    conda_to_pypi = {"pyyaml": "pyyaml"}
    listed = {conda_to_pypi.get(n, n) for n in conda} - {"python", "pip"}
    listed |= {_name(line) for line in pip if not line.startswith(("-", "."))}
    assert listed == declared
    assert any(line.strip() in ("-e .", "--editable .", ".") for line in pip), "environment.yml must install the package"
    requires = project["requires-python"].lstrip(">=")
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert requires in python


def test_public_api_is_sorted_and_complete():
    assert readinglist.__all__ == sorted(readinglist.__all__)
    for name in readinglist.__all__:
        assert hasattr(readinglist, name), name


def test_schemas_and_typing_marker_ship_with_the_package():
    package = Path(readinglist.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "schemas" / "list.schema.json").exists()
    assert (package / "schemas" / "review.schema.json").exists()


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "readinglist", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("readinglist ")


def test_example_list_is_valid_and_rebuilding_it_from_its_sources_changes_nothing(tmp_path):
    example = REPO / "lists" / "example"
    assert ListStore.check(example) == []
    copy = tmp_path / "example"
    copy.mkdir()
    (copy / "list.yaml").write_bytes((example / "list.yaml").read_bytes())
    sources = sorted((example / "sources").glob("*.txt"))
    assert main(["import", *map(str, sources), "--into", str(copy), "--year", "2025"]) == 0
    assert (copy / "list.yaml").read_bytes() == (example / "list.yaml").read_bytes()


def test_the_command_line_starts_without_the_heavy_libraries():
    """Start-up is part of every command: building the parser and opening a list import
    neither the notebook stack nor any importer's library."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from readinglist.cli import build_parser\n"
        "from readinglist.store import ListStore\n"
        "build_parser()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**__import__("os").environ, "PYTHONPATH": str(Path(readinglist.__file__).parents[1])})  # fmt: skip
    loaded = set(done.stdout.split())
    heavy = {"pandas", "numpy", "nbformat", "nbconvert", "ipywidgets", "matplotlib", "bibtexparser", "pylatexenc",
             "urllib.request", "xml.etree.ElementTree", "jsonschema", "icalendar", "readinglist.importers", "readinglist.widgets"}  # fmt: skip
    assert loaded & heavy == set()


def test_public_names_are_all_lazily_importable():
    assert set(readinglist._EXPORTS) | {"__version__", "open_list"} == set(readinglist.__all__)
