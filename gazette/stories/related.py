"""Rank an article's related articles: pure, on plain data.

The similarity is ``similarity.py``'s model (TF-IDF cosines of words, names,
figures and character n-grams combined by weights fitted on human judgements of
news pairs; see docs/threading.md, "Related articles"), the document
frequencies those of the candidates and the target, or of a larger table of the
site's archive when the caller has one. Newer articles are preferred. The
article's own story comes first, then similar articles of other stories of its
edition, then similar articles of other editions (``Item.edition`` differs
from the target's: the reader's edition first); an article of another story
needs some similarity to be shown at all.

Making each article's profile was most of the cost, then comparing the vectors
one pair at a time: ``similarities`` compares packed profiles all at once
(``similarity_batch``: the model on every row at once, each family's
features counted without the rest of ``numpy.unique``; ``packed_similarities``
is the same the reference way), and a caller that keeps packed profiles
(``profile_key`` says which text one was made of) passes them as ``profiles``;
only the articles missing from it are read again, with the same result.
``similarities_of_text`` is the pair-at-a-time way, for a caller's own frequency
table (and to measure against).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gazette.stories import similarity, similarity_batch

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
    # The language code of its text (``None``: guessed, ``similarity.profile``).
    language: str | None = None
    # The edition it belongs to (a locale id; ``None``: the target's).
    edition: int | None = None


Profiles = Mapping[int, similarity.Packed]


def profile_of(item: Item) -> similarity.Packed:
    """Return the packed similarity profile of ``item``, made from its text."""
    return similarity.pack(similarity.profile(item.title, item.text, item.language))


def profile_key(item: Item) -> str:
    """Return the digest of the text ``profile_of(item)`` is made of."""
    return similarity.digest(item.title, item.text, item.language)


def similarities(
    target: Item,
    candidates: Sequence[Item],
    frequencies: similarity.Frequencies | None = None,
    model: similarity.Model | None = None,
    profiles: Profiles | None = None,
    index: similarity_batch.FeatureIndex | None = None,
) -> list[float]:
    """Return the similarity (0 .. 1) of ``target`` with each candidate.

    The document frequencies are counted over the target and the candidates.
    ``profiles`` maps article ids to their packed profiles (``profile_of`` of
    the same title and text); the others are made. ``index``: the packed
    profiles of a batch of articles numbered together (the same scores,
    faster), used when it holds the target and every candidate. With
    ``frequencies``, the result is ``similarities_of_text``'s (``profiles``
    and ``index`` unused).
    """
    if frequencies is not None:
        return similarities_of_text(target, candidates, frequencies, model)
    if not candidates:
        return []
    model = model or _model()
    if (
        index is not None
        and target.id in index
        and all(c.id in index for c in candidates)
    ):
        keys = [c.id for c in candidates]
        held = index.profiles
        return similarity_batch.scores(
            model,
            index.cosines(target.id, keys),
            held[target.id],
            [held[key] for key in keys],
        )
    known = profiles or {}

    def packed(item: Item) -> similarity.Packed:
        found = known.get(item.id)
        return found if found is not None else profile_of(item)

    first = packed(target)
    others = [packed(c) for c in candidates]
    return similarity_batch.scores(
        model, similarity_batch.packed_cosines(first, others), first, others
    )


def packed_similarities(
    target: similarity.Packed,
    others: Sequence[similarity.Packed],
    model: similarity.Model | None = None,
) -> list[float]:
    """Return ``similarities`` of packed profiles the reference way: one
    ``numpy.unique`` per family, the model row by row (``similarity_batch``
    computes the same floats faster; the tests compare the two)."""
    model = model or _model()
    return [
        model.scale(model.predict(similarity.design(row, target, other)))
        for row, other in zip(
            similarity.packed_cosines(target, others).tolist(), others, strict=True
        )
    ]


def similarities_of_text(
    target: Item,
    candidates: Sequence[Item],
    frequencies: similarity.Frequencies | None = None,
    model: similarity.Model | None = None,
) -> list[float]:
    """Return ``similarities``, every profile made from text, pair by pair.

    Without ``frequencies``, the document frequencies are counted over the
    target and the candidates. Equal to ``similarities`` up to float rounding,
    and slower.
    """
    profiles = [
        similarity.profile(i.title, i.text, i.language) for i in (target, *candidates)
    ]
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
    profiles: Profiles | None = None,
    index: similarity_batch.FeatureIndex | None = None,
) -> list[tuple[int, float]]:
    """Return up to ``limit`` (id, score), same-story articles first, best first.

    ``frequencies``, ``profiles``, ``index``: as for ``similarities``.
    """
    candidates = [c for c in candidates if c.id != target.id]
    scores = similarities(
        target, candidates, frequencies, profiles=profiles, index=index
    )
    return order(target, candidates, scores, limit)


def order(
    target: Item, candidates: Sequence[Item], scores: Sequence[float], limit: int
) -> list[tuple[int, float]]:
    """Return ``rank``'s list for candidates of known similarities ``scores``.

    In tiers: the target's story, then its edition's other articles, then other
    editions' articles; by score within a tier.
    """
    scored = []
    for candidate, cosine in zip(candidates, scores, strict=True):
        foreign = candidate.edition is not None and candidate.edition != target.edition
        same = (
            not foreign and target.story is not None and candidate.story == target.story
        )
        if not same and cosine < MIN_OTHER_SIMILARITY:
            continue
        score = cosine * (0.5 + 0.5 * recency(target, candidate))
        tier = 2 if foreign else 0 if same else 1
        scored.append((tier, -score, candidate.id, score))
    scored.sort()
    return [(pk, round(score, 4)) for _, _, pk, score in scored[:limit]]
