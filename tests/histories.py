"""Random histories across three clones of one list, with real git and the merge driver.

`check_random_histories(count)` runs `count` generated histories (hypothesis) and returns
the figures; the suite runs a few, `benchmarks/` the long version. Each history: a bare
origin and clones a, b, c (set up with `readinglist git-setup`), then steps drawn at
random: imports, reviews, removals and undos, sessions, merges of another clone's work
as it is now or as fetched a commit ago (so criss-cross histories arise), `pull` of what
origin holds, pushes (with `pull --rebase` when refused) and cherry-picks.

After every step it asserts:
- nothing added is lost: every paper a clone imported or merged in is still there (in
  the list or removed) and every review it made or merged in is still in its reader's file;
- results do not depend on who merged: each merge is made again the other way round in a
  scratch work tree, and gives the same tree, or a conflict both ways;
- every result either validates and every command works on it, or git stopped.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from readinglist.cli import main
from readinglist.store import ListStore

CLONES = ("a", "b", "c")
READERS = ("ann", "bob", "group")
TITLES = ("Sparse Experts", "Router Collapse", "Dense Students", "Capacity Factors", "Expert Choice", "Load Balancing")
IDS = tuple(t.lower().replace(" ", "-") for t in TITLES)
ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip
HEADER = "Daily Papers\n\nbyAK and the research community\n\nDec 11\n\n"
ABSTRACT = "We study sparse experts and routing at a scale a small lab can afford, with care and patience."


@dataclass
class Figures:
    """What the histories did: the numbers for docs/reliability.md."""

    histories: int = 0
    steps: int = 0
    merges: int = 0  # git merge, pull --rebase and cherry-pick runs that had work to do
    clean: int = 0
    conflicts: int = 0  # stopped by git (then aborted)
    criss_cross: int = 0  # merges with more than one merge base
    mirrored: int = 0  # merges made again the other way round and compared
    rebases: int = 0
    cherry_picks: int = 0
    checked_facts: int = 0  # papers and reviews verified present after a step

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **ENV}, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} in {cwd.name} failed: {done.stdout}{done.stderr}")
    return done


def rl(*argv: object) -> int:
    return main([str(a) for a in argv], out=io.StringIO(), err=io.StringIO())


def page(titles: list[str], votes: int) -> str:
    blocks = [f"{t}\n\n{ABSTRACT}\n\n  • 3 authors\n·\nMar 3, 2025 {votes}" for t in titles]
    return HEADER + "\n\n".join(blocks) + "\n"


# -- the steps ----------------------------------------------------------------------------------

clone = st.sampled_from(CLONES)
pair = st.permutations(CLONES).map(lambda order: order[:2])  # two different clones
step = st.one_of(
    st.tuples(st.just("import"), clone, st.lists(st.sampled_from(TITLES), min_size=1, max_size=3, unique=True), st.integers(0, 9)),
    # Few readers and papers, so that two clones often rate the same paper (conflicts).
    st.tuples(st.just("review"), clone, st.sampled_from(READERS[:2]), st.sampled_from(IDS[:3]), st.integers(1, 5)),
    st.tuples(st.just("remove"), clone, st.sampled_from(READERS), st.sampled_from(IDS)),
    st.tuples(st.just("undo"), clone, st.sampled_from(IDS)),
    st.tuples(st.just("session"), clone, st.integers(1, 3), st.sampled_from(IDS)),
    pair.map(lambda p: ("merge", *p)),
    pair.map(lambda p: ("merge", *p)),
    pair.map(lambda p: ("merge-stale", *p)),
    pair.map(lambda p: ("merge-stale", *p)),
    st.tuples(st.just("push"), clone),
    st.tuples(st.just("push"), clone),
    st.tuples(st.just("pull"), clone),
    st.tuples(st.just("pull"), clone),
    st.tuples(st.just("rebase"), clone),
    pair.map(lambda p: ("pick", *p)),
)
histories = st.lists(step, min_size=6, max_size=16)


class History:
    """Three clones and what each must still hold (its ledger of facts)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.figures = Figures(histories=1)
        self.origin = root / "origin.git"
        git(root, "init", "--bare", "-b", "main", str(self.origin))
        seed = root / "seed"
        git(root, "clone", str(self.origin), str(seed))
        assert rl("git-setup", seed) == 0
        (root / "p0.txt").write_text(page(list(TITLES[:4]), 1), encoding="utf-8")
        assert rl("import", root / "p0.txt", "--into", seed / "lists/g", "--year", "2025", "--title", "G") == 0
        git(seed, "add", "-A")
        git(seed, "commit", "-qm", "start")
        git(seed, "push", "-q", "origin", "HEAD:main")
        start = {("paper", pid) for pid in IDS[:4]}
        self.ledger = {name: set(start) for name in CLONES}
        self.origin_ledger = set(start)
        for name in CLONES:
            git(root, "clone", "-q", str(self.origin), str(root / name))
            assert rl("git-setup", root / name) == 0

    def path(self, name: str) -> Path:
        return self.root / name

    def folder(self, name: str) -> Path:
        return self.root / name / "lists" / "g"

    def commit(self, name: str, message: str) -> None:
        repo = self.path(name)
        git(repo, "add", "-A")
        if git(repo, "diff", "--cached", "--quiet", check=False).returncode != 0:
            git(repo, "commit", "-qm", message)

    # Local work: the CLI in-process; a refusal (exit 1) is fine, a traceback is not.
    def run(self, action: tuple) -> None:
        kind, name = action[0], action[1]
        folder = self.folder(name)
        self.figures.steps += 1
        if kind == "import":
            source = self.root / f"{name}-{len(self.ledger[name])}.txt"
            source.write_text(page(list(action[2]), action[3]), encoding="utf-8")
            assert rl("import", source, "--into", folder, "--year", "2025") == 0
            self.ledger[name] |= {("paper", t.lower().replace(" ", "-")) for t in action[2]}
        elif kind == "review":
            _, _, reader, pid, rating = action
            if rl("review", folder, pid, "--reader", reader, "--rating", rating) == 0:
                self.ledger[name].add(("review", reader, pid))
        elif kind == "remove":
            rl("remove", folder, action[3], "--reader", action[2])
        elif kind == "undo":
            rl("remove", folder, action[2], "--undo")
        elif kind == "session":
            rl("session", "add", folder, f"2026-12-0{action[2]}", "--paper", action[3], "--presenter", "ann")
        elif kind == "merge":
            self.merge(name, action[2])
        elif kind == "merge-stale":
            self.merge(name, action[2], stale=True)
        elif kind == "push":  # as members do: push; when refused, pull --rebase and push again
            self.commit(name, "work")
            if git(self.path(name), "push", "-q", "origin", "HEAD:main", check=False).returncode != 0:
                self.rebase(name)
            if git(self.path(name), "push", "-q", "origin", "HEAD:main", check=False).returncode == 0:
                self.origin_ledger = set(self.ledger[name])
        elif kind == "pull":
            self.pull(name)
        elif kind == "rebase":
            self.rebase(name)
        elif kind == "pick":
            self.pick(name, action[2])
        if kind not in ("merge", "merge-stale", "pull", "push", "rebase", "pick"):
            self.commit(name, kind)
        self.check(name)

    def merge(self, name: str, other: str, stale: bool = False) -> None:
        """Merge another clone's work as it is now, or as fetched one commit ago (`stale`):
        two members merging each other's work at once is how criss-cross histories start."""
        self.commit(name, "work")
        self.commit(other, "work")
        repo = self.path(name)
        git(repo, "fetch", "-q", str(self.path(other)), "HEAD")
        theirs = git(repo, "rev-parse", "FETCH_HEAD").stdout.strip()
        facts = self.ledger[other]
        if stale:
            parent = git(repo, "rev-parse", "--verify", "-q", f"{theirs}~1", check=False).stdout.strip()
            if not parent:
                return
            theirs, facts = parent, set()  # an older commit: no facts promised beyond our own
        self.merge_commit(name, theirs, facts)

    def pull(self, name: str) -> None:
        """`git pull --no-rebase`: merge what origin had, which may be older than the clones."""
        self.commit(name, "work")
        git(self.path(name), "fetch", "-q", "origin")
        self.merge_commit(name, git(self.path(name), "rev-parse", "origin/main").stdout.strip(), self.origin_ledger)

    def merge_commit(self, name: str, theirs: str, their_facts: set[tuple[str, ...]]) -> None:
        repo = self.path(name)
        ours = git(repo, "rev-parse", "HEAD").stdout.strip()
        if git(repo, "merge-base", "--is-ancestor", theirs, ours, check=False).returncode == 0:
            return  # nothing new
        self.figures.merges += 1
        if len(git(repo, "merge-base", "--all", ours, theirs).stdout.split()) > 1:
            self.figures.criss_cross += 1
        done = git(repo, "merge", "-q", "--no-edit", theirs, check=False)
        mirrored = self.mirror(repo, theirs, ours)
        if done.returncode != 0:
            self.figures.conflicts += 1
            assert "conflict" in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
            git(repo, "merge", "--abort")
            assert mirrored is None, "a conflict one way, a clean merge the other way"
            return
        self.figures.clean += 1
        tree = git(repo, "rev-parse", "HEAD^{tree}").stdout.strip()
        assert mirrored == tree, "the merge depends on who merged"
        self.ledger[name] |= their_facts

    def mirror(self, repo: Path, ours: str, theirs: str) -> str | None:
        """The same merge the other way round, in a scratch work tree: its tree, or None (conflict)."""
        self.figures.mirrored += 1
        scratch = self.root / "mirror"
        git(repo, "worktree", "add", "-q", "--detach", str(scratch), ours)
        try:
            done = git(scratch, "merge", "-q", "--no-edit", theirs, check=False)
            return git(scratch, "rev-parse", "HEAD^{tree}").stdout.strip() if done.returncode == 0 else None
        finally:
            git(scratch, "merge", "--abort", check=False)
            git(repo, "worktree", "remove", "--force", str(scratch))

    def rebase(self, name: str) -> None:
        self.commit(name, "work")
        repo = self.path(name)
        git(repo, "fetch", "-q", "origin")
        if git(repo, "merge-base", "--is-ancestor", "origin/main", "HEAD", check=False).returncode == 0:
            return
        self.figures.merges += 1
        self.figures.rebases += 1
        done = git(repo, "pull", "-q", "--rebase", "origin", "main", check=False)
        if done.returncode != 0:
            self.figures.conflicts += 1
            git(repo, "rebase", "--abort", check=False)
            return
        self.figures.clean += 1
        self.ledger[name] |= self.origin_ledger

    def pick(self, name: str, other: str) -> None:
        if name == other:
            return
        self.commit(name, "work")
        self.commit(other, "work")
        repo = self.path(name)
        git(repo, "fetch", "-q", str(self.path(other)), "HEAD")
        theirs = git(repo, "rev-parse", "FETCH_HEAD").stdout.strip()
        if git(repo, "merge-base", "--is-ancestor", theirs, "HEAD", check=False).returncode == 0:
            return
        self.figures.merges += 1
        self.figures.cherry_picks += 1
        done = git(repo, "cherry-pick", "--allow-empty", "--keep-redundant-commits", theirs, check=False)
        if done.returncode != 0:
            self.figures.conflicts += 1
            git(repo, "cherry-pick", "--abort", check=False)
            return
        self.figures.clean += 1  # a cherry-pick brings part of a history: no facts promised

    def check(self, name: str) -> None:
        folder = self.folder(name)
        problems = ListStore.check(folder)
        assert not problems, "\n".join(map(str, problems))
        store = ListStore.open(folder)
        held = store.reading_list
        for fact in self.ledger[name]:
            if fact[0] == "paper":
                assert fact[1] in held.papers or fact[1] in held.removed, f"{name}: paper {fact[1]} lost"
            else:
                assert fact[2] in held.reviews.get(fact[1], {}), f"{name}: review of {fact[2]} by {fact[1]} lost"
            self.figures.checked_facts += 1
        for argv in (("validate", folder), ("show", folder), ("show", "--json", folder), ("session", "list", folder)):
            assert rl(*argv) == 0, argv


def play(steps: list[tuple], workdir: Path | None = None) -> Figures:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        history = History(Path(tmp))
        for action in steps:
            history.run(action)
        return history.figures


def check_random_histories(
    count: int, *, derandomize: bool = False, shrink: bool = True, seed: int | None = None, workdir: Path | None = None
) -> Figures:
    """Run `count` random histories, asserting the properties above; the figures of the run."""
    if shutil.which("git") is None:
        raise RuntimeError("git is not installed")
    total = Figures()
    phases = (Phase.explicit, Phase.generate, Phase.shrink) if shrink else (Phase.explicit, Phase.generate)

    @settings(
        max_examples=count, deadline=None, database=None, derandomize=derandomize, phases=phases,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(histories)
    def run(steps: list[tuple]) -> None:
        total.add(play(steps, workdir))

    if seed is not None:
        run = hypothesis_seed(seed)(run)
    run()
    return total


def run_random_histories(count: int, seed: int = 0, workdir: Path | None = None) -> dict[str, int]:
    """The long version, for benchmarks/bench_reliability.py: figures of `count` histories."""
    f = check_random_histories(count, shrink=False, seed=seed, workdir=workdir)
    return {
        "random histories (3 clones each)": f.histories,
        "steps": f.steps,
        "merges (merge, pull, pull --rebase, cherry-pick)": f.merges,
        "clean merges (each validated, every command run)": f.clean,
        "stopped by git (conflicts)": f.conflicts,
        "criss-cross merges": f.criss_cross,
        "merges made again the other way round (same result)": f.mirrored,
        "papers and reviews checked still there": f.checked_facts,
    }
