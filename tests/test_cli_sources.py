"""`import` of every format, `dedupe` and `fetch-arxiv` from the command line, in-process."""

from __future__ import annotations

import io
import json

from readinglist.cli import main


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main([str(a) for a in argv], out=out, err=err), out.getvalue(), err.getvalue()


def test_import_detects_each_format_and_format_can_be_forced(tmp_path):
    (tmp_path / "a.csv").write_text("title,year\nAttention Is All You Need,2017\nAttention Is All You Need (v2),2017\n", encoding="utf-8")
    (tmp_path / "b.bib").write_text("@misc{x, title={Sparse Experts}, eprint={2501.00001}, archivePrefix={arXiv}}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("2501.00001\n", encoding="utf-8")
    code, out, err = run("import", tmp_path / "a.csv", tmp_path / "b.bib", tmp_path / "c.txt", "--into", tmp_path / "l")
    assert code == 0, err
    assert "3 added" in out
    assert "possible duplicate: 'attention-all-you-need' and 'attention-all-you-need-v2'" in err
    code, _, err = run("import", tmp_path / "c.txt", "--into", tmp_path / "l", "--format", "bibtex")
    assert code == 1 and "no paper found" in err
    code, _, err = run("import", tmp_path / "c.txt", "--into", tmp_path / "l", "--format", "nonsense")
    assert code == 2


def test_dedupe_lists_merges_and_remembers(tmp_path):
    (tmp_path / "a.csv").write_text("title\nAttention Is All You Need\nAttention Is All You Nead\n", encoding="utf-8")
    run("import", tmp_path / "a.csv", "--into", tmp_path / "l")
    run("review", tmp_path / "l", "attention-all-you-nead", "--reader", "ann", "--rating", "4")
    code, out, _ = run("dedupe", tmp_path / "l")
    assert code == 0 and "1 possible duplicate" in out and "--merge attention-all-you-need attention-all-you-nead" in out
    code, out, _ = run("dedupe", tmp_path / "l", "--merge", "attention-all-you-need", "attention-all-you-nead")
    assert code == 0 and "moved the reviews of 1 reader" in out
    records = json.loads(run("show", tmp_path / "l", "--json")[1])
    assert [r["id"] for r in records] == ["attention-all-you-need"]
    assert records[0]["reviews"]["ann"]["rating"] == 4
    assert run("validate", tmp_path / "l")[0] == 0
    assert "no possible duplicates" in run("dedupe", tmp_path / "l")[1]
    code, _, err = run("dedupe", tmp_path / "l", "--distinct", "attention-all-you-need", "gone")
    assert code == 1 and "no paper 'gone'" in err


def test_fetch_arxiv_refuses_bad_ids_without_network(tmp_path):
    code, _, err = run("fetch-arxiv", "not-an-id", "--into", tmp_path / "l")
    assert code == 1 and "not an arXiv id" in err and err.count("\n") == 1
    code, _, err = run("fetch-arxiv", "--into", tmp_path / "missing")
    assert code == 2 and "no list here" in err
