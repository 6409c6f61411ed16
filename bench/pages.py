"""Measure how fast Gazette serves an article page, behind nginx and without it.

Run with ``make bench`` or ``.venv/bin/python bench/pages.py``; bench/README.md
explains the figures. One run, in a few minutes:

1. installs nginx and wrk if they are missing (Debian packages);
2. recreates the PostgreSQL database ``gazette_bench``, migrates it, loads the
   demo newsroom, adds a bare Wagtail page (a bench-only page model with a
   template of ten links, ``BARE_APP``), signs a reader in and collects static
   files into a temporary directory;
3. starts the targets on 127.0.0.1, all serving the same article page:
   (a) nginx serving a static copy of the page (the ceiling),
   (b) nginx with deploy/nginx/gazette.conf in front of (c),
   (b') the same, as a signed-in reader (a real session cookie),
   (b'') the same, with a made-up ``sessionid`` cookie,
   (c) gunicorn with production settings, Redis and the in-app page cache,
   (d) gunicorn with every cache off (Django's DummyCache),
   (w) the bare Wagtail page with a sidebar of ten links, rendered by (d),
   (f) the signed-in reader's personal fragment (``/me/``) through (b),
       kept by the app for the reader's repeat requests (docs/caching.md),
   (f0) the same fragment drawn in full every time, by (d);
4. loads each with wrk for several interleaved rounds and reports the median
   requests per second and latency, and each target's ratio to (a);
5. counts the database queries of one article page with caches off.

The last line is for machines: ``a_rps=N b_rps=N ... b_ratio=0.XX
signed_in_ratio=0.XX forged_ratio=0.XX wagtail_rps=N render_ratio=0.XX
fragment_rps=N fragment_p99_ms=N fragment_full_rps=N queries=N edition=en
load=N`` (the one-minute load average at the end).

``--edition ar`` loads an article of the demo's Arabic edition (right to left,
under ``/ar/``) instead of the English reference article, for the same
ratios on a right-to-left page.
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
from urllib.parse import unquote

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
# The article each edition's run loads (--edition): the reference article, and
# for the right-to-left edition an Arabic article with a lead picture, in a
# running story, translated from the English one (so with "Read in" and
# hreflang alternates).
EDITION_ARTICLES = {
    "en": ARTICLE_SLUG,
    "ar": "ittifaq-ala-muhadathat-mubashira-fi-pellmarch",
}
NGINX_SITE = ROOT / "deploy" / "nginx" / "gazette.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gazette_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

# The issue's targets.
MIN_B_RATIO = 0.5
MAX_QUERIES = 11
MIN_RENDER_RATIO = 1.0
MIN_FRAGMENT_RPS = 2000

TARGETS = {
    "a": "nginx, static copy of the page",
    "b": "nginx micro-cache -> gunicorn (c)",
    "b1": "(b) as a signed-in reader",
    "b2": "(b) with a made-up sessionid",
    "c": "gunicorn, in-app cache on Redis",
    "d": "gunicorn, every cache off",
    "w": "bare Wagtail page, 10 links, by (d)",
    "f": "personal fragment /me/ via (b)",
    "f0": "(f) by (d): no cache, the full path",
}
# How the table names the targets: (b1) is the issue's (b'), (b2) its (b'').
LABELS = {"b1": "b'", "b2": "b''"}
FORGED_SESSION = "sessionid=forged0bench0cookie0that0names0no0session"

# The bare Wagtail page of target (w): a page model of its own, in an app that
# exists only in the benchmark's temporary directory, installed in (d)'s
# settings only. Its template is ten links to the newest pages, nothing else:
# what a minimal Wagtail site renders per page.
BARE_APP = "gazette_bench_bare"
BARE_FILES = {
    "__init__.py": "",
    "models.py": """\
from wagtail.models import Page


class BarePage(Page):
    \"\"\"A bare Wagtail page: a title and a sidebar of ten links.\"\"\"

    template = "gazette_bench_bare/bare_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["links"] = (
            Page.objects.live()
            .filter(depth__gt=2)
            .exclude(pk=self.pk)
            .order_by("-first_published_at")[:10]
        )
        return context
""",
    "migrations/__init__.py": "",
    "migrations/0001_initial.py": """\
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("wagtailcore", "__latest__")]
    operations = [
        migrations.CreateModel(
            name="BarePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
            ],
            bases=("wagtailcore.page",),
        ),
    ]
""",
    "templates/gazette_bench_bare/bare_page.html": """\
{% load wagtailcore_tags %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1></main>
<aside><ul>{% for link in links %}
<li><a href="{% pageurl link %}">{{ link.title }}</a></li>{% endfor %}
</ul></aside>
</body></html>
""",
}

ADD_BARE_PAGE = """\
from wagtail.models import Site
from gazette_bench_bare.models import BarePage

root = Site.objects.get(is_default_site=True).root_page
page = root.add_child(instance=BarePage(title="A bare Wagtail page", slug="bench-bare"))
page.save_revision().publish()
print(page.url)
"""

# A reader signed in as a browser would be: a session in the database, its
# cookie and the CSRF cookie printed for wrk to send (no space: one word).
SIGN_IN_READER = """\
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone
from gazette.accounts.models import Reader

user = get_user_model().objects.create_user(
    "bench-reader", "bench-reader@example.org", "a long bench password"
)
Reader.objects.update_or_create(
    user=user,
    defaults={"display_name": "Bench Reader", "email_confirmed_at": timezone.now()},
)
client = Client()
client.force_login(user)
# The CSRF cookie a browser holds after its first page with a form (the
# secret get_token() makes): the personal fragment keeps its answer for a
# session and CSRF cookie pair.
request = RequestFactory().get("/")
get_token(request)
print(
    f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value};"
    f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}"
)
"""

# Settings for target (d): production with Django's DummyCache, so neither
# the page cache nor any fragment cached by the app (sections, Wagtail's site
# root paths) is kept between requests.
NO_CACHE_SETTINGS = """\
from gazette.settings.production import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
GAZETTE_PAGE_CACHE_SECONDS = 0
# Target (w), the bare Wagtail page, is served by this same gunicorn.
INSTALLED_APPS = [*INSTALLED_APPS, "gazette_bench_bare"]  # noqa: F405
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
        "--edition",
        choices=sorted(EDITION_ARTICLES),
        default="en",
        help="the demo edition whose article to load: en (default), or ar for "
        f"the Arabic article {EDITION_ARTICLES['ar']!r} (right to left, /ar/...)",
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


def article_path(env: dict[str, str], slug: str = ARTICLE_SLUG) -> str:
    """Return the URL path of the demo article the benchmark loads."""
    output = gazette(
        env,
        "shell",
        "-c",
        "from gazette.articles.models import ArticlePage; "
        f"print(ArticlePage.objects.get(slug={slug!r}).url)",
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
    # A statement Django captured without its text (executemany) counts too.
    counted["sql"] = [sql or "(statement without text)" for sql in counted["sql"]]
    (tmp / "queries.sql").write_text("\n\n".join(counted["sql"]) + "\n")
    return counted


def query_shapes(statements: list[str], top: int = 5) -> list[tuple[int, str]]:
    """Return the most repeated statements with their literals blanked out."""
    shapes = Counter(
        re.sub(r"\b\d+\b|'[^']*'", "?", statement)[:110] for statement in statements
    )
    return [(count, shape) for shape, count in shapes.most_common(top)]


def check_caching(urls: dict[str, str], session: str) -> list[str]:
    """Return problems with how (b) and (c) cache the article; empty when fine."""
    problems = []
    statuses = [http_get(urls["b"])[1].get("X-Cache-Status", "none") for _ in range(3)]
    say(f"(b) X-Cache-Status on three requests: {', '.join(statuses)}")
    if statuses[-1] != "HIT":
        problems.append(f"(b) does not serve the page from nginx's cache: {statuses}")
    _, _, anonymous = http_get(urls["b"])
    for cookie, who in ((session, "a signed-in reader"), (FORGED_SESSION, "forged")):
        status, headers, body = http_get(urls["b"], {"Cookie": cookie})
        say(
            f"(b) as {who}: {status}, X-Cache-Status "
            f"{headers.get('X-Cache-Status')}, {len(body)} bytes"
        )
        if headers.get("X-Cache-Status") != "HIT":
            problems.append(f"(b) does not serve {who} from its cache")
        if body != anonymous:
            problems.append(f"(b) gives {who} other bytes than anonymous readers")
    status, headers, _ = http_get(urls["b"], {"Cookie": "consent=1"})
    say(f"(b) with cookie consent=1: X-Cache-Status {headers.get('X-Cache-Status')}")
    if headers.get("X-Cache-Status") != "HIT":
        problems.append("(b) does not share its copy with readers who carry cookies")
    in_app = [
        http_get(urls["c"], {"Cookie": cookie})[1].get("X-Gazette-Cache")
        for cookie in ("", session, FORGED_SESSION)
    ]
    say(f"(c) X-Gazette-Cache anonymous, signed in, forged: {in_app}")
    if in_app[1:] != ["hit", "hit"]:
        problems.append(f"(c) does not serve every reader from its cache: {in_app}")
    if http_get(urls["d"])[1].get("X-Gazette-Cache"):
        problems.append("(d) still uses the in-app page cache")
    status, headers, body = http_get(urls["f"], {"Cookie": session})
    say(
        f"(f) the fragment: {status}, {len(body)} bytes, "
        f"Cache-Control {headers.get('Cache-Control')}"
    )
    if status != 200 or b"Bench Reader" not in body:
        problems.append(f"(f) the fragment does not name the reader ({status})")
    if "no-store" not in headers.get("Cache-Control", ""):
        problems.append("(f) the fragment may be stored by a cache")
    if http_get(urls["f"])[0] != 204:
        problems.append("(f) the fragment answers anonymous readers with content")
    # The reader's repeat request is answered from the app's cache.
    kept = [
        http_get(urls["f"], {"Cookie": session, "HX-Request": "true"})[1].get(
            "X-Gazette-Personal"
        )
        for _ in range(2)
    ]
    say(f"(f) X-Gazette-Personal on two requests: {', '.join(map(str, kept))}")
    if kept[-1] != "hit":
        problems.append(f"(f) the app does not keep the fragment: {kept}")
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


def measure_publish_delay(
    env: dict[str, str], url: str, slug: str = ARTICLE_SLUG, timeout: float = 15
) -> float:
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
    output = gazette(env, "shell", "-c", PUBLISH.format(slug=slug, marker=marker))
    published = float(output.split()[-1])
    poller.join(timeout)
    if not seen:
        raise BenchError(f"a publish did not reach readers of (b) in {timeout:.0f}s")
    return max(0.0, seen[0] - published)


def format_table(results: dict[str, WrkResult]) -> str:
    base = results["a"].requests_per_second
    lines = [
        f"{'target':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs (a)':>7}",
        "-" * 80,
    ]
    for key, label in TARGETS.items():
        result = results[key]
        name = f"({LABELS.get(key, key)})"
        lines.append(
            f"{name:<5} {label:<38} {result.requests_per_second:>9.0f} "
            f"{result.p50_ms:>8.2f} {result.p99_ms:>8.2f} "
            f"{result.requests_per_second / base:>7.2f}"
        )
    return "\n".join(lines)


def write_bare_app(pysettings: Path) -> None:
    """Write the bench-only app of the bare Wagtail page next to the settings."""
    for name, text in BARE_FILES.items():
        target = pysettings / BARE_APP / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def personal_path(page: bytes) -> str:
    """Return the personal fragment's URL as the article page asks for it."""
    match = re.search(rb'class="personal-loader" hidden hx-get="([^"]+)"', page)
    if not match:
        raise BenchError("the article page does not ask for the personal fragment")
    return match[1].decode().replace("&amp;", "&")


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
    write_bare_app(pysettings)
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
        # With (d)'s settings, which add the bare Wagtail page's app.
        gazette(no_cache_env, "migrate", "--no-input", timeout=1800)
    with timed("gazette load_demo"):
        gazette(env, "load_demo", timeout=1800)
    bare_path = gazette(no_cache_env, "shell", "-c", ADD_BARE_PAGE).split()[-1]
    session = gazette(env, "shell", "-c", SIGN_IN_READER).split()[-1]
    say(f"bare Wagtail page: {bare_path}; a reader signed in")
    with timed(f"gazette collectstatic into {static}"):
        gazette(env, "collectstatic", "--no-input")
    slug = EDITION_ARTICLES[args.edition]
    path = args.path or article_path(env, slug)
    if not path.startswith("/"):
        raise BenchError(f"unexpected URL for {slug}: {path!r}")
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
    # (b') and (b'') are (b) with a cookie; (w) is served by (d).
    urls["b1"] = urls["b2"] = urls["b"]
    urls["w"] = f"http://127.0.0.1:{ports['d']}{bare_path}"

    say(f"starting gunicorn (c) on {ports['c']} and (d) on {ports['d']}")
    start_gunicorn(children, "gazette-bench-c", env, ports["c"], tmp / "c.log")
    start_gunicorn(children, "gazette-bench-d", no_cache_env, ports["d"], tmp / "d.log")
    status, headers, page = wait_for_http(urls["c"], children)
    if status != 200:
        raise BenchError(f"{urls['c']} answered {status}; see {tmp / 'c.log'}")
    wait_for_http(urls["d"], children)
    status, _, bare = wait_for_http(urls["w"], children)
    if status != 200 or bare.count(b"<li><a href=") != 10:
        raise BenchError(f"{urls['w']} answered {status} without its ten links")
    urls["f"] = f"http://127.0.0.1:{ports['b']}{personal_path(page)}"
    urls["f0"] = f"http://127.0.0.1:{ports['d']}{personal_path(page)}"
    say(f"personal fragment: {urls['f']}")
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

    problems = check_caching(urls, session)
    for problem in problems:
        say(f"WARNING: {problem}")

    wrk = dict(
        connections=args.connections,
        threads=args.threads,
        children=children,
    )
    common = {"Accept-Encoding": "gzip"} if args.gzip else {}
    headers = {key: dict(common) for key in TARGETS}
    for key in ("b1", "f", "f0"):
        headers[key]["Cookie"] = session
    headers["b2"]["Cookie"] = FORGED_SESSION
    # The fragment as htmx asks for it.
    headers["f"]["HX-Request"] = headers["f0"]["HX-Request"] = "true"
    say("warming up every target for 2s")
    for key in TARGETS:
        run_wrk(
            tools["wrk"],
            urls[key],
            seconds=2,
            log=tmp / f"warm-{key}.log",
            headers=headers[key],
            **wrk,
        )
    runs: dict[str, list[WrkResult]] = {key: [] for key in TARGETS}
    for round_ in range(1, args.rounds + 1):
        for key in TARGETS:
            result = run_wrk(
                tools["wrk"],
                urls[key],
                seconds=args.duration,
                log=tmp / f"wrk-{key}-{round_}.log",
                headers=headers[key],
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
                f"round {round_}/{args.rounds} ({LABELS.get(key, key)}): "
                f"{result.requests_per_second:8.0f} req/s  p50 {result.p50_ms:.2f} ms"
                f"  p99 {result.p99_ms:.2f} ms{flaws}"
            )
    delay = None
    if not args.path:
        delay = measure_publish_delay(env, urls["b"], slug)
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
    rps = {key: result.requests_per_second for key, result in medians.items()}
    b_ratio = rps["b"] / rps["a"]
    signed_in_ratio = rps["b1"] / rps["a"]
    forged_ratio = rps["b2"] / rps["a"]
    render_ratio = rps["d"] / rps["w"]
    queries = counted["steady"]
    print()
    print(
        f"Article page {unquote(path)}, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration:g}s{' gzip' if args.gzip else ''}, "
        f"median of {args.rounds} rounds, "
        f"{os.cpu_count()} cores:"
    )
    print(format_table(medians))
    for key, result in medians.items():
        if result.bad_responses or result.socket_errors:
            problems.append(
                f"({LABELS.get(key, key)}) had {result.bad_responses} non-2xx "
                f"responses and {result.socket_errors} socket errors"
            )
    checks = [
        (f"(b) >= {MIN_B_RATIO}x (a)", b_ratio >= MIN_B_RATIO, f"{b_ratio:.2f}x"),
        (
            f"(b') signed in >= {MIN_B_RATIO}x (a)",
            signed_in_ratio >= MIN_B_RATIO,
            f"{signed_in_ratio:.2f}x",
        ),
        (
            f"(b'') forged cookie >= {MIN_B_RATIO}x (a)",
            forged_ratio >= MIN_B_RATIO,
            f"{forged_ratio:.2f}x",
        ),
        (
            f"(d) full render >= {MIN_RENDER_RATIO}x bare Wagtail (w)",
            render_ratio >= MIN_RENDER_RATIO,
            f"{render_ratio:.2f}x",
        ),
        (
            f"(f) personal fragment >= {MIN_FRAGMENT_RPS} req/s",
            rps["f"] >= MIN_FRAGMENT_RPS,
            f"{rps['f']:.0f} req/s, p99 {medians['f'].p99_ms:.1f} ms",
        ),
        (
            f"(d) < {MAX_QUERIES} queries per article page",
            queries < MAX_QUERIES,
            f"{queries}",
        ),
    ]
    for name, ok, figure in checks:
        print(f"target {name}: {'met' if ok else 'MISSED'} ({figure})")
    if delay is not None:
        print(f"a publish reached readers of (b) after {delay:.2f}s")
    for problem in problems:
        print(f"warning: {problem}")
    print(
        " ".join(
            [f"{key}_rps={rps[key]:.0f}" for key in "abcd"]
            + [
                f"b_ratio={b_ratio:.2f}",
                f"signed_in_ratio={signed_in_ratio:.2f}",
                f"forged_ratio={forged_ratio:.2f}",
                f"wagtail_rps={rps['w']:.0f}",
                f"render_ratio={render_ratio:.2f}",
                f"fragment_rps={rps['f']:.0f}",
                f"fragment_p99_ms={medians['f'].p99_ms:.1f}",
                f"fragment_full_rps={rps['f0']:.0f}",
                f"queries={queries}",
                f"edition={args.edition if not args.path else '-'}",
                # The machine is shared: figures mean little without it.
                f"load={os.getloadavg()[0]:.1f}",
            ]
        )
    )
    met = all(ok for _, ok, _ in checks)
    return 0 if (met and not problems) or not args.strict else 1


def main() -> int:
    return run_bench(bench, parse_args(), prefix="gazette-bench-")


if __name__ == "__main__":
    sys.exit(main())
