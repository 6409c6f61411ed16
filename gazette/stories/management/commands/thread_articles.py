"""Thread live articles that were never threaded, e.g. after a bulk import.

Examples::

    gazette thread-articles
    gazette thread-articles --since 2026-10-01
    gazette thread-articles --locale ar
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from gazette.stories import services
from gazette.stories.management.commands.rethread import (
    add_locale_argument,
    editions,
    parse_day,
)

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Thread, in publication order, the live articles that have no threading "
        "decision yet (imports bypass the publish signal), each edition with its "
        "own engine (--locale CODE for one). A story already set counts as the "
        "editor's. Example: gazette thread-articles --since 2026-10-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="YYYY-MM-DD: only articles from then on")
        add_locale_argument(parser)

    def handle(self, *args, **options) -> None:
        from gazette.articles.models import ArticlePage

        since = parse_day(options["since"], "--since") if options["since"] else None
        locales = editions(options["locale"])
        started = time.monotonic()
        totals = {"threaded": 0, "suggested": 0, "editor": 0, "skipped": 0}
        everything = 0
        for locale in locales:
            code = locale.language_code
            articles = (
                ArticlePage.objects.live()
                .filter(locale=locale, threading_decisions__isnull=True)
                .order_by("first_published_at", "pk")
            )
            if since is not None:
                articles = articles.filter(first_published_at__gte=since)
            total = articles.count()
            everything += total

            def progress(done: int, total: int = total, code: str = code) -> None:
                if done % PROGRESS_EVERY == 0 or done == total:
                    self.stderr.write(f"{code}: {done}/{total} articles")

            counts = services.thread_articles(articles.iterator(), progress=progress)
            self._summary(code, total, counts)
            for key, value in counts.items():
                totals[key] += value
        seconds = time.monotonic() - started
        rate = everything / seconds if seconds else 0.0
        name = "all editions" if len(locales) > 1 else "done"
        self.stdout.write(
            f"{name}: {everything} articles in {seconds:.1f}s ({rate:.0f}/s)"
        )
        if len(locales) > 1:
            self._summary("all editions", everything, totals)

    def _summary(self, name: str, total: int, counts: dict[str, int]) -> None:
        self.stdout.write(
            f"{name}: {total} articles: "
            f"{counts['threaded']} threaded, {counts['suggested']} suggested, "
            f"{counts['editor']} kept as the editor's, {counts['skipped']} skipped"
        )
