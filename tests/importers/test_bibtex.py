"""BibTeX import, on small inputs written for these tests."""

import datetime as dt

from readinglist.catalogue import add_papers
from readinglist.importers import detect, parse_source
from readinglist.model import ReadingList

BIB = r"""% a comment line
@misc{lima2025sparse,
      title={Sparse {Experts} at Small Scale},
      author={Lima, Ana and Okafor, Ben and others},
      year={2025},
      eprint={2501.00001},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
}

@Article{Ruiz:2024,
  Title = {Pok\'{e}mon Policies and Na{\"\i}ve {B}ayes},
  Author = {Carla Ruiz and von Neumann, John and Smith, Jr., Alan},
  Journal = {Journal of Games},
  Date = {2024-03-05},
  Keywords = {games; Reinforcement Learning},
  Doi = {10.1000/games.1},
}

@inproceedings{broken,
  title = {Never closed},
  author = {Someone}

@article{notitle, author = {Nobody}, year = 2020}

@article{lima2025sparse, title = {A Different Paper With a Reused Key}, year = 2025}
"""


def test_entries_become_papers_with_readable_text():
    assert detect(BIB) == "bibtex"
    result = parse_source(BIB, "refs.bib")
    by_title = {p.title: p for p in result.papers}
    sparse = by_title["Sparse Experts at Small Scale"]
    assert sparse.arxiv_id == "2501.00001"
    assert sparse.authors == ("Ana Lima", "Ben Okafor") and sparse.author_count is None  # "and others"
    assert sparse.year == 2025 and sparse.published is None
    assert sparse.sources[0].line == 2
    games = by_title["Pokémon Policies and Naïve Bayes"]
    assert games.authors == ("Carla Ruiz", "John von Neumann", "Alan Smith, Jr.")
    assert games.published == dt.date(2024, 3, 5)
    assert games.venue == "Journal of Games" and games.doi == "10.1000/games.1"
    assert games.suggested_tags == ("games", "reinforcement learning")


def test_failures_are_located_and_nothing_is_dropped_silently():
    result = parse_source(BIB, "refs.bib")
    titles = [p.title for p in result.papers]
    assert "A Different Paper With a Reused Key" in titles  # a reused key is still a paper
    messages = {p.line: p.message for p in result.problems}
    assert any("used twice" in m for m in messages.values())
    assert any("no title" in m for m in messages.values())
    assert any(line == 20 and "not imported" in m for line, m in messages.items()), messages
    assert len(result.papers) + sum("not imported" in m or "no title" in m for m in messages.values()) == 5


def test_arxiv_ids_from_every_place_exporters_put_them():
    bib = r"""
@article{a, title={A}, journal={arXiv:1305.4904 [quant-ph]}}
@techreport{b, title={B}, number={arXiv:1809.02922}, institution={arXiv}}
@misc{c, title={C}, doi={10.48550/arXiv.2410.00917}}
@online{d, title={D}, eprint={arXiv:2204.03523}, eprinttype={arXiv}}
@misc{e, title={E}, url={https://arxiv.org/abs/2605.25507}}
@misc{f, title={F}, eprint={1234}, archiveprefix={HAL}}
"""
    result = parse_source(bib, "ids.bib")
    assert [p.arxiv_id for p in result.papers] == ["1305.4904", "1809.02922", "2410.00917", "2204.03523", "2605.25507", None]
    assert result.papers[2].doi is None  # arXiv's own DOI adds nothing to the id


def test_crlf_and_bom():
    crlf = "\ufeff" + BIB.replace("\n", "\r\n")
    assert [p.title for p in parse_source(crlf, "r.bib").papers] == [p.title for p in parse_source(BIB, "r.bib").papers]


def test_same_paper_from_bibtex_and_a_list_merges_by_arxiv_id():
    reading_list = ReadingList("t")
    add_papers(reading_list, parse_source(BIB, "refs.bib").papers)
    ids = "https://arxiv.org/abs/2501.00001v3\n"
    report = add_papers(reading_list, parse_source(ids, "ids.txt", format="arxiv-ids").papers)
    assert report.added == []
