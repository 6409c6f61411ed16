"""Run Lighthouse on Gazette's reader pages, the way the design reference was measured.

Run with ``.venv/bin/python bench/lighthouse.py``; bench/README.md explains the
figures. Without ``--url`` it starts the demo itself, as ``make demo`` does:

1. migrates a fresh SQLite database in a temporary directory and loads the
   demo newsroom into it (``gazette load_demo``);
2. serves it with Django's ``runserver --nostatic`` under
   ``gazette.settings.demo`` (DEBUG off) on 127.0.0.1. That is not how
   production serves pages (gunicorn behind nginx): the demo settings serve
   the static files and pictures from Django, the static files through
   GZipMiddleware so that they arrive compressed as nginx sends them, and
   the output says so;
3. installs Lighthouse with ``npm ci`` in bench/ if it is missing (the version
   pinned in bench/package.json);
4. runs Lighthouse on the home page and one article, mobile (Lighthouse's
   default: simulated slow 4G, 4x CPU slowdown) and desktop
   (``--preset=desktop``), ``--runs`` times each, interleaved (every page and
   form factor once, then again), with Debian's Chromium and every request
   that is not to loopback sent to a dead local proxy, so nothing leaves the
   machine;
5. prints a table (the four category scores, LCP, CLS, TBT, transferred
   bytes, requests), the medians, and the audits that lost points, and
   writes every JSON report and the table to bench/results/lighthouse-<time>/.

Example::

    .venv/bin/python bench/lighthouse.py --runs 3
    .venv/bin/python bench/lighthouse.py --url http://127.0.0.1:8000 \\
        --article /world/aldermark-vesperland-agree-direct-talks-pellmarch/
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    ROOT,
    BenchError,
    Children,
    pick_port,
    run_bench,
    say,
    timed,
    venv_bin,
    wait_for_http,
)

BENCH = ROOT / "bench"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCH / "results"
CHROME_PATH = "/usr/bin/chromium"
# Any request not to loopback goes to a port where nothing listens.
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --proxy-server=http://127.0.0.1:9"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ARTICLE = "/world/aldermark-vesperland-agree-direct-talks-pellmarch/"
FORM_FACTORS = ("mobile", "desktop")
ATTEMPTS = 3


@dataclass
class Run:
    """The figures of one Lighthouse report."""

    page: str
    form_factor: str
    run: int
    scores: dict[str, int]
    lcp_s: float
    cls: float
    tbt_ms: float
    kib: float
    requests: int
    benchmark_index: float
    lost: list[str] = field(default_factory=list)


def read_report(path: Path, page: str, form_factor: str, run: int) -> Run:
    """Return the figures of the Lighthouse JSON report at ``path``."""
    report = json.loads(path.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise BenchError(
            f"{path.name}: Lighthouse failed: {report['runtimeError'].get('message')}"
        )
    audits = report["audits"]
    scores = {}
    lost = []
    for key in CATEGORIES:
        category = report["categories"][key]
        score = category["score"]
        scores[key] = round(score * 100) if score is not None else -1
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(ref["id"])
    network = audits["network-requests"].get("details", {}).get("items", [])
    return Run(
        page=page,
        form_factor=form_factor,
        run=run,
        scores=scores,
        lcp_s=audits["largest-contentful-paint"]["numericValue"] / 1000,
        cls=audits["cumulative-layout-shift"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        kib=audits["total-byte-weight"]["numericValue"] / 1024,
        requests=len(network),
        benchmark_index=report["environment"].get("benchmarkIndex", 0),
        lost=sorted(set(lost)),
    )


HEADER = (
    "| page | form factor | run | Perf | A11y | Best pr. | SEO | LCP | CLS | TBT "
    "| total bytes | requests |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def row(page: str, form_factor: str, run: str, figures: dict[str, float]) -> str:
    """Return one Markdown table row."""
    return (
        f"| {page} | {form_factor} | {run} | {figures['performance']:.0f} "
        f"| {figures['accessibility']:.0f} | {figures['best-practices']:.0f} "
        f"| {figures['seo']:.0f} | {figures['lcp_s']:.2f} s | {figures['cls']:.3f} "
        f"| {figures['tbt_ms']:.0f} ms | {figures['kib']:.0f} KiB "
        f"| {figures['requests']:.0f} |"
    )


def figures_of(run: Run) -> dict[str, float]:
    return {
        **run.scores,
        "lcp_s": run.lcp_s,
        "cls": run.cls,
        "tbt_ms": run.tbt_ms,
        "kib": run.kib,
        "requests": run.requests,
    }


def tables(runs: list[Run]) -> str:
    """Return the runs, the medians and the lost audits, as Markdown."""
    groups: dict[tuple[str, str], list[Run]] = defaultdict(list)
    for run in runs:
        groups[run.page, run.form_factor].append(run)
    order = sorted(groups, key=lambda key: (key[1] != "desktop", key[0] != "home"))
    lines = [HEADER]
    for key in order:
        for run in groups[key]:
            lines.append(row(run.page, run.form_factor, str(run.run), figures_of(run)))
    lines += ["", "Medians:", "", HEADER]
    for key in order:
        figures = [figures_of(run) for run in groups[key]]
        medians = {
            name: statistics.median(f[name] for f in figures) for name in figures[0]
        }
        lines.append(row(*key, "median", medians))
    lines += ["", "Audits that lost points (runs out of runs):", ""]
    for key in order:
        counted = Counter(audit for run in groups[key] for audit in run.lost)
        listed = ", ".join(
            f"`{audit}` ({count}/{len(groups[key])})"
            for audit, count in sorted(counted.items())
        )
        lines.append(f"- {key[0]}, {key[1]}: {listed or 'none'}")
    return "\n".join(lines)


def ensure_lighthouse() -> str:
    """Return the Lighthouse command, installing bench/'s pinned copy if missing."""
    if not shutil.which("node") or not shutil.which("npm"):
        raise BenchError("Node.js and npm are missing: apt-get install -y nodejs npm")
    if not LIGHTHOUSE.exists():
        with timed("npm ci (Lighthouse, bench/package-lock.json)"):
            done = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                cwd=BENCH,
                capture_output=True,
                text=True,
            )
        if done.returncode != 0:
            raise BenchError(f"npm ci failed in bench/:\n{done.stderr[-2000:]}")
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return version


def gazette(env: dict[str, str], *args: str, log: Path) -> None:
    """Run a gazette command, its output appended to ``log``."""
    with open(log, "ab") as out:
        done = subprocess.run(
            [venv_bin("gazette"), *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    if done.returncode != 0:
        raise BenchError(f"gazette {' '.join(args)} failed: see {log}")


def start_demo(tmp: Path, children: Children, port: int) -> str:
    """Load the demo into a fresh database in ``tmp`` and serve it; return its URL."""
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="gazette.settings.demo",
        GAZETTE_VAR_DIR=str(tmp / "var"),
        GAZETTE_BASE_URL=base,
    )
    log = tmp / "server.log"
    with timed("gazette migrate"):
        gazette(env, "migrate", "--no-input", log=log)
    with timed("gazette load_demo"):
        gazette(env, "load_demo", log=log)
    children.start(
        "runserver",
        # --nostatic: static files go through the URL map and so through
        # GZipMiddleware, compressed as nginx compresses them in production.
        [
            venv_bin("gazette"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--nostatic",
        ],
        env=env,
        log=log,
    )
    wait_for_http(base + "/", children)
    return base


def lighthouse(
    command: Path, url: str, form_factor: str, out: Path
) -> subprocess.CompletedProcess:
    argv = [
        str(command),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if form_factor == "desktop":
        argv.append("--preset=desktop")
    return subprocess.run(
        argv,
        env=dict(os.environ, CHROME_PATH=CHROME_PATH),
        capture_output=True,
        text=True,
    )


def measure(url: str, page: str, form_factor: str, run: int, report: Path) -> Run:
    """Run Lighthouse once on ``url``; try again after a failed trace.

    On a busy machine Lighthouse now and then fails to record the page load
    (NO_NAVSTART, NO_FCP): that run is repeated, up to ``ATTEMPTS`` times.
    """
    for attempt in range(1, ATTEMPTS + 1):
        report.unlink(missing_ok=True)
        done = lighthouse(LIGHTHOUSE, url, form_factor, report)
        try:
            if done.returncode != 0 or not report.exists():
                raise BenchError(
                    f"Lighthouse failed on {url} ({form_factor}):\n"
                    f"{done.stderr[-2000:]}"
                )
            return read_report(report, page, form_factor, run)
        except BenchError as error:
            if attempt == ATTEMPTS:
                raise
            say(f"{page} {form_factor} #{run}: attempt {attempt} failed, again")
            say(str(error).strip().splitlines()[-1])
    raise AssertionError("unreachable")


def bench(args, tmp: Path, children: Children) -> int:
    if not Path(CHROME_PATH).exists():
        raise BenchError(f"{CHROME_PATH} is missing: apt-get install -y chromium")
    version = ensure_lighthouse()
    if args.url:
        base = args.url.rstrip("/")
        server = f"the site at {base} (started elsewhere)"
        wait_for_http(base + "/", children, timeout=10)
    else:
        base = start_demo(tmp, children, pick_port(args.port, set()))
        server = (
            "Django runserver --nostatic, gazette.settings.demo (DEBUG off), "
            "SQLite (not production serving: static files and pictures come "
            "from Django, static files gzip-compressed by GZipMiddleware as "
            "nginx compresses them, pictures as they are)"
        )
    chromium = subprocess.run(
        [CHROME_PATH, "--version"], capture_output=True, text=True
    ).stdout.strip()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"lighthouse-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "article": args.article}
    form_factors = [args.form_factor] if args.form_factor else list(FORM_FACTORS)
    total = args.runs * len(form_factors) * len(pages)
    say(f"Lighthouse {version}, {chromium}, node {node_version()}")
    say(f"serving: {server}")
    runs: list[Run] = []
    number = 0
    for run in range(1, args.runs + 1):
        for form_factor in form_factors:
            for page, path in pages.items():
                number += 1
                report = out / f"{page}-{form_factor}-{run}.json"
                started = time.monotonic()
                result = measure(base + path, page, form_factor, run, report)
                runs.append(result)
                say(
                    f"run {number}/{total}: {page} {form_factor} #{run}: "
                    f"perf {result.scores['performance']} "
                    f"a11y {result.scores['accessibility']} "
                    f"bp {result.scores['best-practices']} "
                    f"seo {result.scores['seo']}, LCP {result.lcp_s:.2f} s, "
                    f"{result.kib:.0f} KiB in {result.requests} requests "
                    f"({time.monotonic() - started:.0f}s)"
                )
    indexes = [run.benchmark_index for run in runs]
    summary = "\n".join(
        [
            f"Lighthouse {version} on node {node_version()} with {chromium}; "
            f"{len(runs)} runs ({args.runs} per page and form factor, interleaved).",
            f"Served by: {server}.",
            f"Pages: home {base}/, article {base}{args.article}.",
            f"benchmarkIndex {min(indexes):.0f}-{max(indexes):.0f}. "
            "LCP, CLS and TBT as Lighthouse reports them; total bytes is "
            "total-byte-weight (transferred); requests counts network-requests.",
            "",
            tables(runs),
        ]
    )
    (out / "summary.md").write_text(summary + "\n", encoding="utf-8")
    print()
    print(summary)
    print()
    say(f"reports and summary.md in {out.relative_to(ROOT)}")
    return 0


def node_version() -> str:
    return subprocess.run(
        ["node", "--version"], capture_output=True, text=True
    ).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python bench/lighthouse.py --runs 3",
    )
    parser.add_argument(
        "--url", help="a Gazette site already running (default: start the demo)"
    )
    parser.add_argument(
        "--article", default=ARTICLE, help=f"the article's path (default {ARTICLE})"
    )
    parser.add_argument(
        "--runs", type=int, default=2, help="runs per page and form factor (2)"
    )
    parser.add_argument(
        "--form-factor", choices=FORM_FACTORS, help="only this one (default: both)"
    )
    parser.add_argument(
        "--port", type=int, default=8300, help="port of the demo server (8300)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the working directory and its logs"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return run_bench(bench, args, "gazette-lighthouse-")


if __name__ == "__main__":
    sys.exit(main())
