"""Benchmark of suggestions: quality on labelled synthetic lists, and whole-process speed.

Labelled data, made here from fixed seeds without the network (`tests/topics.py`): lists
whose papers each have a hidden main topic (12 topics; some papers a second one); a
topic's papers share made-up words and authors, every paper also draws from a vocabulary
all topics share. Five simulated members each like two random topics; each reviewed a
random sample of papers (mostly ratings, 4-5 for papers of a liked topic and 1-3 for
others, 10% flipped as noise; some queued or skipped) and tagged half of them with the
paper's main topic.

1. Precision at 10 for each member: of the 10 papers suggested among those the member has
   not reviewed, the share whose topics include one the member likes; against random order
   (the expected share), upvotes, and the group mean (Bayesian mean of the other members'
   ratings, then upvotes). Also for a cold start (a member with only 2 liked ratings).
2. Tag suggestions for papers nobody tagged: precision (a suggested tag is one of the
   paper's topics) and recall (the paper's main topic was suggested, among papers whose
   main topic is a group tag).
3. Speed, whole process: `python -m readinglist suggest LIST --reader R --json` on lists of
   2,000 and 20,000 papers (abstracts of about 1.3 KB), cold (no cache), with the cache
   warm, and warm features after a new rating (the model is fitted again).

Run from the repository root:

    python benchmarks/bench_suggest.py                             # tables on stdout
    python benchmarks/bench_suggest.py --write docs/performance.md
    python benchmarks/bench_suggest.py --quick                     # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from perfdoc import write_section

from readinglist.analysis import NEUTRAL_RATING, PRIOR_WEIGHT
from readinglist.model import Review
from readinglist.store import ListStore
from readinglist.suggestions import suggest, suggest_tags
from readinglist.suggestions.cache import CACHE_DIR
from readinglist.suggestions.learn import forget_fitted
from tests.topics import FIXED_NOW, Corpus, Member, make_corpus, make_reviews, write_list

HEADING = "## Suggestions (`benchmarks/bench_suggest.py`)"
MEMBERS = 5
LOAD_AT_START = " ".join(f"{x:.2f}" for x in os.getloadavg())
SPEED_TARGETS = {(2_000, "cold"): 1.0, (20_000, "cold"): 5.0, (20_000, "warm"): 1.0}


# -- quality ----------------------------------------------------------------------------


@dataclass
class Group:
    folder: Path
    corpus: Corpus
    members: list[Member]
    reviews: dict[str, dict[str, Review]]


def make_group(folder: Path, size: int, reviewed: int, seed: int, topic_share: float, sentences: tuple[int, int] = (5, 9)) -> Group:
    corpus = make_corpus(size, seed=seed, topic_share=topic_share, sentences=sentences)
    rng = random.Random(seed * 7 + 1)
    names = [t.name for t in corpus.topics]
    members = [Member(f"member-{i}", set(rng.sample(names, 2))) for i in range(MEMBERS)]
    ids = [p.id for p in corpus.papers]
    reviews = {m.name: make_reviews(rng, corpus, m, rng.sample(ids, reviewed)) for m in members}
    write_list(folder, corpus, reviews)
    return Group(folder, corpus, members, reviews)


def relevant(group: Group, member: Member, paper_id: str) -> bool:
    return bool(group.corpus.topics_of(paper_id) & member.likes)


def group_mean_order(group: Group, member: Member, candidates: list[str]) -> list[str]:
    upvotes = {p.id: p.upvotes for p in group.corpus.papers}

    def key(pid: str) -> tuple[float, int]:
        ratings = [by[pid].rating for name, by in group.reviews.items() if name != member.name and pid in by and by[pid].rating]
        mean = (NEUTRAL_RATING * PRIOR_WEIGHT + sum(ratings)) / (PRIOR_WEIGHT + len(ratings))  # type: ignore[arg-type]
        return (-mean, -upvotes[pid])

    return sorted(candidates, key=key)


def precision(group: Group, member: Member, ranked: list[str], k: int = 10) -> float:
    return sum(relevant(group, member, pid) for pid in ranked[:k]) / k


@dataclass
class Quality:
    label: str
    model: list[float]
    random: list[float]
    upvotes: list[float]
    group_mean: list[float]


def quality_runs(workdir: Path, size: int, reviewed: int, seeds: list[int], topic_share: float, cold: bool) -> Quality:
    label = f"{size:,} papers, {reviewed} reviews each, topical words {topic_share:.0%}" + (", cold start" if cold else "")
    q = Quality(label, [], [], [], [])
    for seed in seeds:
        folder = workdir / f"q-{size}-{seed}-{topic_share}-{cold}"
        group = make_group(folder, size, reviewed, seed, topic_share)
        for member in group.members:
            if cold:  # keep two liked ratings and the member's other reviews without ratings
                mine = group.reviews[member.name]
                liked = [pid for pid, r in mine.items() if r.rating and r.rating >= 4][:2]
                store = ListStore.open(folder, clock=lambda: FIXED_NOW)
                for pid in list(mine):
                    if pid not in liked:
                        store.reading_list.reviews[member.name].pop(pid)
                store.save_reviews(member.name)
                group.reviews[member.name] = {pid: mine[pid] for pid in liked}
            found = suggest(folder, reader=member.name, limit=10)
            if cold:
                assert found.cold_start, found.basis
            seen = set(group.reviews[member.name])
            candidates = [p.id for p in group.corpus.papers if p.id not in seen]
            q.model.append(precision(group, member, found.ids))
            q.random.append(sum(relevant(group, member, pid) for pid in candidates) / len(candidates))
            by_upvotes = sorted(candidates, key=lambda pid: -next(p.upvotes for p in group.corpus.papers if p.id == pid))
            q.upvotes.append(precision(group, member, by_upvotes))
            q.group_mean.append(precision(group, member, group_mean_order(group, member, candidates)))
        shutil.rmtree(folder)
    return q


@dataclass
class TagQuality:
    label: str
    precision: float
    recall: float
    suggested: int
    papers: int


def tag_quality(workdir: Path, size: int, reviewed: int, seeds: list[int], topic_share: float) -> TagQuality:
    right = suggested = found_main = eligible = 0
    for seed in seeds:
        folder = workdir / f"t-{size}-{seed}"
        group = make_group(folder, size, reviewed, seed, topic_share)
        result = suggest_tags(folder)
        tags = set(result.group_tags)
        tagged = {pid for by in group.reviews.values() for pid, r in by.items() if r.tags}
        by_paper = {p.id: {t.tag for t in p.tags} for p in result}
        for paper in group.corpus.papers:
            if paper.id in tagged or group.corpus.main_topic[paper.id] not in tags:
                continue
            eligible += 1
            found_main += group.corpus.main_topic[paper.id] in by_paper.get(paper.id, set())
        for pid, chosen in by_paper.items():
            suggested += len(chosen)
            right += len(chosen & group.corpus.topics_of(pid))
        shutil.rmtree(folder)
    label = f"{size:,} papers, {reviewed} reviews each (half tagged), topical words {topic_share:.0%}"
    return TagQuality(label, right / max(suggested, 1), found_main / max(eligible, 1), suggested, eligible)


# -- speed ------------------------------------------------------------------------------


@dataclass
class Timing:
    size: int
    case: str
    wall: list[float]
    cpu: list[float]


def run_cli(folder: Path, reader: str) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "suggest", str(folder), "--reader", reader, "--json"],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode())
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def speed(workdir: Path, size: int, repeats: int) -> tuple[list[Timing], dict[str, float]]:
    folder = workdir / f"s-{size}"
    start = time.perf_counter()
    group = make_group(folder, size, reviewed=min(2_000, size // 10), seed=11, topic_share=0.2, sentences=(9, 14))
    made = time.perf_counter() - start
    reader = group.members[0].name
    cold, warm, refit = Timing(size, "cold", [], []), Timing(size, "warm", [], []), Timing(size, "refit", [], [])
    store = ListStore.open(folder, clock=lambda: FIXED_NOW)
    unseen = [pid for pid in store.reading_list.papers if pid not in store.reading_list.reviews[reader]]
    for i in range(repeats):
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
        for timing in (cold, warm):
            wall, cpu = run_cli(folder, reader)
            timing.wall.append(wall)
            timing.cpu.append(cpu)
        store.update_review(reader, unseen[i], rating=5 if i % 2 else 1)
        wall, cpu = run_cli(folder, reader)
        refit.wall.append(wall)
        refit.cpu.append(cpu)
    cache_bytes = sum(p.stat().st_size for p in (folder / CACHE_DIR).iterdir())
    list_bytes = (folder / "list.yaml").stat().st_size
    in_cold, in_warm = Timing(size, "inproc-cold", [], []), Timing(size, "inproc-warm", [], [])
    suggest(folder, reader=reader)  # the imports, once: what a long-lived kernel has paid already
    for _ in range(repeats):
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
        for timing in (in_cold, in_warm):
            forget_fitted()  # the models kept in memory: a cold call has none
            start, cpu_start = time.perf_counter(), time.process_time()
            suggest(folder, reader=reader)
            timing.wall.append(time.perf_counter() - start)
            timing.cpu.append(time.process_time() - cpu_start)
    shutil.rmtree(folder)
    return [cold, warm, refit, in_cold, in_warm], {"made": made, "cache": cache_bytes, "list": list_bytes}


COLD_IMPORTS = "import readinglist.cli, readinglist.suggestions, scipy.optimize"
SKLEARN_IMPORTS = "import sklearn.feature_extraction.text, sklearn.linear_model"


def import_cost(code: str) -> float:
    """Median whole-process time of a Python process that imports `code`'s modules, for the notes."""
    times = []
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), OPENBLAS_NUM_THREADS="1")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- report -----------------------------------------------------------------------------


def secs(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def quality_table(rows: list[Quality]) -> str:
    lines = [
        "| data | suggest | random | upvotes | group mean | members x lists |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for q in rows:
        m = statistics.fmean
        lines.append(f"| {q.label} | **{m(q.model):.2f}** | {m(q.random):.2f} | {m(q.upvotes):.2f} | {m(q.group_mean):.2f} | {len(q.model)} |")
    return "\n".join(lines)


def tag_table(rows: list[TagQuality]) -> str:
    lines = ["| data | precision | recall | tags suggested | untagged papers |", "| --- | ---: | ---: | ---: | ---: |"]
    for t in rows:
        lines.append(f"| {t.label} | {t.precision:.2f} | {t.recall:.2f} | {t.suggested:,} | {t.papers:,} |")
    return "\n".join(lines)


CASES = {
    "cold": "cold: no cache",
    "warm": "cache warm, same reviews",
    "refit": "cache warm, one new rating (model fitted again)",
    "inproc-cold": "in one process: `suggest()`, no cache",
    "inproc-warm": "in one process: `suggest()`, cache warm",
}


def speed_table(timings: list[Timing]) -> str:
    lines = [
        "| papers | case | median | min | CPU median | runs | target | met (wall) | met (CPU) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for t in timings:
        median, cpu = statistics.median(t.wall), statistics.median(t.cpu)
        target = SPEED_TARGETS.get((t.size, t.case))
        met = "" if target is None else ("yes" if median < target else "**no**")
        met_cpu = "" if target is None else ("yes" if cpu < target else "**no**")
        lines.append(
            f"| {t.size:,} | {CASES[t.case]} | {secs(median)} | {secs(min(t.wall))} | {secs(cpu)} | "
            f"{len(t.wall)} | {'' if target is None else '< ' + secs(target)} | {met} | {met_cpu} |"
        )
    return "\n".join(lines)


def section(quality: list[Quality], tags: list[TagQuality], timings: list[Timing], facts: dict[str, dict[str, float]], imports: dict[str, float]) -> str:
    machine = f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    load_at_start = LOAD_AT_START
    import numpy
    import scipy

    data_lines = "\n".join(
        f"- {size:,} papers: list.yaml {facts[size]['list'] / 1e6:.1f} MB, cache {facts[size]['cache'] / 1e6:.1f} MB."
        for size in sorted(facts)
    )
    return f"""{HEADING}

    python benchmarks/bench_suggest.py --write docs/performance.md

Labelled lists made by the script from fixed seeds (no network, no real text): papers
with a hidden topic (12 topics), whose title and abstract draw a share of their words
from their topic's made-up vocabulary and the rest from words all topics share; five
simulated members each like two topics, rate what they reviewed by it (10% of ratings
flipped as noise), queue or skip some papers and tag half with the main topic. The real
samples in ../shared are too small for a precision at 10 (30 Hugging Face API items, 21
arXiv Atom entries).

### Precision at 10

Share of the 10 papers suggested to a member (among those they have not reviewed) that
are of a topic they like, averaged over members and lists. *random* is the share of such
papers among the candidates (what a random order gets on average); *upvotes* ranks by
upvotes (unrelated to topics here, as on a list pasted from one day's page); *group mean*
by the other members' Bayesian mean rating, then upvotes. *cold start*: each member kept
only two liked ratings, so `suggest` ranks by the group's signals and tag closeness.

{quality_table(quality)}

### Tag suggestions

For papers nobody tagged: *precision*, the share of suggested tags that are one of the
paper's topics; *recall*, the share of papers whose main topic (a group tag) was suggested.

{tag_table(tags)}

### Speed, whole process

`python -m readinglist suggest LIST --reader R --json` (a new Python process each time,
so start-up and imports count), on lists of papers with abstracts of about 1.3 KB
and five members with a tenth of the list reviewed each (at most 2,000). Machine:
{machine}; numpy {numpy.__version__}, scipy {scipy.__version__}; load average (1, 5, 15 min) {load_at_start}
at the start, {load} at the end; measured
on {dt.date.today().isoformat()}.

{speed_table(timings)}

The in-process rows call `readinglist.suggest(folder, reader=R)` in the benchmark's own
process, after one call has paid for the imports (as in a kernel that has shown the
widgets), with the models kept in memory cleared before each call.

The CPU median is the process's own user + system time. On a busy machine (a load
average above its {os.cpu_count()} CPUs) a run spends much of its wall time waiting for a
CPU, and the CPU column is the better measure of what a run costs; on an idle machine the
wall time is close to it.

{data_lines}
- A cold run starts Python, imports the command line, numpy, scipy.sparse and
  scipy.optimize ({secs(imports["cold"])} for a process that only imports them), reads and
  checks list.yaml, counts the terms in hashed columns and weighs them by tf-idf, fits the
  logistic regression by L-BFGS-B, writes the cache and prints.
- scikit-learn is not imported: its import alone takes {secs(imports["sklearn"])} here, more
  than the whole cold run may. `readinglist/suggestions/vectorize.py` and `learn.py`
  compute HashingVectorizer + TfidfTransformer and LogisticRegression(solver="lbfgs") with
  numpy and scipy, and the tests compare them with scikit-learn's on the same data.
- A warm run with the same reviews reads list.yaml only to hash it, loads the cached
  features and model (numpy and scipy.sparse only), reads the review files and scores.
- After a new rating the features come from the cache but the model is fitted again,
  which imports scipy.optimize.
- The command runs with one BLAS thread unless `OPENBLAS_NUM_THREADS` says otherwise:
  with OpenBLAS's default of one per CPU, its idle threads spin on the other CPU and a cold
  run took about 0.1 s longer and half as much CPU again.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer lists and runs, 2,000 papers only (a smoke run)")
    parser.add_argument("--write", metavar="PATH", help="also replace our section of this Markdown file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    seeds = [1] if args.quick else [1, 2, 3]
    sizes = [2_000] if args.quick else [2_000, 20_000]
    repeats = 2 if args.quick else 5
    workdir = Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    try:
        quality = [
            quality_runs(workdir, 2_000, 100, seeds, 0.2, cold=False),
            quality_runs(workdir, 2_000, 100, seeds, 0.05, cold=False),
            quality_runs(workdir, 2_000, 30, seeds, 0.05, cold=False),
            quality_runs(workdir, 2_000, 100, seeds, 0.2, cold=True),
            quality_runs(workdir, 2_000, 100, seeds, 0.1, cold=True),
        ]
        tags = [tag_quality(workdir, 2_000, 100, seeds, 0.2), tag_quality(workdir, 2_000, 100, seeds, 0.05)]
        timings: list[Timing] = []
        facts = {}
        for size in sizes:
            found, facts[size] = speed(workdir, size, repeats if size <= 2_000 else max(repeats - 2, 2))
            timings.extend(found)
        text = section(quality, tags, timings, facts, {"cold": import_cost(COLD_IMPORTS), "sklearn": import_cost(SKLEARN_IMPORTS)})
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(text)
    if args.write:
        write_section(Path(args.write), HEADING, text)
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
