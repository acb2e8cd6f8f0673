"""Every format made from the example list, read back the way a user's tool would read it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import bibtexparser
import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import readinglist
from readinglist.cli import main
from readinglist.errors import InputError, MissingToolError
from readinglist.handout import export_handout
from readinglist.store import ListStore

from .conftest import SESSION, chromium_or_skip


def titles(folder: Path, ids: list[str] | None = None) -> list[str]:
    rl = ListStore.open(folder).reading_list
    return [rl.papers[i].title for i in (ids or list(rl.papers))]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def assert_self_contained(soup: BeautifulSoup) -> None:
    """Nothing to fetch: no external script, style sheet, font, image or frame."""
    assert not soup.find_all(["link", "iframe", "object", "embed", "base"])
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:image/"), tag
    for script in soup.find_all("script"):
        assert not script.get("src"), script
    for style in soup.find_all("style"):
        assert "@import" not in style.text and "url(http" not in style.text


def test_html_is_one_readable_file_without_script(example, tmp_path):
    out = readinglist.export(example, "html", tmp_path / "handout.html")
    soup = soup_of(out)
    assert soup.find("h1").get_text() == "Sparse models reading group"
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings[:2] == ["Summary", "Charts"]
    assert headings[2:] == [f"{n}. {t}" for n, t in enumerate(titles(example), 1)]
    rows = soup.find("table").find_all("tr")[1:]
    assert len(rows) == len(titles(example))
    assert [td.get_text() for td in rows[0].find_all("td")] == [
        "1", titles(example)[0], "★★★★★ 4.5", "2", "moe, routing",
    ]  # fmt: skip
    assert len(soup.find_all("img")) == 2  # the two charts
    assert not soup.find_all("script")
    assert_self_contained(soup)
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "@media print" in soup.find("style").text


def test_session_handout_carries_date_presenter_and_questions(example, tmp_path):
    out = readinglist.export(example, "html", tmp_path / "s.html", session="2026-12-03")
    text = " ".join(soup_of(out).get_text(" ").split())
    assert "Session of Thursday 3 December 2026" in text and "presented by ana" in text
    assert "Does the running-window loss hold at 64 experts?" in text
    assert [h.get_text() for h in soup_of(out).find_all("h2")][:2] == ["Discussion questions", "Summary"]


def test_pdf_has_every_title(example, tmp_path):
    chromium_or_skip()
    out = readinglist.export(example, "pdf", tmp_path / "handout.pdf", session=SESSION.isoformat())
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for title in titles(example, ["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"]):
        assert " ".join(title.split()) in text
    assert "Discussion questions" in text and "★" in text


def test_pdf_without_a_browser_names_the_package_and_writes_nothing(example, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv("READINGLIST_CHROMIUM", raising=False)
    target = tmp_path / "h.pdf"
    with pytest.raises(MissingToolError, match="install Debian's package 'chromium'"):
        readinglist.export(example, "pdf", target)
    assert main(["export", str(example), "--to", "pdf", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install chromium" in err
    assert not target.exists() and not list(tmp_path.glob(".h.pdf*"))


def test_slides_are_reveal_inlined_one_slide_per_paper(example, tmp_path):
    out = readinglist.export(example, "slides", tmp_path / "talk.slides.html")
    soup = soup_of(out)
    assert_self_contained(soup)
    slides = soup.select("div.reveal > div.slides > section")
    n = len(titles(example))
    assert len(slides) == 3 + n  # title, summary, charts, then one per paper
    assert slides[0].find("h1").get_text() == "Sparse models reading group"
    assert [s.find("h2").get_text() for s in slides[3:]] == [f"{i}. {t}" for i, t in enumerate(titles(example), 1)]
    scripts = [s.string for s in soup.find_all("script")]
    assert len(scripts) == 2 and "Reveal.initialize" in scripts[1] and len(scripts[0]) > 50_000
    licence = Path(readinglist.__file__).parent / "handout" / "templates" / "readinglist-slides" / "reveal" / "LICENSE"
    assert "MIT" in licence.read_text() or "Permission is hereby granted" in licence.read_text()


def test_markdown_images_are_written_beside_it(example, tmp_path):
    done = export_handout(example, "markdown", tmp_path / "notes.md")
    text = done.path.read_text(encoding="utf-8")
    assert text.startswith("# Sparse models reading group")
    images = [line[line.index("](") + 2 : -1] for line in text.splitlines() if line.startswith("![")]
    assert len(images) == 2 and all(i.startswith("notes_files/") for i in images)
    for image in images:
        assert (tmp_path / image).read_bytes().startswith(b"\x89PNG")
    assert set(done.extra) == {tmp_path / i for i in images}
    assert "| 1 | Sparse Routing Without Tears" in text


def test_ipynb_is_a_valid_notebook(example, tmp_path):
    out = readinglist.export(example, "ipynb", tmp_path / "h.ipynb", tags=["moe"])
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["readinglist"]["papers"] == [
        "sparse-routing-without-tears-load-balanced", "field-guide-router-collapse", "capacity-factors-considered-harmful",
    ]  # fmt: skip


def test_bibtex_reparses_with_arxiv_eprints(tmp_path):
    from .conftest import make_hostile_list

    folder = make_hostile_list(tmp_path / "l")
    out = readinglist.export(folder, "bibtex", tmp_path / "refs.bib")
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert sorted(entries) == ["arxiv:2401.01231", "arxiv:2401.01232", "slug-paper"]
    first = entries["arxiv:2401.01231"]
    assert first.fields_dict["eprint"].value == "2401.01231"
    assert first.fields_dict["archiveprefix"].value == "arXiv"
    assert first.fields_dict["year"].value == "2025"
    assert "eprint" not in entries["slug-paper"].fields_dict  # its arxiv_id is not an arXiv id


def test_bibtex_of_the_example_list(example, tmp_path):
    out = readinglist.export(example, "bibtex", tmp_path / "refs.bib", session=SESSION)
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"]
    assert library.entries[1].fields_dict["title"].value == (
        "Sparse Routing Without Tears: Load-Balanced Mixture-of-Experts at Small Scale"
    )
    assert library.entries[1].fields_dict["author"].value == "{Example Lab}"


def test_csv_has_a_row_per_paper_and_columns_per_reader(example, tmp_path):
    out = readinglist.export(example, "csv", tmp_path / "t.csv", order="rating")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows[:2]] == ["field-guide-router-collapse", "sparse-routing-without-tears-load-balanced"]
    assert rows[1]["group_rating"] == "4.50" and rows[1]["ana_rating"] == "5" and rows[1]["ben_status"] == "read"
    assert rows[1]["tags"] == "moe; routing"


def test_default_output_is_in_a_handouts_folder_beside_the_list(example, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not where the handout goes
    assert readinglist.export(example, "csv") == tmp_path / "handouts" / "example-handout.csv"
    done = export_handout(example, "md", session=SESSION)
    assert done.path == tmp_path / "handouts" / "example-2026-12-03.md"
    assert all(p.parent.parent == tmp_path / "handouts" for p in done.extra)
    assert list(elsewhere.iterdir()) == []


def test_default_output_of_a_list_in_a_lists_folder_is_the_projects_handouts_folder(example, tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "lists").mkdir(parents=True)
    folder = example.rename(project / "lists" / "moe")
    monkeypatch.chdir(project / "lists")
    assert readinglist.export(folder, "bibtex") == project / "handouts" / "moe-handout.bib"
    assert readinglist.export(readinglist.open_list(str(folder)), "csv").parent == project / "lists" / "handouts"
    assert not (project / "lists" / "moe" / "handouts").exists()


def test_the_projects_gitignore_ignores_handouts_and_checkpoints():
    ignored = (Path(readinglist.__file__).resolve().parents[1] / ".gitignore").read_text().splitlines()
    assert "handouts/" in ignored and ".ipynb_checkpoints/" in ignored


def test_a_bad_default_export_leaves_no_handouts_folder(example, tmp_path):
    with pytest.raises(InputError):
        readinglist.export(example, "html", tags=["moe"], min_rating=9)
    with pytest.raises(InputError):
        readinglist.export(example, "csv", paper="a4")
    assert not (tmp_path / "handouts").exists()


def test_export_from_a_reading_list_object(example, tmp_path):
    rl = readinglist.open_list(str(example))
    out = readinglist.export(rl, "html", tmp_path / "x.html", min_rating=5)
    assert [h.get_text() for h in soup_of(out).find_all("h2")] == ["Summary", "Charts", "1. A Field Guide to Router Collapse"]


def test_cli_export_each_format(example, tmp_path, capsys):
    for fmt, name in [("html", "a.html"), ("slides", "a.slides.html"), ("md", "a.md"), ("ipynb", "a.ipynb"), ("bib", "a.bib"), ("csv", "a.csv")]:
        code = main(["export", str(example), "--to", fmt, "-o", str(tmp_path / name), "--tag", "moe", "--min-rating", "4"])
        assert code == 0, capsys.readouterr().err
        assert (tmp_path / name).stat().st_size > 0
    out = capsys.readouterr().out
    assert out.count(": 2 papers") == 6


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["--to", "docx"], 2, "invalid choice"),
        (["--session", "3 Dec"], 2, "YYYY-MM-DD"),
        (["--session", "2026-12-04"], 1, "no session on 2026-12-04"),
        (["--min-rating", "6"], 2, "from 1 to 5"),
        (["--reader", "zed"], 1, "no reviews by reader 'zed'"),
        (["--status", "done"], 2, "invalid choice"),
    ],
)
def test_cli_export_refuses_bad_options_in_one_line_and_writes_nothing(example, tmp_path, capsys, argv, code, words):
    target = tmp_path / "out.html"
    assert main(["export", str(example), "-o", str(target), *argv]) == code
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not target.exists()


def test_a_bad_list_names_file_line_and_field_and_leaves_the_old_handout(example, tmp_path, capsys):
    target = tmp_path / "out.html"
    target.write_text("old handout")
    text = (example / "list.yaml").read_text().replace("  upvotes: 19", "  upvotes: many", 1)
    (example / "list.yaml").write_text(text)
    assert main(["export", str(example), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{example / 'list.yaml'}:" in err and "papers[0].upvotes" in err and err.count("\n") == 1
    assert target.read_text() == "old handout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example", "out.html"]


def test_missing_output_folder_is_a_usage_error(example, tmp_path, capsys):
    assert main(["export", str(example), "-o", str(tmp_path / "nope" / "x.html")]) == 2
    assert "no such folder" in capsys.readouterr().err
