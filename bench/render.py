"""The article page's full render in the test client: queries and time.

Builds a small newsroom (a section, a running story of five articles, bylines,
a lead picture and one in the body) in a throwaway test database, then renders
one article page again and again through Django's test client, with every
cache off (Django's DummyCache, no page cache) and with the app's caches on
(local memory, no page cache), and prints the queries per render and the
median, p90 and best time of ``--renders`` renders. The bare Wagtail page of
bench/pages.py's target (w) (a page model with a sidebar of ten links, in an
app that exists only for the run) is rendered the same way, interleaved with
the article, so that the ratio of the two medians (``render_ratio``, the
issue's (d)/(w)) comes from one run. ``--profile`` adds a pyinstrument
profile of the cache-off renders. Nothing is asserted: compare runs on the
same machine.

    .venv/bin/python bench/render.py [--renders 50] [--profile]

Each time is given as wall clock and as this process's CPU time (which, on
a machine shared with other work, moves less; with PostgreSQL it leaves out
the server's share). The last line is for machines: ``queries_off=N
queries_on=N article_ms=N wagtail_ms=N render_ratio=0.XX article_cpu_ms=N
wagtail_cpu_ms=N render_cpu_ratio=0.XX article_on_ms=N article_on_cpu_ms=N``.

With GAZETTE_TEST_DB=postgres://... the database is PostgreSQL (a test
database named after it is made and dropped); SQLite in memory otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
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


def add_bare_page() -> str:
    """Add bench/pages.py's bare Wagtail page under the site root; return its URL."""
    from gazette_bench_bare.models import BarePage
    from wagtail.models import Site

    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(
        instance=BarePage(title="A bare Wagtail page", slug="bench-bare")
    )
    page.save_revision().publish()
    return page.url


def timed_renders(client, url: str, renders: int) -> tuple[list[float], list[float]]:
    """Return the wall-clock and CPU milliseconds of ``renders`` renders."""
    wall, cpu = [], []
    for _ in range(renders):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # renditions, warm caches
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def summary(wall: list[float], cpu: list[float]) -> str:
    wall, cpu = sorted(wall), sorted(cpu)
    p90 = wall[int(len(wall) * 0.9) - 1]
    return (
        f"median {statistics.median(wall):6.2f} ms  p90 {p90:6.2f} ms  "
        f"best {wall[0]:6.2f} ms  CPU median {statistics.median(cpu):6.2f} ms"
    )


def measure(url: str, bare_url: str, renders: int, profile: bool) -> None:
    from django.db import connection
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost")
    figures: dict[str, float] = {}
    for label, key, overrides in (
        ("every cache off", "off", NO_CACHES),
        ("app caches on", "on", APP_CACHES),
    ):
        with override_settings(**overrides):
            counts = {
                name: count_queries(client, u)
                for name, u in (("article", url), ("bare", bare_url))
            }
            # Interleaved batches of ten, so that a burst of load elsewhere on
            # the machine weighs on both pages alike.
            times: dict[str, tuple[list[float], list[float]]] = {
                "article": ([], []),
                "bare": ([], []),
            }
            for _ in range(max(1, renders // 10)):
                for name, u in (("article", url), ("bare", bare_url)):
                    wall, cpu = timed_renders(client, u, 10)
                    times[name][0].extend(wall)
                    times[name][1].extend(cpu)
            figures[f"queries_{key}"] = counts["article"]
            for name in ("article", "bare"):
                figures[f"{name}_{key}_ms"] = statistics.median(times[name][0])
                figures[f"{name}_{key}_cpu"] = statistics.median(times[name][1])
            print(
                f"{label:16} article    {counts['article']:3d} queries  "
                f"{summary(*times['article'])}  "
                f"({len(times['article'][0])} renders, {connection.vendor})"
            )
            print(
                f"{label:16} bare page  {counts['bare']:3d} queries  "
                f"{summary(*times['bare'])}  (bench/pages.py's (w))"
            )
            print(
                f"{label:16} the article renders at "
                f"{figures[f'bare_{key}_ms'] / figures[f'article_{key}_ms']:.2f}x "
                "the bare page's speed (wall clock), "
                f"{figures[f'bare_{key}_cpu'] / figures[f'article_{key}_cpu']:.2f}x "
                "(CPU time)"
            )
            if profile and overrides is NO_CACHES:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
                for _ in range(renders):
                    client.get(url)
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
    print(
        f"queries_off={figures['queries_off']} queries_on={figures['queries_on']} "
        f"article_ms={figures['article_off_ms']:.2f} "
        f"wagtail_ms={figures['bare_off_ms']:.2f} "
        f"render_ratio={figures['bare_off_ms'] / figures['article_off_ms']:.2f} "
        f"article_cpu_ms={figures['article_off_cpu']:.2f} "
        f"wagtail_cpu_ms={figures['bare_off_cpu']:.2f} "
        f"render_cpu_ratio={figures['bare_off_cpu'] / figures['article_off_cpu']:.2f} "
        f"article_on_ms={figures['article_on_ms']:.2f} "
        f"article_on_cpu_ms={figures['article_on_cpu']:.2f}"
    )


def install_bare_app(directory: Path) -> None:
    """Write bench/pages.py's bare page app and settings that add it."""
    from pages import BARE_APP, write_bare_app

    write_bare_app(directory)
    base = os.environ["DJANGO_SETTINGS_MODULE"]
    (directory / "gazette_bench_render_settings.py").write_text(
        f"from {base} import *  # noqa: F403\n\n"
        f"INSTALLED_APPS = [*INSTALLED_APPS, {BARE_APP!r}]  # noqa: F405\n"
    )
    sys.path.insert(0, str(directory))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gazette_bench_render_settings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gazette-render-") as tmp:
        install_bare_app(Path(tmp))

        import django
        from django.db import connection
        from django.test.utils import setup_test_environment

        django.setup()
        setup_test_environment()
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            url = build_newsroom()
            measure(url, add_bare_page(), args.renders, args.profile)
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
