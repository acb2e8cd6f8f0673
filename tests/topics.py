"""A synthetic list with hidden topics, and members whose taste follows them (tests, benchmark).

Every paper has a main topic (and sometimes a second one). Its title and abstract draw
some words from its topics' own vocabularies (made-up words, so they carry no meaning
outside the corpus) and the rest from a vocabulary every topic shares; its authors come
mostly from its topic's pool. A simulated member likes a few topics: they rate papers of
those topics 4-5 and others 1-3 (with a little noise), queue some and skip some, and tag
a share of what they review with its main topic's name. The hidden topics are the ground
truth the suggestion benchmark scores against; no text is copied from anywhere.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.model import Org, Paper, ReadingList, Review
from readinglist.store import ListStore

SHARED_WORDS = ["the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "with", "by", "as", "we", "this", "are", "from", "be", "at", "an", "which", "our", "it", "can", "these", "while", "both", "than", "more", "into", "over", "when", "its", "not", "such", "their", "between", "also", "has", "each", "other", "most", "only", "model", "models", "learning", "training", "data", "dataset", "benchmark", "task", "tasks", "performance", "method", "methods", "approach", "framework", "network", "networks", "results", "analysis", "propose", "introduce", "demonstrate", "achieve", "improve", "outperforms", "existing", "novel", "simple", "effective", "large", "small", "experiments", "baseline", "baselines", "evaluation", "scale", "efficient"]
TOPIC_NAMES = (
    "routing", "retrieval", "alignment", "vision", "speech", "agents", "theory", "compression",
    "robotics", "graphs", "safety", "math", "code", "diffusion", "tabular", "federated",
)  # fmt: skip
FIXED_NOW = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)


def made_up_words(rng: random.Random, count: int) -> list[str]:
    onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
    words: set[str] = set()
    while len(words) < count:
        syllables = rng.choice((2, 2, 3))
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)) + rng.choice(("", "n", "r", "x")))
    out = sorted(words)
    rng.shuffle(out)
    return out


@dataclass
class Topic:
    name: str
    words: list[str]
    authors: list[str]


@dataclass
class Corpus:
    papers: list[Paper]
    topics: list[Topic]
    main_topic: dict[str, str]  # paper id -> topic name
    second_topic: dict[str, str] = field(default_factory=dict)

    def topics_of(self, paper_id: str) -> set[str]:
        out = {self.main_topic[paper_id]}
        if paper_id in self.second_topic:
            out.add(self.second_topic[paper_id])
        return out


def make_corpus(
    size: int, *, topics: int = 12, seed: int = 1, topic_share: float = 0.2, sentences: tuple[int, int] = (5, 9)
) -> Corpus:
    """`size` papers over `topics` hidden topics; `topic_share` of their words are topical;
    abstracts of `sentences` sentences (5-9 make about 0.8 KB, 9-14 about 1.3 KB)."""
    rng = random.Random(seed)
    vocabulary = made_up_words(rng, topics * 40 + 600)
    names = made_up_words(rng, 400)
    shared = SHARED_WORDS + vocabulary[topics * 40 :]
    shared_weights = [1.0 / (rank + 5) for rank in range(len(shared))]
    topic_list = [
        Topic(
            TOPIC_NAMES[t % len(TOPIC_NAMES)] + ("" if t < len(TOPIC_NAMES) else str(t)),
            vocabulary[t * 40 : (t + 1) * 40],
            [f"{rng.choice(names).title()} {rng.choice(names).title()}" for _ in range(12)],
        )
        for t in range(topics)
    ]
    everyone = [a for t in topic_list for a in t.authors]
    papers, main, second = [], {}, {}
    for i in range(size):
        topic = rng.choice(topic_list)
        other = rng.choice(topic_list) if rng.random() < 0.25 else None
        if other is topic:
            other = None

        def word(topic: Topic = topic, other: Topic | None = other) -> str:
            r = rng.random()
            if r < topic_share:
                return rng.choice(topic.words)
            if other is not None and r < topic_share * 1.4:
                return rng.choice(other.words)
            return rng.choices(shared, shared_weights)[0]

        title = " ".join(word().title() for _ in range(rng.randint(5, 10)))
        abstract = [" ".join(word() for _ in range(rng.randint(10, 24))).capitalize() + "." for _ in range(rng.randint(*sentences))]
        authors = tuple(rng.choice(topic.authors if rng.random() < 0.6 else everyone) for _ in range(rng.randint(1, 5)))
        pid = f"paper-{i:05d}"
        papers.append(
            Paper(
                id=pid,
                title=title,
                abstract=" ".join(abstract),
                authors=tuple(dict.fromkeys(authors)),
                org=Org("lab-" + topic.name, "Lab " + topic.name.title()) if rng.random() < 0.2 else None,
                upvotes=int(rng.lognormvariate(2.5, 1.2)),
            )
        )
        main[pid] = topic.name
        if other is not None:
            second[pid] = other.name
    return Corpus(papers, topic_list, main, second)


@dataclass
class Member:
    name: str
    likes: set[str]


def rate(rng: random.Random, member: Member, topics_of: set[str], noise: float = 0.1) -> int:
    liked = bool(topics_of & member.likes)
    if rng.random() < noise:
        liked = not liked
    return rng.choice((4, 5, 5)) if liked else rng.choice((1, 2, 2, 3))


def make_reviews(
    rng: random.Random, corpus: Corpus, member: Member, paper_ids: list[str], *, tag_share: float = 0.5
) -> dict[str, Review]:
    """The member's reviews of `paper_ids`: mostly ratings, some queued or skipped, some tags."""
    out = {}
    for pid in paper_ids:
        topics_of = corpus.topics_of(pid)
        tags = (corpus.main_topic[pid],) if rng.random() < tag_share else ()
        r = rng.random()
        if r < 0.8:
            out[pid] = Review(pid, rating=rate(rng, member, topics_of), status="read", tags=tags, updated=FIXED_NOW)
        elif topics_of & member.likes:
            out[pid] = Review(pid, status="queued", tags=tags, updated=FIXED_NOW)
        else:
            out[pid] = Review(pid, status="skipped", tags=tags, updated=FIXED_NOW)
    return out


def write_list(folder: Path, corpus: Corpus, reviews: dict[str, dict[str, Review]], title: str = "Topics") -> ListStore:
    """The corpus as a list folder, with the given reviews, written by the store."""
    store = ListStore.create(folder, title, clock=lambda: FIXED_NOW)
    reading_list: ReadingList = store.reading_list
    for paper in corpus.papers:
        reading_list.papers[paper.id] = paper
    store.save_catalogue()
    for reader, by_paper in reviews.items():
        for review in by_paper.values():
            reading_list.set_review(reader, review)
        store.save_reviews(reader)
    return store
