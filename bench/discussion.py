"""Measure posting comments: N signed-in readers at once, against PostgreSQL.

Run with ``.venv/bin/python bench/discussion.py``; bench/README.md explains
the output. One run, in a few minutes (most of it loading the demo):

1. recreates the PostgreSQL database ``gazette_bench_discussion``, migrates
   it, loads the demo newsroom and collects static files;
2. creates ``--readers`` confirmed readers (plus the fault clients') and signs
   each in by creating a session (a ``gazette shell`` script prints the keys);
3. starts gunicorn on 127.0.0.1 with deploy/gunicorn.conf.py, production
   settings and Redis, the per-account and per-address rate limits lifted
   (``GAZETTE_DISCUSSION_POSTS_PER_MINUTE=0``, ``..._PER_IP=0``); with
   ``--nginx``, nginx with deploy/nginx/gazette.conf in front of it;
4. every reader, in its own thread and connection, loops for ``--seconds``
   (after ``--warmup`` seconds not counted in the figures): GET the article
   page with its session cookie, take the CSRF token from the comment form,
   POST a distinct harmless text carrying a unique marker to
   ``/discussion/<article id>/post/``. A 302 to ``...#comment-N`` or
   ``...#discussion`` is a success, anything else a failure, a timeout or a
   broken connection "unknown";
5. then, for ``--fault-seconds``, the readers go on while ``--fault-clients``
   misbehave at the connection level: send a whole POST and hang up without
   reading the answer, or send half of the body (cut inside the text) and
   close the connection, politely (FIN) or not (RST);
6. stops gunicorn gracefully and counts in the database: each marker that got
   a success is stored exactly once, with the very text sent; none that
   failed, and none whose body was cut, is stored at all; a hung-up POST is
   stored once or not at all. Every comment has its audit log row
   (``ModerationAction``), and ``ArticlePage.comment_count`` equals the
   article's published comments.

The last line is for machines:
``posts_per_s=N p50_ms=N p99_ms=N stored_ok=1 audit_ok=1 count_ok=1``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import string
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BenchError,
    Children,
    ensure_debian_packages,
    median,
    pick_port,
    run_bench,
    say,
    timed,
    venv_bin,
    wait_for_http,
)
from pages import (  # noqa: E402
    check_redis,
    gazette,
    production_env,
    production_site_for_bench,
    recreate_database,
    start_nginx,
)

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gazette_bench_discussion"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
ARTICLE_SLUG = "opinion-general-stenvik"
USER_PREFIX = "bench-reader-"
MAX_READERS = 200
MAX_SECONDS = 300
WINDOW = 5.0  # seconds between progress lines
# The answer to a post that went through: back to the comment, or to the
# discussion when the comment is held or rejected.
SUCCESS_LOCATION = re.compile(r"#(?:comment-\d+|discussion)$")
CSRF_FIELD = re.compile(
    r'<form[^>]*action="/discussion/\d+/post/"[^>]*>\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
)
MARKER = re.compile(r"\bgzb[a-z]{12}\b")

# Runs inside `gazette shell`: confirmed readers, each signed in by a session
# made exactly as django.contrib.auth.login() makes one.
MAKE_READERS = """\
from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model,
)
from django.db import transaction
from django.utils import timezone

from gazette.accounts.models import Reader
from gazette.articles.models import ArticlePage
from gazette.discussion.models import Comment
from gazette.discussion.services import discussion_state, refresh_comment_count

Store = import_module(settings.SESSION_ENGINE).SessionStore
User = get_user_model()
now = timezone.now()
# With --reuse-database: forget an earlier run's readers and their comments.
earlier = Comment.objects.filter(author__username__startswith={prefix!r})
for article_id in set(earlier.values_list("article_id", flat=True)):
    with transaction.atomic():
        earlier.filter(article_id=article_id).delete()
        refresh_comment_count(article_id)
User.objects.filter(username__startswith={prefix!r}).delete()
for i in range({count}):
    email = f"{prefix}{{i}}@example.org"
    user = User.objects.create_user(username=email, email=email)
    Reader.objects.create(
        user=user, display_name=f"Bench reader {{i}}", email_confirmed_at=now
    )
    session = Store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print("SESSION", session.session_key)

# The demo article if its discussion is open, else the first open one.
articles = sorted(
    ArticlePage.objects.live().specific(),
    key=lambda page: (page.slug != {slug!r}, page.pk),
)
for article in articles:
    if discussion_state(article).mode == "open":
        print("ARTICLE", article.pk, article.url)
        break
"""

# Runs inside `gazette shell` after the run: what the database holds.
COUNT_STORED = """\
import json

from django.db.models import Count, Q

from gazette.articles.models import ArticlePage
from gazette.discussion.models import Comment, CommentStatus

article = ArticlePage.objects.get(pk={article_id})
rows = list(
    Comment.objects.filter(author__username__startswith={prefix!r})
    .annotate(
        audit=Count("actions", filter=Q(actions__kind__startswith="auto-"))
    )
    .values_list("pk", "article_id", "body", "status", "audit")
)
published = Comment.objects.filter(
    article=article, status=CommentStatus.PUBLISHED
).count()
with open({out!r}, "w") as out:
    json.dump(
        {{"rows": rows, "comment_count": article.comment_count,
          "published": published}},
        out,
    )
print(len(rows), article.comment_count, published)
"""

OPENINGS = [
    "Thanks for this report",
    "A clear piece",
    "I read this twice",
    "Good to see this covered",
    "Interesting angle",
    "Useful background here",
]
MIDDLES = [
    "the figures on the harbour budget deserve a follow-up",
    "the council should publish the minutes of that meeting",
    "our street saw the same thing last winter",
    "I would like to know what the ferry operators think",
    "the map in the second paragraph helped a lot",
    "the timeline makes the decision easier to follow",
]
CLOSINGS = [
    "Keep it up.",
    "Looking forward to the next part.",
    "Well done to the reporters.",
    "More of this, please.",
]


# --- Arguments ----------------------------------------------------------------


def bounded(low: float, high: float, kind=int):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"use {low:g} to {high:g}, not {text}")
        return value

    return parse


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python bench/discussion.py --readers 20 "
        "--seconds 20",
    )
    parser.add_argument(
        "--readers",
        type=bounded(1, MAX_READERS),
        default=20,
        help=f"readers posting at once (default 20, at most {MAX_READERS})",
    )
    parser.add_argument(
        "--seconds",
        type=bounded(1, MAX_SECONDS, float),
        default=20.0,
        help=f"measured seconds (default 20, at most {MAX_SECONDS})",
    )
    parser.add_argument(
        "--warmup",
        type=bounded(0, 60, float),
        default=3.0,
        help="seconds of posting before the measure (default 3; checked, not timed)",
    )
    parser.add_argument(
        "--fault-seconds",
        type=bounded(0, 60, float),
        default=6.0,
        help="seconds of the faulty-connection variant (default 6; 0: skip)",
    )
    parser.add_argument(
        "--fault-clients",
        type=bounded(1, 20),
        default=3,
        help="clients hanging up or cutting their posts (default 3)",
    )
    parser.add_argument(
        "--timeout",
        type=bounded(1, 120, float),
        default=15.0,
        help="seconds before a post counts as unknown (default 15)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "GAZETTE_BENCH_DISCUSSION_DATABASE_URL", DEFAULT_DATABASE_URL
        ),
        help="PostgreSQL database to recreate (GAZETTE_BENCH_DISCUSSION_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("GAZETTE_BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis for the app (GAZETTE_BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="go through nginx with deploy/nginx/gazette.conf in front of "
        "gunicorn, as in production (default: straight to gunicorn)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database of an earlier run (skips migrate and load_demo; "
        "its bench readers and their comments are removed first)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a check fails or a post failed",
    )
    return parser.parse_args()


# --- What was sent, and what came back ------------------------------------------

SUCCESS, FAILURE, UNKNOWN = "success", "failure", "unknown"
PENDING = "pending"  # sent, no answer yet
# Fault kinds: the whole request sent, then the connection dropped unread; the
# body cut inside the text, then closed with FIN or with RST.
HUNG_UP, CUT_FIN, CUT_RST = "hung-up", "cut-fin", "cut-rst"


@dataclass
class Post:
    marker: str
    text: str
    phase: str  # warmup, measure, fault (readers), or a fault kind
    outcome: str = PENDING
    detail: str = ""
    started: float = 0.0
    latency: float | None = None
    finished: float = 0.0


@dataclass
class Ledger:
    """Every post of the run, shared by the client threads."""

    posts: list[Post] = field(default_factory=list)
    page_loads: list[float] = field(default_factory=list)
    page_failures: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, post: Post) -> None:
        with self.lock:
            self.posts.append(post)

    def snapshot(self) -> list[Post]:
        with self.lock:
            return list(self.posts)


_taken_markers: set[str] = set()
_marker_lock = threading.Lock()


def new_marker() -> str:
    """Return a marker no other post of the run carries (letters: no digits, so
    the standards never take it for a telephone number)."""
    with _marker_lock:
        while True:
            marker = "gzb" + "".join(random.choices(string.ascii_lowercase, k=12))
            if marker not in _taken_markers:
                _taken_markers.add(marker)
                return marker


def harmless_text(marker: str) -> str:
    return (
        f"{random.choice(OPENINGS)} (ref {marker}): {random.choice(MIDDLES)}. "
        f"{random.choice(CLOSINGS)}"
    )


class Browser:
    """One reader's keep-alive connection and cookies, like a browser tab."""

    def __init__(
        self, port: int, session_key: str, timeout: float, origin: str
    ) -> None:
        self.port = port
        self.origin = origin
        self.timeout = timeout
        self.cookies = {"sessionid": session_key}
        self.connection: http.client.HTTPConnection | None = None

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, body: bytes | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        headers = {"Cookie": self.cookie_header(), "User-Agent": "gazette-bench"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        for header in response.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, response, data

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def csrf_token(self, article_path: str, ledger: Ledger) -> str | None:
        """Load the article page; return the comment form's CSRF token."""
        started = time.monotonic()
        try:
            status, _, page = self.request("GET", article_path)
        except OSError as error:
            ledger.page_failures[type(error).__name__] += 1
            return None
        match = CSRF_FIELD.search(page.decode("utf-8", "replace"))
        if status != 200 or not match:
            ledger.page_failures[f"{status}" + ("" if match else " no form")] += 1
            return None
        with ledger.lock:
            ledger.page_loads.append(time.monotonic() - started)
        return match.group(1)


def form_body(token: str, text: str) -> bytes:
    # The order a browser sends: the hidden token first, then the text.
    return urlencode({"csrfmiddlewaretoken": token, "text": text}).encode()


def reader_loop(
    browser: Browser,
    article_path: str,
    post_path: str,
    ledger: Ledger,
    phase_of: dict[str, str],
    stop: threading.Event,
) -> None:
    """Load the page, post a comment; again, until told to stop."""
    while not stop.is_set():
        token = browser.csrf_token(article_path, ledger)
        if token is None:
            time.sleep(0.2)
            continue
        if stop.is_set():
            return
        marker = new_marker()
        post = Post(marker, harmless_text(marker), phase_of["phase"])
        ledger.add(post)
        post.started = time.monotonic()
        try:
            status, response, _ = browser.request(
                "POST", post_path, form_body(token, post.text)
            )
        except TimeoutError:
            post.outcome, post.detail = UNKNOWN, "timeout"
            continue
        except (OSError, http.client.HTTPException) as error:
            post.outcome, post.detail = UNKNOWN, type(error).__name__
            continue
        post.finished = time.monotonic()
        post.latency = post.finished - post.started
        location = response.getheader("Location", "")
        if status == 302 and SUCCESS_LOCATION.search(location):
            post.outcome = SUCCESS
        else:
            post.outcome = FAILURE
            post.detail = f"{status} {location}".strip()


def faulty_loop(
    browser: Browser,
    article_path: str,
    post_path: str,
    ledger: Ledger,
    kinds: list[str],
    stop: threading.Event,
) -> None:
    """Post comments and misbehave on the wire: hang up, or cut the body."""
    n = 0
    while not stop.is_set():
        token = browser.csrf_token(article_path, ledger)
        browser.close()  # the faulty post goes on a fresh socket
        if token is None:
            time.sleep(0.2)
            continue
        kind = kinds[n % len(kinds)]
        n += 1
        marker = new_marker()
        post = Post(marker, harmless_text(marker), kind)
        body = form_body(token, post.text)
        if kind != HUNG_UP:
            # Cut just after the marker: what arrived would still carry it.
            encoded_marker = body.index(marker.encode()) + len(marker)
            sent = body[: encoded_marker + 8]
        else:
            sent = body
        head = (
            f"POST {post_path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{browser.port}\r\n"
            f"Origin: {browser.origin}\r\n"
            f"Cookie: {browser.cookie_header()}\r\n"
            "User-Agent: gazette-bench-faulty\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        ledger.add(post)
        post.started = time.monotonic()
        try:
            with socket.create_connection(
                ("127.0.0.1", browser.port), timeout=browser.timeout
            ) as sock:
                sock.sendall(head + sent)
                if kind == CUT_RST:
                    # Linger 0: close() sends a reset instead of a FIN.
                    sock.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                elif kind == CUT_FIN:
                    time.sleep(0.05)  # the server is now waiting for the rest
                    sock.shutdown(socket.SHUT_WR)
            post.outcome, post.detail = UNKNOWN, kind
        except OSError as error:
            post.outcome, post.detail = UNKNOWN, f"{kind}: {type(error).__name__}"
        time.sleep(0.05)


# --- Figures ------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Return the ``q`` percentile (0-100) by the nearest-rank method."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def progress(ledger: Ledger, stop: threading.Event, phase_of: dict[str, str]) -> None:
    """Print a line every few seconds: posts, failures, latency of the window."""
    while not stop.wait(WINDOW):
        posts = ledger.snapshot()
        since = time.monotonic() - WINDOW
        window = [p for p in posts if p.latency is not None and p.finished >= since]
        ok = sum(p.outcome == SUCCESS for p in window)
        latencies = [p.latency * 1000 for p in window if p.outcome == SUCCESS]
        outcomes = Counter(p.outcome for p in posts)
        say(
            f"{phase_of['phase']:<7} {ok / WINDOW:6.1f} posts/s  "
            f"p50 {percentile(latencies, 50):6.0f} ms  "
            f"p99 {percentile(latencies, 99):6.0f} ms  | so far "
            f"{outcomes[SUCCESS]} ok, {outcomes[FAILURE]} failed, "
            f"{outcomes[UNKNOWN]} unknown"
        )


# --- The checks -----------------------------------------------------------------


@dataclass
class Verdict:
    stored_ok: bool
    audit_ok: bool
    count_ok: bool
    lines: list[str]


def check_stored(posts: list[Post], stored: dict) -> Verdict:
    """Compare what the clients were told with what the database holds."""
    by_marker: dict[str, list[tuple]] = {}
    strays = []
    for pk, _article_id, body, status, audit in stored["rows"]:
        found = MARKER.findall(body)
        if len(found) != 1:
            strays.append(pk)
            continue
        by_marker.setdefault(found[0], []).append((pk, body, status, audit))
    lines: list[str] = []
    problems: list[str] = []

    def stored_of(post: Post) -> list[tuple]:
        return by_marker.get(post.marker, [])

    groups: dict[str, list[Post]] = {}
    for post in posts:
        key = post.phase if post.phase in (HUNG_UP, CUT_FIN, CUT_RST) else post.outcome
        groups.setdefault(key, []).append(post)
    posted = {post.marker for post in posts}
    for marker in set(by_marker) - posted:
        problems.append(f"a comment carries marker {marker}, which nobody sent")
    for key, label, allowed in (
        (SUCCESS, "answered success", {1}),
        (FAILURE, "answered failure", {0}),
        (UNKNOWN, "no answer (timeout, broken connection)", {0, 1}),
        (HUNG_UP, "whole post sent, then hung up", {0, 1}),
        (CUT_FIN, "body cut, then closed (FIN)", {0}),
        (CUT_RST, "body cut, then reset (RST)", {0}),
    ):
        group = groups.get(key, [])
        if not group:
            continue
        copies = Counter(len(stored_of(post)) for post in group)
        wrong = [post for post in group if len(stored_of(post)) not in allowed]
        altered = [
            post
            for post in group
            for _, body, _, _ in stored_of(post)
            if body != post.text
        ]
        counts = ", ".join(f"{n}x stored: {c}" for n, c in sorted(copies.items()))
        mark = "ok" if not wrong and not altered else "WRONG"
        lines.append(f"{label:<42} {len(group):>6}  ({counts})  {mark}")
        for post in wrong[:5]:
            problems.append(
                f"{label}: {post.marker} stored {len(stored_of(post))} times "
                f"({post.detail or post.outcome})"
            )
        for post in altered[:3]:
            body = next(b for _, b, _, _ in stored_of(post) if b != post.text)
            problems.append(
                f"{label}: {post.marker} stored as {body[:70]!r}, "
                f"sent as {post.text[:70]!r}"
            )
    if strays:
        problems.append(f"{len(strays)} bench comments carry no single marker")
    stored_ok = not problems
    no_audit = [
        pk for rows in by_marker.values() for pk, _, _, audit in rows if audit != 1
    ]
    audit_ok = not no_audit
    if no_audit:
        problems.append(
            f"{len(no_audit)} comments without exactly one automatic audit row, "
            f"e.g. {no_audit[:5]}"
        )
    statuses = Counter(status for _, _, _, status, _ in stored["rows"])
    lines.append(
        "bench comments by the standards' outcome: "
        + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
    )
    count_ok = stored["comment_count"] == stored["published"]
    lines.append(
        f"ArticlePage.comment_count {stored['comment_count']}, published comments "
        f"{stored['published']}: {'they agree' if count_ok else 'MISMATCH'}"
    )
    lines.extend(f"problem: {problem}" for problem in problems)
    return Verdict(stored_ok, audit_ok, count_ok, lines)


# --- The run --------------------------------------------------------------------


def run_phase(
    name: str, seconds: float, phase_of: dict[str, str]
) -> tuple[float, float]:
    """Mark the posts started from now on as ``name``; return (start, end)."""
    phase_of["phase"] = name
    started = time.monotonic()
    say(f"{name}: {seconds:g}s")
    time.sleep(seconds)
    return started, time.monotonic()


def bench(args: argparse.Namespace, tmp: Path, children: Children) -> int:
    check_redis(args.redis_url)
    static, media = tmp / "static", tmp / "media"
    static.mkdir()
    media.mkdir()
    env = production_env(
        args,
        tmp,
        # The run posts far faster than any reader may: lift the limits.
        GAZETTE_DISCUSSION_POSTS_PER_MINUTE="0",
        GAZETTE_DISCUSSION_POSTS_PER_MINUTE_PER_IP="0",
    )
    env.pop("GAZETTE_CLIENT_IP_HEADER", None)

    if args.reuse_database:
        say(f"reusing database {args.database_url}")
    else:
        with timed(f"recreating database {args.database_url}"):
            recreate_database(args.database_url)
        with timed("gazette migrate"):
            gazette(env, "migrate", "--no-input")
        with timed("gazette load_demo"):
            gazette(env, "load_demo")
    with timed(f"gazette collectstatic into {static}"):
        gazette(env, "collectstatic", "--no-input")
    fault_clients = args.fault_clients if args.fault_seconds else 0
    total = args.readers + fault_clients
    with timed(f"creating {total} confirmed readers and their sessions"):
        output = gazette(
            env,
            "shell",
            "-c",
            MAKE_READERS.format(count=total, prefix=USER_PREFIX, slug=ARTICLE_SLUG),
        )
    sessions = [
        line.split()[1] for line in output.splitlines() if line.startswith("SESSION ")
    ]
    found = [
        line.split() for line in output.splitlines() if line.startswith("ARTICLE ")
    ]
    if len(sessions) != total or not found:
        raise BenchError(f"setting up readers printed:\n{output[-2000:]}")
    article_id, article_path = int(found[0][1]), found[0][2]
    post_path = f"/discussion/{article_id}/post/"
    say(f"article {article_id} at {article_path}; posts go to {post_path}")

    port = pick_port(8095, set())
    say(f"starting gunicorn on 127.0.0.1:{port}")
    gunicorn = children.start(
        "gazette-bench-discussion",
        [
            venv_bin("gunicorn"),
            "--config",
            str(GUNICORN_CONF),
            "gazette.wsgi:application",
        ],
        env=dict(
            env,
            GAZETTE_BIND=f"127.0.0.1:{port}",
            GAZETTE_PROC_NAME="gazette-bench-discussion",
        ),
        log=tmp / "gunicorn.log",
    )
    status, _, _ = wait_for_http(f"http://127.0.0.1:{port}{article_path}", children)
    if status != 200:
        raise BenchError(f"the article answered {status}; see {tmp / 'gunicorn.log'}")
    # A browser's Origin names the host as the reader typed it.
    origin = f"http://127.0.0.1:{port}"
    if args.nginx:
        nginx = ensure_debian_packages({"nginx": "nginx"})["nginx"]
        upstream, port = port, pick_port(8096, {port})
        prefix = tmp / "nginx"
        site = production_site_for_bench(port, upstream, prefix, static, media)
        start_nginx(children, nginx, "nginx", prefix, site)
        say(f"nginx with deploy/nginx/gazette.conf on 127.0.0.1:{port}")
        status, _, _ = wait_for_http(f"http://127.0.0.1:{port}{article_path}", children)
        if status != 200:
            raise BenchError(f"nginx answered {status}; see {prefix}")
        # nginx passes `Host: $host`, without the port, as on port 80.
        origin = "http://127.0.0.1"

    ledger = Ledger()
    phase_of = {"phase": "warmup"}
    stop_readers, stop_faults, stop_progress = (threading.Event() for _ in range(3))
    readers = [
        threading.Thread(
            target=reader_loop,
            args=(
                Browser(port, key, args.timeout, origin),
                article_path,
                post_path,
                ledger,
                phase_of,
                stop_readers,
            ),
            daemon=True,
        )
        for key in sessions[: args.readers]
    ]
    kinds = [HUNG_UP, CUT_FIN, CUT_RST]
    faulty = [
        threading.Thread(
            target=faulty_loop,
            args=(
                Browser(port, key, args.timeout, origin),
                article_path,
                post_path,
                ledger,
                kinds[i % 3 :] + kinds[: i % 3],
                stop_faults,
            ),
            daemon=True,
        )
        for i, key in enumerate(sessions[args.readers :])
    ]
    reporter = threading.Thread(
        target=progress, args=(ledger, stop_progress, phase_of), daemon=True
    )
    say(f"{args.readers} readers start posting")
    for thread in readers:
        thread.start()
    reporter.start()
    try:
        if args.warmup:
            run_phase("warmup", args.warmup, phase_of)
        measure = run_phase("measure", args.seconds, phase_of)
        if faulty:
            phase_of["phase"] = "fault"
            for thread in faulty:
                thread.start()
            run_phase("fault", args.fault_seconds, phase_of)
    finally:
        stop_readers.set()
        stop_faults.set()
        for thread in readers + faulty:
            thread.join(args.timeout + 5)
        stop_progress.set()
    children.check_alive()

    for name, process, _ in list(children.processes):
        if name == "nginx":
            os.killpg(process.pid, signal.SIGQUIT)  # graceful
            process.wait(15)
    say("stopping gunicorn gracefully: requests in flight finish")
    os.kill(gunicorn.pid, signal.SIGTERM)
    try:
        gunicorn.wait(60)
    except subprocess.TimeoutExpired:
        raise BenchError("gunicorn did not stop within 60s") from None
    children.processes.clear()

    out = tmp / "stored.json"
    with timed("counting what the database holds"):
        gazette(
            env,
            "shell",
            "-c",
            COUNT_STORED.format(
                article_id=article_id, prefix=USER_PREFIX, out=str(out)
            ),
        )
    stored = json.loads(out.read_text())
    posts = ledger.snapshot()
    for post in posts:
        if post.outcome == PENDING:  # its thread was still waiting at the end
            post.outcome, post.detail = UNKNOWN, "no answer when the run ended"
    verdict = check_stored(posts, stored)

    measured = [
        p
        for p in posts
        if p.phase == "measure" and p.outcome == SUCCESS and p.latency is not None
    ]
    measured_in_time = [p for p in measured if p.finished <= measure[1]]
    duration = measure[1] - measure[0]
    rate = len(measured_in_time) / duration
    latencies = [p.latency * 1000 for p in measured]
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    page_ms = [s * 1000 for s in ledger.page_loads]
    outcomes = Counter((p.phase, p.outcome) for p in posts)
    failures = Counter(p.detail for p in posts if p.outcome == FAILURE)
    unknowns = Counter(
        p.detail
        for p in posts
        if p.outcome == UNKNOWN and p.phase in ("warmup", "measure", "fault")
    )

    print()
    print(
        f"Posting comments: {args.readers} signed-in readers at once, "
        f"{duration:.0f}s measured after {args.warmup:g}s of warm-up, "
        f"{'nginx -> ' if args.nginx else ''}"
        f"gunicorn (deploy/gunicorn.conf.py) + PostgreSQL + Redis, "
        f"{os.cpu_count()} cores; each post follows a GET of the article page."
    )
    print(
        f"posts/s {rate:.1f}   post latency p50 {p50:.0f} ms  p99 {p99:.0f} ms   "
        f"article page (GET, signed in) p50 {median(page_ms) if page_ms else 0:.0f} ms"
    )
    for phase in ("warmup", "measure", "fault"):
        row = {o: outcomes[(phase, o)] for o in (SUCCESS, FAILURE, UNKNOWN)}
        if any(row.values()):
            print(
                f"  {phase:<8} {row[SUCCESS]:>6} success  {row[FAILURE]:>4} failure"
                f"  {row[UNKNOWN]:>4} unknown"
            )
    if failures:
        print(f"  failures: {dict(failures.most_common(5))}")
    if unknowns:
        print(f"  unknowns: {dict(unknowns.most_common(5))}")
    if ledger.page_failures:
        print(f"  article page failures: {dict(ledger.page_failures)}")
    print("What the database holds, by what each client was told:")
    for line in verdict.lines:
        print(f"  {line}")
    print(
        f"posts_per_s={rate:.1f} p50_ms={p50:.0f} p99_ms={p99:.0f} "
        f"stored_ok={int(verdict.stored_ok)} audit_ok={int(verdict.audit_ok)} "
        f"count_ok={int(verdict.count_ok)}"
    )
    ok = verdict.stored_ok and verdict.audit_ok and verdict.count_ok and not failures
    return 0 if ok or not args.strict else 1


def main() -> int:
    return run_bench(bench, parse_args(), prefix="gazette-bench-discussion-")


if __name__ == "__main__":
    sys.exit(main())
