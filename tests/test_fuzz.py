"""No input, however broken, crashes the loader or the page parser: problems, not tracebacks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.importers.hf_page import parse_hf_page
from readinglist.store import ListStore

# Characters that make YAML and pages interesting, plus anything else now and then.
YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}&*!|>#%@`?,~·•0123456789\r\ufeff\x00é")) , max_size=300)
ANY_TEXT = st.one_of(YAMLISH, st.text(max_size=300))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_list_file_gives_problems_or_a_list(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "list.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        problems = ListStore.check(folder)
        for problem in problems:
            assert problem.file.endswith("list.yaml")
            assert str(problem)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_page_parses_to_papers_and_problems(text):
    result = parse_hf_page(text, "p.txt", year=2025)
    for problem in result.problems:
        assert problem.line is None or problem.line >= 1
    for paper in result.papers:
        assert paper.title.strip()
