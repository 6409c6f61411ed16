"""Measure Gazette's short link redirect against nginx answering a fixed 301.

Run with ``.venv/bin/python bench/shortlinks.py``; docs/links.md explains the
design being measured. One run, in about three minutes:

1. installs nginx and wrk if they are missing (Debian packages);
2. recreates the PostgreSQL database ``gazette_bench_links``, migrates it,
   loads the demo newsroom (whose articles get their codes as they are
   published) and bulk-creates 100,000 more short links to its articles;
3. starts on 127.0.0.1:
   (a) nginx answering ``return 301`` for every ``/s/<code>`` (the ceiling),
   (b) nginx with deploy/nginx/gazette.conf in front of (c),
   (c) gunicorn with deploy/gunicorn.conf.py, production settings, Redis and
       ``GAZETTE_LINK_COUNTING=log`` (``--counting app``: the in-app count);
   draws a bounded random set of codes among the 100,000 (``--codes``,
   10,000), warms nginx's micro-cache by asking each of them once (as a
   robot, so not counted), and loads (a), (b), and (b) with the short host's
   ``Host`` header, with wrk asking for random codes of the set (a Lua
   script), as a browser would (counted visits);
4. stops nginx (which flushes its log), runs ``gazette ingest-link-visits``
   on the short link log of (b) and checks that the visits written to the
   database add up to the redirects nginx (b) logged (with ``--counting
   app``: stops gunicorn normally, whose workers write their counts).

The last line is for machines:
``a_rps=N b_rps=N s_rps=N ratio=0.XX p99_ms=N visits_ok=1``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BenchError,
    Children,
    WrkResult,
    ensure_debian_packages,
    http_get,
    median,
    parse_wrk,
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
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gazette_bench_links"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
SHORT_HOST = "gzt.bench"
SHORT_LOG = "/var/log/nginx/gazette-shortlinks.log"
# Warming the cache is not a visit: a robot's user agent.
WARMER = "gazette-bench-warmer (python)"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"

# The targets.
MIN_RATIO = 0.2
MAX_P99_MS = 5.0

TARGETS = {
    "a": "nginx, fixed return 301",
    "b": "Gazette via nginx, /s/<code>",
    "s": "Gazette via nginx, short host /<code>",
}

FIXED_301 = """\
# Target (a): what answering a redirect costs nginx alone.
server {{
    listen 127.0.0.1:{port};
    server_name _;
    access_log off;
    location / {{
        return 301 http://127.0.0.1/world/an-article/;
    }}
}}
"""

# Runs inside `gazette shell`: 100,000 aliases to the demo's articles, codes
# drawn exactly as the app draws them, written with bulk_create.
MAKE_LINKS = """\
import random
from gazette.articles.models import ArticlePage
from gazette.links import codes
from gazette.links.models import ShortLink

pages = list(ArticlePage.objects.live().values_list("pk", flat=True))
taken = set(ShortLink.objects.values_list("code", flat=True))
links = []
for _ in range({count}):
    code = codes.unique_code(taken.__contains__)
    taken.add(code)
    links.append(ShortLink(code=code, page_id=random.choice(pages), is_alias=True))
ShortLink.objects.bulk_create(links, batch_size=5000)
with open({out!r}, "w") as f:
    f.write("\\n".join(link.code for link in links) + "\\n")
print(ShortLink.objects.count(), len(pages))
"""

# Rename the article behind a code and publish it, as an editor would; the
# publish refreshes nginx's copy of the redirect (GAZETTE_LINK_REFRESH_URL).
RENAME = """\
from gazette.links.models import ShortLink
page = ShortLink.objects.get(code={code!r}).page.specific
page.slug = page.slug[:40] + "-renamed"
page.save_revision().publish()
print(page.slug)
"""

VISITS = """\
from django.db.models import Sum
from gazette.links.models import LinkVisitDay
print(LinkVisitDay.objects.aggregate(total=Sum("count"))["total"] or 0)
"""

# wrk: each request asks for a random code of the file, as a browser would.
WRK_SCRIPT = """\
local codes = {{}}
for line in io.lines({codes!r}) do codes[#codes + 1] = line end
-- Each wrk thread has its own Lua state: seed each differently.
local seed = tonumber(tostring({{}}):match("0x(%x+)") or "1", 16)
math.randomseed(os.time() + seed % 1000003)
local prefix = {prefix!r}
wrk.headers["User-Agent"] = {agent!r}
{host_line}
request = function()
  return wrk.format("GET", prefix .. codes[math.random(#codes)])
end
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python bench/shortlinks.py --rounds 3 --duration 10",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds per wrk run (default 10)"
    )
    parser.add_argument("--connections", type=int, default=32, help="default 32")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads, 2")
    parser.add_argument(
        "--links", type=int, default=100_000, help="links to store (default 100000)"
    )
    parser.add_argument(
        "--codes",
        type=int,
        default=10_000,
        help="random codes wrk asks for, drawn among the links (default 10000)",
    )
    parser.add_argument(
        "--counting",
        choices=["log", "app"],
        default="log",
        help="GAZETTE_LINK_COUNTING of the app (default log: nginx caches "
        "redirects and its log is counted)",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database to recreate (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("GAZETTE_BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis for the app (GAZETTE_BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target is missed"
    )
    return parser.parse_args()


def wrk_script(tmp: Path, key: str, codes_file: Path) -> Path:
    short = key == "s"
    script = tmp / f"wrk-{key}.lua"
    script.write_text(
        WRK_SCRIPT.format(
            codes=str(codes_file),
            prefix="/" if short else "/s/",
            agent=BROWSER,
            host_line=f'wrk.headers["Host"] = "{SHORT_HOST}"' if short else "",
        )
    )
    return script


def run_wrk_script(
    wrk: str,
    url: str,
    script: Path,
    *,
    seconds: float,
    args: argparse.Namespace,
    children: Children,
    log: Path,
) -> WrkResult:
    """Load ``url`` with wrk and ``script``; return what it measured."""
    argv = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    process = children.start("wrk", argv, log=log)
    try:
        process.wait(seconds + 30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise BenchError(f"wrk against {url} did not finish.") from None
    finally:
        children.processes = [e for e in children.processes if e[1] is not process]
    output = log.read_text()
    if process.returncode != 0:
        raise BenchError(f"wrk failed ({process.returncode}):\n{output}")
    return parse_wrk(output)


def count_redirects(access_log: Path) -> tuple[int, int]:
    """Return the browser requests nginx (b) logged: (answered 301, abandoned).

    Read from the short link log (``log_format gazette_shortlinks``:
    ``$msec $status $request_method "$uri" "$http_user_agent"``). Abandoned
    (499: wrk closed the connection as it stopped) requests may or may not
    have reached the app before nginx gave up on them.
    """
    answered = abandoned = 0
    if access_log.exists():
        for line in access_log.open():
            if BROWSER not in line:
                continue
            answered += " 301 GET " in line
            abandoned += " 499 GET " in line
    return answered, abandoned


def warm_cache(port: int, codes: list[str], *, host: str = "", prefix: str) -> Counter:
    """Ask nginx (b) for every code once, 16 at a time; return the statuses seen."""
    local = threading.local()

    def get(code: str) -> str:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=30
            )
        headers = {"User-Agent": WARMER}
        if host:
            headers["Host"] = host
        connection.request("GET", prefix + code, headers=headers)
        response = connection.getresponse()
        response.read()
        return f"{response.status} {response.getheader('X-Cache-Status')}"

    with ThreadPoolExecutor(16) as pool:
        return Counter(pool.map(get, codes))


def stop_gracefully(process: subprocess.Popen, name: str, timeout: float = 60) -> None:
    """SIGTERM a gunicorn master and wait: its workers flush their counts at exit."""
    if process.poll() is not None:
        raise BenchError(f"{name} had already exited with code {process.returncode}")
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{name} did not stop within {timeout:.0f}s") from None


def check_refresh(env: dict[str, str], port: int, code: str, refresh_port: int) -> bool:
    """Rename the article behind ``code``; nginx must answer the new address at once."""
    url = f"http://127.0.0.1:{port}/s/{code}"
    robot = {"User-Agent": "gazette-bench-check bot"}  # not counted as a visit
    _, before, _ = http_get(url, robot)
    refresh_env = dict(env, GAZETTE_LINK_REFRESH_URL=f"http://127.0.0.1:{refresh_port}")
    slug = gazette(refresh_env, "shell", "-c", RENAME.format(code=code)).split()[-1]
    _, after, _ = http_get(url, robot)
    location = after.get("Location", "")
    ok = location.rstrip("/").endswith(slug) and after.get("X-Cache-Status") == "HIT"
    say(
        f"renamed the article behind /s/{code}: nginx answered "
        f"{before.get('Location')} before, {location} "
        f"({after.get('X-Cache-Status')}) right after: "
        f"{'refreshed' if ok else 'NOT REFRESHED'}"
    )
    return ok


def bench(args: argparse.Namespace, tmp: Path, children: Children) -> int:
    tools = ensure_debian_packages({"nginx": "nginx", "wrk": "wrk"})
    check_redis(args.redis_url)
    static, media = tmp / "static", tmp / "media"
    static.mkdir()
    media.mkdir()
    env = production_env(
        args,
        tmp,
        GAZETTE_SHORT_HOST=SHORT_HOST,
        GAZETTE_LINK_COUNTING=args.counting,
    )

    with timed(f"recreating database {args.database_url}"):
        recreate_database(args.database_url)
    with timed("gazette migrate"):
        gazette(env, "migrate", "--no-input")
    with timed("gazette load_demo"):
        gazette(env, "load_demo")
    codes_file = tmp / "codes.txt"
    with timed(f"bulk-creating {args.links:,} short links"):
        output = gazette(
            env,
            "shell",
            "-c",
            MAKE_LINKS.format(count=args.links, out=str(codes_file)),
        )
    stored, articles = output.split()[-2:]
    say(f"{int(stored):,} short links stored, leading to {articles} articles")
    all_codes = codes_file.read_text().split()
    sample = random.sample(all_codes, min(args.codes, len(all_codes)))
    codes_file = tmp / "codes-sample.txt"
    codes_file.write_text("\n".join(sample) + "\n")
    say(
        f"wrk asks for {len(sample):,} random codes of the {len(all_codes):,} "
        "(a bounded set, so that nginx's micro-cache can hold them all)"
    )

    taken: set[int] = set()
    ports = {"a": pick_port(8090, taken), "b": pick_port(8091, taken)}
    ports["c"] = pick_port(8092, taken)
    # The plain-HTTP server that answers the app's refresh of a redirect.
    ports["r"] = pick_port(8093, taken)
    say(f"starting gunicorn (c) on {ports['c']}")
    gunicorn = children.start(
        "gazette-bench-links",
        [
            venv_bin("gunicorn"),
            "--config",
            str(GUNICORN_CONF),
            "gazette.wsgi:application",
        ],
        env=dict(
            env,
            GAZETTE_BIND=f"127.0.0.1:{ports['c']}",
            GAZETTE_PROC_NAME="gazette-bench-links",
        ),
        log=tmp / "gunicorn.log",
        stop_signal=signal.SIGTERM,
    )
    first_code = codes_file.read_text().split()[0]
    status, headers, _ = wait_for_http(
        f"http://127.0.0.1:{ports['c']}/s/{first_code}", children
    )
    if status != 301:
        raise BenchError(f"gunicorn answered {status}; see {tmp / 'gunicorn.log'}")
    say(f"/s/{first_code} -> {headers.get('Location')}")

    prefix_a, prefix_b = tmp / "nginx-a", tmp / "nginx-b"
    short_log = prefix_b / "shortlinks.log"
    site_b = production_site_for_bench(
        ports["b"], ports["c"], prefix_b, static, media, refresh_port=ports["r"]
    )
    for old, new in ((SHORT_LOG, str(short_log)), ("gzt.example.org", SHORT_HOST)):
        if old not in site_b:
            raise BenchError(f"deploy/nginx/gazette.conf no longer contains {old!r}")
        site_b = site_b.replace(old, new)
    start_nginx(
        children,
        tools["nginx"],
        "nginx (a)",
        prefix_a,
        FIXED_301.format(port=ports["a"]),
    )
    start_nginx(
        children,
        tools["nginx"],
        "nginx (b)",
        prefix_b,
        site_b,
    )
    urls = {
        "a": f"http://127.0.0.1:{ports['a']}/",
        "b": f"http://127.0.0.1:{ports['b']}/",
        "s": f"http://127.0.0.1:{ports['b']}/",
    }
    for key in "ab":
        status, _, _ = wait_for_http(urls[key] + f"s/{first_code}", children)
        if status != 301:
            raise BenchError(f"{urls[key]} answered {status}")
    scripts = {key: wrk_script(tmp, key, codes_file) for key in TARGETS}
    for key, host, prefix in (("b", "", "/s/"), ("s", SHORT_HOST, "/")):
        with timed(f"warming nginx's cache for ({key}): each code once"):
            seen = warm_cache(ports["b"], sample, host=host, prefix=prefix)
        say(f"({key}) warm-up answers: {dict(seen)}")
        if any(not status.startswith("301 ") for status in seen):
            raise BenchError(f"warming ({key}) met other answers than 301: {seen}")

    runs: dict[str, list[WrkResult]] = {key: [] for key in TARGETS}
    served = 0  # redirects wrk received from the app, for the visit check
    say("warming up every target for 3s")
    for key in TARGETS:
        result = run_wrk_script(
            tools["wrk"],
            urls[key],
            scripts[key],
            seconds=3,
            args=args,
            children=children,
            log=tmp / f"warm-{key}.log",
        )
        served += result.requests if key != "a" else 0
    for round_ in range(1, args.rounds + 1):
        for key in TARGETS:
            result = run_wrk_script(
                tools["wrk"],
                urls[key],
                scripts[key],
                seconds=args.duration,
                args=args,
                children=children,
                log=tmp / f"wrk-{key}-{round_}.log",
            )
            children.check_alive()
            runs[key].append(result)
            served += result.requests if key != "a" else 0
            flaws = ""
            if result.bad_responses or result.socket_errors:
                flaws = (
                    f"  ({result.bad_responses} non-2xx/3xx, "
                    f"{result.socket_errors} socket errors)"
                )
            say(
                f"round {round_}/{args.rounds} ({key}): "
                f"{result.requests_per_second:8.0f} req/s  p50 {result.p50_ms:.2f} ms"
                f"  p99 {result.p99_ms:.2f} ms{flaws}"
            )

    refresh_ok = True
    if args.counting == "log":
        refresh_ok = check_refresh(env, ports["b"], first_code, ports["r"])

    say("stopping nginx, then gunicorn with SIGTERM (workers flush their counts)")
    for name, process, _ in list(children.processes):
        if name.startswith("nginx"):
            os.killpg(process.pid, signal.SIGQUIT)  # graceful: flushes its log
            process.wait(15)
    started = time.monotonic()
    stop_gracefully(gunicorn, "gunicorn")
    say(f"gunicorn stopped in {time.monotonic() - started:.1f}s")
    if args.counting == "log":
        with timed(f"gazette ingest-link-visits --log {short_log}"):
            summary = gazette(env, "ingest-link-visits", "--log", str(short_log))
        say(summary.strip())
    logged, abandoned = count_redirects(short_log)
    visits = int(gazette(env, "shell", "-c", VISITS).split()[-1])

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
    base = medians["a"].requests_per_second
    print()
    print(
        f"Short link redirects, {int(stored):,} links, random codes, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s, "
        f"median of {args.rounds} rounds, {os.cpu_count()} cores,\n"
        f"{len(sample):,} distinct random codes (cache warmed with each once), "
        f"GAZETTE_LINK_COUNTING={args.counting}:"
    )
    print(f"{'target':<42} {'redir/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs (a)':>7}")
    print("-" * 78)
    for key, label in TARGETS.items():
        result = medians[key]
        print(
            f"({key}) {label:<38} {result.requests_per_second:>9.0f} "
            f"{result.p50_ms:>8.2f} {result.p99_ms:>8.2f} "
            f"{result.requests_per_second / base:>7.2f}"
        )
    ratio = medians["b"].requests_per_second / base
    p99 = medians["b"].p99_ms
    ratio_ok, p99_ok = ratio >= MIN_RATIO, p99 < MAX_P99_MS
    verdict = {True: "met", False: "MISSED"}
    print(f"target (b) >= {MIN_RATIO}x (a): {verdict[ratio_ok]} ({ratio:.2f}x)")
    print(f"target (b) p99 < {MAX_P99_MS:g} ms: {verdict[p99_ok]} ({p99:.2f} ms)")
    if args.counting == "log":
        # Counted from the very log: exactly the 301s nginx logged for browsers.
        visits_ok = visits == logged
    else:
        visits_ok = logged <= visits <= logged + abandoned
    print(
        f"visits written {visits:,}; redirects nginx (b) logged {logged:,} "
        f"(+{abandoned} abandoned by wrk as it stopped); wrk received {served:,}: "
        f"{'they add up' if visits_ok else 'MISMATCH'}"
    )
    problems = [
        f"({key}) had {r.bad_responses} bad responses, {r.socket_errors} socket errors"
        for key, r in medians.items()
        if r.bad_responses or r.socket_errors
    ]
    for problem in problems:
        print(f"warning: {problem}")
    print(
        " ".join(
            [f"{key}_rps={medians[key].requests_per_second:.0f}" for key in TARGETS]
            + [f"ratio={ratio:.2f}", f"p99_ms={p99:.2f}", f"visits_ok={int(visits_ok)}"]
            + [f"refresh_ok={int(refresh_ok)}"]
        )
    )
    ok = ratio_ok and p99_ok and visits_ok and refresh_ok and not problems
    return 0 if ok or not args.strict else 1


def main() -> int:
    return run_bench(bench, parse_args(), prefix="gazette-bench-links-")


if __name__ == "__main__":
    sys.exit(main())
