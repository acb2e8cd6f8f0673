"""How handouts are laid out: summaries across slides, titled charts, page sizes and full
pages in the PDF, cleaned links, counts in words, and where files go by default."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import readinglist
from readinglist.cli import main
from readinglist.model import Paper
from readinglist.store import ListStore

from .conftest import FIXED_NOW, chromium_or_skip, make_big_list

POINTS = {"a4": (595, 842), "letter": (612, 792)}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return make_big_list(tmp_path_factory.mktemp("big") / "big", 215)


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_slides_split_the_summary_ten_papers_a_slide(big, tmp_path):
    soup = soup_of(readinglist.export(big, "slides", tmp_path / "big.slides.html"))
    slides = soup.select("div.reveal > div.slides > section")
    summaries = [s for s in slides if s.select_one(".rl-summary")]
    assert len(summaries) == 22  # 215 papers, 10 a slide
    assert summaries[0].find("h2").get_text() == "Summary: papers 1–10 of 215"
    assert summaries[-1].find("h2").get_text() == "Summary: papers 211–215 of 215"
    numbers = [int(tr.find("td").get_text()) for s in summaries for tr in s.find_all("tr")[1:]]
    assert numbers == list(range(1, 216))  # every paper once, in order
    assert all(len(s.find_all("tr")) <= 11 for s in summaries)
    charts = slides[1 + len(summaries)]
    assert charts.find("h2").get_text() == "Charts" and len(charts.find_all("img")) == 2
    assert len(slides) == 1 + 22 + 1 + 215


def test_html_keeps_one_summary_table(big, tmp_path):
    soup = soup_of(readinglist.export(big, "html", tmp_path / "big.html"))
    (table,) = [t for t in soup.find_all("table")]
    assert len(table.find_all("tr")) == 216
    assert [h.get_text() for h in soup.find_all("h2")][:2] == ["Summary", "Charts"]
    assert soup.find("h1").find_next("p").get_text() == "215 papers"


def one_paper_list(folder, **paper):
    store = ListStore.create(folder, title="Solo", clock=lambda: FIXED_NOW)
    store.reading_list.papers["p"] = Paper(id="p", title="The only paper", **paper)
    store.save_catalogue()
    store.update_review("ann", "p", rating=4)
    return folder


def test_one_paper_is_one_paper_everywhere(tmp_path, capsys):
    folder = one_paper_list(tmp_path / "solo", author_count=1, upvotes=1)
    soup = soup_of(readinglist.export(folder, "html", tmp_path / "s.html"))
    text = " ".join(soup.get_text(" ").split())
    assert "1 paper " in text + " " and "1 author" in text and "1 upvote" in text and "from 1 rating" in text
    assert not re.search(r"\b1 (papers|authors|upvotes|ratings|readers)\b", text)
    assert main(["export", str(folder), "--to", "csv", "-o", str(tmp_path / "s.csv")]) == 0
    assert capsys.readouterr().out.endswith(": 1 paper\n")
    assert main(["show", str(folder)]) == 0
    assert "1 paper, 1 reader" in capsys.readouterr().out


def test_links_lose_the_debris_pages_leave(tmp_path):
    abstract = (
        "Code: https://github.com/om-ai-lab/ZoomEye{https://github.com/om-ai-lab/ZoomEye}. "
        "Ours at https://github.com/vbdi/divprune{here}. Done."
    )
    reading_list = ListStore.open(one_paper_list(tmp_path / "links", abstract=abstract)).reading_list
    paper = reading_list.papers["p"]
    # A list saved before links were cleaned on import may still hold debris in its links.
    reading_list.papers["p"] = type(paper)(**{**paper.__dict__, "links": {"code": "https://github.com/vbdi/divprune{here}", "code-2": "https://github.com/vbdi/divprune"}})
    soup = soup_of(readinglist.export(reading_list, "html", tmp_path / "l.html"))
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert hrefs.count("https://github.com/vbdi/divprune") == 2  # the paper's link once, the abstract's once
    assert "https://github.com/om-ai-lab/ZoomEye" in hrefs
    assert not [h for h in hrefs if "{" in h or "%7B" in h]
    text = soup.get_text(" ")
    assert "{here}" not in text and "ZoomEye{" not in text and "}" not in text
    assert "Ours at https://github.com/vbdi/divprune . Done." in " ".join(text.split())


def text_bottoms(path) -> list[tuple[float, float, bool]]:
    """Per page: the lowest line of text (points from the bottom), the page height, whether it has an image."""
    out = []
    for page in PdfReader(path).pages:
        ys: list[float] = []
        page.extract_text(visitor_text=lambda t, cm, tm, *_: ys.append(cm[5] + cm[3] * tm[5]) if t.strip() else None)
        resources = page.get("/Resources") or {}
        out.append((min(ys) if ys else float(page.mediabox.height), float(page.mediabox.height), "/XObject" in resources))
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_pages_are_full_and_of_the_chosen_size(example, tmp_path, paper):
    chromium_or_skip()
    path = readinglist.export(example, "pdf", tmp_path / f"h-{paper}.pdf", paper=paper)
    reader = PdfReader(path)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {POINTS[paper]}
    pages = text_bottoms(path)
    assert len(pages) >= 3
    for bottom, height, image in pages[:-1]:
        if not image:  # a chart's height is not in the text
            assert bottom < height / 2, f"a page ends at {bottom:.0f} of {height:.0f} pt: half empty"


def test_pdf_of_many_papers_has_no_half_empty_page(big, tmp_path):
    chromium_or_skip()
    path = readinglist.export(big, "pdf", tmp_path / "big.pdf", session=None, tags=["sparse"])
    pages = text_bottoms(path)
    half_empty = [n for n, (bottom, height, image) in enumerate(pages[:-1], 1) if not image and bottom > height / 2]
    assert half_empty == []


def test_paper_size_is_checked(example, tmp_path, capsys):
    with pytest.raises(readinglist.InputError, match="a4, letter"):
        readinglist.export(example, "html", tmp_path / "x.html", paper="a5")
    assert main(["export", str(example), "--to", "csv", "--paper", "a4", "-o", str(tmp_path / "x.csv")]) == 2
    assert main(["export", str(example), "--paper", "a5", "-o", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "--paper" in err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.html").exists()
    html = readinglist.export(example, "html", tmp_path / "l.html", paper="LETTER").read_text()
    assert "@page { size: letter;" in html
    assert "@page { size: A4;" in readinglist.export(example, "html", tmp_path / "a.html").read_text()


def test_cli_export_writes_into_the_projects_handouts_folder(example, tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    (project / "lists").mkdir(parents=True)
    folder = example.rename(project / "lists" / "moe")
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(folder), "--to", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{project / 'handouts' / 'moe-handout.md'}: ")
    assert sorted(p.name for p in (project / "handouts").iterdir()) == ["moe-handout.md", "moe-handout_files"]
    assert not (tmp_path / "moe-handout.md").exists()

