"""Terminal tables: widths in cells, clipping, short ids that `review` accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from readinglist.tables import Column, clip, fit, render_rows, short_ids, text_width


def test_wide_and_combining_characters_are_counted_in_cells():
    assert text_width("abc") == 3
    assert text_width("日本語") == 6
    assert text_width("e\u0301") == 1  # e + combining acute
    assert clip("日本語の論文", 7) == "日本語…" and text_width(clip("日本語の論文", 7)) <= 7
    assert clip("short", 10) == "short" and clip("longer text", 6) == "longe…"


def test_short_ids_are_the_shortest_unique_prefixes_of_eight_or_more():
    ids = ["sparse-routing-a", "sparse-routing-b", "dense-students", "moe", "paper-1", "paper-10", "abcdefghij"]
    short = short_ids(ids)
    assert short["sparse-routing-a"] == "sparse-routing-a"  # differs only in its last character
    assert short["dense-students"] == "dense-st"
    assert short["moe"] == "moe"  # shorter than eight: whole
    assert short["paper-1"] == "paper-1" and short["paper-10"] == "paper-10"
    assert short["abcdefghij"] == "abcdefgh"


@given(st.lists(st.text("ab-", min_size=1, max_size=12), min_size=1, max_size=30, unique=True))
def test_each_short_id_names_exactly_its_paper(ids):
    short = short_ids(ids)
    for pid, prefix in short.items():
        assert pid.startswith(prefix) and (len(prefix) >= 8 or prefix == pid)
        # What `review` does: the exact id wins, else the one id with this prefix.
        matches = [other for other in ids if other.startswith(prefix)]
        assert prefix in ids and prefix == pid or matches == [pid]


def test_the_last_column_gets_the_room_and_columns_go_when_it_cannot():
    columns = [Column("ID", 8), Column("DATE", 10, drop_order=2), Column("TAGS", 20, min_width=6, drop_order=1), Column("TITLE", 90)]
    assert fit(columns, 200, last_min=30) == [8, 10, 20, 90]
    wide = fit(columns, 100, last_min=30)
    assert wide[:3] == [8, 10, 20] and wide[3] == 100 - 38 - 6
    narrow = fit(columns, 60, last_min=30)
    assert narrow[2] is not None and narrow[2] < 20  # tags shrink before anything goes
    tiny = fit(columns, 40, last_min=30)
    assert tiny[2] is None  # then tags go
    rows = render_rows([["an-id-123", "2025-01-01", "tag", "A title " * 20]], tiny, 40)
    assert all(text_width(line) <= 40 for line in rows)
