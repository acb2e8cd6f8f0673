"""arXiv id lists and Atom responses, on small inputs written for these tests."""

import datetime as dt

import pytest

from readinglist.importers import detect, parse_source
from readinglist.importers.arxiv import normalise_arxiv_id, repair_mojibake

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>query</title>
  <entry>
    <id>http://arxiv.org/abs/2501.00001v2</id>
    <published>2025-01-02T10:00:00Z</published>
    <title>Sparse Experts
  at Small Scale</title>
    <summary>  We route
tokens &amp; experts.</summary>
    <author><name>Ana Lima</name></author>
    <author><name>Ben Okafor</name></author>
    <link href="http://arxiv.org/pdf/2501.00001v2" rel="related" title="pdf" type="application/pdf"/>
    <arxiv:doi>10.1000/example.1</arxiv:doi>
    <arxiv:journal_ref>Proc. Sparse Models 2025</arxiv:journal_ref>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v1</id>
    <published>1999-01-01T00:00:00Z</published>
    <title>An Old Style Id</title>
    <summary>Strings.</summary>
    <author><name>Carla Ruiz</name></author>
  </entry>
</feed>
"""


@pytest.mark.parametrize(
    ("token", "arxiv_id"),
    [
        ("2401.01234", "2401.01234"),
        ("2401.01234v3", "2401.01234"),
        ("arXiv:2401.01234", "2401.01234"),
        ("https://arxiv.org/abs/2401.01234v2", "2401.01234"),
        ("https://arxiv.org/pdf/2401.01234v2.pdf", "2401.01234"),
        ("http://export.arxiv.org/abs/1102.2017", "1102.2017"),
        ("https://www.arxiv.org/html/2401.01234v1", "2401.01234"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.AG/0601001v2", "math/0601001"),
        ("https://arxiv.org/abs/astro-ph/0601001", "astro-ph/0601001"),
        ("abc", None),
        ("2401.0123", None),
        ("https://example.org/abs/2401.01234", None),
    ],
)
def test_normalise_arxiv_id(token, arxiv_id):
    assert normalise_arxiv_id(token) == arxiv_id


def test_id_list_with_comments_repeats_and_a_bad_token():
    text = "# this week's picks\n2401.01234 https://arxiv.org/abs/2401.01234v2\narXiv:hep-th/9901001, not-an-id\n"
    assert detect("2401.01234\nhttps://arxiv.org/abs/1102.2017\n") == "arxiv-ids"
    result = parse_source(text, "ids.txt", format="arxiv-ids")
    assert [p.arxiv_id for p in result.papers] == ["2401.01234", "hep-th/9901001"]
    assert result.papers[0].title == ""  # filled in by a fetch, or a placeholder on import
    assert [(p.line, "not-an-id" in p.message) for p in result.problems] == [(3, True)]


def test_atom_feed():
    assert detect(FEED) == "arxiv-atom"
    result = parse_source(FEED, "feed.xml")
    assert result.problems == []
    first, second = result.papers
    assert first.arxiv_id == "2501.00001"
    assert first.title == "Sparse Experts at Small Scale"
    assert first.abstract == "We route tokens & experts."
    assert first.authors == ("Ana Lima", "Ben Okafor")
    assert first.published == dt.date(2025, 1, 2)
    assert first.doi == "10.1000/example.1" and first.venue == "Proc. Sparse Models 2025"
    assert first.links == {"arxiv": "https://arxiv.org/abs/2501.00001", "pdf": "https://arxiv.org/pdf/2501.00001v2"}
    assert first.sources[0].line == 5
    assert second.arxiv_id == "hep-th/9901001"


def test_xml_attacks_are_refused_not_expanded():
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<feed xmlns="http://www.w3.org/2005/Atom">&b;</feed>'
    result = parse_source(bomb, "bomb.xml", format="arxiv-atom")
    assert result.papers == [] and "refused XML" in result.problems[0].message


def test_broken_xml_names_the_line():
    result = parse_source('<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>', "b.xml", format="arxiv-atom")
    assert result.papers == [] and result.problems[0].line == 3


def test_repair_mojibake_only_when_it_is_mojibake():
    assert repair_mojibake("Dirk WÃ¼bben") == "Dirk Wübben"
    assert repair_mojibake("Ã…ngström stays") == "Ã…ngström stays"  # not valid as double-encoded: kept
    assert repair_mojibake("plain") == "plain"
