"""Measure threading on a PostgreSQL- or SQLite-backed site, through the publish path.

Run with ``.venv/bin/python bench/story_threading.py --sizes 1000,10000,100000``
(PostgreSQL at 127.0.0.1:5432, user ``postgres``; override with
``GAZETTE_BENCH_DATABASE_URL``). It drops and recreates the database
``gazette_bench_threading`` (``--database``) and migrates it; ``--sqlite`` uses a
new SQLite file in a temporary folder instead. Then, for each size in turn:

1. pre-fills the archive with ``gazette generate_newsroom`` (bulk inserts, no
   publish path) up to the size less ``--window`` articles, and feeds those
   articles to the threading engine in publication order as editors' placements
   (``engine.observe``, closed stories closed), saving the engine's snapshot as
   the site does: the engine then knows the whole archive; then stores the
   similarity profiles of the pre-filled articles (``services.store_profiles``,
   as ``gazette store-profiles`` does; ``--no-profiles``: leave them to be made
   when first needed, as on an archive from before profiles were kept);
2. creates and publishes ``--window`` new synthetic articles one by one through
   ``articles.services`` with the in-process task backend (spoken audio off:
   ``GAZETTE_AUDIO_ON_PUBLISH=false`` unless set), so each publish runs
   the threading task exactly as the site does (decision, placement, stored
   related articles, engine log), and times them;
3. after each publish, outside the timings above, ranks the article's related
   candidates twice more: from stored profiles (``services.article_profiles``,
   compared all at once) and the old way (``related.similarities_of_text``:
   every profile made from the text, compared pair by pair), and counts the
   publishes whose two lists or scores differ.

It prints, at each size, the articles/second of the whole create + publish, the
p50/p99 latency of the engine's decision (``ThreadingEngine.decide``), of the
related list as the task computes it (``services.refresh_related``: candidates,
profiles, ranking, writes) and of the whole threading task, then p50/p99 of the
related ranking from stored profiles against from text, and their ratio, and
the task apart for the publishes that found no engine in the process and read
it from its snapshot (the first after each pre-fill: a new process's first
decision) and for the others. The last line is for machines.

``--stages`` also times the publish stage by stage (``Stages``: Wagtail's
create, publish, page saves, search index and log; the task's decision,
placement, records, engine log, related list and its parts), with the SQL each
stage ran, and prints p50/p99/max of each stage and the three slowest publishes
with their slowest queries.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "gazette_bench_threading"
_started = time.monotonic()


def say(message: str) -> None:
    elapsed = int(time.monotonic() - _started)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


class Stages:
    """Wall time of named functions within each publish, and the SQL it ran.

    ``wrap`` replaces a function by one that adds its time (inclusive: a stage
    called inside another counts in both) to the publish under way; each query
    counts in the innermost stage running it. ``report`` prints p50/p99/max of
    every stage over the publishes, then the slowest publishes stage by stage
    with their slowest queries.
    """

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.labels: list[str] = []
        self.times: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.sql: dict[str, float] = defaultdict(float)
        self.queries: list[tuple[float, str, str]] = []
        self.records: list[
            tuple[dict[str, float], dict[str, int], dict[str, float], list]
        ] = []
        self.active = False

    def wrap(self, owner: Any, attribute: str, label: str) -> None:
        original = getattr(owner, attribute)
        if label not in self.labels:
            self.labels.append(label)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if not self.active or label in self.stack:
                return original(*args, **kwargs)
            self.stack.append(label)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.times[label] += time.perf_counter() - started
                self.calls[label] += 1
                self.stack.pop()

        setattr(owner, attribute, timed)
        # The stories services live in several modules that import each
        # other's functions by name: time the calls made through each of them.
        if getattr(owner, "__name__", "").startswith("gazette.stories."):
            for module in list(sys.modules.values()):
                if (
                    getattr(module, "__name__", "").startswith("gazette.stories.")
                    and module is not owner
                    and getattr(module, attribute, None) is original
                ):
                    setattr(module, attribute, timed)

    def execute(self, execute, sql, params, many, context):
        if not self.active:
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            where = self.stack[-1] if self.stack else "-"
            self.sql[where] += seconds
            self.queries.append((seconds, where, sql))

    def begin(self) -> None:
        self.times, self.calls = defaultdict(float), defaultdict(int)
        self.sql, self.queries = defaultdict(float), []
        self.active = True

    def end(self) -> None:
        self.active = False
        self.records.append((self.times, self.calls, self.sql, self.queries))

    def report(self, key: str, slowest: int = 3) -> None:
        if not self.records:
            return
        say(
            f"  stages over {len(self.records)} publishes (ms; calls per publish; "
            "SQL ms at p50):"
        )
        for label in self.labels:
            values = [r[0].get(label, 0.0) * 1000 for r in self.records]
            calls = [r[1].get(label, 0) for r in self.records]
            sql = [r[2].get(label, 0.0) * 1000 for r in self.records]
            if not any(calls):
                continue
            say(
                f"    {label:<28} p50 {statistics.median(values):7.1f}  p99 "
                f"{percentile(values, 0.99):7.1f}  max {max(values):7.1f}  "
                f"calls {statistics.mean(calls):4.1f}  "
                f"own SQL p50 {statistics.median(sql):6.1f}"
            )
        ordered = sorted(self.records, key=lambda r: r[0].get(key, 0.0), reverse=True)
        for times, calls, sql, queries in ordered[:slowest]:
            parts = ", ".join(
                f"{label} {times[label] * 1000:.0f} "
                f"({calls[label]}x, SQL {sql.get(label, 0) * 1000:.0f})"
                for label in self.labels
                if times.get(label, 0.0) >= 0.005
            )
            say(f"  slow publish, {key} {times.get(key, 0.0) * 1000:.0f} ms: {parts}")
            for seconds, where, text in sorted(
                queries, key=lambda q: q[0], reverse=True
            )[:3]:
                text = " ".join(text.split())[:160]
                say(f"      {seconds * 1000:6.1f} ms in {where}: {text}")
        self.records = []


def prepare_database(server_url: str, name: str) -> str:
    """Drop and recreate the bench database ``name``; return its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def sizes_type(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or sizes != sorted(sizes) or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes: increasing positive integers")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=sizes_type,
        default=[1_000, 10_000, 100_000],
        help="stored articles at which to measure, increasing (1000,10000,100000)",
    )
    parser.add_argument(
        "--window", type=int, default=200, help="publishes measured at each size"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stages",
        action="store_true",
        help="time the publish stage by stage and print the slowest publishes",
    )
    parser.add_argument(
        "--database",
        default=DATABASE,
        help=f"PostgreSQL database to drop and recreate ({DATABASE})",
    )
    parser.add_argument(
        "--sqlite", action="store_true", help="a new SQLite file, not PostgreSQL"
    )
    parser.add_argument(
        "--no-profiles",
        action="store_true",
        help="do not store the pre-filled articles' similarity profiles",
    )
    options = parser.parse_args()
    if options.window < 1 or options.window > options.sizes[0]:
        parser.error("--window must be between 1 and the first size")

    if options.sqlite:
        folder = tempfile.mkdtemp(prefix="gazette-bench-threading-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        server = os.environ.get(
            "GAZETTE_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432"
        )
        os.environ["DATABASE_URL"] = prepare_database(server, options.database)
    os.environ["GAZETTE_TASK_BACKEND"] = "immediate"
    os.environ["GAZETTE_CACHE"] = "off"
    os.environ.setdefault("GAZETTE_LOG_LEVEL", "WARNING")
    # Spoken audio is another task of the publish path, not threading's: off.
    os.environ.setdefault("GAZETTE_AUDIO_ON_PUBLISH", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Locale

    from gazette.articles import services as articles
    from gazette.articles.models import ArticlePage, SectionPage
    from gazette.demo import synthetic
    from gazette.stories import engine_store, related, services
    from gazette.stories.models import (
        Story,
        ThreadingDecision,
        ThreadingOperation,
        ThreadingState,
    )
    from gazette.stories.threading import ThreadingEngine

    say(f"migrating {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)

    decide_times: list[float] = []
    task_times: list[float] = []
    # Whether each task found no engine in the process and read the snapshot.
    task_cold: list[bool] = []
    related_times: list[float] = []
    stored_times: list[float] = []
    text_times: list[float] = []
    candidate_counts: list[int] = []
    differences = 0
    original_decide = ThreadingEngine.decide
    threaded = services.thread_published_article
    refresh_related = services.refresh_related

    def timed_decide(self, article):
        started = time.perf_counter()
        try:
            return original_decide(self, article)
        finally:
            decide_times.append(time.perf_counter() - started)

    def timed_task(article):
        cold = engine_store._cached is None
        started = time.perf_counter()
        try:
            return threaded(article)
        finally:
            task_times.append(time.perf_counter() - started)
            task_cold.append(cold)

    def timed_related(article):
        started = time.perf_counter()
        try:
            return refresh_related(article)
        finally:
            related_times.append(time.perf_counter() - started)

    def compare_ranking(article) -> bool:
        """Time both ways of ranking ``article``'s candidates; True if they agree."""
        limit = 6
        # As the task left it (it placed the article after publish_article read it).
        article = ArticlePage.objects.get(pk=article.pk)
        started = time.perf_counter()
        target = services._as_item(article)
        items = [services._as_item(c) for c in services._candidates(article)]
        profiles = services.article_profiles([target, *items])
        from_store = related.rank(target, items, limit, profiles=profiles)
        stored_times.append(time.perf_counter() - started)
        candidate_counts.append(len(items))
        started = time.perf_counter()
        target = services._as_item(article)
        items = [services._as_item(c) for c in services._candidates(article)]
        scores = related.similarities_of_text(target, items)
        from_text = related.order(target, items, scores, limit)
        text_times.append(time.perf_counter() - started)
        return from_store == from_text

    ThreadingEngine.decide = timed_decide  # type: ignore[method-assign]
    services.thread_published_article = timed_task
    services.refresh_related = timed_related

    stages = Stages()
    if options.stages:
        import modelsearch.index
        import wagtail.log_actions
        from django.db import connection
        from wagtail.models import Page, Revision

        from gazette.core import services as core

        for owner, attribute, label in [
            (articles, "create_article", "create_article"),
            (articles, "publish_article", "publish_article"),
            (Revision, "publish", "Revision.publish"),
            (Page, "save", "Page.save"),
            (wagtail.log_actions, "log", "wagtail log"),
            (modelsearch.index, "insert_or_update_object", "search index"),
            (services, "refresh_stories", "refresh_stories"),
            (services, "thread_published_article", "threading task"),
            (services, "current_decision", "current_decision"),
            (services, "section_threading", "section_threading"),
            (services, "_open_session", "_open_session"),
            (ThreadingEngine, "from_dict", "ThreadingEngine.from_dict"),
            (services, "engine_article", "engine_article"),
            (ThreadingEngine, "decide", "decide"),
            (services, "propose_title", "propose_title"),
            (services, "_place", "_place"),
            (services, "_record", "_record"),
            (services, "_record_editor_choice", "_record_editor_choice"),
            (engine_store.EngineSession, "save", "EngineSession.save"),
            (services, "save_snapshot", "save_snapshot"),
            (ThreadingEngine, "to_dict", "ThreadingEngine.to_dict"),
            (services, "refresh_related", "refresh_related"),
            (services, "_candidates", "_candidates"),
            (services, "article_profiles", "article_profiles"),
            (related, "rank", "related.rank"),
        ]:
            stages.wrap(owner, attribute, label)
        # Each module that imported it holds its own name for it.
        retire = core.retire_cached_pages
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("gazette.") and (
                getattr(module, "retire_cached_pages", None) is retire
            ):
                stages.wrap(module, "retire_cached_pages", "retire_cached_pages")
        watching = connection.execute_wrapper(stages.execute)
        watching.__enter__()  # for the whole run, like the wrappers above

    # The articles published through the site: a plan of their own, in the
    # sections generate_newsroom fills (reused by slug), one story per 25.
    total_window = options.window * len(options.sizes)
    plan = synthetic.plan_newsroom(
        articles=total_window,
        stories=max(1, total_window // 25),
        sections=4,
        authors=10,
        seed=options.seed,
        end=datetime.datetime.now(datetime.UTC).replace(microsecond=0),
    )
    published_plans = iter(range(total_window))
    texts = synthetic.write_texts(plan, 0, total_window)

    def stored() -> int:
        return ArticlePage.objects.count()

    def feed_engine(after_pk: int) -> int:
        """Observe every stored article after ``after_pk``; return the last pk."""
        with transaction.atomic():
            # The default edition's engine: the generated newsroom has one.
            locale = Locale.get_default()
            state = (
                ThreadingState.objects.select_for_update().filter(locale=locale).first()
            )
            if state is None:
                state = ThreadingState.objects.create(locale=locale)
            saved = state.read_snapshot()
            engine = ThreadingEngine.from_dict(saved) if saved else ThreadingEngine()
            fed = 0
            last = after_pk
            pages = (
                ArticlePage.objects.live()
                .filter(pk__gt=after_pk, story__isnull=False)
                .order_by("first_published_at", "pk")
            )
            for page in pages.iterator(chunk_size=2000):
                engine.observe(services.engine_article(page), str(page.story_id))
                last = max(last, page.pk)
                fed += 1
                if fed % 10_000 == 0:
                    say(f"  engine fed {fed:,} articles")
            for story_id in Story.objects.filter(is_open=False).values_list(
                "pk", flat=True
            ):
                if str(story_id) in engine.stories:
                    engine.close(str(story_id))
            state.version += fed
            state.write_snapshot(engine.to_dict())
            state.snapshot_version = state.version
            state.save()
            ThreadingOperation.objects.filter(
                state=state, version__lte=state.version
            ).delete()
        services.forget_engine()
        say(f"  engine fed {fed:,} articles, {len(engine.stories):,} stories")
        return last

    def store_profiles() -> None:
        started = time.perf_counter()
        counts = services.store_profiles(
            ArticlePage.objects.live().order_by("-first_published_at", "-pk").iterator()
        )
        seconds = time.perf_counter() - started
        say(
            f"  profiles: {counts['made']:,} made, {counts['up_to_date']:,} up to "
            f"date, {(counts['made'] + counts['up_to_date']) / seconds:.0f} articles/s"
        )

    results: dict[int, tuple[float, ...]] = {}
    fed_up_to = 0
    for size in options.sizes:
        prefill = size - options.window - stored()
        if prefill > 0:
            say(f"pre-filling {prefill:,} articles with generate_newsroom")
            started = time.perf_counter()
            call_command(
                "generate_newsroom",
                articles=prefill,
                stories=max(1, prefill // 50),
                sections=4,
                authors=20,
                seed=options.seed + size,
                verbosity=0,
            )
            say(f"  {prefill / (time.perf_counter() - started):.0f} articles/s")
            fed_up_to = feed_engine(fed_up_to)
            if not options.no_profiles:
                store_profiles()
        sections = list(SectionPage.objects.live().order_by("pk")[:4])
        for times in (decide_times, task_times, related_times):
            times.clear()
        task_cold.clear()
        stored_times.clear()
        text_times.clear()
        candidate_counts.clear()
        elapsed = 0.0
        for _ in range(options.window):
            if options.stages:
                stages.begin()
            started = time.perf_counter()
            index = next(published_plans)
            text = texts[index]
            page = articles.create_article(
                sections[plan.articles[index].section % len(sections)],
                title=text.title,
                slug=f"bench-{index}",
                lede=text.lede,
                body=text.body,
            )
            page = articles.publish_article(
                page, published_at=plan.articles[index].published
            )
            elapsed += time.perf_counter() - started
            if options.stages:
                stages.end()
            differences += not compare_ranking(page)
        fed_up_to = max(fed_up_to, ArticlePage.objects.order_by("-pk").first().pk)
        rate = options.window / elapsed
        now = stored()
        results[now] = (
            rate,
            statistics.median(decide_times) * 1000,
            percentile(decide_times, 0.99) * 1000,
            statistics.median(task_times) * 1000,
            percentile(task_times, 0.99) * 1000,
            statistics.median(related_times) * 1000,
            percentile(related_times, 0.99) * 1000,
            statistics.median(stored_times) * 1000,
            percentile(stored_times, 0.99) * 1000,
            statistics.median(text_times) * 1000,
            percentile(text_times, 0.99) * 1000,
        )
        warm = [t for t, cold in zip(task_times, task_cold, strict=True) if not cold]
        colds = [
            t * 1000 for t, cold in zip(task_times, task_cold, strict=True) if cold
        ]
        results[now] += (
            max(colds, default=0.0),
            statistics.median(warm) * 1000 if warm else 0.0,
            percentile(warm, 0.99) * 1000 if warm else 0.0,
        )
        r = results[now]
        say(
            f"at {now:,} stored: {rate:.1f} articles/s published; decision p50 "
            f"{r[1]:.1f} ms, p99 {r[2]:.1f} ms; related list p50 {r[5]:.0f} ms, "
            f"p99 {r[6]:.0f} ms; threading task p50 {r[3]:.0f} ms, "
            f"p99 {r[4]:.0f} ms (last {options.window} publishes, "
            f"{len(decide_times)} decisions)"
        )
        say(
            f"  related ranking per publish ({statistics.median(candidate_counts):.0f}"
            f" candidates at p50, {max(candidate_counts)} at most): stored profiles "
            f"p50 {r[7]:.1f} ms, p99 {r[8]:.1f} ms; from text p50 {r[9]:.1f} ms, "
            f"p99 {r[10]:.1f} ms; {r[9] / r[7]:.1f}x faster at p50"
        )
        say(
            f"  threading task with the engine read from its snapshot (first in "
            f"this process, or after it was reset): {len(colds)} publishes, "
            f"{' / '.join(f'{t:.0f}' for t in colds) or '-'} ms; the "
            f"{len(warm)} others p50 {r[12]:.0f} ms, p99 {r[13]:.0f} ms"
        )
        if options.stages:
            stages.report("threading task")
    decided = ThreadingDecision.objects.filter(decided_by="engine").count()
    say(f"{Story.objects.count():,} stories, {decided} engine decisions")
    say(f"rankings that differ between stored profiles and text: {differences}")
    say(
        " ".join(
            f"n={k} docs_per_s={v[0]:.1f} decide_p50_ms={v[1]:.1f} "
            f"decide_p99_ms={v[2]:.1f} task_p50_ms={v[3]:.0f} task_p99_ms={v[4]:.0f} "
            f"related_p50_ms={v[5]:.0f} related_p99_ms={v[6]:.0f} "
            f"rank_stored_p50_ms={v[7]:.1f} rank_stored_p99_ms={v[8]:.1f} "
            f"rank_text_p50_ms={v[9]:.1f} rank_text_p99_ms={v[10]:.1f} "
            f"task_cold_ms={v[11]:.0f} task_warm_p50_ms={v[12]:.0f} "
            f"task_warm_p99_ms={v[13]:.0f}"
            for k, v in results.items()
        )
        + f" rank_differences={differences}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
