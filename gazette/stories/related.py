"""Rank an article's related articles: pure, on plain data.

TF-IDF cosine over the words and names of the candidates (the IDF learned from
the candidates themselves), with newer articles preferred. The article's own
story comes first, then similar articles of other stories; an article of
another story needs some similarity to be shown at all.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gazette.stories.text_features import extract

# Below this cosine, an article of another story is not related.
MIN_OTHER_SIMILARITY = 0.08
# Days after which an older article's score is halved... roughly.
HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True)
class Item:
    """An article as the ranking sees it."""

    id: int
    title: str
    text: str
    published: datetime.datetime | None = None
    story: int | None = None


def _bag(item: Item) -> Counter[str]:
    features = extract(item.title, item.text)
    bag: Counter[str] = Counter(features.words)
    bag.update({"n:" + name: n for name, n in features.names.items()})
    return bag


def _vector(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {k: (1.0 + math.log(n)) * idf[k] for k, n in bag.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def similarities(target: Item, candidates: Sequence[Item]) -> list[float]:
    """Return the TF-IDF cosine of ``target`` with each candidate."""
    bags = [_bag(target)] + [_bag(c) for c in candidates]
    df: Counter[str] = Counter(k for bag in bags for k in bag)
    total = len(bags)
    idf = {k: math.log((1 + total) / (1 + n)) + 1.0 for k, n in df.items()}
    vectors = [_vector(bag, idf) for bag in bags]
    first = vectors[0]
    return [
        sum(w * first.get(k, 0.0) for k, w in vector.items()) for vector in vectors[1:]
    ]


def recency(target: Item, candidate: Item) -> float:
    """Return 1 for a candidate as new as the target or newer, less for older."""
    if target.published is None or candidate.published is None:
        return 1.0
    days = (target.published - candidate.published).total_seconds() / 86400
    return 1.0 / (1.0 + max(0.0, days) / HALF_LIFE_DAYS)


def rank(
    target: Item, candidates: Sequence[Item], limit: int
) -> list[tuple[int, float]]:
    """Return up to ``limit`` (id, score), same-story articles first, best first."""
    candidates = [c for c in candidates if c.id != target.id]
    scored = []
    for candidate, cosine in zip(
        candidates, similarities(target, candidates), strict=True
    ):
        same = target.story is not None and candidate.story == target.story
        if not same and cosine < MIN_OTHER_SIMILARITY:
            continue
        score = cosine * (0.5 + 0.5 * recency(target, candidate))
        scored.append((0 if same else 1, -score, candidate.id, score))
    scored.sort()
    return [(pk, round(score, 4)) for _, _, pk, score in scored[:limit]]
