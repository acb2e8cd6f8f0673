"""Moving through a list: previous / next / next unreviewed, jump and progress.

The keyboard lives on the card (card.py); these are the same moves for the mouse.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

HINT = "Keyboard: click the card (or Tab to it), then 1-5 rate, j/k move, ? shows every key."


class _Callbacks:
    def __init__(self) -> None:
        self.handlers: list[Callable[..., None]] = []

    def __call__(self, *args: Any) -> None:
        for handler in list(self.handlers):
            handler(*args)


class Navigator:
    """Buttons and fields for moving through the papers; reports through `on_...` callbacks."""

    def __init__(self) -> None:
        self._prev, self._next, self._unreviewed = _Callbacks(), _Callbacks(), _Callbacks()
        self._jump = _Callbacks()
        self.prev_button = self._button("◀ previous", "rl-prev", "previous paper (key k or p)", self._prev)
        self.next_button = self._button("next ▶", "rl-next", "next paper (key j or n)", self._next)
        self.unreviewed_button = self._button(
            "next unreviewed ▶▶", "rl-next-unreviewed", "next paper you have not reviewed (key u)", self._unreviewed
        )
        self.jump = w.Text(
            placeholder="jump: number, id or title words", continuous_update=False, layout=w.Layout(width="18em")
        ).add_class("rl-jump")
        self.jump.observe(self._jumped, "value")
        self.position = w.Label().add_class("rl-position")
        self.progress = w.Label().add_class("rl-progress")
        self.help = w.HTML(f"<small>{html.escape(HINT)}</small>").add_class("rl-keys-hint")  # wraps, unlike a Label
        self.root = w.VBox(
            [
                w.HBox([self.prev_button, self.next_button, self.unreviewed_button, self.jump]),
                w.HBox([self.position, w.Label("·"), self.progress]),
                self.help,
            ]
        ).add_class("rl-navigation")
        self._resetting = False

    @staticmethod
    def _button(label: str, css: str, tooltip: str, fire: _Callbacks) -> w.Button:
        button = w.Button(description=label, tooltip=tooltip, layout=w.Layout(width="auto")).add_class(css)
        button.on_click(lambda _b: fire())
        return button

    def on_prev(self, callback: Callable[[], None]) -> None:
        self._prev.handlers.append(callback)

    def on_next(self, callback: Callable[[], None]) -> None:
        self._next.handlers.append(callback)

    def on_next_unreviewed(self, callback: Callable[[], None]) -> None:
        self._unreviewed.handlers.append(callback)

    def on_jump(self, callback: Callable[[str], None]) -> None:
        """`callback(text)` with what was typed in the jump field (on Enter)."""
        self._jump.handlers.append(callback)

    def show(self, position: str, progress: str, *, has_prev: bool, has_next: bool) -> None:
        self.position.value = position
        self.progress.value = progress
        self.prev_button.disabled = not has_prev
        self.next_button.disabled = not has_next

    def _clear(self, field: w.Text) -> None:
        self._resetting = True
        try:
            field.value = ""
        finally:
            self._resetting = False

    def _jumped(self, change: dict[str, Any]) -> None:
        if self._resetting or not change["new"].strip():
            return
        text = change["new"].strip()
        self._clear(self.jump)
        self._jump(text)
