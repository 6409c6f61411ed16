"""Fit the threading engine's pair-scoring weights on labelled articles.

Pure code, no dependency: the articles are streamed through an engine that is told
the gold story of each one after it has looked at it ("teacher forcing"); every
candidate story it retrieved on the way becomes one training pair (its features,
and whether it was the gold story). A logistic regression with a small L2 penalty is
fitted to those pairs by Newton's method.

Used to produce the defaults in ``threading.Weights`` from the ECB+ dev set (see
``docs/threading.md``); keep it to refit on a newsroom's own labelled archive.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace

from gazette.stories.threading import Article, Config, ThreadingEngine, Weights

FEATURES = [f.name for f in fields(Weights) if f.name != "bias"]


def training_pairs(
    articles: Sequence[tuple[Article, str]], config: Config | None = None
) -> list[tuple[list[float], int]]:
    """Return (feature values, 1 if gold story else 0) for every retrieved candidate."""
    engine = ThreadingEngine(config)
    pairs: list[tuple[list[float], int]] = []
    for article, story in articles:
        for story_id, values in engine.candidates(article):
            pairs.append(([values[name] for name in FEATURES], int(story_id == story)))
        engine.observe(article, story)
    return pairs


def stream_pairs(
    articles: Sequence[tuple[Article, str]], config: Config, top: int = 4
) -> list[tuple[list[float], int]]:
    """Return training pairs seen by the engine deciding on its own.

    Each article goes where ``config`` sends it, as in production, so the pairs show
    the mixed stories its own mistakes make. A candidate is labelled 1 when most
    of its articles so far share the article's gold story. Only the ``top``
    strongest candidates are kept: they are the decisions that matter.
    """
    engine = ThreadingEngine(config)
    members: dict[str, Counter[str]] = {}
    pairs: list[tuple[list[float], int]] = []
    for article, story in articles:
        scored = [
            (engine._probability(values), story_id, values)
            for story_id, values in engine.candidates(article)
        ]
        scored.sort(key=lambda item: -item[0])
        for _, story_id, values in scored[:top]:
            majority = members[story_id].most_common(1)[0][0]
            pairs.append(([values[name] for name in FEATURES], int(majority == story)))
        engine.add(article)
        chosen = engine.last_new_story or scored[0][1]
        members.setdefault(chosen, Counter())[story] += 1
    return pairs


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    n = len(vector)
    rows = [row[:] + [value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [
                    a - factor * b for a, b in zip(rows[r], rows[col], strict=True)
                ]
    return [rows[i][n] / rows[i][i] if rows[i][i] else 0.0 for i in range(n)]


def fit_logistic(
    pairs: Iterable[tuple[list[float], int]], l2: float = 1.0, iterations: int = 25
) -> Weights:
    """Return the weights of a logistic regression fitted to ``pairs``."""
    data = [([1.0, *x], y) for x, y in pairs]
    if not data:
        return Weights()
    size = len(data[0][0])
    beta = [0.0] * size
    for _ in range(iterations):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for x, y in data:
            z = sum(b * v for b, v in zip(beta, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            w = p * (1.0 - p)
            for i in range(size):
                gradient[i] += (y - p) * x[i]
                row = hessian[i]
                wx = w * x[i]
                for j in range(i, size):
                    row[j] += wx * x[j]
        for i in range(size):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        # The bias is not penalised.
        for i in range(1, size):
            gradient[i] -= l2 * beta[i]
            hessian[i][i] += l2
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    values = dict(zip(["bias", *FEATURES], beta, strict=True))
    return Weights(**{name: round(value, 3) for name, value in values.items()})


def fit(
    articles: Sequence[tuple[Article, str]],
    config: Config | None = None,
    orders: int = 4,
    seed: int = 0,
    rounds: int = 0,
) -> Config:
    """Return ``config`` with weights fitted on ``articles`` in several orders.

    The file order and ``orders - 1`` seeded shuffles are used, so that the weights
    do not learn one order of arrival.
    """
    config = config or Config()
    generator = random.Random(seed)
    sequences = [list(articles)]
    for _ in range(orders - 1):
        shuffled = list(articles)
        generator.shuffle(shuffled)
        sequences.append(shuffled)
    pairs = [
        pair for sequence in sequences for pair in training_pairs(sequence, config)
    ]
    config = replace(config, weights=fit_logistic(pairs))
    # Then let the engine run on its own and learn from the states it creates.
    for _ in range(rounds):
        for sequence in sequences:
            pairs += stream_pairs(sequence, config)
        config = replace(config, weights=fit_logistic(pairs))
    return config
