"""The review widget: a paper card, the review controls, navigation and the save state.

Every change is saved at once through `ListStore.update_review` (atomic, only the
reader's file). The save state (`rl-save-status`) says `saved` with the file and time, or
`NOT SAVED` with the reason; a change that could not be saved stays in the widget (it is
kept as pending, shown on the controls, and the `rl-retry` button saves it again, after
reloading the list when the file changed on disk).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from ..errors import ChangedOnDiskError, ReadingListError, UnreadableFileError, UnwritableFileError
from ..model import Review, update_review
from ..readers import check_reader
from ..store import ListStore
from ..voting import has_voted_for, toggle_vote
from .card import Chip, PaperCard, vote_chip

ChipProvider = Callable[[Review], list[Chip]]
from .controls import STATUS_KEYS, Changes, ReviewControls
from .navigation import Navigator
from .render import esc
from .suggested import tags_for


def merge_changes(pending: Changes, new: Changes) -> Changes:
    """Two changes as one: later values win, tag additions and removals cancel out."""
    merged = {k: v for k, v in pending.items() if k not in ("add_tags", "remove_tags")}
    merged.update({k: v for k, v in new.items() if k not in ("add_tags", "remove_tags")})
    added = list(pending.get("add_tags", ()))
    removed = list(pending.get("remove_tags", ()))
    for tag in new.get("add_tags", ()):
        removed = [t for t in removed if t != tag]
        if tag not in added:
            added.append(tag)
    for tag in new.get("remove_tags", ()):
        added = [t for t in added if t != tag]
        if tag not in removed:
            removed.append(tag)
    if added:
        merged["add_tags"] = tuple(added)
    if removed:
        merged["remove_tags"] = tuple(removed)
    return merged


class ReviewWidget:
    """One reader's review pass over a list: `ReviewWidget(store, "ana")`, then display it."""

    def __init__(
        self, store: ListStore, reader: str, *, order: Sequence[str] | None = None, start: str | None = None
    ) -> None:
        self.store = store
        self.reader = check_reader(reader)
        self.order: list[str] = list(order) if order is not None else list(store.reading_list.papers)
        self.index = 0
        self.pending: dict[str, Changes] = {}  # paper id -> changes not saved yet
        self.saves = 0  # successful saves so far: "saved change N" tells saves apart
        self.last_error: BaseException | None = None
        self._saved_callbacks: list[Callable[[str, Review], None]] = []
        self._reload_callbacks: list[Callable[[ListStore], None]] = []

        self.card = PaperCard()
        self.controls = ReviewControls(self._tag_options())
        self.nav = Navigator()
        self.save_status = w.HTML().add_class("rl-save-status")
        self.retry_button = w.Button(
            description="reload and retry",
            tooltip="read the list again from disk, then save your change again (it is kept here)",
            layout=w.Layout(width="auto", display="none"),
        )
        self.retry_button.add_class("rl-retry")
        self._back_to_card = False  # the tag field was reached with `t`: Enter returns to the card
        self._chip_providers: list[ChipProvider] = [self.tag_chips]
        self.root = w.VBox(
            [
                w.HTML(f'<div class="rl-reader">Reviewing as <b>{esc(self.reader)}</b></div>'),
                self.card.root,
                self.controls.root,
                w.HBox([self.save_status, self.retry_button]).add_class("rl-save-line"),
                self.nav.root,
            ]
        ).add_class("rl-review")

        self.controls.on_change(self._changed)
        self.controls.tags.on_submit(self._tag_submitted)
        self.retry_button.on_click(lambda _b: self.retry())
        self.card.on_key(self.key)
        self.card.on_chip("tag", self.accept_tag)
        self.card.on_chip("vote", lambda _pid: self.toggle_vote())
        self.nav.on_prev(self.prev)
        self.nav.on_next(self.next)
        self.nav.on_next_unreviewed(self.next_unreviewed)
        self.nav.on_jump(self.jump)
        self._set_status("ready", ok=True)
        if start is not None:
            self.show(start)
        else:
            self._render()

    # -- display -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    @property
    def paper_id(self) -> str | None:
        return self.order[self.index] if self.order else None

    def review(self, paper_id: str | None = None) -> Review:
        """The reader's review as the widget shows it: saved, plus any unsaved change."""
        pid = paper_id or self.paper_id
        assert pid is not None
        saved = self.store.review(self.reader, pid)
        pending = self.pending.get(pid)
        return update_review(saved, now=self.store.clock(), **pending) if pending else saved

    def reviewed_count(self) -> int:
        mine = self.store.reading_list.reviews.get(self.reader, {})
        return sum(1 for pid in self.order if pid in mine)

    def progress_text(self) -> str:
        return f"{self.reviewed_count():,} of {len(self.order):,} reviewed by {self.reader}"

    def _tag_options(self) -> list[str]:
        counts = self.store.reading_list.all_tags()
        return sorted(counts, key=lambda t: (-counts[t], t))

    def _render(self) -> None:
        pid = self.paper_id
        papers = self.store.reading_list.papers
        if pid is None or pid not in papers:
            self.card.show(None, "no papers")
            self.card.show_review(None, None)
            self.controls.show(Review(paper_id=""))
            self.nav.show("no papers", self.progress_text(), has_prev=False, has_next=False)
            return
        position = f"paper {self.index + 1:,} of {len(self.order):,}"
        self.card.show(papers[pid], position)
        review = self.review(pid)
        self.controls.show(review)
        self._show_review_on_card(review)
        self.nav.show(
            position, self.progress_text(), has_prev=self.index > 0, has_next=self.index < len(self.order) - 1
        )

    def suggested_tags(self, paper_id: str | None = None) -> list[str]:
        """Tags the paper's sources suggest that the reader has not given it."""
        pid = paper_id or self.paper_id
        if pid is None or pid not in self.store.reading_list.papers:
            return []
        mine = set(self.review(pid).tags)
        return [tag for tag in self.store.reading_list.papers[pid].suggested_tags if tag not in mine]

    def tag_chips(self, review: Review) -> list[Chip]:
        """The sources' suggested tags, then the group's own tags that fit the paper (learned)."""
        chips = [Chip("tag", tag, f"+ {tag}", title=f"add the tag {tag!r}") for tag in self.suggested_tags(review.paper_id)]
        shown = {c.value for c in chips} | set(review.tags)
        for fit in tags_for(self.store, review.paper_id):
            if fit.tag not in shown:
                why = f"; because: {'; '.join(fit.because)}" if fit.because else ""
                chips.append(Chip("tag", fit.tag, f"+ {fit.tag}", title=f"the group's tag {fit.tag!r} ({fit.score:.2f}){why}"))
        return chips

    def add_chips(self, provider: ChipProvider, kind: str, accept: Callable[[str], None]) -> None:
        """Show `provider(review)`'s chips after the suggested tags; `accept(value)` takes a chip of `kind`.

        How other features join the card: suggestions, a vote toggle (a chip with `active`).
        """
        self._chip_providers.append(provider)
        self.card.on_chip(kind, accept)
        self._render()

    def _show_review_on_card(self, review: Review) -> None:
        self.card.show_review(review.rating, review.status)
        chips = [chip for provider in self._chip_providers for chip in provider(review)]
        # The vote toggle comes last, so Shift+1-9 and `y` keep meaning the suggested tags.
        self.card.view.chips_label = "suggested:" if chips else ""
        voted = has_voted_for(self.store.reading_list, self.reader, review.paper_id)
        self.card.show_chips(chips + [vote_chip(voted, review.paper_id)])

    def notify(self, text: str) -> None:
        """Say `text` on the status line (news that is not about a save)."""
        self._set_status(text, ok=True)

    def _set_status(self, text: str, *, ok: bool, detail: str = "") -> None:
        """One short line; `detail` (the whole reason) shows on hover."""
        css = "rl-saved-ok" if ok else "rl-saved-error"
        hover = f' title="{esc(detail)}"' if detail else ""
        self.save_status.value = f'<span class="{css}"{hover}>{esc(text)}</span>'
        self.retry_button.layout.display = "none" if ok or not self.pending else ""
        changed = isinstance(self.last_error, ChangedOnDiskError)
        self.retry_button.description = "reload and retry" if changed else "retry"

    def _why_not_saved(self, exc: BaseException) -> str:
        if isinstance(exc, ChangedOnDiskError):
            return "changed on disk by another save"
        if isinstance(exc, (UnwritableFileError, UnreadableFileError)):  # the full path is in the detail
            return f"cannot write reviews/{self.reader}.yaml ({exc.reason})"
        if isinstance(exc, OSError):
            return f"cannot write reviews/{self.reader}.yaml ({exc.strerror or type(exc).__name__})"
        # The list folder is known to the reader: name files inside it relative to it.
        return str(exc).splitlines()[0].replace(f"{self.store.folder}{os.sep}", "")

    # -- navigation ------------------------------------------------------------------------
    def set_order(self, order: Sequence[str], current: str | None = None) -> None:
        """Navigate over `order` (a browser's results) from now on, showing `current`."""
        self.order = list(order)
        self.index = self.order.index(current) if current in self.order else 0
        self._render()

    def show(self, paper_id: str) -> None:
        """Show a paper of the list (added to the navigation order when not in it)."""
        if paper_id not in self.store.reading_list.papers:
            self._set_status(f"no paper {paper_id!r} in this list", ok=False)
            return
        if paper_id not in self.order:
            self.order = list(self.store.reading_list.papers)
        self.index = self.order.index(paper_id)
        self._render()

    def go(self, index: int) -> None:
        if self.order:
            self.index = min(max(index, 0), len(self.order) - 1)
            self._render()

    def next(self) -> None:
        self.go(self.index + 1)

    def prev(self) -> None:
        self.go(self.index - 1)

    def next_unreviewed(self) -> None:
        mine = self.store.reading_list.reviews.get(self.reader, {})
        n = len(self.order)
        for step in range(1, n + 1):
            pid = self.order[(self.index + step) % n]
            if pid not in mine and pid not in self.pending:
                self.go((self.index + step) % n)
                return
        self._set_status(f"every paper here is reviewed by {self.reader}", ok=True)

    def jump(self, text: str) -> None:
        """Go to a position (`37`), an id or id prefix, or the first title containing `text`."""
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.order):
            self.go(int(text) - 1)
            return
        papers = self.store.reading_list.papers
        folded = text.casefold()
        for match in (
            lambda pid: pid == text,
            lambda pid: pid.startswith(text),
            lambda pid: folded in papers[pid].title.casefold(),
        ):
            for i, pid in enumerate(self.order):
                if match(pid):
                    self.go(i)
                    return
        self._set_status(f"no paper matches {text!r}", ok=False)

    def key(self, key: str) -> None:
        """One keyboard command from the card (see card.KEY_HELP)."""
        if key == "?":
            self.card.toggle_help()
            return
        if self.paper_id is None:
            return
        if key.startswith("chip:"):
            self.card.accept_chip(int(key.removeprefix("chip:")))
        elif key == "y":
            if self.card.chips and self.card.chips[0].kind != "vote":  # `v` is the vote's key
                self.card.accept_chip(1)
        elif key in ("1", "2", "3", "4", "5"):
            self.controls.rating.set_by_user(int(key))
        elif key == "0":
            self.controls.rating.set_by_user(None)
        elif key in STATUS_KEYS:
            self.controls.status.set_by_user(STATUS_KEYS[key])
        elif key in ("j", "n"):
            self.next()
        elif key in ("k", "p"):
            self.prev()
        elif key == "u":
            self.next_unreviewed()
        elif key == "t":
            self._back_to_card = True
            self.controls.tags.input.focus()
        elif key == "e":
            self.controls.note.text.focus()
        elif key == "a":
            self.card.toggle_abstract()
        elif key == "v":
            self.toggle_vote()

    def toggle_vote(self) -> bool | None:
        """Vote for the current paper for the next session, or take the vote back (saved at
        once in the reader's file); the new state, or None when the save failed."""
        pid = self.paper_id
        if pid is None:
            return None
        try:
            voted = toggle_vote(self.store, self.reader, pid)
        except (ReadingListError, OSError) as exc:
            self.last_error = exc
            self._set_status(f"VOTE NOT SAVED: {self._why_not_saved(exc)}", ok=False, detail=str(exc))
            return None
        self._set_status("voted for this paper" if voted else "vote taken back", ok=True)
        self._show_review_on_card(self.review(pid))
        return voted

    def accept_tag(self, tag: str) -> None:
        """Give the current paper a suggested tag (a chip's click or key)."""
        self.controls.tags.add(tag)

    def _tag_submitted(self) -> None:
        if self._back_to_card:
            self._back_to_card = False
            self.card.focus()

    # -- saving ------------------------------------------------------------------------------
    def on_saved(self, callback: Callable[[str, Review], None]) -> None:
        """`callback(paper_id, review)` after each successful save."""
        self._saved_callbacks.append(callback)

    def on_reload(self, callback: Callable[[ListStore], None]) -> None:
        """`callback(store)` when the widget reloaded the list from disk (see `retry`)."""
        self._reload_callbacks.append(callback)

    def _changed(self, changes: Changes) -> None:
        pid = self.paper_id
        if pid is not None:
            self.pending[pid] = merge_changes(self.pending.get(pid, {}), changes)
            self._save(pid)
            if self.paper_id is not None:  # the save may have moved the card to the paper kept by a merge
                self._show_review_on_card(self.review(self.paper_id))

    def _save(self, pid: str) -> bool:
        changes = self.pending[pid]
        try:
            saved = self.store.update_review(self.reader, pid, **changes)
        except (ReadingListError, OSError) as exc:
            self.last_error = exc
            self._set_status(f"NOT SAVED: {self._why_not_saved(exc)}", ok=False, detail=str(exc))
            return False
        del self.pending[pid]
        self.last_error = None
        self.saves += 1
        when = dt.datetime.now().strftime("%H:%M:%S")
        self._set_status(f"saved change {self.saves} at {when} to reviews/{self.reader}.yaml", ok=True)
        if saved.paper_id != pid:  # another member merged the paper into another meanwhile
            self._follow_merge(pid, saved.paper_id)
            self._set_status(
                f"saved change {self.saves} at {when} to reviews/{self.reader}.yaml, on {saved.paper_id}: "
                f"{pid} was merged into it meanwhile",
                ok=True,
            )
        elif pid == self.paper_id:
            self.controls.tags.set_options(self._tag_options())
            self.nav.progress.value = self.progress_text()
        for callback in list(self._saved_callbacks):
            callback(saved.paper_id, saved)
        return True

    def _follow_merge(self, merged: str, kept: str) -> None:
        """The list on disk merged paper `merged` into `kept` (the store has read it back):
        the widget's order names `kept` instead, the card shows it if it showed `merged`,
        and the other views (browser, group) are told the list changed."""
        showing = self.paper_id
        if kept in self.order:
            self.order = [p for p in self.order if p != merged]
        else:
            self.order = [kept if p == merged else p for p in self.order]
        known = self.store.reading_list.papers
        self.order = [p for p in self.order if p in known]
        if showing == merged:
            showing = kept
        self.index = self.order.index(showing) if showing in self.order else min(self.index, max(len(self.order) - 1, 0))
        for callback in list(self._reload_callbacks):
            callback(self.store)
        self._render()

    def retry(self) -> bool:
        """Save every pending change again (reloading first if a file changed on disk)."""
        if isinstance(self.last_error, ChangedOnDiskError):
            try:
                self.reload()
            except (ReadingListError, OSError) as exc:
                self.last_error = exc
                self._set_status("NOT SAVED: cannot reload the list", ok=False, detail=str(exc))
                return False
        results = [self._save(pid) for pid in list(self.pending)]  # every one, even after a failure
        ok = all(results)
        self._render()
        return ok

    def reload(self) -> None:
        """Read the list again from disk (unsaved changes stay pending)."""
        self.store = ListStore.open(self.store.folder, clock=self.store.clock)
        known = self.store.reading_list.papers
        self.order = [pid for pid in self.order if pid in known]
        self.pending = {pid: c for pid, c in self.pending.items() if pid in known}
        self.index = min(self.index, max(len(self.order) - 1, 0))
        for callback in list(self._reload_callbacks):
            callback(self.store)
        self._render()
