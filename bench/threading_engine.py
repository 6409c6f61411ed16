"""Measure the threading engine alone: articles/second and decision latency.

Run with ``.venv/bin/python bench/threading_engine.py`` (about 3-6 minutes on one
core; ``--articles 20000`` for a quick look). No database, no server: the pure
engine of ``gazette/stories/threading.py`` is fed a stream of synthetic articles
(story-specific names and figures over a Zipf-distributed common vocabulary, a few
new stories per hundred articles), with the real articles of
``../shared/data/ecbplus-dev.jsonl`` and ``../shared/data/wikinews`` mixed in
when present. At 1k, 10k and 100k stored articles (and 1M with
``--articles 1001000``) it times the next ``--window``
decisions (``engine.add``) and prints articles/second of the engine's CPU time
(one core; waiting for a core on a loaded machine does not count), the
wall-clock rate, and p50/p99 wall-clock latency, which must stay flat as the
archive grows. ``--granularity running`` decides with the running-story
weights. The last line is for machines:
``docs_per_s_1k=N docs_per_s_10k=N docs_per_s_100k=N p99_ms_100k=N``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.stories.threading import (  # noqa: E402
    EVENT,
    GRANULARITIES,
    Article,
    ThreadingEngine,
)

SHARED = ROOT.parent / "shared" / "data"
SYLLABLES = "ka lo mi ra ten vo sa bel dor an ik ul fen gar mos tri pel zan"


def real_articles() -> list[tuple[str, str]]:
    """Return (title, text) of the real articles found in ../shared/data."""
    found: list[tuple[str, str]] = []
    ecb = SHARED / "ecbplus-dev.jsonl"
    if ecb.exists():
        for line in ecb.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append((row["title"], row["text"]))
    for path in sorted((SHARED / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found += [(row["title"], row["text"]) for row in csv.DictReader(handle)]
    return found


def synthetic_stream(seed: int) -> Iterator[tuple[str, str]]:
    """Yield endless (title, text) pairs of synthetic running stories."""
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice(SYLLABLES.split()) for _ in range(rng.randint(2, 4)))
        for _ in range(20000)
    ]
    # Accumulated once: ``choices`` with ``weights`` would build this list of
    # 20,000 floats for every sentence, the same stream at ten times the cost,
    # and its garbage would evict the engine's state from the CPU caches
    # between two timed decisions.
    cum_weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(vocabulary))))

    def name() -> str:
        return " ".join(
            "".join(rng.choice(SYLLABLES.split()) for _ in range(3)).capitalize()
            for _ in range(rng.randint(1, 3))
        )

    live: list[tuple[list[str], list[str], list[str]]] = []
    while True:
        if not live or rng.random() < 0.05:
            topic = rng.choices(vocabulary[200:], k=8)
            figures = [str(rng.randint(10, 9999)) for _ in range(3)]
            live.append(([name() for _ in range(4)], topic, figures))
            del live[:-200]
        names, topic, figures = rng.choice(live[-50:])
        sentences = []
        for _ in range(rng.randint(6, 14)):
            words = rng.choices(
                vocabulary, cum_weights=cum_weights, k=rng.randint(8, 16)
            )
            words += rng.sample(topic, 2)
            words.insert(rng.randrange(len(words)), rng.choice(names))
            if rng.random() < 0.3:
                words.append(rng.choice(figures))
            sentences.append(" ".join(words).capitalize() + ".")
        yield f"{names[0]} {topic[0]} {topic[1]}", " ".join(sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=101_000)
    parser.add_argument("--window", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--granularity",
        choices=GRANULARITIES,
        default=EVENT,
        help="decide every article with the weights of this granularity",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=900, help="stop early after this long"
    )
    options = parser.parse_args(argv)
    real = real_articles()
    synthetic = synthetic_stream(options.seed)
    rng = random.Random(options.seed)
    engine = ThreadingEngine()
    checkpoints = [
        n
        for n in (1_000, 10_000, 100_000, 1_000_000)
        if n + options.window <= options.articles
    ]
    results: dict[int, tuple[float, float, float]] = {}
    started = time.perf_counter()
    print(f"{len(real)} real articles mixed in; streaming {options.articles}")
    stored = 0
    while stored < options.articles:
        timed = bool(checkpoints) and stored >= checkpoints[0]
        batch = (
            options.window
            if timed
            else (checkpoints[0] - stored if checkpoints else options.articles - stored)
        )
        latencies = []
        timed_articles: list[Article] = []
        cpu = 0.0
        wall = time.perf_counter()
        for _ in range(batch):
            if real and rng.random() < 0.05:
                title, text = rng.choice(real)
            else:
                title, text = next(synthetic)
            article = Article(
                f"a{stored}", title, text, granularity=options.granularity
            )
            tick, cpu_tick = time.perf_counter(), time.process_time()
            engine.add(article)
            latencies.append(time.perf_counter() - tick)
            cpu += time.process_time() - cpu_tick
            if timed:
                timed_articles.append(article)
            stored += 1
            if stored % 5000 == 0:
                elapsed = time.perf_counter() - started
                print(
                    f"  {stored} stored, {len(engine.stories)} stories, "
                    f"{elapsed:.0f} s",
                    flush=True,
                )
        if timed:
            point = checkpoints.pop(0)
            # Only the engine's own CPU time counts: not making up the articles,
            # nor waiting for a core on a shared machine.
            cpu_rate = batch / max(cpu, 1e-9)
            quantiles = statistics.quantiles(latencies, n=100)
            results[point] = (cpu_rate, quantiles[49] * 1000, quantiles[98] * 1000)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # What a decision works on (untimed, the state unchanged): how many
            # candidate stories it scores, and how many centroid terms each has.
            scored = [engine.candidates(a) for a in timed_articles[-200:]]
            stories = [
                engine.stories[story_id] for found in scored for story_id, _ in found
            ]
            terms = [len(story.words) + len(story.names) for story in stories]
            work = (
                f"{len(stories) / len(scored):.1f} candidates a decision, "
                f"{statistics.mean(terms or [0]):.0f} centroid terms each"
            )
            p50, p99 = quantiles[49] * 1000, quantiles[98] * 1000
            print(
                f"at {point:>7} stored: {cpu_rate:7.0f} articles/s (engine CPU), "
                f"{batch / (time.perf_counter() - wall):7.0f} articles/s (wall), "
                f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
                f"{len(engine.stories)} stories, {len(engine.df)} terms, "
                f"peak RSS {peak_mb:.0f} MB; {work}",
                flush=True,
            )
        if time.perf_counter() - started > options.max_seconds:
            print(f"stopping after {options.max_seconds:.0f} s at {stored} stored")
            break
    print(
        f"{stored} articles in {len(engine.stories)} stories, "
        f"{len(engine.df)} features with document frequencies, "
        f"{len(engine.postings)} posting lists"
    )
    label = {1_000: "1k", 10_000: "10k", 100_000: "100k", 1_000_000: "1m"}
    figures = [f"docs_per_s_{label[p]}={results[p][0]:.0f}" for p in results]
    if 100_000 in results:
        figures.append(f"p99_ms_100k={results[100_000][2]:.1f}")
    if 1_000_000 in results:
        figures.append(f"p99_ms_1m={results[1_000_000][2]:.1f}")
    print(" ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
