"""Article shells in a busy discussion: renders a second while comments are
approved on another article, with the shells' hit ratio.

Builds, in a throwaway test database, three sections of articles (two
running stories of five, and a breaking story of three whose first article
has a pre-moderated discussion with held comments), then alternates: a
moderator approves one held comment on the breaking article (its count
moves, so its page and the teasers of it change), then ``--reads`` article
pages are rendered, round robin over all thirteen, through Django's test
client with every cache off (Django's DummyCache, no page cache: only the
shells stored in the database help). Two ways, interleaved in batches so
that load elsewhere on the machine weighs on both alike:

- ``tags``: the shells as they are (a comment redraws the pages that show
  its article: ``core.changes``);
- ``global``: every retirement retires every shell, as the single
  generation did before (the reference, in the same run).

Each batch starts with every page read once (not counted), so that it
measures its own way's steady state. Prints for each the renders a second
(render time only, the approvals' time apart; by wall clock and by this
process's CPU time, which a machine shared with other work moves less: with
SQLite in memory it includes the database's work), the median render, and
the shell hit ratio (renders served from a shell / renders). Nothing is
asserted. The last line is for machines: ``tags_rps=N global_rps=N
rps_ratio=N.NN tags_cpu_rps=N global_cpu_rps=N cpu_ratio=N.NN tags_hit=0.XX
global_hit=0.XX tags_ms=N global_ms=N approvals=N reads_per_approval=N``.

    .venv/bin/python bench/shells_busy.py [--approvals 60] [--reads 5]

With GAZETTE_TEST_DB=postgres://... the database is PostgreSQL (a test
database named after it is made and dropped); SQLite in memory otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
BASE_TIME = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)


def build_newsroom(held: int) -> tuple[list[str], list]:
    """Create the newsroom; return the articles' URLs and the held comments."""
    from django.contrib.auth import get_user_model

    from gazette.articles import services as articles
    from gazette.articles.models import ArticlePage, Author, DiscussionMode
    from gazette.core.models import HomePage
    from gazette.discussion.models import Comment, CommentStatus
    from gazette.stories.models import Story

    home = HomePage.objects.get()
    author = Author.objects.create(name="Mira Castell", slug="mira-castell")
    made = []
    hour = 0
    for section_name, story_name, count in (
        ("World", "Border talks", 5),
        ("Business", "Port strike", 5),
        ("Live", "Storm Edda", 3),
    ):
        section = articles.create_section(
            home, title=section_name, slug=section_name.lower()
        )
        story = Story.objects.create(
            title=story_name, slug=story_name.lower().replace(" ", "-")
        )
        for n in range(count):
            hour += 1
            article = articles.create_article(
                section,
                title=f"{story_name}: part {n}",
                slug=f"{section_name.lower()}-{n}",
                lede="A lede that sums the article up.",
                body=[{"type": "paragraph", "value": f"<p>Part {n} of it.</p>"}],
                authors=[author],
                story=story,
            )
            articles.publish_article(
                article, published_at=BASE_TIME + datetime.timedelta(hours=hour)
            )
            made.append(article)
    busy = made[10]
    ArticlePage.objects.filter(pk=busy.pk).update(
        discussion_mode=DiscussionMode.PREMODERATED
    )
    reader = get_user_model().objects.create_user(
        username="reader-internal0001", email="reader@example.org"
    )
    Comment.objects.bulk_create(
        Comment(
            article_id=busy.pk,
            author=reader,
            body=f"Held comment number {n}.",
            status=CommentStatus.HELD,
        )
        for n in range(held)
    )
    comments = list(Comment.objects.filter(article_id=busy.pk).order_by("pk"))
    return [ArticlePage.objects.get(pk=a.pk).url for a in made], comments


def run(
    client, urls: list[str], comments: list, reads: int, spy, figures: dict
) -> None:
    """Approve each of ``comments`` then render ``reads`` pages, adding the
    render times and the full draws to ``figures``."""
    from gazette.discussion import services as discussion

    position = figures.setdefault("position", 0)
    for comment in comments:
        start = time.perf_counter()
        discussion.moderate_comment(comment, None, "approve")
        figures["approve"].append((time.perf_counter() - start) * 1000)
        for _ in range(reads):
            url = urls[position % len(urls)]
            position += 1
            before = spy.call_count
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            figures["cpu"].append((time.process_time() - start_cpu) * 1000)
            figures["render"].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            figures["drawn"] += spy.call_count - before
    figures["position"] = position


def measure(urls: list[str], comments: list, reads: int, batch: int) -> None:
    from django.test import Client, override_settings

    from gazette.articles import shells

    client = Client(HTTP_HOST="localhost")
    ways = {"tags": {}, "global": {}}
    for figures in ways.values():
        figures.update(render=[], cpu=[], approve=[], drawn=0)
    with (
        override_settings(**NO_CACHES),
        mock.patch.object(
            shells, "_draw_and_store", wraps=shells._draw_and_store
        ) as spy,
    ):
        for url in urls:  # every shell drawn once
            client.get(url)
        batches = [comments[n : n + batch] for n in range(0, len(comments), batch)]
        for number, chunk in enumerate(batches):
            way = "tags" if number % 2 == 0 else "global"
            for url in urls:  # steady state: the other way's batch left none
                client.get(url)
            if way == "global":
                # The single generation: any retirement, every shell.
                with mock.patch.object(shells, "_widened", return_value={"*"}):
                    run(client, urls, chunk, reads, spy, ways[way])
            else:
                run(client, urls, chunk, reads, spy, ways[way])
    line = {}
    for way, figures in ways.items():
        renders = len(figures["render"])
        rps = renders / (sum(figures["render"]) / 1000)
        cpu_rps = renders / (sum(figures["cpu"]) / 1000)
        hit = 1 - figures["drawn"] / renders
        median = statistics.median(figures["render"])
        cpu = statistics.median(figures["cpu"])
        print(
            f"{way:7} {renders:5d} renders  {rps:7.1f}/s ({cpu_rps:7.1f}/CPU-s)  "
            f"median {median:6.2f} ms (CPU {cpu:6.2f} ms)  "
            f"shell hits {hit:.2f} ({figures['drawn']} drawn in full)  "
            f"approvals {len(figures['approve'])}, median "
            f"{statistics.median(figures['approve']):.2f} ms"
        )
        line[f"{way}_rps"] = f"{rps:.1f}"
        line[f"{way}_cpu_rps"] = f"{cpu_rps:.1f}"
        line[f"{way}_hit"] = f"{hit:.2f}"
        line[f"{way}_ms"] = f"{median:.2f}"
    ratio = float(line["tags_rps"]) / float(line["global_rps"])
    cpu_ratio = float(line["tags_cpu_rps"]) / float(line["global_cpu_rps"])
    print(
        f"tags_rps={line['tags_rps']} global_rps={line['global_rps']} "
        f"rps_ratio={ratio:.2f} tags_cpu_rps={line['tags_cpu_rps']} "
        f"global_cpu_rps={line['global_cpu_rps']} cpu_ratio={cpu_ratio:.2f} "
        f"tags_hit={line['tags_hit']} "
        f"global_hit={line['global_hit']} tags_ms={line['tags_ms']} "
        f"global_ms={line['global_ms']} approvals={len(comments)} "
        f"reads_per_approval={reads}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=60)
    parser.add_argument("--reads", type=int, default=5, help="reads per approval")
    parser.add_argument("--batch", type=int, default=5, help="approvals per batch")
    args = parser.parse_args()

    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        urls, comments = build_newsroom(args.approvals)
        measure(urls, comments, args.reads, args.batch)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
