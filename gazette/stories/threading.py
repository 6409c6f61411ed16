"""Automatic story threading: a streaming engine that places each article in a story.

Pure and online, on plain data: the engine sees articles one at a time, in publication
order, and answers "join story S, with this confidence" or "start a new story", with
the next best candidates. It never re-reads the archive. Its state is small and
incremental:

- document frequencies of every feature (so IDF is learned from the stream itself);
- per story: the sum of its articles' unit TF-IDF vectors for words and for names
  (a centroid, pruned to its strongest terms), how many of its articles mention each
  number and date, its time range, and a few recent members' vectors for a re-check;
- an inverted index from salient words and names to the stories most recently fed
  by them, each posting list bounded, so that finding candidates costs the same at a
  thousand or a million stored articles.

The decision is two-stage: retrieve a bounded set of candidate stories through the
index, then score each with a few features (word and name similarity to the centroid
and to the closest kept member, agreement and conflict of numbers and dates, time
gap) combined by a logistic model whose weights are in ``Weights``. Join the best
candidate when its probability reaches ``Config.join_threshold``.

``to_dict``/``from_dict`` save and restore the whole state as JSON-able data; a
restored engine makes identical decisions. See ``docs/threading.md``.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from itertools import repeat
from operator import add, itemgetter, mul, neg
from typing import Any

from gazette.stories.text_features import Features, extract, title_words

STATE_VERSION = 1

# Weights that earlier releases shipped as the defaults. A saved state that still
# has one of them was never refitted by its newsroom: it is restored with the
# current defaults (weights and thresholds) instead, so that it gains what was
# measured since. Any other saved weights are kept as they are.
SHIPPED_WEIGHTS: list[dict[str, float]] = [
    {
        "bias": -0.931,
        "words": 2.983,
        "names": 2.128,
        "member": 5.081,
        "numbers_shared": 0.362,
        "numbers_foreign": -1.987,
        "dates_shared": 1.493,
        "dates_conflict": -1.473,
        "gap_days": -0.5,
        "core_coverage": 0.371,
        "names_novel": -2.075,
        "names_missing": -2.455,
        "cohesion_gap": -4.643,
        "single": 1.249,
    },
]


# How broad a story is. ECB+-style events ("event": one earthquake, one arrest)
# or a newsroom's running stories ("running": one ongoing situation followed for
# weeks, where follow-ups bring new figures, new people and later dates). Each has
# its own fitted weights and thresholds; the engine's stories are shared.
EVENT = "event"
RUNNING = "running"
GRANULARITIES = (EVENT, RUNNING)


@dataclass(frozen=True)
class Article:
    """An article as the engine sees it, and how broad a story it should join.

    ``language`` is the language code its text is read in (stop words,
    stemming: ``languages.py``); ``None`` is the site's ``LANGUAGE_CODE``.
    """

    id: str
    title: str
    text: str
    published: datetime | None = None
    granularity: str = EVENT
    language: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A story the article could join, with the probability that it belongs there."""

    story_id: str
    score: float


@dataclass(frozen=True)
class Decision:
    """What the engine decided for one article.

    ``story_id`` is ``None`` when the article starts a new story; ``confidence`` is
    then the probability that it belongs to none of the candidates.
    """

    article_id: str
    story_id: str | None
    confidence: float
    candidates: tuple[Candidate, ...]

    @property
    def is_new_story(self) -> bool:
        return self.story_id is None


@dataclass(frozen=True)
class Weights:
    """Weights of the logistic model scoring an (article, story) pair.

    Fitted by ``gazette.stories.threading_fit`` on pairs from the ECB+ dev set; see
    ``docs/threading.md`` for how and what that means for unseen data.
    """

    bias: float = -0.137
    words: float = 2.138
    names: float = 2.136
    member: float = 4.902
    numbers_shared: float = 0.294
    numbers_foreign: float = -2.041
    dates_shared: float = 0.472
    dates_conflict: float = -1.297
    # The dev set has no publication dates, so this one is set by hand: a story
    # untouched for a week loses about as much as a missing shared name.
    gap_days: float = -0.5
    core_coverage: float = 0.514
    names_novel: float = -2.619
    names_missing: float = -3.01
    cohesion_gap: float = -5.133
    single: float = 1.308
    year_same: float = 2.833
    year_other: float = -0.181
    # Fitted for running stories only (0 for events: ECB+ was fitted without).
    title: float = 0.0
    shared_rare: float = 0.0


# Fitted by ``gazette.stories.threading_fit --granularity running --events
# ecbplus-dev.jsonl`` on our labelling of the 295 Wikinews articles of 2019-2020
# into running stories, with their publication dates, and on ECB+'s events
# (another topic's story is a negative, the other event of the same topic left
# out), so that different subjects stay apart when they run at the same time
# (docs/threading.md, "Running stories"). The headline and one shared
# distinctive term count for much more than in events.
RUNNING_WEIGHTS = Weights(
    bias=-1.076,
    words=2.256,
    names=2.507,
    member=2.009,
    numbers_shared=-0.15,
    numbers_foreign=-1.274,
    dates_shared=0.477,
    dates_conflict=-0.641,
    gap_days=-0.575,
    core_coverage=2.581,
    names_novel=-2.775,
    names_missing=-1.705,
    cohesion_gap=-3.085,
    single=-0.822,
    year_same=0.312,
    year_other=-1.15,
    title=2.812,
    shared_rare=3.784,
)

# Running-story weights that earlier releases shipped (see SHIPPED_WEIGHTS): the
# first release with granularities used the event weights for both.
SHIPPED_RUNNING_WEIGHTS: list[dict[str, float]] = [
    {
        "bias": -0.137,
        "words": 2.138,
        "names": 2.136,
        "member": 4.902,
        "numbers_shared": 0.294,
        "numbers_foreign": -2.041,
        "dates_shared": 0.472,
        "dates_conflict": -1.297,
        "gap_days": -0.5,
        "core_coverage": 0.514,
        "names_novel": -2.619,
        "names_missing": -3.01,
        "cohesion_gap": -5.133,
        "single": 1.308,
        "year_same": 2.833,
        "year_other": -0.181,
    },
]


@dataclass(frozen=True)
class Config:
    """Tuning knobs; the defaults are the measured ones (docs/threading.md)."""

    title_weight: int = 2
    join_threshold: float = 0.1
    # A story of one article is joined only at this higher probability: most
    # mixed stories start with a second, similar event joining a single article.
    single_threshold: float = 0.5
    story_terms: int = 300
    member_terms: int = 40
    members_kept: int = 6
    query_terms: int = 20
    query_names: int = 12
    index_terms: int = 20
    postings: int = 48
    candidates: int = 12
    shown_candidates: int = 3
    weights: Weights = field(default_factory=Weights)
    # The same, for articles whose granularity is RUNNING.
    running_weights: Weights = field(default_factory=lambda: RUNNING_WEIGHTS)
    running_join_threshold: float = 0.15
    running_single_threshold: float = 0.3

    def scoring(self, granularity: str) -> tuple[Weights, float, float]:
        """Return the weights, join and single-article thresholds of a granularity."""
        if granularity == RUNNING:
            return (
                self.running_weights,
                self.running_join_threshold,
                self.running_single_threshold,
            )
        return self.weights, self.join_threshold, self.single_threshold


Vector = dict[str, float]
# Headline terms kept per story (between prunings, twice as many).
TITLE_TERMS = 100


@dataclass(slots=True)
class _Doc:
    words: Vector
    names: Vector
    title: Vector
    numbers: set[str]
    dates: set[str]
    # The years among ``dates``.
    years: set[str]
    year: str | None
    time: float | None
    keys: list[str]
    features: Features
    # The highest IDF possible now (a term in no document yet).
    ceiling: float
    # Per story core term already looked at: its IDF now and whether the
    # article has it. The candidates of one decision share most core terms.
    core_terms: dict[str, tuple[float, bool]] = field(default_factory=dict)


@dataclass(slots=True)
class _Story:
    size: int = 0
    words: Vector = field(default_factory=dict)
    words_norm: float = 0.0
    names: Vector = field(default_factory=dict)
    names_norm: float = 0.0
    # Sum of its headlines' unit word vectors.
    titles: Vector = field(default_factory=dict)
    titles_norm: float = 0.0
    numbers: Counter[str] = field(default_factory=Counter)
    dates: Counter[str] = field(default_factory=Counter)
    first: float | None = None
    last: float | None = None
    # How many of its articles have each year as the latest year they mention.
    years: Counter[str] = field(default_factory=Counter)
    # In how many of its articles each salient word ("w:...") or name ("n:...")
    # occurs: the terms most articles share are the story's core.
    term_docs: Counter[str] = field(default_factory=Counter)
    core: list[str] = field(default_factory=list)
    # (article id, pruned word vector, pruned name vector) of the latest members.
    members: list[tuple[str, Vector, Vector]] = field(default_factory=list)


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def _dot(a: Vector, b: Vector) -> float:
    # The key intersection, the products and their sum all run in C.
    return _dot_over(a.keys() & b.keys(), a, b)


def _dot_over(keys: set[str], a: Vector, b: Vector) -> float:
    # Iterating the same set twice visits its keys in the same order.
    return sum(map(mul, map(a.__getitem__, keys), map(b.__getitem__, keys)))


def _norm(vector: Vector) -> float:
    values = vector.values()
    return math.sqrt(sum(map(mul, values, values)))


_VALUE = itemgetter(1)


def _top(vector: Vector, n: int) -> Vector:
    if len(vector) <= n:
        return dict(vector)
    return dict(heapq.nlargest(n, vector.items(), key=_VALUE))


# Stored weights keep this many decimals: enough for every decision, and the
# saved state is about half as long as with every digit of a float. The state
# in memory holds the same rounded values, so a restored engine still decides
# identically.
DECIMALS = 6


def _rounded(vector: Vector, decimals: int = DECIMALS) -> Vector:
    return {key: round(value, decimals) for key, value in vector.items()}


def _add_into(total: Vector, vector: Vector, sign: float, limit: int) -> None:
    # Every key's new total, rounded, computed in C; those that fall to zero go.
    values = vector.values() if sign > 0 else map(neg, vector.values())
    old = map(total.get, vector, repeat(0.0))
    new = dict(
        zip(vector, map(round, map(add, old, values), repeat(DECIMALS)), strict=True)
    )
    total.update(new)
    for key in [key for key, value in new.items() if not value > 1e-9]:
        del total[key]
    # Prune in batches so that adding stays cheap: memory per story is bounded.
    if len(total) > 2 * limit:
        kept = _top(total, limit)
        total.clear()
        total.update(kept)


def _timestamp(published: datetime | None) -> float | None:
    return published.timestamp() if published is not None else None


def _saved_weights(saved: dict[str, float]) -> Weights:
    # Weights of features added since they were saved stay at zero: the engine
    # keeps deciding as it did.
    known = {f.name for f in fields(Weights)}
    return Weights(
        **{
            **{name: 0.0 for name in known},
            **{k: v for k, v in saved.items() if k in known},
        }
    )


class ThreadingEngine:
    """Place articles in stories, one at a time (see the module docstring)."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.documents = 0
        self.df: Counter[str] = Counter()
        self.stories: dict[str, _Story] = {}
        self.closed: set[str] = set()
        self.postings: dict[str, list[str]] = {}
        self._next_story = 1
        # The last article decided and its vectors: recording it next (the
        # usual decide-then-observe) reuses them. Any change of the state that
        # moves the IDF forgets it.
        self._decided: tuple[Article, _Doc] | None = None

    # -- features -------------------------------------------------------------

    def _idf(self, key: str) -> float:
        return math.log((self.documents + 1) / (self.df.get(key, 0) + 1)) + 1.0

    def _weigh(self, bag: Counter[str], prefix: str) -> Vector:
        # As ``_idf``, with the lookups hoisted out of the loop.
        log = math.log
        documents = self.documents + 1
        df = self.df.get
        vector = {
            key: (1.0 + log(count)) * (log(documents / (df(prefix + key, 0) + 1)) + 1.0)
            for key, count in bag.items()
        }
        norm = _norm(vector)
        return {key: value / norm for key, value in vector.items()} if norm else {}

    def _doc(self, article: Article, features: Features | None = None) -> _Doc:
        features = features or extract(
            article.title, article.text, self.config.title_weight, article.language
        )
        words = self._weigh(features.words, "w:")
        names = self._weigh(features.names, "n:")
        keys = ["w:" + k for k in _top(words, self.config.query_terms)]
        keys += ["n:" + k for k in _top(names, self.config.query_names)]
        years = {d for d in features.dates if d[0] == "y"}
        return _Doc(
            words=words,
            names=names,
            title=self._weigh(title_words(article.title, article.language), "w:"),
            numbers=set(features.numbers),
            dates=set(features.dates),
            years=years,
            year=max(years, default=None),
            time=_timestamp(article.published),
            keys=keys,
            features=features,
            ceiling=math.log(self.documents + 1) + 1.0,
        )

    def _pair_features(self, doc: _Doc, story: _Story) -> dict[str, float]:
        doc_words = doc.words
        doc_names = doc.names
        words = (
            _dot(doc_words, story.words) / story.words_norm if story.words_norm else 0.0
        )
        shared_names = doc_names.keys() & story.names.keys()
        names = (
            _dot_over(shared_names, doc_names, story.names) / story.names_norm
            if story.names_norm
            else 0.0
        )
        member = 0.0
        words_keys = doc_words.keys()
        names_keys = doc_names.keys()
        word_of = doc_words.__getitem__
        name_of = doc_names.__getitem__
        for _, member_words, member_names in story.members:
            # _dot, inlined: a decision makes about 150 of these.
            common = words_keys & member_words.keys()
            similarity = 0.5 * sum(
                map(mul, map(word_of, common), map(member_words.__getitem__, common))
            )
            common = names_keys & member_names.keys()
            similarity += 0.5 * sum(
                map(mul, map(name_of, common), map(member_names.__getitem__, common))
            )
            if similarity > member:
                member = similarity
        numbers_shared = numbers_foreign = 0.0
        if doc.numbers and story.numbers:
            shared = len(story.numbers.keys() & doc.numbers)
            numbers_shared = math.log1p(shared)
            numbers_foreign = (len(doc.numbers) - shared) / len(doc.numbers)
        dates_shared = dates_conflict = 0.0
        if doc.dates and story.dates:
            story_dates = story.dates
            dates_shared = math.log1p(len(story_dates.keys() & doc.dates))
            # The article's years are all new to a story that names some year.
            if (
                doc.years
                and not any(year in story_dates for year in doc.years)
                and any(date[0] == "y" for date in story_dates)
            ):
                dates_conflict = 1.0
        # How much of the story's core the article covers (by IDF), and the
        # rarest core term it shares: one distinctive term ("brexit",
        # "coronavirus") can carry a running story.
        core_coverage = shared_rare = 0.0
        documents = self.documents + 1
        if story.core:
            seen = doc.core_terms
            total = present = rarest = 0.0
            for key in story.core:
                known = seen.get(key)
                if known is None:
                    # As ``_idf``, without the call.
                    idf = math.log(documents / (self.df.get(key, 0) + 1)) + 1.0
                    bag = doc_words if key[0] == "w" else doc_names
                    known = seen[key] = (idf, key[2:] in bag)
                idf, found = known
                total += idf
                if found:
                    present += idf
                    if idf > rarest:
                        rarest = idf
            core_coverage = present / total
            shared_rare = rarest / doc.ceiling
        names_novel = 0.0
        if doc_names:
            names_novel = 1.0 - sum([doc_names[k] ** 2 for k in shared_names])
        names_missing = 0.0
        if story.names_norm:
            squared = story.names_norm * story.names_norm
            story_names = story.names
            names_missing = (
                1.0 - sum([story_names[k] ** 2 for k in shared_names]) / squared
            )
        cohesion_gap = 0.0
        if story.size > 1:
            n = story.size
            # |sum of unit vectors|^2 = n + twice the sum of pairwise cosines
            # (before pruning), so the members' mean similarity comes for free.
            mean_pairwise = (story.words_norm**2 - n) / (n * (n - 1))
            cohesion_gap = mean_pairwise - words * story.words_norm / n
        title = (
            _dot(doc.title, story.titles) / story.titles_norm
            if story.titles_norm
            else 0.0
        )
        year_same = year_other = 0.0
        if doc.year is not None and story.years:
            with_years = sum(story.years.values())
            year_same = story.years[doc.year] / with_years
            year_other = 1.0 - year_same
        gap_days = 0.0
        if doc.time is not None and story.last is not None:
            start = story.first if story.first is not None else story.last
            outside = max(0.0, start - doc.time, doc.time - story.last)
            gap_days = math.log1p(outside / 86400.0)
        return {
            "words": words,
            "names": names,
            "member": member,
            "numbers_shared": numbers_shared,
            "numbers_foreign": numbers_foreign,
            "dates_shared": dates_shared,
            "dates_conflict": dates_conflict,
            "gap_days": gap_days,
            "core_coverage": core_coverage,
            "names_novel": names_novel,
            "names_missing": names_missing,
            "cohesion_gap": cohesion_gap,
            "single": float(story.size == 1),
            "year_same": year_same,
            "year_other": year_other,
            "title": title,
            "shared_rare": shared_rare,
        }

    def _probability(
        self, values: dict[str, float], weights: Weights | None = None
    ) -> float:
        weights = weights or self.config.weights
        z = weights.bias + sum(
            map(mul, map(weights.__getattribute__, values), values.values())
        )
        return _sigmoid(z)

    def _retrieve(self, doc: _Doc) -> list[str]:
        scores: dict[str, float] = {}
        score = scores.get
        for key in doc.keys:
            posting = self.postings.get(key)
            if not posting:
                continue
            weight = (doc.words if key[0] == "w" else doc.names).get(key[2:], 0.0)
            for story_id in posting:
                scores[story_id] = score(story_id, 0.0) + weight
        ranked = heapq.nlargest(
            self.config.candidates + len(self.closed), scores.items(), key=_VALUE
        )
        found = [
            story_id
            for story_id, _ in ranked
            if story_id in self.stories and story_id not in self.closed
        ]
        return found[: self.config.candidates]

    # -- deciding -------------------------------------------------------------

    def candidates(self, article: Article) -> list[tuple[str, dict[str, float]]]:
        """Return the candidate stories of an article with their feature values."""
        doc = self._doc(article)
        return [
            (story_id, self._pair_features(doc, self.stories[story_id]))
            for story_id in self._retrieve(doc)
        ]

    def _decide(self, article: Article, doc: _Doc) -> Decision:
        weights, join_threshold, single_threshold = self.config.scoring(
            article.granularity
        )
        scored = sorted(
            (
                Candidate(
                    story_id,
                    self._probability(
                        self._pair_features(doc, self.stories[story_id]), weights
                    ),
                )
                for story_id in self._retrieve(doc)
            ),
            key=lambda candidate: (-candidate.score, candidate.story_id),
        )
        shown = tuple(scored[: self.config.shown_candidates])
        if scored:
            best = scored[0]
            threshold = (
                single_threshold
                if self.stories[best.story_id].size <= 1
                else join_threshold
            )
            if best.score >= threshold:
                return Decision(article.id, best.story_id, best.score, shown)
        confidence = 1.0 - scored[0].score if scored else 1.0
        return Decision(article.id, None, confidence, shown)

    def decide(self, article: Article) -> Decision:
        """Return where ``article`` belongs, without changing the state."""
        doc = self._doc(article)
        self._decided = (article, doc)
        return self._decide(article, doc)

    def add(self, article: Article) -> Decision:
        """Decide for ``article``, then record it in the story chosen (or a new one).

        The returned decision's ``story_id`` is ``None`` for a new story; the new
        story's id is ``self.last_new_story``.
        """
        doc = self._doc(article)
        decision = self._decide(article, doc)
        story_id = decision.story_id or self.new_story_id()
        self._observe(article.id, doc, story_id)
        self.last_new_story = story_id if decision.story_id is None else None
        return decision

    def new_story_id(self) -> str:
        """Return an unused story id of the form ``s<N>``."""
        while f"s{self._next_story}" in self.stories:
            self._next_story += 1
        story_id = f"s{self._next_story}"
        self._next_story += 1
        return story_id

    # -- editing the state ----------------------------------------------------

    def observe(self, article: Article, story_id: str) -> None:
        """Record that ``article`` belongs to ``story_id`` (an editor's choice).

        Nothing is decided: the story is created if new, and receives the article
        even when closed, since an editor placed it there.
        """
        decided = self._decided
        doc = decided[1] if decided and decided[0] is article else self._doc(article)
        self._observe(article.id, doc, story_id)

    def _observe(self, article_id: str, doc: _Doc, story_id: str) -> None:
        self._decided = None
        config = self.config
        story = self.stories.setdefault(story_id, _Story())
        story.size += 1
        _add_into(story.words, doc.words, 1.0, config.story_terms)
        _add_into(story.names, doc.names, 1.0, config.story_terms)
        _add_into(story.titles, doc.title, 1.0, TITLE_TERMS)
        story.words_norm = _norm(story.words)
        story.names_norm = _norm(story.names)
        story.titles_norm = _norm(story.titles)
        story.numbers.update(doc.numbers)
        story.dates.update(doc.dates)
        if doc.year is not None:
            story.years[doc.year] += 1
        if doc.time is not None:
            story.first = (
                doc.time if story.first is None else min(story.first, doc.time)
            )
            story.last = doc.time if story.last is None else max(story.last, doc.time)
        story.members.append(
            (
                article_id,
                _rounded(_top(doc.words, config.member_terms), 4),
                _rounded(_top(doc.names, config.member_terms), 4),
            )
        )
        del story.members[: -config.members_kept]
        self._count_terms(story, doc.keys)
        self._index(story_id, doc.keys[: config.index_terms] + doc.keys[-4:])
        self.documents += 1
        features = doc.features
        self.df.update("w:" + key for key in features.words)
        self.df.update("n:" + key for key in features.names)

    def _count_terms(self, story: _Story, keys: list[str], sign: int = 1) -> None:
        if sign > 0:
            story.term_docs.update(keys)
        else:
            story.term_docs.subtract(keys)
            story.term_docs = +story.term_docs
        if len(story.term_docs) > 2 * self.config.story_terms:
            story.term_docs = Counter(
                dict(story.term_docs.most_common(self.config.story_terms))
            )
        floor = 0.5 * story.size
        story.core = [key for key, n in story.term_docs.items() if n >= floor]

    def _index(self, story_id: str, keys: list[str]) -> None:
        limit = self.config.postings
        for key in dict.fromkeys(keys):
            posting = self.postings.setdefault(key, [])
            if posting and posting[-1] == story_id:
                continue
            if story_id in posting:
                posting.remove(story_id)
            posting.append(story_id)
            if len(posting) > limit:
                del posting[0]

    def close(self, story_id: str) -> None:
        """Refuse new articles in ``story_id`` (editors can still place them there)."""
        self.closed.add(story_id)

    def reopen(self, story_id: str) -> None:
        """Let ``story_id`` take new articles again."""
        self.closed.discard(story_id)

    def merge(self, into: str, other: str) -> None:
        """Fold story ``other`` into story ``into``; ``other`` disappears."""
        if into == other:
            return
        target = self.stories.setdefault(into, _Story())
        source = self.stories.pop(other)
        limit = self.config.story_terms
        target.size += source.size
        _add_into(target.words, source.words, 1.0, limit)
        _add_into(target.names, source.names, 1.0, limit)
        _add_into(target.titles, source.titles, 1.0, TITLE_TERMS)
        target.words_norm = _norm(target.words)
        target.names_norm = _norm(target.names)
        target.titles_norm = _norm(target.titles)
        target.numbers.update(source.numbers)
        target.dates.update(source.dates)
        target.years.update(source.years)
        times = [t for t in (target.first, target.last, source.first, source.last) if t]
        target.first, target.last = (min(times), max(times)) if times else (None, None)
        target.members = (target.members + source.members)[-self.config.members_kept :]
        target.term_docs.update(source.term_docs)
        self._count_terms(target, [])
        self.closed.discard(other)
        # The other story's postings go stale and are skipped at retrieval; the
        # merged story is indexed under its strongest terms instead.
        keys = ["w:" + k for k in _top(target.words, self.config.index_terms)]
        keys += ["n:" + k for k in _top(target.names, self.config.query_names)]
        self._index(into, keys)

    def remove(self, article: Article, story_id: str) -> None:
        """Take ``article`` out of ``story_id`` (approximately, see the docs).

        The article's vectors are recomputed with today's IDF, which may differ a
        little from the IDF it was added with; the story's time range is kept.
        """
        story = self.stories.get(story_id)
        if story is None:
            return
        self._decided = None
        doc = self._doc(article)
        story.size -= 1
        if story.size <= 0:
            del self.stories[story_id]
            self.closed.discard(story_id)
        else:
            limit = self.config.story_terms
            _add_into(story.words, doc.words, -1.0, limit)
            _add_into(story.names, doc.names, -1.0, limit)
            _add_into(story.titles, doc.title, -1.0, TITLE_TERMS)
            story.words_norm = _norm(story.words)
            story.names_norm = _norm(story.names)
            story.titles_norm = _norm(story.titles)
            story.numbers.subtract(doc.numbers)
            story.dates.subtract(doc.dates)
            story.numbers = +story.numbers
            story.dates = +story.dates
            if doc.year is not None:
                story.years[doc.year] -= 1
                story.years = +story.years
            story.members = [m for m in story.members if m[0] != article.id]
            self._count_terms(story, doc.keys, -1)
        features = doc.features
        self.documents = max(0, self.documents - 1)
        self.df.subtract("w:" + key for key in features.words)
        self.df.subtract("n:" + key for key in features.names)
        self.df = +self.df

    # -- persistence ----------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the whole state as JSON-able data (see ``from_dict``)."""
        config = asdict(self.config)
        return {
            "version": STATE_VERSION,
            "config": config,
            "documents": self.documents,
            "next_story": self._next_story,
            "df": dict(self.df),
            "closed": sorted(self.closed),
            "postings": self.postings,
            "stories": {
                story_id: {
                    "size": s.size,
                    "words": s.words,
                    "names": s.names,
                    "titles": s.titles,
                    "numbers": dict(s.numbers),
                    "dates": dict(s.dates),
                    "years": dict(s.years),
                    "first": s.first,
                    "last": s.last,
                    "members": [list(m) for m in s.members],
                    "term_docs": dict(s.term_docs),
                }
                for story_id, s in self.stories.items()
            },
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> ThreadingEngine:
        """Return an engine restored from ``to_dict`` data."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown threading state version {state.get('version')}")
        config_data = dict(state["config"])
        defaults = Config()
        if config_data["weights"] in SHIPPED_WEIGHTS:
            config_data["weights"] = defaults.weights
            config_data["join_threshold"] = defaults.join_threshold
            config_data["single_threshold"] = defaults.single_threshold
        else:
            config_data["weights"] = _saved_weights(config_data["weights"])
        running = config_data.get("running_weights")
        if running is None or running in SHIPPED_RUNNING_WEIGHTS:
            # Saved before running stories had weights, or never refitted.
            config_data["running_weights"] = defaults.running_weights
            config_data["running_join_threshold"] = defaults.running_join_threshold
            config_data["running_single_threshold"] = defaults.running_single_threshold
        else:
            config_data["running_weights"] = _saved_weights(running)
        # States saved before the single-article threshold existed used one
        # threshold for every story: keep deciding as they did.
        config_data.setdefault("single_threshold", config_data["join_threshold"])
        known = {f.name for f in fields(Config)}
        engine = cls(Config(**{k: v for k, v in config_data.items() if k in known}))
        engine.documents = state["documents"]
        engine._next_story = state["next_story"]
        engine.df = Counter(state["df"])
        engine.closed = set(state["closed"])
        engine.postings = {key: list(ids) for key, ids in state["postings"].items()}
        for story_id, data in state["stories"].items():
            story = _Story(
                size=data["size"],
                words=dict(data["words"]),
                names=dict(data["names"]),
                # Saved before headlines were kept: none known.
                titles=dict(data.get("titles", {})),
                numbers=Counter(data["numbers"]),
                dates=Counter(data["dates"]),
                # Saved before latest years were counted: none known.
                years=Counter(data.get("years", {})),
                first=data["first"],
                last=data["last"],
                members=[(m[0], dict(m[1]), dict(m[2])) for m in data["members"]],
                term_docs=Counter(data["term_docs"]),
            )
            engine._count_terms(story, [])
            story.words_norm = _norm(story.words)
            story.names_norm = _norm(story.names)
            story.titles_norm = _norm(story.titles)
            engine.stories[story_id] = story
        return engine
