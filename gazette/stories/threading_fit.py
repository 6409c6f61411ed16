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

import argparse
import datetime
import json
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from typing import Any

from gazette.stories.evaluation import evaluate
from gazette.stories.threading import (
    EVENT,
    GRANULARITIES,
    RUNNING,
    Article,
    Config,
    ThreadingEngine,
    Weights,
)

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


def event_pairs(rows: Sequence[Labelled]) -> list[tuple[list[float], int]]:
    """Return training pairs for running stories from a file of single events.

    ``rows`` carry events as stories and their topics (ECB+: two events of one
    kind per topic). A candidate that is the article's own event is a positive
    and one from another topic a negative; the other event of the article's topic
    is left out, since a running story may or may not gather it. Streamed in
    file order with the gold event revealed after each article.
    """
    topic_of = {story: topic for _, story, topic in rows}
    engine = ThreadingEngine()
    pairs: list[tuple[list[float], int]] = []
    for article, story, topic in rows:
        for story_id, values in engine.candidates(article):
            if story_id != story and topic_of.get(story_id) == topic:
                continue
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
    extra_pairs: Sequence[tuple[list[float], int]] = (),
) -> Config:
    """Return ``config`` with weights fitted on ``articles`` in several orders.

    The file order and ``orders - 1`` seeded shuffles are used, so that the weights
    do not learn one order of arrival. ``extra_pairs`` (from ``event_pairs``) are
    fitted alongside.
    """
    config = config or Config()
    generator = random.Random(seed)
    sequences = [list(articles)]
    if _dated(a for a, _ in articles):
        # News arrives by date: other orders would teach impossible situations.
        orders = 1
    for _ in range(orders - 1):
        shuffled = list(articles)
        generator.shuffle(shuffled)
        sequences.append(shuffled)
    pairs = [
        pair for sequence in sequences for pair in training_pairs(sequence, config)
    ]
    pairs += extra_pairs
    config = replace(config, weights=fit_logistic(pairs))
    # Then let the engine run on its own and learn from the states it creates.
    for _ in range(rounds):
        for sequence in sequences:
            pairs += stream_pairs(sequence, config)
        config = replace(config, weights=fit_logistic(pairs))
    return config


# -- measuring: dev figures and topic-held-out halves ------------------------

Labelled = tuple[Article, str, str]
THRESHOLDS = [(j, s) for j in (0.1, 0.15) for s in (0.3, 0.4, 0.5)]
# Running stories gather more loosely: the grid reaches lower.
RUNNING_THRESHOLDS = [
    (j, s) for j in (0.05, 0.1, 0.15, 0.2, 0.3) for s in (0.2, 0.3, 0.4, 0.5, 0.6)
]


def _dated(articles: Iterable[Article]) -> bool:
    return all(article.published is not None for article in articles)


def _parse_date(value: Any) -> datetime.datetime | None:
    if value in (None, ""):
        return None
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def with_scoring(
    config: Config, granularity: str, weights: Weights, join: float, single: float
) -> Config:
    """Return ``config`` with the weights and thresholds of ``granularity`` set."""
    if granularity == RUNNING:
        return replace(
            config,
            running_weights=weights,
            running_join_threshold=join,
            running_single_threshold=single,
        )
    return replace(
        config, weights=weights, join_threshold=join, single_threshold=single
    )


def read_jsonl(path: str, granularity: str = EVENT) -> list[Labelled]:
    """Return (article, gold story, topic) triples from a labelled JSON-lines file.

    The topic is the record's ``topic`` field, else its story: held-out halves
    then split stories, not topics. When every record has a ``date``, the
    articles are returned in date order (stable), as a site would receive them.
    """
    rows: list[Labelled] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                article = Article(
                    str(record["id"]),
                    record["title"],
                    record["text"] or "",
                    _parse_date(record.get("date")),
                    granularity,
                )
                story = str(record["story"])
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}, line {number}: {error!r}") from None
            rows.append((article, story, str(record.get("topic") or story)))
    if rows and _dated(row[0] for row in rows):
        rows.sort(key=lambda row: row[0].published or 0)
    return rows


def orders(rows: Sequence[Labelled], shuffles: int = 3) -> list[list[Labelled]]:
    """Return file order and shuffles 1..``shuffles``, as ``--shuffle N`` draws them.

    Dated rows have one order, by date.
    """
    result = [list(rows)]
    if _dated(row[0] for row in rows):
        return result
    for seed in range(1, shuffles + 1):
        shuffled = list(rows)
        random.Random(seed).shuffle(shuffled)
        result.append(shuffled)
    return result


def measure(rows: Sequence[Labelled], config: Config) -> tuple[float, float, float]:
    """Stream ``rows`` through a fresh engine; return pairwise F1, BCubed F1, docs/s."""
    engine = ThreadingEngine(config)
    predicted: dict[str, str] = {}
    started = time.perf_counter()
    for article, _, _ in rows:
        decision = engine.add(article)
        predicted[article.id] = decision.story_id or engine.last_new_story or ""
    elapsed = max(time.perf_counter() - started, 1e-9)
    report = evaluate({a.id: story for a, story, _ in rows}, predicted)
    return report.pairwise.f1, report.bcubed.f1, len(rows) / elapsed


def mean_scores(
    rows: Sequence[Labelled], config: Config, shuffles: int = 3
) -> tuple[list[tuple[float, float, float]], float, float]:
    """Return per-order scores and the mean pairwise and BCubed F1 over the orders."""
    runs = [measure(order, config) for order in orders(rows, shuffles)]
    return (
        runs,
        sum(r[0] for r in runs) / len(runs),
        sum(r[1] for r in runs) / len(runs),
    )


def fit_and_pick(
    rows: Sequence[Labelled],
    config: Config | None = None,
    granularity: str = EVENT,
    extra_pairs: Sequence[tuple[list[float], int]] = (),
) -> tuple[Config, float, float]:
    """Fit weights on ``rows``, then pick the thresholds best on ``rows`` too.

    The thresholds come from ``THRESHOLDS`` (``RUNNING_THRESHOLDS`` for running
    stories) by mean pairwise + BCubed F1 over file order and three shuffles, or
    over date order for dated rows. ``gap_days`` is fitted only on dated rows;
    otherwise it keeps its hand-set value. ``extra_pairs`` are fitted alongside;
    the thresholds are picked on ``rows`` alone.
    """
    base = config or Config()
    base_weights = base.scoring(granularity)[0]
    weights = fit(
        [(a, story) for a, story, _ in rows], base, extra_pairs=extra_pairs
    ).weights
    if not _dated(row[0] for row in rows):
        weights = replace(weights, gap_days=base_weights.gap_days)
    grid = RUNNING_THRESHOLDS if granularity == RUNNING else THRESHOLDS
    best: tuple[float, Config, float, float] | None = None
    for join, single in grid:
        candidate = with_scoring(base, granularity, weights, join, single)
        _, pairwise, bcubed = mean_scores(rows, candidate)
        if best is None or pairwise + bcubed > best[0]:
            best = (pairwise + bcubed, candidate, pairwise, bcubed)
    assert best is not None
    return best[1], best[2], best[3]


def _line(name: str, runs: list[tuple[float, float, float]], p: float, b: float) -> str:
    orders_text = "  ".join(f"{r[0]:.3f}/{r[1]:.3f}" for r in runs)
    speed = min(r[2] for r in runs)
    return (
        f"{name}: mean {p:.3f}/{b:.3f} (pairwise/BCubed F1; file order, shuffles "
        f"1-{len(runs) - 1}: {orders_text}; slowest {speed:.0f} articles/s)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Fit on a labelled file and print dev and topic-held-out figures."""
    parser = argparse.ArgumentParser(
        prog="python -m gazette.stories.threading_fit",
        description=(
            "Fit the threading weights on a labelled JSON-lines file (id, title, "
            "text, story, optional topic) and print their figures: on the whole "
            "file (tuned there) and on held-out halves of its topics."
        ),
    )
    parser.add_argument("file")
    parser.add_argument(
        "--granularity",
        choices=GRANULARITIES,
        default=EVENT,
        help="which weight set to fit: single events (ECB+) or running stories",
    )
    parser.add_argument(
        "--current",
        action="store_true",
        help="also measure the shipped weights and thresholds, unfitted",
    )
    parser.add_argument(
        "--no-heldout", action="store_true", help="skip the held-out halves"
    )
    parser.add_argument(
        "--events",
        metavar="FILE",
        help="with --granularity running: also fit on this file of single events "
        "with topics (ECB+): each article's own event is a positive, stories of "
        "other topics negatives, so that stories of different subjects stay "
        "apart even when they run at the same time",
    )
    parser.add_argument(
        "--test",
        metavar="FILE",
        action="append",
        default=[],
        help="also measure the weights fitted on FILE on this other labelled file "
        "(and the shipped ones with --current); may be repeated",
    )
    args = parser.parse_args(argv)
    granularity = args.granularity
    try:
        rows = read_jsonl(args.file, granularity)
        tests = {path: read_jsonl(path, granularity) for path in args.test}
        events = read_jsonl(args.events, granularity) if args.events else []
    except (OSError, ValueError) as error:
        parser.exit(2, f"error: {error}\n")
    print(f"{args.file}: {len(rows)} articles ({granularity})", flush=True)
    extra = event_pairs(events)
    if events:
        print(f"{args.events}: {len(events)} articles, {len(extra)} pairs", flush=True)
    if args.current:
        runs, p, b = mean_scores(rows, Config())
        print(_line("shipped weights", runs, p, b), flush=True)
    config, p, b = fit_and_pick(rows, granularity=granularity, extra_pairs=extra)
    weights, join, single = config.scoring(granularity)
    print(f"fitted on all (thresholds {join}/{single}): {weights}", flush=True)
    runs, p, b = mean_scores(rows, config)
    print(_line("tuned on this file", runs, p, b), flush=True)
    for path, test_rows in tests.items():
        if args.current:
            runs, p, b = mean_scores(test_rows, Config())
            print(_line(f"{path}, shipped weights", runs, p, b), flush=True)
        runs, p, b = mean_scores(test_rows, config)
        print(_line(f"{path}, fitted on {args.file}", runs, p, b), flush=True)
    if args.no_heldout:
        return
    topics = sorted(set(topic for _, _, topic in rows), key=_topic_key)
    halves = [set(topics[0::2]), set(topics[1::2])]
    held: list[tuple[float, float]] = []
    for fit_half, test_half, name in ((0, 1, "A->B"), (1, 0, "B->A")):
        train = [row for row in rows if row[2] in halves[fit_half]]
        test = [row for row in rows if row[2] in halves[test_half]]
        config, _, _ = fit_and_pick(train, granularity=granularity, extra_pairs=extra)
        runs, p, b = mean_scores(test, config)
        held.append((p, b))
        _, join, single = config.scoring(granularity)
        label = (
            f"held out {name} (thresholds {join}/{single} picked on the fitting half)"
        )
        print(_line(label, runs, p, b), flush=True)
    pairwise = sum(h[0] for h in held) / 2
    bcubed = sum(h[1] for h in held) / 2
    print(f"heldout_pairwise_f1={pairwise:.3f} heldout_bcubed_f1={bcubed:.3f}")


def _topic_key(topic: str) -> tuple[int, str]:
    return (int(topic), "") if topic.isdigit() else (0, topic)


if __name__ == "__main__":
    main()
