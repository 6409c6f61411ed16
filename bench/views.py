"""Measure counting article reads from nginx's log (``gazette ingest-article-reads``).

Run with ``.venv/bin/python bench/views.py``; docs/readership.md explains the
design being measured. It answers the issue's question: page views counted
from a log of 1,000,000 lines in how many seconds, and are the counts exactly
the log's, robots left out?

1. For each database (SQLite in a file, always; PostgreSQL
   ``gazette_bench_views`` when reachable, ``--no-postgres`` to skip it):
   creates it fresh, migrates it and loads the demo newsroom;
2. writes an nginx log in the ``gazette_reads`` format
   (deploy/nginx/gazette.conf) of ``--lines`` lines (1,000,000) spread over
   seven days: reads of the demo's articles by browsers (a few articles read
   much more than the rest), the same by robots, previews and scripts,
   revalidations (304), ``HEAD`` requests, pages that are not articles and
   404s (``"-"``), reads of an article since deleted, and a hundred lines in
   another format. While writing, it counts the reads it wrote itself, from
   what it chose for each line (which user agents are robots is its own
   list, not the app's rule);
3. runs the ingest ``--runs`` times (3) on that log, each time on an empty
   table and offset, in one process started once (Django's start is not
   timed), and compares the rows written with its own count.

The last line is for machines:
``lines=N sqlite_s=N sqlite_lines_per_s=N postgres_s=N postgres_lines_per_s=N
exact=true``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BenchError, median, run_bench, say, timed, venv_bin  # noqa: E402

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/gazette_bench_views"
# 2026-11-17 00:00:00 UTC: seven days of log from there.
START = 1794873600
DAYS = 7

BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/18.0 Safari/605.1.15",
]
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "Twitterbot/1.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0",
    "",
]
DELETED_ARTICLE = 9_999_999

# What the ingest does for one backend, in a Django process: N timed runs,
# then the rows and the last report as JSON on the last line.
RUNS = """
import json, time
from gazette.links.models import AccessLogPosition
from gazette.readership.ingest import ingest_article_reads
from gazette.readership.models import ArticleReadDay
seconds = []
for run in range({runs}):
    ArticleReadDay.objects.all().delete()
    AccessLogPosition.objects.filter(path={log!r}).delete()
    started = time.perf_counter()
    report = ingest_article_reads({log!r})
    seconds.append(time.perf_counter() - started)
rows = [
    [article, day.isoformat(), count]
    for article, day, count in ArticleReadDay.objects.values_list(
        "article_id", "day", "count"
    )
]
print(json.dumps({{
    "seconds": seconds, "rows": rows, "lines": report.lines,
    "counted": report.counted, "bots": report.bots, "other": report.other,
    "unknown": report.unknown, "malformed": len(report.malformed),
}}))
"""

ARTICLE_IDS = (
    "from gazette.articles.models import ArticlePage; "
    "print(*ArticlePage.objects.live().values_list('pk', flat=True))"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per database")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("GAZETTE_BENCH_VIEWS_DATABASE_URL", DEFAULT_POSTGRES),
        help="PostgreSQL database to recreate (default %(default)s)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    return parser.parse_args()


def gazette(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    result = subprocess.run(
        [venv_bin("gazette"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise BenchError(
            f"`gazette {' '.join(args)}` failed:\n{result.stdout[-2000:]}"
            f"{result.stderr[-3000:]}"
        )
    return result.stdout


def write_log(
    path: Path, article_ids: list[int], lines: int, seed: int
) -> tuple[Counter, dict[str, int]]:
    """Write the log; return the reads it holds per (article, day), and its mix."""
    randomly = random.Random(seed)
    # A few articles are read far more than the rest, as on a news site.
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(article_ids))]
    ids = [str(pk) for pk in article_ids]
    expected: Counter = Counter()
    mix: Counter = Counter()
    step = DAYS * 86400 / lines
    malformed_every = max(1, lines // 100)
    chunk: list[str] = []
    with path.open("w") as log:
        for n in range(lines):
            at = START + n * step + randomly.random() * step
            stamp = f"{at:.3f}"
            if n % malformed_every == malformed_every - 1:
                chunk.append(f'127.0.0.1 - - [{stamp}] "GET / HTTP/1.1" 200 12\n')
                mix["malformed"] += 1
                continue
            kind = randomly.random()
            article = randomly.choices(ids, weights)[0]
            status, method = "200", "GET"
            agent = randomly.choice(BROWSERS)
            if kind < 0.62:
                mix["read"] += 1
            elif kind < 0.77:
                agent = randomly.choice(ROBOTS)
                mix["robot"] += 1
            elif kind < 0.82:
                status = "304"
                mix["304"] += 1
            elif kind < 0.84:
                method = "HEAD"
                mix["head"] += 1
            elif kind < 0.93:
                article = "-"
                mix["not an article"] += 1
            elif kind < 0.97:
                article, status = "-", "404"
                mix["404"] += 1
            else:
                article = str(DELETED_ARTICLE)
                mix["deleted article"] += 1
            chunk.append(f'{stamp} {status} {method} "{article}" "{agent}"\n')
            if kind < 0.62:
                seconds = int(stamp.partition(".")[0])  # as written, rounded
                day = datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
                expected[int(article), day.isoformat()] += 1
            if len(chunk) >= 10_000:
                log.write("".join(chunk))
                chunk.clear()
        log.write("".join(chunk))
    return expected, dict(mix)


def prepare(env: dict[str, str], label: str) -> list[int]:
    with timed(f"{label}: gazette migrate"):
        gazette(env, "migrate", "--no-input")
    with timed(f"{label}: gazette load_demo"):
        gazette(env, "load_demo")
    # The last line: Django's shell may first say what it imported.
    output = gazette(env, "shell", "-c", ARTICLE_IDS).strip().splitlines()[-1]
    return [int(pk) for pk in output.split()]


def measure(env: dict[str, str], log: Path, runs: int) -> dict:
    output = gazette(env, "shell", "-c", RUNS.format(runs=runs, log=str(log)))
    return json.loads(output.strip().splitlines()[-1])


def postgres_reachable(url: str) -> bool:
    from pages import recreate_database

    try:
        recreate_database(url)
    except BenchError as error:
        say(f"PostgreSQL skipped: {error}")
        return False
    return True


def bench(args: argparse.Namespace, tmp: Path, children) -> int:
    base_env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="gazette.settings.demo",
        GAZETTE_VAR_DIR=str(tmp / "var"),
        GAZETTE_MEDIA_ROOT=str(tmp / "media"),
        GAZETTE_TASK_BACKEND="immediate",
        GAZETTE_LOG_LEVEL="WARNING",
        GAZETTE_READS_COUNTING="log",
        GAZETTE_AUDIO_ON_PUBLISH="0",
    )
    backends = {"sqlite": f"sqlite:///{tmp / 'views.sqlite3'}"}
    if not args.no_postgres and postgres_reachable(args.postgres):
        backends["postgres"] = args.postgres

    log = tmp / "gazette-reads.log"
    expected: Counter | None = None
    results: dict[str, dict] = {}
    for label, url in backends.items():
        env = dict(base_env, DATABASE_URL=url)
        article_ids = prepare(env, label)
        say(f"{label}: {len(article_ids)} live articles")
        if expected is None:
            with timed(f"writing {args.lines:,} log lines"):
                expected, mix = write_log(log, article_ids, args.lines, args.seed)
            size = log.stat().st_size
            say(f"log: {size / 1e6:.1f} MB; {mix}")
            first_ids = article_ids
        elif article_ids != first_ids:
            raise BenchError(f"{label} holds other article ids than the first database")
        with timed(f"{label}: {args.runs} timed run(s) of the ingest"):
            results[label] = measure(env, log, args.runs)

    print()
    print(
        f"Article reads counted from nginx's log: {args.lines:,} lines "
        f"({log.stat().st_size / 1e6:.0f} MB, {DAYS} days), median of "
        f"{args.runs} run(s), {os.cpu_count()} cores"
    )
    print(f"{'database':<10} {'seconds':>8} {'lines/s':>10} {'reads':>9} {'exact':>6}")
    print("-" * 48)
    figures = [f"lines={args.lines}"]
    all_exact = True
    for label, result in results.items():
        written = Counter({(a, d): c for a, d, c in result["rows"]})
        exact = (
            written == expected
            and result["lines"] == args.lines
            and result["malformed"] == mix["malformed"]
        )
        all_exact &= exact
        seconds = median(result["seconds"])
        rate = args.lines / seconds
        print(
            f"{label:<10} {seconds:>8.2f} {rate:>10,.0f} {result['counted']:>9,} "
            f"{str(exact).lower():>6}"
        )
        say(
            f"{label}: runs {', '.join(f'{s:.2f}' for s in result['seconds'])} s; "
            f"robots {result['bots']:,}, other {result['other']:,}, deleted "
            f"article {result['unknown']:,}, malformed {result['malformed']:,}"
        )
        figures += [f"{label}_s={seconds:.2f}", f"{label}_lines_per_s={rate:.0f}"]
    print(
        f"reads in the log (counted by the generator, robots excluded): "
        f"{sum(expected.values()):,} over {len(expected):,} article-days"
    )
    print(" ".join([*figures, f"exact={str(all_exact).lower()}"]))
    return 0 if all_exact else 1


def main() -> int:
    return run_bench(bench, parse_args(), prefix="gazette-bench-views-")


if __name__ == "__main__":
    sys.exit(main())
