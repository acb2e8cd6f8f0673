"""Import speed of BibTeX and Hugging Face API records, beside the libraries' own parse time.

    python benchmarks/bench_importers.py                # 20,000 records of each
    python benchmarks/bench_importers.py --size 2000 --repeat 3

Synthetic data, deterministic: BibTeX entries shaped like Zotero's and arXiv's exports
(LaTeX accents, `{Title} {Case}` braces, eprint fields), API records shaped like
`/api/daily_papers` items. Medians are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable

import bibtexparser

from readinglist.catalogue import add_papers
from readinglist.importers.bibtex import _parse_stack, parse_bibtex
from readinglist.importers.hf_api import parse_hf_api
from readinglist.model import ReadingList

WORDS = (
    "sparse dense expert router token attention scaling law model training data transformer "
    "language vision robust efficient learning inference memory graph policy reward"
).split()
NAMES = ["M{\\\"u}ller, Anna", "Lima, Ana", "Okafor, Ben", "Ruiz, Carla", "Bod{\\'e}n, Erik", "Wu, Dan", "Nguyen, Thi"]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def bibtex_text(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    for i in range(size):
        title = " ".join("{" + w.capitalize() + "}" for w in _sentence(rng, 8).split())
        authors = " and ".join(rng.sample(NAMES, 3))
        abstract = _sentence(rng, 180)
        if i % 2:
            out.append(
                f"@misc{{key{i},\n      title={{{title}}},\n      author={{{authors}}},\n      year={{2024}},\n"
                f"      eprint={{24{i % 12 + 1:02d}.{i:05d}}},\n      archivePrefix={{arXiv}},\n      primaryClass={{cs.LG}},\n"
                f"      abstract={{{abstract}}}\n}}\n"
            )
        else:
            out.append(
                f"@article{{key{i},\n\ttitle = {{{title}}},\n\tauthor = {{{authors}}},\n\tjournal = {{Journal of {rng.choice(WORDS).title()}}},\n"
                f"\tyear = {{2023}},\n\tmonth = jun,\n\tkeywords = {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}},\n\tabstract = {{{abstract}}},\n}}\n"
            )
    return "\n".join(out)


def api_text(size: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    items = []
    for i in range(size):
        arxiv_id = f"26{i % 12 + 1:02d}.{i:05d}"
        items.append(
            {
                "paper": {
                    "id": arxiv_id,
                    "authors": [{"_id": f"a{i}{k}", "name": n.split(", ")[1] + " " + n.split(", ")[0], "hidden": False} for k, n in enumerate(rng.sample(NAMES, 4))],
                    "publishedAt": "2026-05-30T00:00:00.000Z",
                    "title": _sentence(rng, 9).capitalize(),
                    "summary": _sentence(rng, 190),
                    "upvotes": rng.randint(0, 80),
                    "ai_keywords": rng.sample(WORDS, 5),
                    "githubRepo": f"https://github.com/example/repo{i}" if i % 3 == 0 else None,
                    "organization": {"name": "example-lab", "fullname": "Example Lab"} if i % 2 else None,
                },
                "title": "x",
                "publishedAt": "2026-05-29T20:00:00.000Z",
            }
        )
    return json.dumps(items)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    bib = bibtex_text(args.size)
    api = api_text(args.size)
    rows = []
    library_bib = median_time(lambda: bibtexparser.parse_string(bib, parse_stack=_parse_stack()), args.repeat)
    bare_bib = median_time(lambda: bibtexparser.parse_string(bib), args.repeat)
    ours_bib = median_time(lambda: parse_bibtex(bib, "bench.bib"), args.repeat)
    parsed_bib = parse_bibtex(bib, "bench.bib")
    full_bib = median_time(lambda: add_papers(ReadingList("b"), parsed_bib.papers), args.repeat) + ours_bib
    rows += [
        ("BibTeX: bibtexparser.parse_string, default stack", bare_bib, ""),
        ("BibTeX: bibtexparser with the middlewares we use", library_bib, ""),
        ("BibTeX: our importer (parse + convert to papers)", ours_bib, f"{ours_bib / library_bib:.2f}x the library with the same middlewares"),
        ("BibTeX: import (importer + merge into a list)", full_bib, f"{full_bib / library_bib:.2f}x"),
    ]
    library_api = median_time(lambda: json.loads(api), args.repeat)
    ours_api = median_time(lambda: parse_hf_api(api, "bench.json"), args.repeat)
    parsed_api = parse_hf_api(api, "bench.json")
    full_api = median_time(lambda: add_papers(ReadingList("a"), parsed_api.papers), args.repeat) + ours_api
    rows += [
        ("API JSON: json.loads", library_api, ""),
        ("API JSON: our importer (parse + convert to papers)", ours_api, f"{ours_api / library_api:.1f}x json.loads"),
        ("API JSON: import (importer + merge into a list)", full_api, ""),
    ]
    print(f"{args.size:,} records each, median of {args.repeat} (Python {sys.version.split()[0]})\n")
    print("| step | median (s) | note |\n| --- | ---: | --- |")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds:.3f} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
