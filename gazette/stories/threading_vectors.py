"""The threading engine's per-article and per-story vectors, and the features
of an (article, story) pair: pure, on plain data.

``_Doc`` is an article as the engine weighs it (unit TF-IDF vectors of its
words, names and headline, its numbers, dates and query keys), ``_Story`` a
story's running state (centroids pruned to their strongest terms, counts of
numbers, dates and years, its time range, its latest members). ``_add_into``
keeps a centroid rounded and bounded; ``pair_features`` computes what the
model weighs for one candidate story. Used by ``threading.ThreadingEngine``.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import add, itemgetter, mul, neg

from gazette.stories.text_features import Features

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


def pair_features(
    doc: _Doc, story: _Story, documents: int, df: Counter[str]
) -> dict[str, float]:
    """Return the features of the pair (article ``doc``, ``story``) that the
    model weighs; ``documents`` and ``df`` are the engine's document count and
    document frequencies (for the story's core terms' IDF)."""
    doc_words = doc.words
    doc_names = doc.names
    words = _dot(doc_words, story.words) / story.words_norm if story.words_norm else 0.0
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
    documents = documents + 1
    if story.core:
        seen = doc.core_terms
        total = present = rarest = 0.0
        for key in story.core:
            known = seen.get(key)
            if known is None:
                # As ``_idf``, without the call.
                idf = math.log(documents / (df.get(key, 0) + 1)) + 1.0
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
        names_missing = 1.0 - sum([story_names[k] ** 2 for k in shared_names]) / squared
    cohesion_gap = 0.0
    if story.size > 1:
        n = story.size
        # |sum of unit vectors|^2 = n + twice the sum of pairwise cosines
        # (before pruning), so the members' mean similarity comes for free.
        mean_pairwise = (story.words_norm**2 - n) / (n * (n - 1))
        cohesion_gap = mean_pairwise - words * story.words_norm / n
    title = (
        _dot(doc.title, story.titles) / story.titles_norm if story.titles_norm else 0.0
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
