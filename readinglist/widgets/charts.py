"""The group view's charts: ratings given (by reader), top tags, and where readers disagree.

Drawn with matplotlib on the Agg canvas (no pyplot, no display needed) and shown as PNG.
Counts get whole-number axes; legends sit outside the bars so they hide none; labels
come from other people, so mathtext is off (`$...$` stays text).
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from ..analysis import group_stats
from ..model import RATINGS, ReadingList
from .render import shorten

MAX_TAGS = 10
MAX_SPREAD_ROWS = 12
TITLE_CHARS = 40
_RC = {"text.parse_math": False, "text.usetex": False, "font.size": 9}
_COLOURS = ("#3b6ea8", "#e07b39", "#5a9e4b", "#b54a4a", "#8063a8", "#8c6d31", "#d36ca8", "#6b6b6b")


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _integer_axis(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))


def ratings_figure(reading_list: ReadingList) -> Any | None:
    """Stacked bars: how often each rating was given, one colour per reader (legend beside)."""
    by_reader: dict[str, Counter[int]] = {}
    for reader, reviews in sorted(reading_list.reviews.items()):
        counts = Counter(r.rating for r in reviews.values() if r.rating is not None)
        if counts:
            by_reader[reader] = counts
    if not by_reader:
        return None
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(4.6, 2.8)
        ax = fig.add_subplot()
        bottom = [0] * len(RATINGS)
        for i, (reader, counts) in enumerate(by_reader.items()):
            heights = [counts.get(r, 0) for r in RATINGS]
            ax.bar(RATINGS, heights, bottom=bottom, label=reader, color=_COLOURS[i % len(_COLOURS)])
            bottom = [b + h for b, h in zip(bottom, heights)]
        ax.set_title("Ratings given")
        ax.set_xlabel("rating")
        ax.set_ylabel("number of ratings")
        ax.set_xticks(RATINGS)
        _integer_axis(ax.yaxis)
        ax.set_ylim(0, max(bottom) * 1.05)
        ax.legend(title="reader", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def tags_figure(reading_list: ReadingList) -> Any | None:
    """Horizontal bars of the most used tags (how many readers gave each, over all papers)."""
    counts: Counter[str] = Counter()
    for reviews in reading_list.reviews.values():
        for review in reviews.values():
            counts.update(review.tags)
    if not counts:
        return None
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TAGS]
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(4.2, 0.6 + 0.28 * len(top))
        ax = fig.add_subplot()
        labels = [shorten(tag, 30) for tag, _ in reversed(top)]
        ax.barh(labels, [n for _, n in reversed(top)], color=_COLOURS[0])
        ax.set_title("Top tags")
        ax.set_xlabel("times used")
        _integer_axis(ax.xaxis)
    return fig


def spread_figure(reading_list: ReadingList) -> Any | None:
    """Papers rated by two or more readers, by spread (highest minus lowest rating)."""
    rated = [s for s in group_stats(reading_list).values() if s.count >= 2]
    if not rated:
        return None
    rated.sort(key=lambda s: (-(s.spread or 0), s.paper_id))
    rows = list(reversed(rated[:MAX_SPREAD_ROWS]))
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(4.6, 0.7 + 0.28 * len(rows))
        ax = fig.add_subplot()
        labels = [shorten(reading_list.papers[s.paper_id].title, TITLE_CHARS) for s in rows]
        ax.barh(range(len(rows)), [s.spread or 0 for s in rows], color=_COLOURS[1])
        ax.set_yticks(range(len(rows)), labels)
        ax.set_title("Disagreement (rating spread)")
        ax.set_xlabel("highest minus lowest rating")
        ax.set_xlim(0, 4)
        _integer_axis(ax.xaxis)
    return fig


def group_figures(reading_list: ReadingList) -> list[Any]:
    """The charts that have something to show, in order."""
    return [f for f in (ratings_figure(reading_list), tags_figure(reading_list), spread_figure(reading_list)) if f]


def png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    return buf.getvalue()
