"""to_frame: one row per paper, or one per review, from the example list."""

from __future__ import annotations

import pandas as pd

import readinglist
from tests.listcopies import EXAMPLE


def test_paper_frame_has_one_row_per_paper_with_group_statistics_and_reader_columns():
    frame = readinglist.to_frame(EXAMPLE)
    assert len(frame) == 7 and frame.index.name == "id"
    assert list(frame.index) == list(readinglist.open_list(str(EXAMPLE)).papers)
    pokemon = frame.loc["pokemon-battles-as-testbed-sparse-policies"]
    assert pokemon["rating_ben"] == 2 and pokemon["rating_chen"] == 5 and pd.isna(pokemon["rating_ana"])
    assert pokemon["mean_rating"] == 3.5 and pokemon["n_ratings"] == 2 and pokemon["spread"] == 3
    assert bool(pokemon["discuss"]) is True
    assert pokemon["tags"] == ["games", "rl"]
    assert pokemon["project"] == "https://sparse-battles.github.io/"
    assert frame["published"].dtype.kind == "M"
    unrated = frame.loc["reading-groups-as-retrieval-choosing-next"]
    assert unrated["n_ratings"] == 0 and pd.isna(unrated["mean_rating"])


def test_long_frame_has_one_row_per_review():
    frame = readinglist.to_frame(EXAMPLE, long=True)
    rl = readinglist.open_list(str(EXAMPLE))
    assert len(frame) == sum(len(by_paper) for by_paper in rl.reviews.values())
    ana = frame[(frame.reader == "ana") & (frame.paper == "sparse-routing-without-tears-load-balanced")].iloc[0]
    assert ana["rating"] == 5 and ana["status"] == "read" and ana["tags"] == ["moe", "routing"]
    assert str(frame["updated"].dt.tz) == "UTC"
    assert frame.groupby("reader").size().to_dict() == {r: len(rl.reviews[r]) for r in rl.readers()}


def test_frames_accept_a_reading_list_and_an_empty_one():
    rl = readinglist.ReadingList(title="empty")
    assert readinglist.to_frame(rl).empty
    assert list(readinglist.to_frame(rl, long=True).columns)[:2] == ["paper", "reader"]
