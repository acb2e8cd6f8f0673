"""CSV files and DataFrames, with the documented column mapping."""

import datetime as dt

import pandas as pd

from readinglist.importers import detect, parse_source
from readinglist.importers.csv_table import parse_records

CSV = """Title,Authors,arXiv,Published,Year,Upvotes,Code,Keywords,Colour
Sparse Experts,Ana Lima; Ben Okafor,https://arxiv.org/abs/2501.00001v2,2025-01-02,,12,https://github.com/example/sparse,moe; routing,red
"Dense, Students",Carla Ruiz and Dan Wu,,,2024,,,,
,No Title,,,,,,,
Bad Values,,not-an-id,2025-13-01,20x,many,ftp://x,,
"""


def test_rows_become_papers_and_unknown_columns_are_reported():
    assert detect(CSV) == "csv"
    result = parse_source(CSV, "papers.csv")
    sparse, dense, bad = result.papers
    assert sparse.authors == ("Ana Lima", "Ben Okafor")
    assert sparse.arxiv_id == "2501.00001" and sparse.published == dt.date(2025, 1, 2)
    assert sparse.upvotes == 12 and sparse.links["code"] == "https://github.com/example/sparse"
    assert sparse.suggested_tags == ("moe", "routing")
    assert dense.title == "Dense, Students" and dense.authors == ("Carla Ruiz", "Dan Wu") and dense.year == 2024
    assert bad.title == "Bad Values" and bad.arxiv_id is None and bad.published is None
    located = [(p.line, p.field) for p in result.problems]
    assert located == [(1, None), (4, "title"), (5, "published"), (5, "year"), (5, "arxiv_id"), (5, "code"), (5, "upvotes")]
    assert "Colour" in result.problems[0].message


def test_missing_title_column():
    result = parse_source("name,year\nx,2020\n", "p.csv", format="csv")
    assert result.papers == [] and "no 'title' column" in result.problems[-1].message


def test_dataframe_records():
    frame = pd.DataFrame({"title": ["A", "B"], "year": [2020, None], "upvotes": [3.0, None]})
    result = parse_records(frame.to_dict("records"), list(frame.columns))
    assert [(p.title, p.year, p.upvotes) for p in result.papers] == [("A", 2020, 3), ("B", None, 0)]
    assert result.problems == []
