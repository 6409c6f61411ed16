"""Measure the live radio: listeners held in real time, pages while they
listen, and how fast speech is made.

Run with ``.venv/bin/python bench/radio.py``; docs/radio.md explains the
design being measured. One run, in a few minutes, on 127.0.0.1 only:

1. migrates a fresh SQLite demo database in a temporary directory and loads
   the demo newsroom (article audio off: it is another feature);
2. composes the newscast ``--rounds`` times with ``gazette radio-broadcast
   --write`` and reports speech generation speed as x real time (seconds of
   bulletin made per second of work);
3. starts, as ``make demo`` does, ``gazette runserver`` and ``gazette
   radio-broadcast --listen``; then for each number of listeners N
   (``--listeners``): opens N connections to the stream, reads for
   ``--duration`` seconds while wrk loads an article page, and measures
   - each listener's rate after its start-up burst, against the stream's
     bitrate: the stream stays real-time if every listener gets at least 97%;
   - the p99 latency and requests per second of the article page meanwhile.

Each N runs ``--rounds`` times; medians are printed. The last line is for
machines: ``speech_x=N held=N p99_ms_at_held=N``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BenchError,
    Children,
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

ARTICLE = "opinion-general-stenvik"
REALTIME = 0.97  # share of the bitrate every listener must get


def demo_env(tmp: Path) -> dict[str, str]:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="gazette.settings.demo",
        GAZETTE_VAR_DIR=str(tmp),
        GAZETTE_DEBUG="0",
        GAZETTE_AUDIO_ON_PUBLISH="0",
        GAZETTE_RADIO_MAX_LISTENERS="100000",
        GAZETTE_ALLOWED_HOSTS="127.0.0.1,localhost",
    )


def gazette(tmp: Path, *args: str, env: dict[str, str]) -> str:
    import subprocess

    result = subprocess.run(
        [venv_bin("gazette"), *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BenchError(f"gazette {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def speech_speed(tmp: Path, env: dict[str, str], rounds: int) -> list[float]:
    """Return x real time of each bulletin composed."""
    speeds = []
    for number in range(rounds):
        out = gazette(
            tmp, "radio_broadcast", "--write", str(tmp / "bulletin.mp3"), env=env
        )
        found = re.search(r"([\d.]+) s of audio made in ([\d.]+) s", out)
        if not found:
            raise BenchError(f"Unexpected output of --write: {out}")
        audio, work = float(found.group(1)), float(found.group(2))
        speeds.append(audio / work)
        say(f"bulletin {number + 1}: {audio:.1f} s of audio in {work:.2f} s")
    return speeds


async def _listener(
    port: int, seconds: float, warmup: float, results: list, failures: list
) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /newscast.mp3 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        if not head.startswith(b"HTTP/1.0 200"):
            failures.append(head.split(b"\r\n", 1)[0].decode(errors="replace"))
            writer.close()
            return
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as error:
        failures.append(str(error))
        return
    loop = asyncio.get_running_loop()
    started = loop.time()
    measured_from = started + warmup
    counted = 0
    end = started + seconds
    while (left := end - loop.time()) > 0:
        try:
            chunk = await asyncio.wait_for(reader.read(65536), left)
        except TimeoutError:
            break
        if not chunk:
            failures.append("closed by the broadcaster")
            break
        if loop.time() >= measured_from:
            counted += len(chunk)
    writer.close()
    results.append(counted / max(0.001, loop.time() - measured_from))


async def listen_all(port: int, count: int, seconds: float) -> tuple[list, list]:
    results: list[float] = []
    failures: list[str] = []
    # The burst of the recent past comes first: measure after it.
    await asyncio.gather(
        *(_listener(port, seconds, 3.0, results, failures) for _ in range(count))
    )
    return results, failures


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def article_address(tmp: Path, env: dict[str, str], port: int) -> str:
    """Return the URL of the demo article on the page server."""
    code = (
        "from gazette.articles.models import ArticlePage; "
        f"print(ArticlePage.objects.get(slug={ARTICLE!r}).get_url_parts()[2])"
    )
    path = gazette(tmp, "shell", "-c", code, env=env).strip().splitlines()[-1]
    if not path.startswith("/"):
        raise BenchError(f"The demo article {ARTICLE} has no address: {path}")
    return f"http://127.0.0.1:{port}{path}"


def load_pages(
    into: dict, wrk: str, url: str, args, children: Children, *, log: Path
) -> None:
    """Load ``url`` with wrk while the listeners listen (run in a thread)."""
    into["result"] = run_wrk(
        wrk,
        url,
        seconds=max(2.0, args.duration - 5),
        connections=args.connections,
        threads=2,
        children=children,
        log=log,
    )


def bench(args, tmp: Path, children: Children) -> int:
    tools = ensure_debian_packages(
        {"wrk": "wrk", "espeak-ng": "espeak-ng", "ffmpeg": "ffmpeg"}
    )
    files = raise_file_limit()
    say(f"open files allowed: {files}")
    env = demo_env(tmp)
    with timed("migrating and loading the demo newsroom"):
        gazette(tmp, "migrate", "--no-input", env=env)
        gazette(tmp, "load_demo", env=env)

    with timed(f"composing the newscast {args.rounds} times"):
        speeds = speech_speed(tmp, env, args.rounds)

    taken: set[int] = set()
    web_port, radio_port = pick_port(18090, taken), pick_port(18091, taken)
    children.start(
        "runserver",
        [venv_bin("gazette"), "runserver", "--noreload", f"127.0.0.1:{web_port}"],
        env=env,
        log=tmp / "runserver.log",
    )
    children.start(
        "broadcaster",
        [venv_bin("gazette"), "radio_broadcast", "--listen", f"127.0.0.1:{radio_port}"],
        env=env,
        log=tmp / "broadcaster.log",
    )
    status_url = f"http://127.0.0.1:{radio_port}/status.json"
    wait_for_http(status_url, children, timeout=180)
    article_url = article_address(tmp, env, web_port)
    wait_for_http(article_url, children)
    say(f"article page: {article_url}")
    bitrate = json.loads(http_get(status_url)[2])["bitrate"]
    expected = bitrate / 8
    say(f"stream bitrate: {bitrate // 1000} kbit/s ({expected:.0f} bytes/s)")

    rows = []
    for count in args.listeners:
        ratios, p99s, rps, fails = [], [], [], []
        for number in range(args.rounds):
            children.check_alive()
            late_before = json.loads(http_get(status_url)[2])["late_chunks"]
            loop = asyncio.new_event_loop()
            listening = loop.create_task(listen_all(radio_port, count, args.duration))
            # Let every listener connect and take its burst, then load pages.
            loop.run_until_complete(asyncio.sleep(min(3.0, args.duration / 3)))
            wrk_result: dict = {}
            thread = threading.Thread(
                target=load_pages,
                args=(wrk_result, tools["wrk"], article_url, args, children),
                kwargs={"log": tmp / f"wrk-{count}-{number}.log"},
            )
            thread.start()
            results, failures = loop.run_until_complete(listening)
            thread.join()
            loop.close()
            late = json.loads(http_get(status_url)[2])["late_chunks"] - late_before
            worst = min(results) / expected if results else 0.0
            result = wrk_result.get("result")
            ratios.append(worst)
            fails.append(len(failures))
            if result:
                p99s.append(result.p99_ms)
                rps.append(result.requests_per_second)
            say(
                f"N={count} round {number + 1}: slowest listener at "
                f"{worst:.1%} of real time, {len(failures)} failed, "
                f"{late} late chunks; page p99 "
                f"{result.p99_ms if result else float('nan'):.1f} ms, "
                f"{result.requests_per_second if result else 0:.0f} req/s"
            )
            time.sleep(1)
        rows.append((count, median(ratios), max(fails), median(p99s), median(rps)))

    print()
    print("listeners  slowest/real-time  failed  page p99 ms  page req/s  (medians)")
    held, p99_held = 0, 0.0
    for count, ratio, failed, p99, rate in rows:
        ok = ratio >= REALTIME and failed == 0
        print(
            f"{count:9d}  {ratio:17.1%}  {failed:6d}  {p99:11.1f}  {rate:10.0f}"
            f"  {'real-time' if ok else 'FELL BEHIND'}"
        )
        if ok:
            held, p99_held = count, p99
    print(f"speech: {median(speeds):.1f}x real time (median of {len(speeds)})")
    print(f"speech_x={median(speeds):.1f} held={held} p99_ms_at_held={p99_held:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--listeners",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[10, 100, 500, 1000],
        help="comma-separated listener counts (default 10,100,500,1000)",
    )
    parser.add_argument("--duration", type=float, default=12, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    return run_bench(bench, parser.parse_args(), "gazette-bench-radio-")


if __name__ == "__main__":
    sys.exit(main())
