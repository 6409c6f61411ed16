"""Measure how fast Gazette serves an article page, behind nginx and without it.

Run with ``make bench`` or ``.venv/bin/python bench/pages.py``; bench/README.md
explains the figures. One run, in about three minutes:

1. installs nginx and wrk if they are missing (Debian packages);
2. recreates the PostgreSQL database ``gazette_bench``, migrates it, loads the
   demo newsroom and collects static files into a temporary directory;
3. starts four targets on 127.0.0.1, all serving the same article page:
   (a) nginx serving a static copy of the page (the ceiling),
   (b) nginx with deploy/nginx/gazette.conf in front of (c),
   (c) gunicorn with production settings, Redis and the in-app page cache,
   (d) gunicorn with every cache off (Django's DummyCache);
4. loads each with wrk for several interleaved rounds and reports the median
   requests per second and latency, and each target's ratio to (a);
5. counts the database queries of one article page with caches off.

The last line is for machines:
``a_rps=N b_rps=N c_rps=N d_rps=N b_ratio=0.XX queries=N``.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    ROOT,
    BenchError,
    Children,
    WrkResult,
    ensure_debian_packages,
    http_get,
    median,
    pick_port,
    run_bench,
    run_wrk,
    say,
    timed,
    venv_bin,
    wait_for_http,
)

ARTICLE_SLUG = "opinion-general-stenvik"
NGINX_SITE = ROOT / "deploy" / "nginx" / "gazette.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gazette_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

# The targets.
MIN_B_RATIO = 0.5
MAX_QUERIES = 15

TARGETS = {
    "a": "nginx, static copy of the page",
    "b": "nginx micro-cache -> gunicorn (c)",
    "c": "gunicorn, in-app cache on Redis",
    "d": "gunicorn, every cache off",
}

# Settings for target (d): production with Django's DummyCache, so neither
# the page cache nor any fragment cached by the app (sections, Wagtail's site
# root paths) is kept between requests.
NO_CACHE_SETTINGS = """\
from gazette.settings.production import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
GAZETTE_PAGE_CACHE_SECONDS = 0
"""

# Run in a subprocess with the no-cache settings: render the page twice (the
# first render of a process also fills per-process caches such as content
# types) and report both counts and the statements of the second.
COUNT_QUERIES = """\
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
counts = []
for _ in range(2):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(sys.argv[1])
    if response.status_code != 200:
        sys.exit(f"GET {sys.argv[1]} answered {response.status_code}")
    counts.append(len(queries.captured_queries))
print(json.dumps({
    "first": counts[0],
    "steady": counts[1],
    "sql": [query["sql"] for query in queries.captured_queries],
}))
"""

NGINX_MAIN = """\
# Written by bench/pages.py: nginx as Debian configures it, in a private prefix.
daemon off;
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log combined buffer=64k flush=5s;
    gzip on;
    client_body_temp_path {prefix}/tmp/client_body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {site};
}}
"""

STATIC_SITE = """\
# Target (a): the article page as a file, the fastest nginx can serve it.
server {{
    listen 127.0.0.1:{port};
    server_name _;
    access_log {prefix}/access.log combined buffer=64k flush=5s;
    location / {{
        root {root};
        try_files /article.html =404;
    }}
}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python bench/pages.py --rounds 3 --duration 10",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds per wrk run (default 10)"
    )
    parser.add_argument("--connections", type=int, default=32, help="default 32")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads, 2")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("GAZETTE_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL database to recreate (GAZETTE_BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("GAZETTE_BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis for target (c) (GAZETTE_BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--path",
        help=f"page to load instead of the demo article {ARTICLE_SLUG!r}, e.g. /",
    )
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip as browsers do (nginx then compresses)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed"
    )
    return parser.parse_args()


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database, so every run starts the same."""
    import psycopg
    from psycopg import sql

    match = re.match(r"^postgres(?:ql)?://[^/]*/(?P<name>[^/?]+)", url)
    if not match:
        raise BenchError(f"{url} is not a postgres://host/name URL.")
    name = match["name"]
    maintenance = url[: match.start("name")] + "postgres" + url[match.end("name") :]
    try:
        connection = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise BenchError(
            f"PostgreSQL is not reachable at {maintenance}: {error}"
        ) from None
    with connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis is not reachable at {url}: {error}") from None


def gazette(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run a ``gazette`` management command; return its standard output."""
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


def article_path(env: dict[str, str]) -> str:
    """Return the URL path of the demo article the benchmark loads."""
    output = gazette(
        env,
        "shell",
        "-c",
        "from gazette.articles.models import ArticlePage; "
        f"print(ArticlePage.objects.get(slug={ARTICLE_SLUG!r}).url)",
    )
    return output.strip().splitlines()[-1]


def production_site_for_bench(
    port: int,
    upstream_port: int,
    prefix: Path,
    static: Path,
    media: Path,
    refresh_port: int | None = None,
) -> str:
    """Return deploy/nginx/gazette.conf with its paths and ports moved here.

    The HTTPS servers answer plain HTTP on ``port`` (no certificates here);
    the port-80 server (HTTPS redirect and the short links' refresh) listens
    on ``refresh_port``, or is left out when it is None.
    """
    text = NGINX_SITE.read_text()
    replacements = [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        ("listen [::]:443 ssl http2;", ""),
        ("server_name news.example.org;", "server_name 127.0.0.1 localhost;"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("/var/cache/nginx-gazette", str(prefix / "cache")),
        ("/var/lib/gazette/static/", f"{static}/"),
        ("/var/lib/gazette/media/", f"{media}/"),
        ("/var/log/nginx/gazette.access.log", str(prefix / "access.log")),
        ("/var/log/nginx/gazette.error.log", str(prefix / "error.log")),
    ]
    for old, new in replacements:
        if old not in text:
            raise BenchError(
                f"{NGINX_SITE.relative_to(ROOT)} no longer contains {old!r}: "
                "update production_site_for_bench() in bench/pages.py."
            )
        text = text.replace(old, new)
    # No certificates on a bench machine: the TLS lines go.
    text = re.sub(r"(?m)^\s*ssl_[a-z_]+ [^;]*;\n", "", text)
    redirect_server = re.compile(r"(?ms)^server \{\n    listen 80;\n.*?^\}\n")
    if not redirect_server.search(text):
        raise BenchError(
            f"{NGINX_SITE.relative_to(ROOT)} has no port-80 server any more: "
            "update production_site_for_bench() in bench/pages.py."
        )
    if refresh_port is None:
        text = redirect_server.sub("", text, count=1)
    else:
        text = text.replace(
            "    listen 80;\n", f"    listen 127.0.0.1:{refresh_port};\n"
        )
        text = text.replace("    listen [::]:80;\n", "")
    return text


def start_nginx(
    children: Children, nginx: str, name: str, prefix: Path, site: str
) -> None:
    for sub in ("tmp", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(site)
    # As root, nginx would hand its workers to "nobody", who cannot read the
    # temporary directory; keep them as whoever runs the benchmark.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        NGINX_MAIN.format(prefix=prefix, user=user, site=prefix / "site.conf")
    )
    argv = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    test = subprocess.run([*argv, "-t", "-q"], capture_output=True, text=True)
    if test.returncode != 0:
        raise BenchError(f"nginx config for {name} is invalid:\n{test.stderr}")
    children.start(name, argv, log=prefix / "stderr.log")


def start_gunicorn(
    children: Children, name: str, env: dict[str, str], port: int, log: Path
) -> None:
    env = dict(env, GAZETTE_BIND=f"127.0.0.1:{port}", GAZETTE_PROC_NAME=name)
    children.start(
        name,
        [
            venv_bin("gunicorn"),
            "--config",
            str(GUNICORN_CONF),
            "gazette.wsgi:application",
        ],
        env=env,
        log=log,
        # INT is gunicorn's quick shutdown; TERM would wait for idle keep-alive
        # connections.
        stop_signal=signal.SIGINT,
    )


def count_queries(env: dict[str, str], path: str, tmp: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", COUNT_QUERIES, path],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise BenchError(f"counting queries failed:\n{result.stderr[-3000:]}")
    counted = json.loads(result.stdout.strip().splitlines()[-1])
    (tmp / "queries.sql").write_text("\n\n".join(counted["sql"]) + "\n")
    return counted


def query_shapes(statements: list[str], top: int = 5) -> list[tuple[int, str]]:
    """Return the most repeated statements with their literals blanked out."""
    shapes = Counter(
        re.sub(r"\b\d+\b|'[^']*'", "?", statement)[:110] for statement in statements
    )
    return [(count, shape) for shape, count in shapes.most_common(top)]


def check_caching(urls: dict[str, str]) -> list[str]:
    """Return problems with how (b) and (c) cache the article; empty when fine."""
    problems = []
    statuses = [http_get(urls["b"])[1].get("X-Cache-Status", "none") for _ in range(3)]
    say(f"(b) X-Cache-Status on three requests: {', '.join(statuses)}")
    if statuses[-1] != "HIT":
        problems.append(f"(b) does not serve the page from nginx's cache: {statuses}")
    status, headers, _ = http_get(urls["b"], {"Cookie": "sessionid=x"})
    in_app = headers.get("X-Gazette-Cache", "none")
    say(
        f"(b) with cookie sessionid=x: {status}, X-Cache-Status "
        f"{headers.get('X-Cache-Status')}, X-Gazette-Cache {in_app}"
    )
    if headers.get("X-Cache-Status") != "BYPASS" or in_app != "none":
        problems.append("(b) answers a request with a session from a cache")
    status, headers, _ = http_get(urls["b"], {"Cookie": "consent=1"})
    say(f"(b) with cookie consent=1: X-Cache-Status {headers.get('X-Cache-Status')}")
    if headers.get("X-Cache-Status") != "HIT":
        problems.append("(b) does not share its copy with readers who carry cookies")
    in_app = [http_get(urls["c"])[1].get("X-Gazette-Cache") for _ in range(2)]
    say(f"(c) X-Gazette-Cache on two requests: {', '.join(map(str, in_app))}")
    if in_app[-1] != "hit":
        problems.append(f"(c) does not serve the page from its cache: {in_app}")
    if http_get(urls["d"])[1].get("X-Gazette-Cache"):
        problems.append("(d) still uses the in-app page cache")
    return problems


PUBLISH = """\
import time
from gazette.articles.models import ArticlePage
from gazette.articles.services import publish_article

article = ArticlePage.objects.get(slug={slug!r})
article.title = {marker!r} + " " + article.title
article.save_revision()
publish_article(article)
print("published", repr(time.time()))
"""


def measure_publish_delay(env: dict[str, str], url: str, timeout: float = 15) -> float:
    """Publish a new headline; return seconds until (b) shows it to readers."""
    marker = f"Bench-{secrets.token_hex(4)}"
    seen: list[float] = []

    def poll() -> None:
        deadline = time.time() + timeout + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError):
                if marker.encode() in http_get(url)[2]:
                    seen.append(time.time())
                    return
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    output = gazette(
        env, "shell", "-c", PUBLISH.format(slug=ARTICLE_SLUG, marker=marker)
    )
    published = float(output.split()[-1])
    poller.join(timeout)
    if not seen:
        raise BenchError(f"a publish did not reach readers of (b) in {timeout:.0f}s")
    return max(0.0, seen[0] - published)


def format_table(results: dict[str, WrkResult]) -> str:
    base = results["a"].requests_per_second
    lines = [
        f"{'target':<40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs (a)':>7}",
        "-" * 76,
    ]
    for key, label in TARGETS.items():
        result = results[key]
        lines.append(
            f"({key}) {label:<36} {result.requests_per_second:>9.0f} "
            f"{result.p50_ms:>8.2f} {result.p99_ms:>8.2f} "
            f"{result.requests_per_second / base:>7.2f}"
        )
    return "\n".join(lines)


def production_env(args: argparse.Namespace, tmp: Path, **extra: str) -> dict[str, str]:
    """Return the environment of Gazette's production settings for a bench run.

    PostgreSQL and Redis from ``args``, everything written under ``tmp``
    (static files in ``tmp/static``, media in ``tmp/media``), tasks in-process;
    ``extra`` adds or overrides variables.
    """
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="gazette.settings.production",
        GAZETTE_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        # Its own keys in Redis, so the benchmark never meets another
        # installation's pages or content generation.
        GAZETTE_CACHE_PREFIX=f"gazette-bench-{secrets.token_hex(4)}",
        GAZETTE_ALLOWED_HOSTS="127.0.0.1,localhost",
        GAZETTE_VAR_DIR=str(tmp / "var"),
        GAZETTE_STATIC_ROOT=str(tmp / "static"),
        GAZETTE_MEDIA_ROOT=str(tmp / "media"),
        GAZETTE_TASK_BACKEND="immediate",
        GAZETTE_LOG_LEVEL="WARNING",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS, no secure-only
        # cookies, no HSTS (docs/security.md's ways out).
        GAZETTE_SSL_REDIRECT="0",
        GAZETTE_SECURE_COOKIES="0",
        GAZETTE_HSTS_SECONDS="0",
    )
    env.pop("GAZETTE_PAGE_CACHE_SECONDS", None)
    env.update(extra)
    return env


def bench(args: argparse.Namespace, tmp: Path, children: Children) -> int:
    tools = ensure_debian_packages({"nginx": "nginx", "wrk": "wrk"})
    check_redis(args.redis_url)

    static, media = tmp / "static", tmp / "media"
    pysettings = tmp / "pysettings"
    pysettings.mkdir()
    (pysettings / "gazette_bench_nocache.py").write_text(NO_CACHE_SETTINGS)
    env = production_env(
        args,
        tmp,
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(pysettings), os.environ.get("PYTHONPATH")])
        ),
    )
    no_cache_env = dict(env, DJANGO_SETTINGS_MODULE="gazette_bench_nocache")
    no_cache_env.pop("REDIS_URL")

    with timed(f"recreating database {args.database_url}"):
        recreate_database(args.database_url)
    with timed("gazette migrate"):
        gazette(env, "migrate", "--no-input")
    with timed("gazette load_demo"):
        gazette(env, "load_demo")
    with timed(f"gazette collectstatic into {static}"):
        gazette(env, "collectstatic", "--no-input")
    path = args.path or article_path(env)
    if not path.startswith("/"):
        raise BenchError(f"unexpected URL for {ARTICLE_SLUG}: {path!r}")
    say(f"article page: {path}")

    with timed("counting queries of one article page, caches off"):
        counted = count_queries(no_cache_env, path, tmp)
    say(
        f"queries: {counted['steady']} per page "
        f"({counted['first']} on a process's first page); "
        f"statements in {tmp / 'queries.sql'}"
    )
    for count, shape in query_shapes(counted["sql"]):
        say(f"  {count:3d} x {shape}")

    taken: set[int] = set()
    ports = {key: pick_port(8080 + n, taken) for n, key in enumerate("abcd", 1)}
    urls = {key: f"http://127.0.0.1:{port}{path}" for key, port in ports.items()}

    say(f"starting gunicorn (c) on {ports['c']} and (d) on {ports['d']}")
    start_gunicorn(children, "gazette-bench-c", env, ports["c"], tmp / "c.log")
    start_gunicorn(children, "gazette-bench-d", no_cache_env, ports["d"], tmp / "d.log")
    status, headers, page = wait_for_http(urls["c"], children)
    if status != 200:
        raise BenchError(f"{urls['c']} answered {status}; see {tmp / 'c.log'}")
    wait_for_http(urls["d"], children)
    site_root = tmp / "site"
    site_root.mkdir()
    (site_root / "article.html").write_bytes(page)
    say(f"saved a static copy of the page ({len(page)} bytes)")

    say(f"starting nginx (a) on {ports['a']} and (b) on {ports['b']}")
    prefix_a, prefix_b = tmp / "nginx-a", tmp / "nginx-b"
    start_nginx(
        children,
        tools["nginx"],
        "nginx (a)",
        prefix_a,
        STATIC_SITE.format(port=ports["a"], prefix=prefix_a, root=site_root),
    )
    start_nginx(
        children,
        tools["nginx"],
        "nginx (b)",
        prefix_b,
        production_site_for_bench(ports["b"], ports["c"], prefix_b, static, media),
    )
    for key in "ab":
        status, _, body = wait_for_http(urls[key], children)
        # Absolute URLs in the page (canonical, OpenGraph, short link) name the
        # host that answered, so the copies differ a little in length.
        if status != 200 or abs(len(body) - len(page)) > len(page) // 10:
            raise BenchError(
                f"{urls[key]} answered {status} with {len(body)} bytes "
                f"(the page has {len(page)})"
            )

    problems = check_caching(urls)
    for problem in problems:
        say(f"WARNING: {problem}")

    wrk = dict(
        connections=args.connections,
        threads=args.threads,
        children=children,
        headers={"Accept-Encoding": "gzip"} if args.gzip else None,
    )
    say("warming up every target for 2s")
    for key in TARGETS:
        run_wrk(tools["wrk"], urls[key], seconds=2, log=tmp / f"warm-{key}.log", **wrk)
    runs: dict[str, list[WrkResult]] = {key: [] for key in TARGETS}
    for round_ in range(1, args.rounds + 1):
        for key in TARGETS:
            result = run_wrk(
                tools["wrk"],
                urls[key],
                seconds=args.duration,
                log=tmp / f"wrk-{key}-{round_}.log",
                **wrk,
            )
            children.check_alive()
            runs[key].append(result)
            flaws = ""
            if result.bad_responses or result.socket_errors:
                flaws = (
                    f"  ({result.bad_responses} non-2xx, "
                    f"{result.socket_errors} socket errors)"
                )
            say(
                f"round {round_}/{args.rounds} ({key}): "
                f"{result.requests_per_second:8.0f} req/s  p50 {result.p50_ms:.2f} ms"
                f"  p99 {result.p99_ms:.2f} ms{flaws}"
            )
    delay = None
    if not args.path:
        delay = measure_publish_delay(env, urls["b"])
        say(f"a published headline reached readers of (b) after {delay:.2f}s")
    children.stop_all()
    say("stopped nginx and gunicorn")

    medians = {
        key: WrkResult(
            requests_per_second=median([r.requests_per_second for r in results]),
            p50_ms=median([r.p50_ms for r in results]),
            p99_ms=median([r.p99_ms for r in results]),
            requests=sum(r.requests for r in results),
            bad_responses=sum(r.bad_responses for r in results),
            socket_errors=sum(r.socket_errors for r in results),
        )
        for key, results in runs.items()
    }
    b_ratio = medians["b"].requests_per_second / medians["a"].requests_per_second
    queries = counted["steady"]
    print()
    print(
        f"Article page {path}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration:g}s{' gzip' if args.gzip else ''}, "
        f"median of {args.rounds} rounds, "
        f"{os.cpu_count()} cores:"
    )
    print(format_table(medians))
    for key, result in medians.items():
        if result.bad_responses or result.socket_errors:
            problems.append(
                f"({key}) had {result.bad_responses} non-2xx responses and "
                f"{result.socket_errors} socket errors"
            )
    b_ok, q_ok = b_ratio >= MIN_B_RATIO, queries < MAX_QUERIES
    print(
        f"target (b) >= {MIN_B_RATIO}x (a): {'met' if b_ok else 'MISSED'} "
        f"({b_ratio:.2f}x)"
    )
    print(
        f"target (d) < {MAX_QUERIES} queries per article page: "
        f"{'met' if q_ok else 'MISSED'} ({queries})"
    )
    if delay is not None:
        print(f"a publish reached anonymous readers of (b) after {delay:.2f}s")
    for problem in problems:
        print(f"warning: {problem}")
    print(
        " ".join(
            [f"{key}_rps={medians[key].requests_per_second:.0f}" for key in TARGETS]
            + [f"b_ratio={b_ratio:.2f}", f"queries={queries}"]
        )
    )
    return 0 if (b_ok and q_ok and not problems) or not args.strict else 1


def main() -> int:
    return run_bench(bench, parse_args(), prefix="gazette-bench-")


if __name__ == "__main__":
    sys.exit(main())
