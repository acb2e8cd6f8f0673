"""The controls that write a reader's review: stars, status, tags and a note.

Each control shows a value (`show`, which never fires callbacks) and reports what the
user changed as keyword arguments for `ListStore.update_review` (`rating=4`,
`add_tags=("moe",)`, ...) to the callbacks registered with `on_change`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from ..model import STATUSES, Review, normalise_tag, tag_too_long
from .render import esc, math_html

Changes = dict[str, Any]
ChangeCallback = Callable[[Changes], None]
NO_STATUS = ""


class _Control:
    def __init__(self) -> None:
        self._callbacks: list[ChangeCallback] = []
        self._showing = False  # True while `show` sets values: no callbacks then

    def on_change(self, callback: ChangeCallback) -> None:
        self._callbacks.append(callback)

    def _emit(self, changes: Changes) -> None:
        if self._showing:
            return
        for callback in list(self._callbacks):
            callback(changes)


class RatingControl(_Control):
    """Five star buttons (`rl-star`, `rl-star-N`) and a button that clears the rating."""

    def __init__(self) -> None:
        super().__init__()
        self.value: int | None = None
        self.stars = []
        for n in range(1, 6):
            star = w.Button(description="☆", tooltip=f"rate {n} (key {n})", layout=w.Layout(width="2.6em"))
            star.add_class("rl-star").add_class(f"rl-star-{n}")
            star.on_click(lambda _b, n=n: self.set_by_user(n))
            self.stars.append(star)
        self.clear = w.Button(description="clear", tooltip="clear the rating (key 0)", layout=w.Layout(width="5em"))
        self.clear.add_class("rl-rating-clear")
        self.clear.on_click(lambda _b: self.set_by_user(None))
        self.label = w.Label("not rated").add_class("rl-rating-label")
        self.root = w.HBox([*self.stars, self.clear, self.label]).add_class("rl-rating")

    def show(self, rating: int | None) -> None:
        self.value = rating
        for n, star in enumerate(self.stars, start=1):
            filled = rating is not None and n <= rating
            star.description = "★" if filled else "☆"
            star.button_style = "warning" if filled else ""
        self.label.value = f"{rating} of 5" if rating else "not rated"

    def set_by_user(self, rating: int | None) -> None:
        self.show(rating)
        self._emit({"rating": rating})


class StatusControl(_Control):
    """Toggle buttons for the statuses, and "—" for none (`rl-status`)."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons = w.ToggleButtons(
            options=[("—", NO_STATUS), *((s, s) for s in STATUSES)],
            value=NO_STATUS,
            tooltips=["no status", *(f"{s} (key {STATUS_KEYS_BY_STATUS[s]})" for s in STATUSES)],
            style={"button_width": "6.5em"},
        ).add_class("rl-status")
        self.buttons.observe(self._changed, "value")
        self.root = self.buttons

    @property
    def value(self) -> str | None:
        return self.buttons.value or None

    def show(self, status: str | None) -> None:
        self._showing = True
        try:
            self.buttons.value = status or NO_STATUS
        finally:
            self._showing = False

    def set_by_user(self, status: str | None) -> None:
        self.buttons.value = status or NO_STATUS  # the observer reports it

    def _changed(self, change: dict[str, Any]) -> None:
        self._emit({"status": change["new"] or None})


class TagEditor(_Control):
    """The reader's tags as removable chips (`rl-tag`), and a field that adds one on Enter.

    The field (`rl-tag-input`) is a Combobox completing from the list's tags. It syncs
    its value on Enter or when it loses focus (continuous_update=False), which is what
    makes Enter work in JupyterLab, where the stock TagsInput ignores it.
    """

    def __init__(self, options: Sequence[str] = ()) -> None:
        super().__init__()
        self.tags: tuple[str, ...] = ()
        self.input = w.Combobox(
            options=list(options),
            ensure_option=False,
            continuous_update=False,
            placeholder="add a tag, then Enter",
            layout=w.Layout(width="16em"),
        ).add_class("rl-tag-input")
        self.input.observe(self._submitted, "value")
        self._submit_callbacks: list[Callable[[], None]] = []
        self.chips = w.HBox([]).add_class("rl-tags")
        self.refusal = w.HTML("").add_class("rl-tag-refused")  # why the text typed was not made a tag
        self.root = w.HBox([w.Label("Tags:"), self.chips, self.input, self.refusal]).add_class("rl-tag-editor")

    def set_options(self, options: Sequence[str]) -> None:
        options = list(options)
        if options != list(self.input.options):
            self.input.options = options

    def show(self, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        chips = []
        for tag in self.tags:
            chip = w.Button(description=f"{tag} ×", tooltip=f"remove the tag {tag!r}", layout=w.Layout(width="auto"))
            chip.add_class("rl-tag")
            chip.on_click(lambda _b, tag=tag: self.remove(tag))
            chips.append(chip)
        self.chips.children = chips

    def add(self, text: str) -> bool:
        """Add a tag (False, with the reason shown beside the field, when it cannot be one)."""
        why = tag_too_long(text)
        self.refusal.value = "" if why is None else f"<small>{esc(why)}</small>"
        if why is not None:
            return False
        tag = normalise_tag(text)
        if tag and tag not in self.tags:
            self.show((*self.tags, tag))
            self._emit({"add_tags": (tag,)})
        return True

    def remove(self, tag: str) -> None:
        if tag in self.tags:
            self.show(tuple(t for t in self.tags if t != tag))
            self._emit({"remove_tags": (tag,)})

    def _submitted(self, change: dict[str, Any]) -> None:
        if self._showing or not change["new"].strip():
            return
        text = change["new"]
        self._showing = True
        try:
            self.input.value = ""
        finally:
            self._showing = False
        refused = [part for part in text.split(",") if not self.add(part)]  # "moe, routing" adds both
        if refused:  # the text stays in the field to be shortened, and the reason beside it
            self.refusal.value = f"<small>{esc(tag_too_long(refused[0]) or '')}</small>"
            self._showing = True
            try:
                self.input.value = ",".join(refused)
            finally:
                self._showing = False
        for callback in list(self._submit_callbacks):
            callback()

    def on_submit(self, callback: Callable[[], None]) -> None:
        """`callback()` after the field's text was taken (Enter, or leaving the field)."""
        self._submit_callbacks.append(callback)


class NoteEditor(_Control):
    """A free-text note (`rl-note`), saved when it loses focus."""

    def __init__(self) -> None:
        super().__init__()
        self.text = w.Textarea(
            placeholder="your note (saved when you leave the field)",
            continuous_update=False,
            layout=w.Layout(width="100%", max_width="60em", height="5em"),
        ).add_class("rl-note")
        self.text.observe(self._changed, "value")
        # The note with its math shown, when it has any (the field itself shows the TeX).
        self.preview = w.HTML(layout=w.Layout(display="none")).add_class("rl-note-preview")
        self.root = w.VBox([self.text, self.preview]).add_class("rl-note-editor")

    def show(self, note: str) -> None:
        self._showing = True
        try:
            self.text.value = note
        finally:
            self._showing = False
        self._preview(note)

    def _preview(self, note: str) -> None:
        has_math = "$" in note or "\\(" in note
        self.preview.value = f'<div class="rl-abstract-text">{math_html(note)}</div>' if has_math else ""
        self.preview.layout.display = "" if has_math else "none"

    def _changed(self, change: dict[str, Any]) -> None:
        self._preview(change["new"])
        self._emit({"note": change["new"]})


STATUS_KEYS = {"q": "queued", "g": "reading", "r": "read", "m": "skimmed", "s": "skipped", "x": None}
STATUS_KEYS_BY_STATUS = {v: k for k, v in STATUS_KEYS.items() if v}


class ReviewControls:
    """All four controls for one review; `on_change` gets every change the user makes."""

    def __init__(self, tag_options: Sequence[str] = ()) -> None:
        self.rating = RatingControl()
        self.status = StatusControl()
        self.tags = TagEditor(tag_options)
        self.note = NoteEditor()
        self.root = w.VBox([self.rating.root, self.status.root, self.tags.root, self.note.root]).add_class(
            "rl-controls"
        )

    def on_change(self, callback: ChangeCallback) -> None:
        for control in (self.rating, self.status, self.tags, self.note):
            control.on_change(callback)

    def show(self, review: Review) -> None:
        self.rating.show(review.rating)
        self.status.show(review.status)
        self.tags.show(review.tags)
        self.note.show(review.note)
