"""The paper card: title, meta line, links and the collapsible abstract."""

from __future__ import annotations

import ipywidgets as w

from ..model import Paper
from .render import STYLE, abstract_html, card_html


class PaperCard:
    """Shows one paper; everything from the list is escaped (see render.py)."""

    def __init__(self) -> None:
        self.header = w.HTML().add_class("rl-card-header")
        self.abstract = w.HTML().add_class("rl-abstract")
        self.abstract_box = w.Accordion(children=[self.abstract], titles=("Abstract",), selected_index=0)
        self.abstract_box.add_class("rl-abstract-toggle")
        self.root = w.VBox([w.HTML(STYLE), self.header, self.abstract_box]).add_class("rl-card")
        self.paper: Paper | None = None

    def show(self, paper: Paper | None) -> None:
        self.paper = paper
        if paper is None:
            self.header.value = '<div class="rl-title">No paper to show.</div>'
            self.abstract.value = ""
            return
        self.header.value = card_html(paper)
        self.abstract.value = abstract_html(paper)

    @property
    def abstract_open(self) -> bool:
        return self.abstract_box.selected_index == 0

    def toggle_abstract(self) -> None:
        self.abstract_box.selected_index = None if self.abstract_open else 0
