"""The article page's full render in the test client: queries and time.

Builds a small newsroom (a section, a running story of five articles, bylines,
a lead picture and one in the body) in a throwaway test database, then renders
one article page again and again through Django's test client, with every
cache off (Django's DummyCache, no page cache) and with the app's caches on
(local memory, no page cache), and prints the queries per render and the
median, p90 and best time of ``--renders`` renders. ``--profile`` adds a
pyinstrument profile of the cache-off renders. Nothing is asserted: compare
runs on the same machine.

    .venv/bin/python bench/render.py [--renders 50] [--profile]

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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
APP_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
BASE_TIME = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)


def build_newsroom() -> str:
    """Create the newsroom through the admin's services; return the article's URL."""
    import io

    from django.core.files.images import ImageFile

    from gazette.articles import services as articles
    from gazette.articles.models import Author
    from gazette.core.models import GazetteImage, HomePage
    from gazette.demo.images import draw_picture
    from gazette.stories.models import Story

    home = HomePage.objects.get()
    section = articles.create_section(home, title="World", slug="world")
    story = Story.objects.create(title="Border talks", slug="border-talks")
    author = Author.objects.create(name="Mira Castell", slug="mira-castell")
    picture = GazetteImage(title="Bridge", description="A bridge at dusk")
    png = draw_picture("bridge", ["#1d3557", "#a8dadc"], "river")
    picture.file = ImageFile(io.BytesIO(png), name="bridge.png")
    picture.save()
    body = [
        {"type": "paragraph", "value": "<p>First paragraph of the piece.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
        {"type": "paragraph", "value": "<p>Second paragraph.</p>"},
    ]
    article = None
    for n in range(5):
        article = articles.create_article(
            section,
            title=f"Article number {n}",
            slug=f"article-{n}",
            lede="A lede that sums the article up.",
            body=body,
            authors=[author],
            story=story,
            image=picture,
        )
        articles.publish_article(
            article, published_at=BASE_TIME + datetime.timedelta(hours=n)
        )
    return article.url


def measure(url: str, renders: int, profile: bool) -> None:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    for label, overrides in (
        ("every cache off", NO_CACHES),
        ("app caches on", APP_CACHES),
    ):
        with override_settings(**overrides):
            assert client.get(url).status_code == 200  # renditions, warm caches
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Now: every request start empties the log the context reads.
            count = len(queries.captured_queries)
            times = []
            for _ in range(renders):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p90 = times[int(len(times) * 0.9) - 1]
            print(
                f"{label:16} {count:3d} queries  "
                f"median {statistics.median(times):6.2f} ms  p90 {p90:6.2f} ms  "
                f"best {times[0]:6.2f} ms  ({renders} renders, "
                f"{connection.vendor})"
            )
            if profile and overrides is NO_CACHES:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
                for _ in range(renders):
                    client.get(url)
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        measure(build_newsroom(), args.renders, args.profile)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
