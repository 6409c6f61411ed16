"""Measure search, keyset lists and sitemaps on a synthetic archive in PostgreSQL.

Run with ``.venv/bin/python bench/search.py --articles 100000`` (PostgreSQL at
127.0.0.1:5432, user ``postgres``; override with ``GAZETTE_BENCH_DATABASE_URL``).
It drops and recreates the database ``gazette_bench_search``, migrates it,
runs ``gazette generate_newsroom``, fills the search table with ``gazette
rebuild_search_index`` (the generator saves no pages, so no signal indexes
them) and runs VACUUM ANALYZE, printing how long each step took. Then, for at
most ``--duration`` seconds per kind, it times:

- ``ranked``: the first page of ``RankedResults`` (count, the scored window,
  the page's ten articles), what the view pays before rendering;
- ``filtered``: the same with a section filter and a date range;
- ``page``: the whole ``/search/`` response through Django's test client;
- ``api_search``: ``/api/v1/articles/?q=<words>``, the first page of a search;
- ``api_list``: ``/api/v1/articles/?after=<cursor>``, a cursor at any depth
  of the archive (the position of a random article);
- ``api_section``: the same within a section;
- ``section_page``: a section front's page ``?after=<cursor>`` at any depth,
  rendered;
- ``sitemap``: ``/sitemap-articles.xml?p=N``, files of 50,000 addresses.

Search words are one or two words drawn from the archive's own text (random
headlines, ledes and bodies of the search table, so common words such as
"said" come up as often as they occur), and quoted phrases, OR and minus now
and then. Every response goes through Django's test client with the
whole-page cache off (every request rendered) and the caches kept per content
generation on, as in production (the search form's menus, the navigation);
``--no-cache`` turns those off too. It prints p50/p99 per kind; the last
line is for machines (``articles=``, ``load=`` the load average, ``cache=``,
then ``<kind>_p50=`` and ``<kind>_p99=`` in milliseconds). ``--reuse`` keeps a
database built by an earlier run of the same size instead of rebuilding it;
``--database`` names another database (a 1,000,000-article one beside the
100,000 one), ``--build-only`` builds it and stops.
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

DATABASE = "gazette_bench_search"  # --database names another (e.g. for 1M)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare_database(server_url: str, name: str) -> str:
    """Drop and recreate the bench database; return its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def existing_articles(server_url: str, name: str) -> int | None:
    """Return how many articles the bench database holds, None without one."""
    import psycopg

    try:
        with psycopg.connect(f"{server_url}/{name}") as conn:
            row = conn.execute(
                "SELECT count(*) FROM articles_articlepage a "
                "JOIN wagtailcore_page p ON p.id = a.page_ptr_id WHERE p.live"
            ).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def _words(text: str) -> list[str]:
    """Return the words of ``text`` a reader might search for, repeats kept."""
    words = [w.strip(".,:;'\"“”‘’()!?") for w in text.split()]
    return [w for w in words if len(w) > 3 and w.isalpha()] or ["news"]


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
    parser.add_argument(
        "--database",
        default=DATABASE,
        help=f"the bench database's name ({DATABASE}); it is dropped and rebuilt",
    )
    parser.add_argument(
        "--kinds",
        help="comma-separated kinds to time (all); reference is always timed",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="turn every cache off (by default only the whole-page cache is)",
    )
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        help="print each kind's N slowest requests with their words",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build the archive and stop (time it later with --reuse)",
    )
    options = parser.parse_args()

    server = os.environ.get(
        "GAZETTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
    )
    database = options.database
    reuse = options.reuse and existing_articles(server, database) == options.articles
    os.environ["DATABASE_URL"] = (
        f"{server}/{database}" if reuse else prepare_database(server, database)
    )
    os.environ["GAZETTE_TASK_BACKEND"] = "immediate"
    # The whole-page cache off, so that every request is rendered; the
    # caches kept per content generation (menus, navigation) on, as in
    # production. --no-cache turns those off too.
    os.environ["GAZETTE_PAGE_CACHE_SECONDS"] = "0"
    if options.no_cache:
        os.environ["GAZETTE_CACHE"] = "off"
    os.environ.setdefault("GAZETTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max, Min
    from django.test import Client

    from gazette.articles.models import ArticlePage, SectionPage
    from gazette.core import keyset
    from gazette.search.query import Filters, RankedResults

    started = time.perf_counter()
    say(f"migrating {database}")
    call_command("migrate", verbosity=0)
    from gazette.search.models import ArticleSearchDocument

    if reuse:
        say(f"reusing the {options.articles:,} articles of {database}")
    else:
        say(f"generating {options.articles:,} articles (and their search rows)")
        t0 = time.perf_counter()
        call_command(
            "generate_newsroom",
            articles=options.articles,
            seed=options.seed,
            verbosity=1,
        )
        say(f"generated in {time.perf_counter() - t0:.0f} s")
    if ArticleSearchDocument.objects.count() != options.articles:
        say("filling the search table (rebuild_search_index)")
        t0 = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        say(f"indexed in {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"archive ready in {time.perf_counter() - started:.0f} s")
    if options.build_only:
        return 0

    rng = random.Random(options.seed)
    # Random rows by key, not ORDER BY random(): that reads every row's text
    # (gigabytes at 1,000,000 articles).
    first, last = ArticlePage.objects.aggregate(Min("pk"), Max("pk")).values()
    picked = rng.sample(range(first, last + 1), min(6000, last - first + 1))
    sample = list(
        ArticleSearchDocument.objects.filter(pk__in=picked[:300]).values_list(
            "title", "lede", "body"
        )
    )
    headline_words = _words(" ".join(title for title, _, _ in sample))
    text_words = _words(" ".join(f"{lede} {body}" for _, lede, body in sample))
    sections = list(SectionPage.objects.live())
    newest = ArticlePage.objects.order_by("-first_published_at").first()
    end = newest.first_published_at.date()
    positions = list(
        ArticlePage.objects.live()
        .filter(pk__in=picked[:2000])
        .values_list("first_published_at", "pk", "path")
    )

    def word() -> str:
        return rng.choice(headline_words if rng.random() < 0.5 else text_words)

    asked: list[str] = [""]  # the last request's words, for --slowest

    def query() -> str:
        shape = rng.random()
        if shape < 0.5:
            words = word()
        elif shape < 0.85:
            words = f"{word()} {word()}"
        elif shape < 0.9:
            words = f'"{word()} {word()}"'
        elif shape < 0.95:
            words = f"{word()} OR {word()}"
        else:
            words = f"{word()} -{word()}"
        asked[0] = words
        return words

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

    def api(params: dict) -> None:
        response = client.get("/api/v1/articles/", params)
        assert response.status_code == 200, (response.status_code, response.content)

    def cursor() -> tuple[str, str]:
        published_at, pk, path = rng.choice(positions)
        return keyset.encode(keyset.Position(published_at, pk)), path

    def api_list():
        api({"after": cursor()[0], "page_size": per_page})

    section_by_path = {section.path: section for section in sections}

    def section_of(path: str):
        return section_by_path[path[: -ArticlePage.steplen]]

    def api_section():
        after, path = cursor()
        api({"section": section_of(path).pk, "after": after, "page_size": per_page})

    def section_page():
        after, path = cursor()
        response = client.get(section_of(path).url, {"after": after})
        assert response.status_code == 200, response.status_code

    def api_search():
        api({"q": query(), "page_size": per_page})

    sitemap_files = max(1, -(-options.articles // 50_000))

    def sitemap():
        number = rng.randint(1, sitemap_files)
        asked[0] = f"p={number}"
        response = client.get("/sitemap-articles.xml", {"p": number})
        assert response.status_code == 200, response.status_code

    def reference():
        # The cheapest response through the same stack: what the machine's
        # load alone costs, for ratios measured in the same run.
        response = client.get("/robots.txt")
        assert response.status_code == 200, response.status_code

    kinds = set(options.kinds.split(",")) if options.kinds else None
    figures = {}
    for name, run, most in (
        ("reference", reference, 2000),
        ("ranked", ranked, 2000),
        ("filtered", filtered, 2000),
        ("page", page, 2000),
        ("api_search", api_search, 2000),
        ("api_list", api_list, 2000),
        ("api_section", api_section, 2000),
        ("section_page", section_page, 2000),
        ("sitemap", sitemap, 40),
    ):
        if kinds is not None and name != "reference" and name not in kinds:
            continue
        samples: list[float] = []
        slow: list[tuple[float, str]] = []
        # The Python process's own CPU time a request (the database's is
        # not in it): what the request costs whatever the machine's load.
        cpu: list[float] = []
        deadline = time.perf_counter() + options.duration
        while time.perf_counter() < deadline and len(samples) < most:
            asked[0] = ""
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            samples.append(time.perf_counter() - t0)
            slow.append((samples[-1], asked[0]))
            cpu.append(time.process_time() - c0)
            if len(samples) % 50 == 0:
                say(f"{name}: {len(samples)} queries")
        p50, p99 = percentiles(samples)
        figures[name] = (p50, p99)
        cpu_p50 = statistics.median(cpu) * 1000
        say(
            f"{name}: {len(samples)} queries, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
            f"app CPU p50 {cpu_p50:.1f} ms (load average {os.getloadavg()[0]:.1f})"
        )
        for seconds, words in sorted(slow, reverse=True)[: options.slowest]:
            say(f"  {name} slow: {seconds * 1000:.1f} ms {words!r}")

    load = os.getloadavg()[0]
    print(
        f"articles={options.articles} load={load:.1f} "
        f"cache={'off' if options.no_cache else 'generation'} "
        + " ".join(
            f"{name}_p50={p50:.1f} {name}_p99={p99:.1f}"
            for name, (p50, p99) in figures.items()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
