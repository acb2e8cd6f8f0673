"""The paper card (`rl-card`): one paper, the reader's rating and status at a glance, chips
to accept with one click or key, and the keyboard.

The card is an anywidget (`CardView`): its ES module and stylesheet are files in the
package (`static/`), so it works offline in JupyterLab 4, Notebook 7 and Voila with no
build step. While it has the focus, the keys in `KEY_HELP` arrive as messages
`{"type": "key", "key": "4"}` and chip clicks as `{"type": "chip", "kind": ..., "value": ...}`;
`PaperCard` turns them into `on_key` / `on_chip` callbacks. A new chip row (suggestions,
a vote toggle) is one more chip `kind` with its own callback, and no change to the front end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import anywidget
import traitlets as t

from ..model import Paper
from .render import STATIC, math_html, meta_line, paper_links, tldr_html

KEY_HELP: tuple[tuple[str, str], ...] = (
    ("1-5", "rate"),
    ("0", "clear the rating"),
    ("j / n", "next paper"),
    ("k / p", "previous paper"),
    ("u", "next paper you have not reviewed"),
    ("q g r m s", "status: queued, reading, read, skimmed, skipped"),
    ("x", "no status"),
    ("y", "accept the first chip (a suggested tag)"),
    ("Shift+1-9", "accept that chip"),
    ("t", "go to the tag field (Enter adds, then back to the card)"),
    ("e", "go to the note (saved when you leave it)"),
    ("a", "fold or unfold the abstract"),
    ("v", "vote for this paper for the next session, or take the vote back"),
    ("?", "show or hide these keys"),
)
# Every key the card reports; anything else the front end sends is ignored.
CARD_KEYS = frozenset("12345" "0" "jknpu" "qgrmsx" "teay?" "v") | {f"chip:{n}" for n in range(1, 10)}

KeyCallback = Callable[[str], None]
ChipCallback = Callable[[str], None]


@dataclass(frozen=True)
class Chip:
    """One chip on the card: `kind` says which callback gets `value` when it is accepted."""

    kind: str
    value: str
    label: str
    title: str = ""
    active: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chip:
        return cls(**data)


def vote_chip(voted: bool, paper_id: str) -> Chip:
    """The vote toggle (`rl-vote`): on when the reader's ballot for the next session names the paper."""
    if voted:
        return Chip("vote", paper_id, "✓ voted", title="take back your vote for this paper (v)", active=True)
    return Chip("vote", paper_id, "+ vote", title="vote for this paper for the next session (v)")


class CardView(anywidget.AnyWidget):
    """The front-end half of the card; holds only what the page shows."""

    _esm = STATIC / "card.js"
    _css = STATIC / "readinglist.css"

    position = t.Unicode("").tag(sync=True)
    rating = t.Int(None, allow_none=True).tag(sync=True)
    status = t.Unicode(None, allow_none=True).tag(sync=True)
    title_html = t.Unicode("").tag(sync=True)  # built by render.math_html: escaped
    meta = t.Unicode("").tag(sync=True)  # plain text
    links = t.List(t.Dict()).tag(sync=True)  # [{"label", "url"}], http(s) only
    chips = t.List(t.Dict()).tag(sync=True)  # Chip.to_dict()
    chips_label = t.Unicode("suggested:").tag(sync=True)
    abstract_html = t.Unicode("").tag(sync=True)  # escaped
    abstract_open = t.Bool(True).tag(sync=True)
    help_open = t.Bool(False).tag(sync=True)
    key_help = t.List(t.List(t.Unicode())).tag(sync=True)
    autofocus = t.Bool(True).tag(sync=True)


class PaperCard:
    """Shows one paper in a `CardView`; reports keys and accepted chips through callbacks."""

    def __init__(self) -> None:
        self.view = CardView(key_help=[list(row) for row in KEY_HELP])
        self.view.add_class("rl-card-widget")
        self.root = self.view
        self.paper: Paper | None = None
        self._key_callbacks: list[KeyCallback] = []
        self._chip_callbacks: dict[str, list[ChipCallback]] = {}
        self.view.on_msg(self._message)

    # -- what the card shows ----------------------------------------------------------------
    def show(self, paper: Paper | None, position: str = "") -> None:
        self.paper = paper
        view = self.view
        with view.hold_sync():
            view.position = position
            if paper is None:
                view.title_html = "No paper to show."
                view.meta, view.links, view.abstract_html, view.chips = "", [], "", []
                return
            view.title_html = math_html(paper.title)
            view.meta = meta_line(paper)
            view.links = [{"label": label, "url": url} for label, url in paper_links(paper)]
            view.abstract_html = tldr_html(paper) + (math_html(paper.abstract) if paper.abstract else "")

    def show_review(self, rating: int | None, status: str | None) -> None:
        with self.view.hold_sync():
            self.view.rating = rating
            self.view.status = status

    def show_chips(self, chips: Sequence[Chip]) -> None:
        self.view.chips = [chip.to_dict() for chip in chips]

    @property
    def chips(self) -> list[Chip]:
        return [Chip.from_dict(c) for c in self.view.chips]

    @property
    def abstract_open(self) -> bool:
        return self.view.abstract_open

    def toggle_abstract(self) -> None:
        self.view.abstract_open = not self.view.abstract_open

    @property
    def help_open(self) -> bool:
        return self.view.help_open

    def toggle_help(self) -> None:
        self.view.help_open = not self.view.help_open

    def focus(self) -> None:
        """Give the card the keyboard focus (in every view of it)."""
        self.view.send({"type": "focus"})

    # -- what the reader does ---------------------------------------------------------------
    def on_key(self, callback: KeyCallback) -> None:
        """`callback(key)` for each key in CARD_KEYS pressed while the card has the focus."""
        self._key_callbacks.append(callback)

    def on_chip(self, kind: str, callback: ChipCallback) -> None:
        """`callback(value)` when a chip of `kind` is accepted (clicked, or its key pressed)."""
        self._chip_callbacks.setdefault(kind, []).append(callback)

    def accept_chip(self, number: int) -> bool:
        """Accept the `number`-th chip (1-based); False when there is none."""
        chips = self.chips
        if not 1 <= number <= len(chips):
            return False
        self._accept(chips[number - 1].kind, chips[number - 1].value)
        return True

    def _accept(self, kind: str, value: str) -> None:
        for callback in list(self._chip_callbacks.get(kind, ())):
            callback(value)

    def _message(self, _view: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "key" and content.get("key") in CARD_KEYS:
            for callback in list(self._key_callbacks):
                callback(content["key"])
        elif content.get("type") == "chip" and isinstance(content.get("value"), str):
            if any(c.kind == content.get("kind") and c.value == content["value"] for c in self.chips):
                self._accept(content["kind"], content["value"])
