"""Importers never swallow input: each broken record is a located problem while the rest
imports (or the whole file is refused cleanly), never a silent truncation or a traceback.

Each case is a file with good records around a broken one; the test asserts the problem's
line (and field), the titles that still import, and the same through `readinglist import`
(exit code, one line per problem on stderr, no traceback).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from readinglist.cli import main
from readinglist.importers import parse_source
from readinglist.store import ListStore
from tests.conftest import REPO

HUGE = "9" * 5000


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    text: str
    line: int | None  # where the problem is
    field: str | None  # the field it names, when it is about one
    titles: tuple[str, ...]  # what still imports, in order


def _csl(*items: dict) -> str:
    """CSL JSON as Zotero writes it (every item has a date), one item per line from line 2."""
    return "[\n" + ",\n".join(json.dumps({**item, "issued": {"date-parts": [[2020]]}}) for item in items) + "\n]\n"


CASES = [
    Case("csv-unterminated-quote", "a.csv", 'title,abstract\nFirst,fine\nSecond,"never closed\nThird,fine\nFourth,fine\n',
         3, None, ("First", "Third", "Fourth")),
    Case("csv-text-after-closing-quote", "a.csv", 'title,abstract\nFirst,"quoted" then text\nSecond,fine\n',
         2, None, ("Second",)),
    Case("csv-quote-closed-rows-later", "a.csv", 'title,abstract\nFirst,"opened\nSecond,fine\nThird,"closed"\nFourth,x\n',
         2, None, ("Second", "Third", "Fourth")),
    Case("csv-5000-digit-number", "a.csv", f"title,upvotes\nFirst,{HUGE}\nSecond,4\n", 2, "upvotes", ("First", "Second")),
    Case("bibtex-unbalanced-open-brace", "a.bib",
         "@article{a, title={First}, year={2020}}\n\n@article{b, title={Second {unbalanced}, year={2020}}\n\n"
         "@article{c, title={Third}, year={2021}}\n",
         3, None, ("First", "Third")),
    Case("bibtex-brace-too-many", "a.bib",
         "@article{a, title={First}}, year={2020}}\n@article{b, title={Second}, year={2020}}\n", 1, None, ("First", "Second")),
    Case("bibtex-cut-short", "a.bib", "@article{a, title={First}}\n@article{b, title={Sec", 2, None, ("First",)),
    Case("bibtex-5000-digit-year", "a.bib",
         f"@article{{a, title={{First}}, year={{{HUGE}}}}}\n@article{{b, title={{Second}}, year={{2020}}}}\n", 1, "year", ("First", "Second")),
    Case("ris-cut-before-er", "a.ris", "TY  - JOUR\nTI  - First\nER  - \n\nTY  - JOUR\nTI  - Second\nAB  - cut he",
         5, None, ("First", "Second")),
    Case("ris-er-missing-between", "a.ris", "TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\nER  - \n", 1, None, ("First", "Second")),
    Case("ris-5000-digit-year", "a.ris", f"TY  - JOUR\nTI  - First\nPY  - {HUGE}\nER  - \nTY  - JOUR\nTI  - Second\nER  - \n",
         1, "PY", ("First", "Second")),
    Case("ris-text-outside-records", "a.ris", "TY  - JOUR\nTI  - First\nER  - \nstray words\nTY  - JOUR\nTI  - Second\nER  - \n",
         4, None, ("First", "Second")),
    Case("csl-title-of-wrong-type", "a.json",
         _csl({"id": "a", "type": "article", "title": "First"}, {"id": "b", "type": "article", "title": ["Second"]},
              {"id": "c", "type": "article", "title": "Third"}),
         3, "title", ("First", "Third")),
    Case("csl-author-of-wrong-type", "a.json",
         _csl({"id": "a", "type": "article", "title": "First", "author": "Ann Author"}, {"id": "b", "type": "article", "title": "Second"}),
         2, "author", ("First", "Second")),
    Case("csl-abstract-of-wrong-type", "a.json",
         _csl({"id": "a", "type": "article", "title": "First", "abstract": {"text": "x"}}, {"id": "b", "type": "article", "title": "Second"}),
         2, "abstract", ("First", "Second")),
    Case("csl-5000-digit-date", "a.json",
         '[{"id": "a", "type": "article", "title": "First", "issued": {"date-parts": [[' + HUGE + ']]}},\n'
         '{"id": "b", "type": "article", "title": "Second", "issued": {"date-parts": [[2020]]}}]',
         1, "issued.date-parts", ("First", "Second")),
    Case("hf-api-5000-digit-upvotes", "a.json",
         '[{"paper": {"id": "2401.01234", "title": "First", "upvotes": 1}},\n'
         '{"paper": {"id": "2401.01235", "title": "Second", "upvotes": ' + HUGE + "}}]",
         2, "upvotes", ("First", "Second")),
    Case("hf-api-upvotes-of-wrong-type", "a.json",
         '[{"paper": {"id": "2401.01234", "title": "First", "upvotes": true, "summary": ["x"]}}]', 1, "upvotes", ("First",)),
]

# The whole file refused, cleanly, with its line: nothing else in it could be read.
REFUSED = [
    Case("json-nested-100000-deep", "a.json", '{"paper": {"title": "x", "upvotes": 1, "summary": ' + "[" * 100_000 + "]" * 100_000 + "}}",
         1, None, ()),
    Case("hf-html-nested-100000-deep", "page.html",
         '<html><body>\n<div data-target="DailyPapers" data-props="' + "[" * 100_000 + '"></div></body></html>', 2, None, ()),
    Case("csl-nested-100000-deep", "a.json", '[{"type": "article", "title": "x", "author": [\n' + "[" * 100_000, 2, None, ()),
]


def _by_id(cases: list[Case]) -> list:
    return [pytest.param(case, id=case.id) for case in cases]


@pytest.mark.parametrize("case", _by_id(CASES))
def test_broken_record_is_a_located_problem_and_the_rest_imports(case):
    result = parse_source(case.text, case.file)
    assert tuple(p.title for p in result.papers) == case.titles
    located = [p for p in result.problems if p.line == case.line]
    assert located, f"no problem on line {case.line}: {[str(p) for p in result.problems]}"
    if case.field is not None:
        assert any(p.field == case.field for p in located)
    for problem in result.problems:
        assert problem.file == case.file and "\n" not in str(problem)


@pytest.mark.parametrize("case", _by_id(CASES))
def test_the_command_imports_the_rest_and_reports_each_problem_on_one_line(case, tmp_path):
    source = tmp_path / case.file
    source.write_text(case.text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(source), "--into", str(tmp_path / "list"), "--title", "T"], out=out, err=err)
    assert code == 0
    lines = err.getvalue().splitlines()
    assert any(line.startswith(f"{case.file}:{case.line}: ") for line in lines), lines
    assert all(line.startswith(f"{case.file}:") for line in lines)  # one line each, located
    store = ListStore.open(tmp_path / "list")
    assert tuple(p.title for p in store.reading_list.papers.values()) == case.titles
    assert ListStore.check(tmp_path / "list") == []


@pytest.mark.parametrize("case", _by_id(REFUSED))
def test_input_nothing_can_be_read_from_is_refused_with_its_line(case, tmp_path):
    result = parse_source(case.text, case.file)
    assert result.papers == []
    assert [p.line for p in result.problems] == [case.line]
    source = tmp_path / case.file
    source.write_text(case.text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(source), "--into", str(tmp_path / "list"), "--title", "T"], out=out, err=err) == 1
    message = err.getvalue()
    assert message.count("\n") == 1 and f"{case.file}:{case.line}: " in message
    assert not (tmp_path / "list").exists()


def test_no_traceback_from_a_real_process_on_deep_json(tmp_path):
    source = tmp_path / "deep.json"
    source.write_text(REFUSED[0].text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "readinglist", "import", str(source), "--into", str(tmp_path / "list"), "--title", "T"],
        check=False, capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
