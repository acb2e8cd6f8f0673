"""Every importer fed generated hostile input, through the whole import (read, parse,
sanitise, merge, save): the outcome is a clean refusal (a ReadingListError of one line,
nothing written) or a list that validates and reloads exactly as it was saved.

Documents are built per format from hostile values (links with spaces, quotes, angle
brackets and `file:` schemes; control characters; lone surrogates where the format can
escape them; numbers of thousands of digits; values of the wrong type; arXiv ids in every
spelling) and then, now and then, cut, spliced or salted with stray syntax.
`READINGLIST_HOSTILE_EXAMPLES` sets the number of examples per importer (default 25).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.catalogue import add_papers
from readinglist.errors import ReadingListError, UnsavableError
from readinglist.importers import decode_source, parse_source
from readinglist.ingest import import_files
from readinglist.model import ReadingList
from readinglist.store import ListStore
from tests.strategies import TRICKY

EXAMPLES = int(os.environ.get("READINGLIST_HOSTILE_EXAMPLES", "25"))
YEAR = 2025

# -- hostile values ---------------------------------------------------------------------------

_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
text = st.one_of(
    st.text(_chars, max_size=25),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.sampled_from(["{", "}", "\\", "%", "TY  - ", "ER  - ", "@article{"])), max_size=8).map("".join),
    st.sampled_from(["Mixture of Experts", "Attention Is All You Need", "A\x00 title\x1b[31m", "Pok\\'emon", "x" * 300]),
)
titles = st.one_of(st.sampled_from(["Sparse Routing", "Dense Routing", "Router Collapse", "LoRA Again"]), text)
urls = st.one_of(
    st.sampled_from([
        "https://github.com/a/b", "https://example.org/a b", "<https://example.org/x>", '"https://example.org/q"',
        "HTTPS://EXAMPLE.org/Up", "file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x", "https://",
        "https:///nohost", "http://[::1", "https://example.org/a\"onclick='x'", "https://example.org/<b>", "example.org",
        "https://example.org/tab\there", "https://arxiv.org/abs/2401.01234",
    ]),
    st.builds(lambda s, rest: s + rest, st.sampled_from(["https://", "http://", "file://", ""]), text),
)  # fmt: skip
arxiv_ids = st.sampled_from(["2401.01234", "2401.01234v2", "arXiv:2312.00001", "math.AG/0601001", "Hep-TH/9901001", "1313.99999", "junk", ""])
huge = st.sampled_from(["9" * 5000, "-" + "9" * 40, "12345678901", "-1", "0", "42", "1e400", "NaN"])
numbers = st.one_of(huge, st.integers(-10, 10**12).map(str))
years = st.one_of(st.sampled_from(["2024", "999", "10000", "²⁰²⁴", "2024-13-45"]), huge)


def json_value(inner: st.SearchStrategy) -> st.SearchStrategy:
    """A value of the right kind mostly, of any JSON kind now and then."""
    return st.one_of(inner, inner, inner, st.none(), st.booleans(), st.lists(text, max_size=2), st.dictionaries(text, text, max_size=2),
                     huge.map(lambda n: _Raw(n)))  # fmt: skip


class _Raw(str):
    """A number written into JSON as its digits, however long (json.dumps cannot write 5,000 digits)."""


def to_json(value) -> str:
    if isinstance(value, _Raw):
        return value if value.lstrip("-").isdigit() else json.dumps(str(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)  # ASCII escapes: control characters and lone surrogates survive
    return json.dumps(value)


# -- documents, per format --------------------------------------------------------------------

hf_items = st.lists(
    st.fixed_dictionaries(
        {"id": json_value(arxiv_ids), "title": json_value(titles), "summary": json_value(text), "upvotes": json_value(st.integers(-5, 10**12)),
         "githubRepo": json_value(urls), "projectPage": json_value(urls), "publishedAt": json_value(st.sampled_from(["2025-01-02T00:00:00Z", "2025-13-01", "x"])),
         "authors": json_value(st.lists(st.fixed_dictionaries({"name": json_value(text)}), max_size=3)),
         "ai_keywords": json_value(st.lists(json_value(text), max_size=3)),
         "organization": json_value(st.fixed_dictionaries({"name": json_value(text), "fullname": json_value(text)}))}
    ).map(lambda paper: {"paper": paper, "title": paper["title"]}),
    min_size=1, max_size=4,
)  # fmt: skip


def hf_api_doc(items: list) -> str:
    return to_json(items)


def hf_html_doc(items: list) -> str:
    props = html.escape(to_json({"dailyPapers": items}), quote=True)
    return f'<!doctype html><html><body><div data-target="DailyPapers" data-props="{props}"></div></body></html>'


@st.composite
def hf_page_doc(draw) -> str:
    blocks = ["new", "Daily Papers", "byAK and the research community", "Dec 11"]
    for _ in range(draw(st.integers(1, 4))):
        title = draw(titles).replace("\n", " ")
        abstract = draw(text).replace("\n", " ") + " We study https://github.com/x/y and " + draw(urls).replace("\n", " ")
        details = draw(st.sampled_from(["  • 8 authors", "example-lab Example Lab", "• 99999 authors", ""]))
        date = draw(st.sampled_from(["Sep 25, 2024 4", "Sep 28 2", "Feb 30, 2024 1", "Dec 1 9999999"]))
        blocks.append("\n".join(line for line in (title, abstract, details, "·", date) if line))
    return "\n\n".join(blocks) + "\n"


@st.composite
def atom_doc(draw) -> str:
    def x(value: str) -> str:  # XML 1.0 has no way to write most control characters
        return xml_escape("".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20 and not 0xFFFE <= ord(c) <= 0xFFFF))

    entries = []
    for _ in range(draw(st.integers(1, 3))):
        arxiv_id = draw(arxiv_ids)
        authors = "".join(f"<author><name>{x(draw(text))}</name></author>" for _ in range(draw(st.integers(0, 2))))
        entries.append(
            f"<entry><id>http://arxiv.org/abs/{x(arxiv_id)}</id><title>{x(draw(titles))}</title><summary>{x(draw(text))}</summary>"
            f"<published>{x(draw(st.sampled_from(['2024-01-02T00:00:00Z', '2024-02-30', 'x'])))}</published>{authors}"
            f'<link title="pdf" href="{x(draw(urls))}"/><arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">{x(draw(text))}</arxiv:doi></entry>'
        )
    return '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n' + "\n".join(entries) + "\n</feed>\n"


@st.composite
def ids_doc(draw) -> str:
    tokens = draw(st.lists(st.one_of(arxiv_ids, urls, st.just("# a comment")), min_size=1, max_size=6))
    return "\n".join(tokens) + "\n"


@st.composite
def bibtex_doc(draw) -> str:
    entries = []
    for n in range(draw(st.integers(1, 4))):
        fields = {"title": draw(titles), "author": " and ".join(draw(st.lists(text, max_size=3))), "year": draw(years),
                  "url": draw(urls), "eprint": draw(arxiv_ids), "doi": draw(text), "keywords": draw(text), "abstract": draw(text),
                  "date": draw(st.sampled_from(["2024-01-02", "2024-02-30", "x", "9" * 5000]))}  # fmt: skip
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if draw(st.booleans()) or k == "title")
        entries.append(f"@article{{key{n % 2},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


@st.composite
def csv_doc(draw) -> str:
    columns = ["title", "abstract", "authors", "upvotes", "year", "url", "code", "arxiv_id", "doi", "keywords", "published", "org"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    values = {"title": titles, "abstract": text, "authors": text, "upvotes": numbers, "year": years, "url": urls, "code": urls,
              "arxiv_id": arxiv_ids, "doi": text, "keywords": text, "published": st.sampled_from(["2024-01-02", "2024-02-30", "x"]),
              "org": text}  # fmt: skip
    for _ in range(draw(st.integers(1, 4))):
        writer.writerow([draw(values[c]) for c in columns])
    return out.getvalue()


csl_items = st.lists(
    st.fixed_dictionaries(
        {"id": json_value(text), "type": st.just("article-journal"), "title": json_value(titles), "abstract": json_value(text),
         "DOI": json_value(st.sampled_from(["10.1000/x", "10.48550/arXiv.2401.01234", "", "10.1/a b"])), "URL": json_value(urls),
         "container-title": json_value(text), "keyword": json_value(text), "number": json_value(arxiv_ids),
         "author": json_value(st.lists(json_value(st.fixed_dictionaries({"family": json_value(text), "given": json_value(text)})), max_size=3)),
         "issued": json_value(st.fixed_dictionaries({"date-parts": json_value(st.lists(st.lists(json_value(years), max_size=3), max_size=2))}))}
    ),
    min_size=1, max_size=4,
)  # fmt: skip


@st.composite
def ris_doc(draw) -> str:
    records = []
    for _ in range(draw(st.integers(1, 4))):
        lines = ["TY  - JOUR", f"TI  - {draw(titles)}", f"AU  - {draw(text)}", f"PY  - {draw(years)}", f"UR  - {draw(urls)}",
                 f"UR  - {draw(urls)}", f"DO  - {draw(text)}", f"KW  - {draw(text)}", f"AB  - {draw(text)}", f"T2  - arXiv:{draw(arxiv_ids)}"]  # fmt: skip
        if draw(st.booleans()):
            lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n".join(records) + "\n"


@st.composite
def corrupted(draw, document: st.SearchStrategy[str]) -> str:
    """The document, or the document cut short, spliced with stray syntax, or with a slice gone."""
    doc = draw(document)
    how = draw(st.sampled_from(["as is", "as is", "cut", "splice", "delete"]))
    if how == "as is" or not doc:
        return doc
    at = draw(st.integers(0, len(doc)))
    if how == "cut":
        return doc[:at]
    if how == "splice":
        return doc[:at] + draw(st.sampled_from(['"', "{", "}", "[", "]", "\n", "ER  - \n", "\x00", ",,,", '"\n"', "<", "&amp;"])) + doc[at:]
    end = draw(st.integers(at, min(len(doc), at + 40)))
    return doc[:at] + doc[end:]


DOCUMENTS = {
    "hf-page": (hf_page_doc(), "page.txt"),
    "hf-api": (hf_items.map(hf_api_doc), "daily.json"),
    "hf-html": (hf_items.map(hf_html_doc), "page.html"),
    "arxiv-atom": (atom_doc(), "feed.xml"),
    "arxiv-ids": (ids_doc(), "ids.txt"),
    "bibtex": (bibtex_doc(), "refs.bib"),
    "csv": (csv_doc(), "papers.csv"),
    "csl-json": (csl_items.map(to_json), "items.json"),
    "ris": (ris_doc(), "refs.ris"),
}


def import_and_check(fmt: str, name: str, document: str, *, forced: bool) -> str:
    """'refused' or 'imported'; an AssertionError when neither is clean."""
    data = document.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        source, folder = Path(tmp) / name, Path(tmp) / "list"
        source.write_bytes(data)
        try:
            import_files([source], folder, year=YEAR, title="Hostile", format=fmt if forced else None)
        except ReadingListError as exc:
            # Sanitising must have made every paper fit: the save gate never has to refuse.
            assert not isinstance(exc, UnsavableError), exc
            assert "\n" not in str(exc) and str(exc)
            assert not (folder / "list.yaml").exists()
            return "refused"
        assert ListStore.check(folder) == []
        reopened = ListStore.open(folder)
        expected = ReadingList(title="Hostile")
        add_papers(expected, parse_source(decode_source(data, name), name, format=fmt if forced else None, year=YEAR).papers)
        assert list(reopened.reading_list.papers.items()) == list(expected.papers.items())
        assert reopened.save_catalogue() is False  # what was saved is what loads: nothing to write again
        return "imported"


@pytest.mark.parametrize("fmt", list(DOCUMENTS))
def test_every_importer_refuses_cleanly_or_saves_a_list_that_reloads_as_saved(fmt):
    document, name = DOCUMENTS[fmt]

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(corrupted(document))
    def run(doc: str) -> None:
        import_and_check(fmt, name, doc, forced=True)

    run()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(list(DOCUMENTS)).flatmap(lambda fmt: st.tuples(st.just(DOCUMENTS[fmt][1]), corrupted(DOCUMENTS[fmt][0]))))
def test_detected_formats_hold_up_as_well(named):
    name, doc = named
    import_and_check("", name, doc, forced=False)


def run_hostile_inputs(count: int = 200, seed: int = 0) -> dict[str, int]:
    """The long version (benchmarks/bench_reliability.py): `count` documents per importer."""
    figures: dict[str, int] = {}
    for fmt, (document, name) in DOCUMENTS.items():
        figures.update(_hostile_run(fmt, document, name, count, seed))
    return figures


def _hostile_run(fmt: str, document: st.SearchStrategy[str], name: str, count: int, seed: int) -> dict[str, int]:
    tally = {"imported": 0, "refused": 0}

    @hypothesis.seed(seed)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(corrupted(document))
    def run(doc: str) -> None:
        tally[import_and_check(fmt, name, doc, forced=True)] += 1

    run()
    return {f"{fmt}: hostile documents tried": tally["imported"] + tally["refused"], f"{fmt}: imported a valid list": tally["imported"]}
