"""Measure threading on a PostgreSQL-backed site, through the publish path.

Run with ``.venv/bin/python bench/story_threading.py --articles 10000`` (PostgreSQL at
127.0.0.1:5432, user ``postgres``; override with ``GAZETTE_BENCH_DATABASE_URL``).
It drops and recreates the database ``gazette_bench_threading``, migrates it,
then creates and publishes ``--articles`` synthetic articles
(``gazette.demo.synthetic``: the plan and texts of ``gazette generate_newsroom``)
one by one through ``articles.services`` with the in-process task backend, so
each publish runs the threading task exactly as the site does. At 1k, 10k and
100k stored articles (those reached) it prints, for the previous ``--window``
articles, articles/second of the whole publish and the p50/p99 latency of the
threading task (decision, placement, stored related articles, engine log). The
last line is for machines.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics  # noqa: E402
import sys
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "gazette_bench_threading"
CHECKPOINTS = (1_000, 10_000, 100_000)


def say(message: str) -> None:
    print(message, flush=True)


def prepare_database(server_url: str) -> str:
    """Drop and recreate the bench database; return its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{server_url}/{DATABASE}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--window", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    server = os.environ.get(
        "GAZETTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
    )
    os.environ["DATABASE_URL"] = prepare_database(server)
    os.environ["GAZETTE_TASK_BACKEND"] = "immediate"
    os.environ["GAZETTE_CACHE"] = "off"
    os.environ.setdefault("GAZETTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")

    import django

    django.setup()
    from django.core.management import call_command

    from gazette.articles import services as articles
    from gazette.core.models import HomePage
    from gazette.demo import synthetic
    from gazette.stories import services

    say(f"migrating {DATABASE}")
    call_command("migrate", verbosity=0)
    home = HomePage.objects.get()
    n = options.articles
    plan = synthetic.plan_newsroom(
        articles=n,
        stories=max(1, n // 25),
        sections=4,
        authors=10,
        seed=options.seed,
        end=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    sections = [
        articles.create_section(home, title=kit.title, slug=kit.slug)
        for kit in plan.sections
    ]

    latencies: list[float] = []
    threaded = services.thread_published_article

    def timed(article):
        started = time.perf_counter()
        try:
            return threaded(article)
        finally:
            latencies.append(time.perf_counter() - started)

    services.thread_published_article = timed

    results = {}
    window_start = time.perf_counter()
    batch = 500
    for start in range(0, n, batch):
        texts = synthetic.write_texts(plan, start, min(batch, n - start))
        for offset, text in enumerate(texts):
            index = start + offset
            article_plan = plan.articles[index]
            page = articles.create_article(
                sections[article_plan.section],
                title=text.title,
                slug=f"a{index}",
                lede=text.lede,
                body=text.body,
            )
            articles.publish_article(page, published_at=article_plan.published)
            done = index + 1
            if done % 100 == 0:
                say(f"{done}/{n} articles, last task {latencies[-1] * 1000:.0f} ms")
            if done in CHECKPOINTS or done == n:
                window = latencies[-options.window :]
                elapsed = time.perf_counter() - window_start
                rate = min(len(latencies), options.window) / elapsed
                p50 = statistics.median(window) * 1000
                p99 = sorted(window)[int(0.99 * (len(window) - 1))] * 1000
                results[done] = (rate, p50, p99)
                say(
                    f"at {done:,} stored: {rate:.1f} articles/s published, "
                    f"threading task p50 {p50:.1f} ms, p99 {p99:.1f} ms "
                    f"(last {len(window)})"
                )
            if (done + options.window) in CHECKPOINTS or (done + options.window == n):
                window_start = time.perf_counter()
    from gazette.stories.models import Story, ThreadingDecision

    decided = ThreadingDecision.objects.filter(decided_by="engine").count()
    say(
        f"{Story.objects.count()} stories ({len(plan.stories)} planned), "
        f"{decided} engine decisions"
    )
    say(
        " ".join(
            f"n={k} docs_per_s={v[0]:.1f} p50_ms={v[1]:.1f} p99_ms={v[2]:.1f}"
            for k, v in results.items()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
