"""What the widgets show of the suggestions: the group's tags for the card's chips, and the
group's candidates for the group view. Both are learned from the list as it is in memory.

Building the features of a large list takes seconds, too long to wait for while a widget
opens: above `BUILD_LIMIT` papers the widgets use the features only once they exist (in
this kernel, or in the cache beside the list: `readinglist suggest LIST` makes it, and so
does choosing "suggested for you" in Browse).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import ReadingList
from ..store import ListStore
from .render import esc

if TYPE_CHECKING:
    from ..suggestions import Suggestions, TagSuggestion

BUILD_LIMIT = 2_000
CANDIDATES = 10


def available(source: ListStore | ReadingList) -> bool:
    if len(source.reading_list.papers if isinstance(source, ListStore) else source.papers) <= BUILD_LIMIT:
        return True
    if not isinstance(source, ListStore):
        return False
    from ..suggestions.inputs import ready

    return ready(source)


def tags_for(store: ListStore, paper_id: str) -> tuple[TagSuggestion, ...]:
    """The group's tags that fit a paper nobody has tagged (empty when it has tags)."""
    if store.reading_list.tag_counts(paper_id) or not available(store):
        return ()
    from ..suggestions import suggest_tags

    return suggest_tags(store, papers=[paper_id]).for_paper(paper_id)


def candidates(source: ListStore | ReadingList, count: int = CANDIDATES) -> Suggestions | None:
    """The group's top candidates (papers nobody reviewed yet), or None until features exist."""
    if not available(source):
        return None
    from ..suggestions import suggest

    return suggest(source, limit=count)


def candidates_html(found: Suggestions | None) -> str:
    """The group view's list of candidates with their reasons."""
    if found is None:
        return (
            "<p>Suggestions for a list this large need its features first: run "
            "<code>readinglist suggest LIST</code> once, then reload.</p>"
        )
    if not len(found):
        return "<p>Every paper has been reviewed by someone: no candidates left.</p>"
    items = []
    for s in found:
        why = "; ".join(s.because) or "; ".join(s.reasons)
        because = f'<br><small class="rl-because">because: {esc(why)}</small>' if why else ""
        items.append(f'<li><span title="{esc(s.id)}">{esc(s.title)}</span> <small>({s.score:.2f})</small>{because}</li>')
    return f'<p><small class="rl-suggested-basis">{esc(found.basis)}</small></p><ol class="rl-candidates">{"".join(items)}</ol>'
