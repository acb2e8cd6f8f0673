"""Handouts: a reading list as a notebook, rendered by nbconvert exporters shipped here.

`export()` is the one call most users need; `select` + `build_notebook` + `render` are
its steps. Importing this package is cheap: nbconvert and matplotlib load on first use.
"""

from __future__ import annotations

from .api import FORMATS, Exported, export, export_handout, render
from .select import ORDERS, Handout, Selection, select

__all__ = ["FORMATS", "ORDERS", "Exported", "Handout", "Selection", "export", "export_handout", "render", "select"]
