"""The handout's charts, drawn with matplotlib when the notebook is built and kept as PNG.

Nothing here needs a kernel or a display: figures are drawn on the Agg canvas directly.
Labels come from other people (tags), so TeX and mathtext are off: `$...$` is text.
"""

from __future__ import annotations

import io
from collections import Counter

from .select import Handout

MAX_TAGS = 12
_RC = {"text.parse_math": False, "text.usetex": False, "svg.fonttype": "none", "font.size": 9}
_COLOUR = "#3b6ea8"


def _png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def rating_chart(handout: Handout) -> bytes | None:
    """Bars of how often each rating (1-5) was given to the handout's papers; None without ratings."""
    counts: Counter[int] = Counter()
    for e in handout.entries:
        counts.update(r.rating for r in e.reviews.values() if r.rating is not None)
    if not counts:
        return None
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(3.8, 2.4))
        ax = fig.add_subplot()
        stars = [1, 2, 3, 4, 5]
        ax.bar(stars, [counts[s] for s in stars], color=_COLOUR, width=0.7)
        ax.set_xticks(stars, labels=[f"{s}★" for s in stars])
        ax.set_title("Ratings given by the readers")
        ax.set_ylabel("ratings")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        return _png(fig)


def tag_chart(handout: Handout) -> bytes | None:
    """Horizontal bars of the most used tags (papers carrying each); None without tags."""
    top = list(handout.all_tags.items())[:MAX_TAGS]
    if not top:
        return None
    import matplotlib
    from matplotlib.figure import Figure

    labels = [t if len(t) <= 32 else t[:31] + "…" for t, _ in top]
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(3.8, 0.6 + 0.22 * len(top)))
        ax = fig.add_subplot()
        positions = list(range(len(top)))
        ax.barh(positions, [n for _, n in top], color=_COLOUR, height=0.6)
        ax.set_yticks(positions, labels=labels)
        ax.invert_yaxis()
        ax.set_title("Tags (papers carrying each)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        return _png(fig)
