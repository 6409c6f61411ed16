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
from collections.abc import Sequence

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
