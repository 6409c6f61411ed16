"""Measure search on a synthetic archive in PostgreSQL: p50/p99 per query.

Run with ``.venv/bin/python bench/search.py --articles 100000`` (PostgreSQL at
127.0.0.1:5432, user ``postgres``; override with ``GAZETTE_BENCH_DATABASE_URL``).
It drops and recreates the database ``gazette_bench_search``, migrates it,
runs ``gazette generate_newsroom``, builds the search index with
``update_index`` (the generator writes no index entries) and runs ANALYZE.
Then, for at most ``--duration`` seconds per kind, it times searches made of
words from random headlines:

- ``ranked``: the first page of ``RankedResults`` (count, the re-ranked window
  of 200, the page's ten articles), what the view pays before rendering;
- ``filtered``: the same with a section filter and a date range;
- ``page``: the whole ``/search/`` response through Django's test client.

Then the JSON API's article lists (``/api/v1/articles/``), whole responses
through Django's test client with every cache off, 20 articles a page:

- ``api_list``: ``?page=N``, N drawn from every page of the archive (deep
  pages included: the offset grows with N);
- ``api_section``: ``?section=<id>&page=N``, N from the first 50 pages;
- ``api_search``: ``?q=<words>``, the first page of a search.

It prints p50/p99 per kind; the last line is for machines. ``--reuse`` keeps
a database built by an earlier run of the same size instead of rebuilding it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "gazette_bench_search"


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare_database(server_url: str) -> str:
    """Drop and recreate the bench database; return its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{server_url}/{DATABASE}"


def existing_articles(server_url: str) -> int | None:
    """Return how many articles the bench database holds, None without one."""
    import psycopg

    try:
        with psycopg.connect(f"{server_url}/{DATABASE}") as conn:
            row = conn.execute(
                "SELECT count(*) FROM articles_articlepage a "
                "JOIN wagtailcore_page p ON p.id = a.page_ptr_id WHERE p.live"
            ).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=30.0, help="s per kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of an earlier run with as many articles",
    )
    options = parser.parse_args()

    server = os.environ.get(
        "GAZETTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
    )
    reuse = options.reuse and existing_articles(server) == options.articles
    os.environ["DATABASE_URL"] = (
        f"{server}/{DATABASE}" if reuse else prepare_database(server)
    )
    os.environ["GAZETTE_TASK_BACKEND"] = "immediate"
    os.environ["GAZETTE_CACHE"] = "off"
    os.environ.setdefault("GAZETTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gazette.articles.models import ArticlePage, SectionPage
    from gazette.search.query import Filters, RankedResults

    started = time.perf_counter()
    say(f"migrating {DATABASE}")
    call_command("migrate", verbosity=0)
    if reuse:
        say(f"reusing the {options.articles:,} articles of {DATABASE}")
    else:
        say(f"generating {options.articles:,} articles")
        call_command(
            "generate_newsroom",
            articles=options.articles,
            seed=options.seed,
            verbosity=0,
        )
        say("building the search index (update_index)")
        call_command("update_index", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"archive ready in {time.perf_counter() - started:.0f} s")

    rng = random.Random(options.seed)
    headlines = list(
        ArticlePage.objects.order_by("?").values_list("title", flat=True)[:500]
    )
    words = [w.strip(".,:;'\"“”‘’") for h in headlines for w in h.split()]
    words = [w for w in words if len(w) > 4]
    sections = list(SectionPage.objects.live())
    newest = ArticlePage.objects.order_by("-first_published_at").first()
    end = newest.first_published_at.date()

    def query() -> str:
        return " ".join(rng.sample(words, rng.choice((1, 1, 2))))

    def ranked():
        results = RankedResults(query(), Filters())
        results.count()
        return results[0:10]

    def filtered():
        since = end - datetime.timedelta(days=rng.randint(30, 365))
        results = RankedResults(
            query(), Filters(section=rng.choice(sections), since=since, until=end)
        )
        results.count()
        return results[0:10]

    client = Client(HTTP_HOST="localhost")

    def page():
        response = client.get("/search/", {"q": query()})
        assert response.status_code == 200, response.status_code

    per_page = 20
    last_page = max(1, -(-ArticlePage.objects.live().count() // per_page))

    def api(params: dict) -> None:
        response = client.get("/api/v1/articles/", params)
        assert response.status_code == 200, (response.status_code, response.content)
        assert len(response.json()["articles"]) > 0 or params.get("q")

    def api_list():
        api({"page": rng.randint(1, last_page), "page_size": per_page})

    section_pages = {
        section.pk: min(
            50,
            max(
                1, -(-ArticlePage.objects.live().child_of(section).count() // per_page)
            ),
        )
        for section in sections
    }

    def api_section():
        section = rng.choice(sections).pk
        page = rng.randint(1, section_pages[section])
        api({"section": section, "page": page, "page_size": per_page})

    def api_search():
        api({"q": query(), "page_size": per_page})

    figures = {}
    for name, run in (
        ("ranked", ranked),
        ("filtered", filtered),
        ("page", page),
        ("api_list", api_list),
        ("api_section", api_section),
        ("api_search", api_search),
    ):
        samples: list[float] = []
        deadline = time.perf_counter() + options.duration
        while time.perf_counter() < deadline and len(samples) < 2000:
            t0 = time.perf_counter()
            run()
            samples.append(time.perf_counter() - t0)
            if len(samples) % 50 == 0:
                say(f"{name}: {len(samples)} queries")
        p50, p99 = percentiles(samples)
        figures[name] = (p50, p99)
        say(f"{name}: {len(samples)} queries, p50 {p50:.1f} ms, p99 {p99:.1f} ms")

    print(
        f"articles={options.articles} "
        + " ".join(
            f"{name}_p50={p50:.1f} {name}_p99={p99:.1f}"
            for name, (p50, p99) in figures.items()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
