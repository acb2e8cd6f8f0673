"""A list read one reader file at a time (`readinglist validate`, `show --json`): the same
problems, warnings, output and exit codes as reading every file into one store, with the
cache's summaries used only for the exact bytes they were made from."""

from __future__ import annotations

import gc
import io
import weakref
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import cachecodec, listcache
from readinglist.cli import main
from readinglist.records import json_array, to_records
from readinglist.scan import scan, scan_valid
from readinglist.store import ListStore
from readinglist.terminal import printable

CACHE = listcache.CACHE_DIR

LIST = """format_version: 1
title: Group
sessions:
- date: '2026-12-03'
  papers:
  - p1
  - gone-session
duplicates:
- kept: p1
  other: p3
  decision: merged
papers:
- id: p1
  title: One
- id: p2
  title: Two
- id: p3
  title: Three, merged into one but imported again
"""

# Reader names whose file order (a-b.yaml < a.yaml) is not their name order (a < a-b).
READERS = ["a", "a-b", "bob", "cy", "dee", "zed"]


def reader_text(reader: str, i: int) -> str:
    return (
        f"format_version: 1\nreader: {reader}\nreviews:\n"
        f"- paper: p1\n  rating: {i % 5 + 1}\n  tags:\n  - moe\n  - tag-{i % 2}\n  note: \"from {reader} \\u00e9\\u001b[31m\"\n"
        f"- paper: p2\n  status: read\n"
        f"- paper: gone-{reader}\n  rating: 2\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "g" / "reviews").mkdir(parents=True)
    (tmp_path / "g" / "list.yaml").write_text(LIST, encoding="utf-8")
    for i, reader in enumerate(READERS):
        (tmp_path / "g" / "reviews" / f"{reader}.yaml").write_text(reader_text(reader, i), encoding="utf-8")
    (tmp_path / "g" / "reviews" / "dee.yaml").write_text(
        "format_version: 1\nreader: dee\nreviews: []\nballots:\n- rank:\n  - p9\n  - p1\n", encoding="utf-8"
    )
    return tmp_path / "g"


def rl(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def expected_validate(folder: Path, strict: bool = False) -> tuple[int, str, str]:
    """What `validate` prints, computed from a store holding every file (ListStore.examine)."""
    store, problems = ListStore.examine(folder)
    err = "".join(f"{p}\n" for p in problems)
    if store is None:
        return 1, "", printable(err, newlines=True)
    warnings = store.warnings()
    err += "".join(f"warning: {w}\n" for w in warnings)
    n, r = len(store.reading_list), len(store.reading_list.reviews)
    extra = f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
    out = f"{store.folder}: valid ({n} paper{'s' * (n != 1)}, {r} reader{'s' * (r != 1)}{extra})\n"
    return (1 if strict and warnings else 0), printable(out, newlines=True), printable(err, newlines=True)


def break_file(folder: Path, reader: str) -> None:
    path = folder / "reviews" / f"{reader}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: read", "status: nonsense"), encoding="utf-8")


def problem_places(err: str) -> list[str]:
    return [line.split(": ")[0] for line in err.splitlines() if not line.startswith("warning:")]


# -- validate ---------------------------------------------------------------------------


def test_a_valid_list_with_dangling_references_is_reported_as_a_whole_store_reports_it(folder):
    expected = expected_validate(folder)
    assert expected[0] == 0 and "6 readers, 8 warnings" in expected[1]  # the fixture has what it should
    for _ in range(2):  # parsed, then from the cache's summaries
        assert rl("validate", folder) == expected
    assert rl("validate", "--strict", folder) == expected_validate(folder, strict=True)
    assert rl("validate", "--strict", folder)[0] == 1
    found = scan(folder)
    assert found.valid and found.readers == len(READERS)
    assert found.warnings == ListStore.open(folder).warnings()


@pytest.mark.parametrize("broken", [["a-b"], ["cy"], ["zed"], ["a-b", "cy", "zed"]], ids=["first", "middle", "last", "all-three"])
def test_errors_in_the_first_middle_and_last_reader_file_are_all_found(folder, broken):
    rl("validate", folder)  # every file cached while valid
    for reader in broken:
        break_file(folder, reader)
    expected = expected_validate(folder)
    for _ in range(2):  # invalid files are never cached: found again, with their lines
        code, out, err = rl("validate", folder)
        assert (code, out, err) == expected
        assert code == 1 and out == ""
        assert problem_places(err) == [str(folder / "reviews" / f"{r}.yaml:11") for r in sorted(broken, key=lambda r: f"{r}.yaml")]
    assert "reader-cy.json" not in {p.name for p in (folder / CACHE).iterdir()} or "cy" not in broken


def test_a_bad_list_file_is_reported_alone_as_before(folder):
    (folder / "list.yaml").write_text(LIST + "titel: x\n", encoding="utf-8")
    break_file(folder, "cy")
    assert rl("validate", folder) == expected_validate(folder)
    assert "titel" in rl("validate", folder)[2] and "cy.yaml" not in rl("validate", folder)[2]


def test_bad_names_and_folders_are_the_same_problems(folder):
    (folder / "reviews" / "Bad Name.yaml").write_text("format_version: 1\n", encoding="utf-8")
    (folder / "reviews" / "eve.yml").write_text("format_version: 1\n", encoding="utf-8")
    expected = expected_validate(folder)
    assert expected[0] == 1 and rl("validate", folder) == expected
    assert rl("validate", folder / "nowhere")[0] == 1


def test_a_cache_entry_for_bytes_that_changed_is_not_trusted(folder):
    assert rl("validate", folder)[0] == 0
    path = folder / "reviews" / "bob.yaml"
    # A valid change that names one more absent paper: a new warning, with its line.
    path.write_text(path.read_text(encoding="utf-8") + "- paper: also-gone\n", encoding="utf-8")
    expected = expected_validate(folder)
    assert "also-gone" in expected[2] and rl("validate", folder) == expected
    # An invalid change: the problem, every time.
    break_file(folder, "bob")
    for _ in range(2):
        assert rl("validate", folder) == expected_validate(folder)
        assert "bob.yaml:11: reviews[1].status" in rl("validate", folder)[2]


def test_a_changed_list_file_is_checked_again(folder):
    assert rl("validate", folder)[0] == 0
    # p2 gone from the list: every review of it now dangles, found with its line.
    (folder / "list.yaml").write_text(LIST.replace("- id: p2\n  title: Two\n", ""), encoding="utf-8")
    expected = expected_validate(folder)
    assert "no paper 'p2'" in expected[2] and rl("validate", folder) == expected
    (folder / "list.yaml").write_text(LIST.replace("title: Two", "title: ''"), encoding="utf-8")
    for _ in range(2):
        assert rl("validate", folder) == expected_validate(folder)
        assert "list.yaml:16: papers[1].title" in rl("validate", folder)[2]


def test_an_entry_moved_to_another_reader_or_tampered_with_is_not_trusted(folder):
    assert rl("validate", folder)[0] == 0
    cache = folder / CACHE
    # cy's file replaced by bob's bytes, and bob's entry planted as cy's: the names differ.
    (folder / "reviews" / "cy.yaml").write_bytes((folder / "reviews" / "bob.yaml").read_bytes())
    (cache / "reader-cy.json").write_bytes((cache / "reader-bob.json").read_bytes())
    code, _, err = rl("validate", folder)
    assert code == 1 and "cy.yaml:2: reader: file of reader 'cy' names reader 'bob'" in err
    # An entry whose summary is edited to claim other bytes (no one else has the key).
    assert rl("validate", folder / "reviews" / "zed.yaml")[0] == 1
    (folder / "reviews" / "cy.yaml").write_text(reader_text("cy", 3).replace("status: read", "status: nonsense"), encoding="utf-8")
    good = (cache / "reader-zed.json").read_bytes()
    digest = listcache.hashlib.sha256((folder / "reviews" / "cy.yaml").read_bytes()).hexdigest()
    forged = good.replace(good[good.index(b'"digest":"') + 10 : good.index(b'"digest":"') + 74], digest.encode())
    (cache / "reader-cy.json").write_bytes(forged.replace(b'"reader":"zed"', b'"reader":"cy"'))
    code, _, err = rl("validate", folder)
    assert code == 1 and "cy.yaml:11: reviews[1].status" in err


def test_a_warm_check_decodes_no_review_and_no_paper(folder, monkeypatch):
    assert rl("validate", folder)[0] == 0
    decoded = []
    original = cachecodec.decode_reader_file
    monkeypatch.setattr(cachecodec, "decode_reader_file", lambda data: decoded.append(1) or original(data))
    papers = []
    original_catalogue = cachecodec.decode_catalogue
    monkeypatch.setattr(cachecodec, "decode_catalogue", lambda data: papers.append(1) or original_catalogue(data))
    result = rl("validate", folder)
    assert decoded == [] and papers == []
    assert result == expected_validate(folder)
    decoded.clear()
    assert ListStore.open(folder).reading_list.reviews["bob"]["p1"].rating == 3  # a full open does decode
    assert len(decoded) == len(READERS)


def test_entries_of_readers_that_are_gone_are_removed(folder):
    assert rl("validate", folder)[0] == 0
    assert listcache.cached_readers(folder) == set(READERS)
    (folder / "reviews" / "cy.yaml").unlink()
    (folder / CACHE / "readers.json").write_bytes(b"an entry of earlier code")
    assert rl("validate", folder)[0] == 0
    assert listcache.cached_readers(folder) == set(READERS) - {"cy"}
    assert not (folder / CACHE / "readers.json").exists()


@pytest.mark.parametrize("warm", [False, True])
def test_reader_files_are_given_one_at_a_time_and_not_kept(folder, warm):
    if warm:
        ListStore.open(folder)
    alive: list[weakref.ref] = []
    seen = []

    def visit(catalogue, reader, found):
        gc.collect()
        assert [ref() for ref in alive if ref() is not None] == []  # the previous reader's file is gone
        alive.append(weakref.ref(found))
        seen.append(reader)

    scan_valid(folder, visit)
    assert seen == sorted(READERS, key=lambda r: f"{r}.yaml")


# -- show --json ----------------------------------------------------------------------------


def expected_json(folder: Path) -> str:
    """`show --json` as a store holding every reader's reviews computes it."""
    records = to_records(ListStore.open(folder).reading_list)
    return printable(orjson.dumps(records, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n", newlines=True)


@pytest.mark.parametrize("warm", [False, True])
def test_show_json_is_the_whole_stores_records(folder, warm):
    if warm:
        rl("validate", folder)
    code, out, err = rl("show", "--json", folder)
    assert code == 0 and out == expected_json(folder)
    assert "8 references to papers not in the list" in err
    records = orjson.loads(out)
    assert list(records[0]["reviews"]) == sorted(r for r in READERS if r != "dee")  # readers in name order
    assert records[0]["tags"][0] == "moe"


def test_show_json_of_removed_papers_and_no_readers(folder, tmp_path):
    assert rl("remove", folder, "p2", "--reader", "bob")[0] == 0
    code, out, err = rl("show", "--json", folder)
    assert code == 0 and out == expected_json(folder) and "1 removed paper not shown" in err
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "list.yaml").write_text("format_version: 1\ntitle: Empty\npapers: []\n", encoding="utf-8")
    assert rl("show", "--json", tmp_path / "empty") == (0, "[]\n", "")


def test_show_json_refuses_what_open_refuses(folder, tmp_path):
    break_file(folder, "cy")
    code, out, err = rl("show", "--json", folder)
    assert (code, out) == (1, "") and "cy.yaml:11" in err
    assert rl("show", "--json", tmp_path / "nowhere")[0] == 2


def expected_table(folder: Path) -> str:
    """`show` as a table, from a store holding every reader's reviews."""
    from readinglist.cli.lists import _print_table
    from readinglist.records import review_record

    reading_list = ListStore.open(folder).reading_list
    out = io.StringIO()
    _print_table(reading_list, len(reading_list.reviews), lambda pid: {r: review_record(v) for r, v in reading_list.reviews_of(pid).items()}, out)
    return printable(out.getvalue(), newlines=True)


@pytest.mark.parametrize("warm", [False, True])
def test_show_table_is_the_whole_stores_table(folder, warm, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    if warm:
        rl("validate", folder)
    code, out, _ = rl("show", folder)
    table = expected_table(folder)
    assert code == 0 and out.startswith(table)
    assert "Group - 3 papers, 6 readers" in table and "moe,tag-" in table
    assert out[len(table):].splitlines() == ["8 references to papers not in the list, kept as they are: "
                                             f"'readinglist validate {folder}' says where"]  # fmt: skip


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, max_size=4))
def test_the_array_in_pieces_is_the_array_at_once(items):
    assert b"".join(json_array(iter(items))) == orjson.dumps(items, option=orjson.OPT_INDENT_2)
