"""The group view's charts: whole-number count axes, legends that hide no bar, nothing cut off."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg

from readinglist.model import ReadingList
from readinglist.widgets import GroupView
from readinglist.widgets.charts import group_figures, ratings_figure, spread_figure, tags_figure


def drawn(fig):
    FigureCanvasAgg(fig).draw()
    return fig.canvas.get_renderer()


def test_count_axes_have_whole_numbers_only(store):
    reading_list = store.reading_list
    for fig, axis in (
        (ratings_figure(reading_list), "y"),
        (tags_figure(reading_list), "x"),
        (spread_figure(reading_list), "x"),
    ):
        drawn(fig)
        (ax,) = fig.axes
        ticks = (ax.get_yticks() if axis == "y" else ax.get_xticks()).tolist()
        lo, hi = (ax.get_ylim() if axis == "y" else ax.get_xlim())
        shown = [t for t in ticks if lo <= t <= hi]
        assert len(shown) >= 2 and all(float(t).is_integer() for t in shown), (ax.get_title(), shown)


def test_the_legend_names_every_reader_covers_no_bar_and_stays_in_the_picture(store):
    fig = ratings_figure(store.reading_list)
    renderer = drawn(fig)
    (ax,) = fig.axes
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == sorted(store.reading_list.reviews)
    box = legend.get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches if p.get_height() > 0]
    assert bars and not any(box.overlaps(bar) for bar in bars)
    assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
    for label in ax.get_yticklabels() + ax.get_xticklabels() + [ax.title]:
        extent = label.get_window_extent(renderer)
        if extent.width:
            assert fig.bbox.x0 - 1 <= extent.x0 and extent.x1 <= fig.bbox.x1 + 1, label.get_text()


def test_long_titles_in_the_spread_chart_are_shortened(store):
    fig = spread_figure(store.reading_list)
    drawn(fig)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels and all(len(label) <= 40 for label in labels)


def test_the_group_view_shows_the_charts_and_none_for_an_empty_list(store):
    assert len(GroupView(store).charts.children) == 3
    assert group_figures(ReadingList(title="empty")) == []
    assert GroupView(ReadingList(title="empty")).charts.children == ()
