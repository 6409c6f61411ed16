"""Rank an article's related articles: pure, on plain data.

The similarity is ``similarity.py``'s model (TF-IDF cosines of words, names,
figures and character n-grams combined by weights fitted on human judgements of
news pairs; see docs/threading.md, "Related articles"), the document
frequencies those of the candidates and the target, or of a larger table of the
site's archive when the caller has one. Newer articles are preferred. The
article's own story comes first, then similar articles of other stories; an
article of another story needs some similarity to be shown at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from gazette.stories import similarity

# Below this similarity (0 .. 1; 1/3 is a predicted "somewhat dissimilar" on the
# human scale), an article of another story is not related.
MIN_OTHER_SIMILARITY = 0.25
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


def _profile(item: Item) -> similarity.Profile:
    return similarity.profile(item.title, item.text)


def similarities(
    target: Item,
    candidates: Sequence[Item],
    frequencies: similarity.Frequencies | None = None,
    model: similarity.Model | None = None,
) -> list[float]:
    """Return the similarity (0 .. 1) of ``target`` with each candidate.

    Without ``frequencies``, the document frequencies are counted over the
    target and the candidates.
    """
    profiles = [_profile(target)] + [_profile(c) for c in candidates]
    if frequencies is None:
        frequencies = similarity.Frequencies.of(profiles)
    model = model or _model()
    first, *others = profiles
    mine = similarity.vectors(first, frequencies)
    scores = []
    for other in others:
        values = similarity.compare(mine, similarity.vectors(other, frequencies))
        scores.append(
            model.scale(model.predict(similarity.design(values, first, other)))
        )
    return scores


_MODEL: similarity.Model | None = None


def _model() -> similarity.Model:
    global _MODEL
    if _MODEL is None:
        _MODEL = similarity.default_model()
    return _MODEL


def recency(target: Item, candidate: Item) -> float:
    """Return 1 for a candidate as new as the target or newer, less for older."""
    if target.published is None or candidate.published is None:
        return 1.0
    days = (target.published - candidate.published).total_seconds() / 86400
    return 1.0 / (1.0 + max(0.0, days) / HALF_LIFE_DAYS)


def rank(
    target: Item,
    candidates: Sequence[Item],
    limit: int,
    frequencies: similarity.Frequencies | None = None,
) -> list[tuple[int, float]]:
    """Return up to ``limit`` (id, score), same-story articles first, best first."""
    candidates = [c for c in candidates if c.id != target.id]
    scored = []
    for candidate, cosine in zip(
        candidates, similarities(target, candidates, frequencies), strict=True
    ):
        same = target.story is not None and candidate.story == target.story
        if not same and cosine < MIN_OTHER_SIMILARITY:
            continue
        score = cosine * (0.5 + 0.5 * recency(target, candidate))
        scored.append((0 if same else 1, -score, candidate.id, score))
    scored.sort()
    return [(pk, round(score, 4)) for _, _, pk, score in scored[:limit]]
