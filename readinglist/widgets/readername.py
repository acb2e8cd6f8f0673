"""Who is reviewing: the name field (`rl-reader-name`) of the shared review app.

On a shared server every page is its own kernel, and the server's own user is nobody's
name: the app writes nothing until a name is confirmed (Enter, or the button). The field
is prefilled from `?reader=NAME` in the page's address (Voila passes the query string to
the kernel as the environment variable QUERY_STRING), else empty. A refused name is
explained, with a name that would be accepted.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ..errors import ReaderNameError
from ..readers import check_reader, reader_slug
from .render import esc

QUERY_VAR = "QUERY_STRING"
NameCallback = Callable[[str], None]


def reader_from_query(query: str) -> str:
    """The `reader` parameter of a query string (`reader=ana&x=1` -> `ana`), else ""."""
    values = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True).get("reader", [])
    return values[0].strip() if values else ""


def reader_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The reader named in the page's address, as Voila passes it to the kernel."""
    environ = os.environ if environ is None else environ
    return reader_from_query(environ.get(QUERY_VAR, ""))


def refusal(name: str) -> str:
    """Why `name` is not a reader name, and one that would do."""
    if not name.strip():
        return "Type your name first (for example ana): your reviews are saved under it."
    suggestion = reader_slug(name)
    hint = f" For example {suggestion}." if suggestion and suggestion != name else ""
    return (
        f"{name!r} cannot be a reader name: use up to 64 lowercase letters, digits, '-' or '_', "
        f"starting with a letter or digit (it becomes the file reviews/NAME.yaml).{hint}"
    )


class ReaderPicker:
    """The name field and its button; `on_confirm(callback(name))` once a good name is confirmed."""

    def __init__(self, initial: str = "") -> None:
        self.name = w.Text(
            value=initial,
            placeholder="your name, e.g. ana",
            continuous_update=True,  # the typed value reaches the kernel before Enter's "submit" does
            layout=w.Layout(width="16em", max_width="100%"),
        ).add_class("rl-reader-name")
        self.name.on_msg(self._front_end_message)
        self.button = w.Button(description="Start reviewing", button_style="primary").add_class("rl-reader-start")
        self.button.layout.width = "auto"
        self.button.on_click(lambda _b: self.confirm())
        self.message = w.HTML(
            "Type your name and press Enter: your ratings and notes are saved under it."
        ).add_class("rl-reader-message")
        self.reader: str | None = None
        self._callbacks: list[NameCallback] = []
        self.root = w.VBox(
            [w.HBox([w.Label("Your name:"), self.name, self.button]), self.message]
        ).add_class("rl-reader-picker")

    def on_confirm(self, callback: NameCallback) -> None:
        self._callbacks.append(callback)

    def confirm(self) -> str | None:
        """Take the name in the field: the reader, or None (and the reason shown) when refused."""
        typed = self.name.value.strip()
        try:
            name = check_reader(typed)
        except ReaderNameError:
            self.message.value = f'<span class="rl-saved-error">{esc(refusal(typed))}</span>'
            return None
        self.reader = name
        self.message.value = (
            f'<span class="rl-saved-ok">Reviewing as <b>{esc(name)}</b>: saved to reviews/{esc(name)}.yaml. '
            "To switch, type another name and press Enter.</span>"
        )
        for callback in list(self._callbacks):
            callback(name)
        return name

    def _front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        # The text field reports Enter as {"event": "submit"}, also when the prefilled value did not change.
        if isinstance(content, dict) and content.get("event") == "submit":
            self.confirm()
