"""The command line, in-process: exit codes, output, and nothing written on failure."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.conftest import page

ABSTRACT = "We study sparse experts and find that routing matters a great deal in practice. " * 3


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(map(str, argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pages(tmp_path: Path):
    one = tmp_path / "page1.txt"
    two = tmp_path / "page2.txt"
    one.write_text(page("Sparse Experts", ABSTRACT, "  • 17 authors\n·\nSep 25, 2024 4", "Dense Students", ABSTRACT), encoding="utf-8")
    two.write_text(page("Sparse experts", ABSTRACT, "deepseek-ai DeepSeek\n·\nSep 25, 2024 9", "Router Collapse", ABSTRACT, "  • 2 authors\n·\nSomeday"), encoding="utf-8")
    return one, two


def test_import_show_review_validate(tmp_path, pages):
    folder = tmp_path / "lists" / "moe"
    code, out, err = run("import", *pages, "--into", folder, "--year", "2025", "--title", "MoE reading group")
    assert code == 0, err
    assert "3 added, 0 merged, 0 skipped, 1 problem" in out
    assert err.strip() == "page2.txt:27: expected a date such as 'Sep 25, 2024 4', found 'Someday'"

    code, out, _ = run("show", folder, "--json")
    records = json.loads(out)
    assert [r["id"] for r in records] == ["sparse-experts", "dense-students", "router-collapse"]
    first = records[0]
    assert first["author_count"] == 17 and first["org"] == {"handle": "deepseek-ai", "name": "DeepSeek"}
    assert first["published"] == "2024-09-25" and first["upvotes"] == 9
    for key, kind in [("id", str), ("title", str), ("abstract", str), ("authors", list), ("upvotes", int), ("links", dict), ("tags", list), ("reviews", dict)]:
        assert isinstance(first[key], kind), key

    code, out, err = run("review", folder, "sparse-experts", "--reader", "reader-a", "--rating", "4", "--status", "read", "--tag", "moe", "--note", "worth a session")
    assert code == 0, err
    assert "★★★★☆" in out
    record = json.loads(run("show", folder, "--json")[1])[0]
    assert record["tags"] == ["moe"]
    assert record["reviews"] == {"reader-a": {"rating": 4, "status": "read", "tags": ["moe"], "note": "worth a session"}}

    code, out, err = run("validate", folder)
    assert (code, err) == (0, "")
    assert "valid (3 papers, 1 reader)" in out

    code, out, _ = run("show", folder)
    assert code == 0 and "MoE reading group - 3 papers, 1 reader" in out and "Sparse Experts" in out


def test_import_twice_is_byte_identical(tmp_path, pages):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder, "--year", "2025")
    before = (folder / "list.yaml").read_bytes()
    code, out, _ = run("import", *pages, "--into", folder, "--year", "2025")
    assert code == 0 and "0 added, 0 merged, 3 skipped" in out
    assert (folder / "list.yaml").read_bytes() == before


def test_paper_id_prefix_and_ambiguity(tmp_path, pages):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder)
    assert run("review", folder, "dense", "--reader", "ann", "--rating", "2")[0] == 0
    third = tmp_path / "page3.txt"
    third.write_text(page("Sparse Routing", ABSTRACT), encoding="utf-8")
    run("import", third, "--into", folder)
    code, _, err = run("review", folder, "sparse", "--reader", "ann", "--rating", "2")
    assert code == 1 and "'sparse' matches 2 papers: sparse-experts, sparse-routing" in err
    code, _, err = run("review", folder, "nothing-like-it", "--reader", "ann")
    assert code == 1 and err.count("\n") == 1


def test_reader_defaults_to_the_environment(tmp_path, pages, monkeypatch):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder)
    monkeypatch.setenv("READINGLIST_READER", "env-reader")
    assert run("review", folder, "dense-students", "--rating", "3")[0] == 0
    assert (folder / "reviews" / "env-reader.yaml").exists()
    monkeypatch.setenv("READINGLIST_READER", "../bad")
    code, _, err = run("review", folder, "dense-students", "--rating", "3")
    assert code == 1 and "READINGLIST_READER" in err


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["frobnicate"], 2),
        (["show"], 2),
        (["import", "x.txt"], 2),  # --into is required
        (["review", "{list}", "dense-students", "--rating", "7", "--reader", "a"], 2),
        (["review", "{list}", "dense-students", "--status", "done", "--reader", "a"], 2),
        (["review", "{list}", "dense-students", "--reader", "../etc"], 2),
        (["import", "{tmp}/missing.txt", "--into", "{tmp}/new"], 2),
        (["show", "{tmp}/no-such-list"], 2),
        (["import", "{tmp}/page1.txt", "--into", "{tmp}/new", "--year", "25"], 2),
        (["show", "{list}", "--colour"], 2),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(tmp_path, pages, argv, code):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder)
    argv = [a.format(list=folder, tmp=tmp_path) for a in argv]
    got, out, err = run(*argv)
    assert got == code
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert not (tmp_path / "new").exists()


def test_a_file_without_papers_is_an_error_and_nothing_is_written(tmp_path, pages):
    empty = tmp_path / "empty.txt"
    empty.write_text("just some notes\n\nnothing like a page\n", encoding="utf-8")
    code, _, err = run("import", pages[0], empty, "--into", tmp_path / "new")
    assert code == 1 and "empty.txt: no paper found" in err
    assert not (tmp_path / "new").exists()


def test_binary_source_is_a_located_error(tmp_path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"new\n\xff\xfe\x00garbage")
    code, _, err = run("import", blob, "--into", tmp_path / "new")
    assert code == 1 and "blob.txt:2: not UTF-8" in err


def test_validate_reports_each_problem_and_exits_1(tmp_path, pages):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder)
    text = (folder / "list.yaml").read_text()
    (folder / "list.yaml").write_text(text.replace("title: ", "titel: ", 1))
    code, out, err = run("validate", folder, tmp_path / "missing")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{folder / 'list.yaml'}:2: titel: unknown key 'titel'")
    assert lines[1].startswith(f"{folder / 'list.yaml'}:1: title: missing")
    assert "no list file here" in lines[2]


def test_broken_list_is_refused_by_every_command_without_traceback(tmp_path, pages):
    folder = tmp_path / "l"
    run("import", *pages, "--into", folder)
    (folder / "list.yaml").write_text("format_version: 9\ntitle: x\n")
    for argv in (["show", folder], ["review", folder, "x", "--reader", "a"], ["import", pages[0], "--into", folder]):
        code, _, err = run(*argv)
        assert code == 1 and "upgrade readinglist" in err and err.count("\n") == 1


def test_help_and_version(capsys):
    assert run("--version")[0] == 0
    assert run("--help")[0] == 0


def test_review_refuses_a_tag_over_the_limit_in_one_line_and_writes_nothing(tmp_path, pages):
    folder = tmp_path / "lists" / "moe"
    assert run("import", *pages, "--into", folder, "--year", "2025")[0] == 0
    paper_id = json.loads(run("show", folder, "--json")[1])[0]["id"]
    code, _, err = run("review", folder, paper_id, "--reader", "ann", "--tag", "t" * 200)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "200 characters" in err
    assert not (folder / "reviews" / "ann.yaml").exists()


def test_an_import_with_thousands_of_problems_prints_the_first_and_counts_the_rest(tmp_path):
    from readinglist.errors import PROBLEMS_SHOWN

    source = tmp_path / "many.csv"
    rows = ["title,published"] + [f"Paper {i},not a date {i}" for i in range(300)]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("import", source, "--into", tmp_path / "l")
    assert code == 0, err
    lines = err.strip().splitlines()
    assert "300 problems" in out
    assert len(lines) == PROBLEMS_SHOWN + 1
    assert lines[-1].startswith(f"... and {300 - PROBLEMS_SHOWN} more problems") and "--all-problems" in lines[-1]
    code, out, err = run("import", source, "--into", tmp_path / "l2", "--all-problems")
    assert code == 0 and len(err.strip().splitlines()) == 300
