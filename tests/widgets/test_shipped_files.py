"""The card's front end ships inside the package and needs no network."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import tomllib

import readinglist
from readinglist.launch import APP_NOTEBOOK
from readinglist.widgets.card import CardView
from readinglist.widgets.render import STATIC

PACKAGE = Path(readinglist.__file__).parent
REPO = PACKAGE.parent


def test_the_front_end_files_and_the_app_notebook_are_package_data():
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["readinglist"]
    shipped = [*STATIC.iterdir(), APP_NOTEBOOK]
    assert {p.name for p in STATIC.iterdir()} >= {"card.js", "readinglist.css"}
    for path in shipped:
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), relative


def test_the_card_loads_its_module_and_stylesheet_from_those_files():
    view = CardView()
    assert view._esm == (STATIC / "card.js").read_text(encoding="utf-8")
    assert view._css == (STATIC / "readinglist.css").read_text(encoding="utf-8")


def test_nothing_is_fetched_from_the_network():
    js = (STATIC / "card.js").read_text(encoding="utf-8")
    css = (STATIC / "readinglist.css").read_text(encoding="utf-8")
    assert not re.search(r"""\bimport\b[^;]*["'](https?:)?//""", js) and "fetch(" not in js
    assert "@import" not in css and "url(" not in css
    assert "innerHTML = model.get(" in js  # only the traits Python escaped go in as HTML
    for trait in re.findall(r"innerHTML = model\.get\(\"(\w+)\"\)", js):
        assert trait.endswith("_html"), trait
