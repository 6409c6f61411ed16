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
from operator import mul
from sys import intern
from typing import Any

from gazette.stories.text_features import Features, extract, title_words
from gazette.stories.threading_config import (
    EVENT,
    GRANULARITIES,
    RUNNING,
    RUNNING_WEIGHTS,
    SHIPPED_RUNNING_WEIGHTS,
    SHIPPED_WEIGHTS,
    Article,
    Candidate,
    Config,
    Decision,
    Weights,
)
from gazette.stories.threading_state import STATE_VERSION, restore, state_of
from gazette.stories.threading_vectors import (
    _VALUE,
    DECIMALS,
    TITLE_TERMS,
    Vector,
    _add_into,
    _Doc,
    _norm,
    _rounded,
    _sigmoid,
    _Story,
    _timestamp,
    _top,
    pair_features,
)

# Callers import these from here (the engine's public names).
__all__ = [
    "DECIMALS",
    "EVENT",
    "GRANULARITIES",
    "RUNNING",
    "RUNNING_WEIGHTS",
    "SHIPPED_RUNNING_WEIGHTS",
    "SHIPPED_WEIGHTS",
    "STATE_VERSION",
    "Article",
    "Candidate",
    "Config",
    "Decision",
    "Features",
    "ThreadingEngine",
    "Vector",
    "Weights",
]


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
        # Interned: the stories' centroids and members share one copy of each
        # term instead of one per article that brought it (a fifth of a
        # story's memory).
        vector = {
            intern(key): (1.0 + log(count))
            * (log(documents / (df(prefix + key, 0) + 1)) + 1.0)
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
        keys = [intern("w:" + k) for k in _top(words, self.config.query_terms)]
        keys += [intern("n:" + k) for k in _top(names, self.config.query_names)]
        years = {d for d in features.dates if d[0] == "y"}
        return _Doc(
            words=words,
            names=names,
            title=self._weigh(title_words(article.title, article.language), "w:"),
            numbers=set(map(intern, features.numbers)),
            dates=set(map(intern, features.dates)),
            years=years,
            year=max(years, default=None),
            time=_timestamp(article.published),
            keys=keys,
            features=features,
            ceiling=math.log(self.documents + 1) + 1.0,
        )

    def _pair_features(self, doc: _Doc, story: _Story) -> dict[str, float]:
        return pair_features(doc, story, self.documents, self.df)

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

    def decide(self, article: Article, features: Features | None = None) -> Decision:
        """Return where ``article`` belongs, without changing the state.

        ``features``: the article's ``extract`` as the engine reads it (its
        title, text, ``config.title_weight`` and language), when the caller
        has it.
        """
        doc = self._doc(article, features)
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
        return state_of(self)

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> ThreadingEngine:
        """Return an engine restored from ``to_dict`` data."""
        return restore(cls, state)
