"""Score one article against many at once: the fast path of ranking related articles.

Pure, on packed profiles (``similarity.Packed``). ``packed_cosines`` is
``similarity.packed_cosines`` with each family's distinct features counted by
one ``argsort``, without the rest of ``numpy.unique`` (the distinct values,
the checks). ``scores`` is ``Model.scale(Model.predict(
similarity.design(row, a, b)))`` for every row at once.

Both give the same floats as the reference path, bit for bit: the same
operations in the same order (``bincount`` adds a document's features in their
packed order; the model's weighted sum runs term by term, as
``Model.predict``'s does; ``math.log1p``, not numpy's, which differs in the
last bit now and then). ``tests/test_related_fast.py`` compares them on
the Wikinews archive and the multilingual pairs of ``../shared/data``.

The reference path stays in ``similarity.py``: its source is part of the
stored profiles' format (``similarity.PROFILE_FORMAT``), and this module
changes nothing a profile holds.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from gazette.stories.similarity import (
    BLOCK,
    COSINES,
    FAMILIES,
    FREE_TERMS,
    KINDS,
    Model,
    Packed,
    kind,
)

_FAMILIES = len(FAMILIES)
_LOG20 = math.log(21.0)
_LOG5 = math.log(6.0)


def packed_cosines(target: Packed, others: Sequence[Packed]) -> npt.NDArray[np.float64]:
    """Return ``similarity.packed_cosines(target, others)``, a little faster.

    One row per other, one column per entry of ``COSINES``; the document
    frequencies are counted over the target and the others.
    """
    docs = [target, *others]
    count = len(docs)
    result = np.zeros((len(others), len(COSINES)))
    if not others:
        return result
    total = math.log(1 + count)
    owners = np.arange(count)
    columns: dict[int, tuple] = {}
    for column, (family, raw) in enumerate(COSINES):
        at = FAMILIES.index(family)
        if at not in columns:
            spans = [(d.offsets[at], d.offsets[at + 1]) for d in docs]
            ids = np.concatenate(
                [d.ids[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
            )
            where, documents = _unique(ids)
            idf = total - np.log1p(documents.astype(np.float64)) + 1.0
            sizes = np.array([b - a for a, b in spans], dtype=np.int64)
            columns[at] = (
                np.concatenate(
                    [d.counts[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
                ).astype(np.float64),
                idf[where],
                np.repeat(owners, sizes),
                where,
                int(sizes[0]),
                len(documents),
            )
        counts, idf, owner, where, mine, distinct = columns[at]
        weights = (counts if raw else 1.0 + np.log(counts)) * idf
        norms = np.sqrt(np.bincount(owner, weights * weights, minlength=count))
        norms[norms == 0.0] = 1.0
        unit = np.zeros(distinct)
        unit[where[:mine]] = weights[:mine] / norms[0]
        dots = np.bincount(owner, weights * unit[where], minlength=count)
        result[:, column] = np.clip(dots[1:] / norms[1:], 0.0, 1.0)
    return result


class FeatureIndex:
    """The packed profiles of a batch of articles, each family's features
    numbered once for all of them: ``cosines`` then counts a candidate set's
    document frequencies by these numbers, without sorting the features of
    every set again (most of ``packed_cosines``' time).

    ``cosines(key, others)`` is ``packed_cosines(profiles[key], [profiles[k]
    for k in others])``, bit for bit: the same features in the same order, the
    same document frequencies and the same float operations on them.
    """

    def __init__(self, profiles: Mapping[Hashable, Packed]) -> None:
        self.profiles = dict(profiles)
        self._position = {key: n for n, key in enumerate(self.profiles)}
        docs = list(self.profiles.values())
        # Per family: each document's feature numbers and counts, the number
        # of distinct features, and a scratch row as long (zeros between uses).
        self._families: list[tuple[list, list, int, npt.NDArray[np.float64]]] = []
        for at in range(_FAMILIES):
            spans = [(int(d.offsets[at]), int(d.offsets[at + 1])) for d in docs]
            ids = np.concatenate(
                [d.ids[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
                or [np.zeros(0, dtype=np.uint64)]
            )
            counts = np.concatenate(
                [d.counts[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
                or [np.zeros(0, dtype=np.uint16)]
            )
            where, documents = _unique(ids)
            del ids
            ends = np.cumsum([b - a for a, b in spans])[:-1]
            # Kept small (6 bytes a feature: a chunk's index is a few MB).
            self._families.append(
                (
                    np.split(where.astype(np.int32), ends),
                    np.split(counts, ends),
                    len(documents),
                    np.zeros(len(documents)),
                )
            )

    def __contains__(self, key: Hashable) -> bool:
        return key in self._position

    def cosines(
        self, key: Hashable, others: Sequence[Hashable]
    ) -> npt.NDArray[np.float64]:
        """Return ``packed_cosines`` of the profile of ``key`` with those of
        ``others`` (all of them in the index)."""
        positions = [self._position[key], *map(self._position.__getitem__, others)]
        count = len(positions)
        result = np.zeros((len(others), len(COSINES)))
        if not others:
            return result
        total = math.log(1 + count)
        # The IDF of a feature by its document frequency, as ``packed_cosines``
        # computes it for each distinct feature.
        idf_of = total - np.log1p(np.arange(count + 1, dtype=np.float64)) + 1.0
        owners = np.arange(count)
        columns: dict[int, tuple] = {}
        for column, (family, raw) in enumerate(COSINES):
            at = FAMILIES.index(family)
            if at not in columns:
                numbers, amounts, _distinct, scratch = self._families[at]
                where = np.concatenate([numbers[p] for p in positions])
                sizes = np.array([len(numbers[p]) for p in positions], dtype=np.int64)
                documents = np.bincount(where)
                columns[at] = (
                    np.concatenate([amounts[p] for p in positions]).astype(np.float64),
                    idf_of[documents[where]],
                    np.repeat(owners, sizes),
                    where,
                    int(sizes[0]),
                    scratch,
                )
            counts, idf, owner, where, mine, unit = columns[at]
            weights = (counts if raw else 1.0 + np.log(counts)) * idf
            norms = np.sqrt(np.bincount(owner, weights * weights, minlength=count))
            norms[norms == 0.0] = 1.0
            own = where[:mine]
            unit[own] = weights[:mine] / norms[0]
            dots = np.bincount(owner, weights * unit[where], minlength=count)
            unit[own] = 0.0
            result[:, column] = np.clip(dots[1:] / norms[1:], 0.0, 1.0)
        return result


def _unique(
    ids: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    # numpy.unique(ids, return_inverse=True, return_counts=True)'s inverse and
    # counts, without the distinct values and the checks it does not need here.
    if not len(ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.argsort(ids)
    ranked = ids[order]
    starts = np.empty(len(ids), dtype=bool)
    starts[0] = True
    np.not_equal(ranked[1:], ranked[:-1], out=starts[1:])
    where = np.empty(len(ids), dtype=np.int64)
    where[order] = np.cumsum(starts) - 1
    documents = np.diff(np.append(np.flatnonzero(starts), len(ids)))
    return where, documents


def scores(
    model: Model,
    cosines: npt.NDArray[np.float64],
    target: Packed,
    others: Sequence[Packed],
) -> list[float]:
    """Return ``model.scale(model.predict(design(row, target, other)))`` of
    each row of ``cosines`` (``packed_cosines(target, others)``)."""
    if not others:
        return []
    rows = len(others)
    terms = np.empty((rows, BLOCK))
    terms[:, 0::3] = np.sqrt(cosines)
    terms[:, 1::3] = _log1p(20.0 * cosines) / _LOG20
    terms[:, 2::3] = _log1p(5.0 * cosines) / _LOG5
    kinds = np.array([KINDS.index(kind(target, other)) for other in others])
    weights = np.asarray(model.weights)
    free = weights[:FREE_TERMS]
    blocks = weights[FREE_TERMS:].reshape(len(KINDS), BLOCK)[kinds]
    # Term by term, in ``design``'s order, as ``Model.predict``'s sum adds them
    # (the other kinds' blocks are zeros, which change no sum).
    predicted = np.zeros(rows) + free[0] * 1.0
    predicted = predicted + free[1] * (kinds == KINDS.index("two_languages"))
    predicted = predicted + free[2] * (kinds == KINDS.index("english"))
    for column in range(BLOCK):
        predicted = predicted + blocks[:, column] * terms[:, column]
    scaled: list[float] = np.clip((predicted - 1.0) / 3.0, 0.0, 1.0).tolist()
    return scaled


def _log1p(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    # math.log1p, as ``design`` calls it: numpy's differs in the last bit now
    # and then.
    flat = np.fromiter(map(math.log1p, values.ravel().tolist()), np.float64)
    return flat.reshape(values.shape)
