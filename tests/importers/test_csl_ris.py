"""CSL JSON and RIS exports, on small inputs written for these tests."""

import datetime as dt
import json

from readinglist.importers import detect, parse_source

CSL = json.dumps(
    [
        {
            "id": "item1",
            "type": "article",
            "title": "Sparse <i>Experts</i> at <span class=\"nocase\">small</span> Scale",
            "author": [{"family": "Lima", "given": "Ana"}, {"literal": "The Sparse Team"}],
            "DOI": "10.48550/arXiv.2501.00001",
            "issued": {"date-parts": [["2025", 1, 2]]},
        },
        {"id": "item2", "type": "article-journal", "title": "Dense Students", "container-title": "Journal of Models",
         "issued": {"date-parts": [["2024"]]}, "DOI": "10.1000/dense.1"},
        {"id": "item3", "type": "article", "author": []},
    ],
    indent="\t",
)  # fmt: skip

RIS = """TY  - JOUR
TI  - Router Collapse in Practice
AU  - Okafor, Ben
AU  - van Exter, Martin
T2  - arXiv:2502.00002 [cs]
DA  - 2025/02/01/
KW  - Routing
KW  - routing
UR  - https://example.org/router
ER  - 

TY  - BOOK
AU  - Nobody, A.
PY  - 2009
ER  - 
"""


def test_csl_json_items():
    assert detect(CSL) == "csl-json"
    result = parse_source(CSL, "items.json")
    first, second = result.papers
    assert first.title == "Sparse Experts at small Scale"  # markup reduced to text
    assert first.authors == ("Ana Lima", "The Sparse Team")
    assert first.arxiv_id == "2501.00001" and first.doi is None
    assert first.published == dt.date(2025, 1, 2)
    assert (second.year, second.venue, second.doi) == (2024, "Journal of Models", "10.1000/dense.1")
    assert [p.message for p in result.problems] == ["item [2] has no title: not imported"]


def test_ris_records():
    assert detect(RIS) == "ris"
    result = parse_source(RIS.replace("\n", "\r\n"), "export.ris")
    [paper] = result.papers
    assert paper.authors == ("Ben Okafor", "Martin van Exter")
    assert paper.arxiv_id == "2502.00002" and paper.venue == ""
    assert paper.published == dt.date(2025, 2, 1)
    assert paper.suggested_tags == ("routing",)
    assert paper.links["project"] == "https://example.org/router"
    assert [(p.line, "without a title" in p.message) for p in result.problems] == [(12, True)]
