"""Thread live articles that were never threaded, e.g. after a bulk import.

Example::

    gazette thread-articles
    gazette thread-articles --since 2026-10-01
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from gazette.stories import services
from gazette.stories.management.commands.rethread import parse_day

PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Thread, in publication order, the live articles that have no threading "
        "decision yet (imports bypass the publish signal). A story already set "
        "counts as the editor's. Example: gazette thread-articles --since 2026-10-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="YYYY-MM-DD: only articles from then on")

    def handle(self, *args, **options) -> None:
        from gazette.articles.models import ArticlePage

        articles = (
            ArticlePage.objects.live()
            .filter(threading_decisions__isnull=True)
            .order_by("first_published_at", "pk")
        )
        if options["since"]:
            since = parse_day(options["since"], "--since")
            articles = articles.filter(first_published_at__gte=since)
        total = articles.count()
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                self.stderr.write(f"{done}/{total} articles")

        counts = services.thread_articles(articles.iterator(), progress=progress)
        seconds = time.monotonic() - started
        rate = total / seconds if seconds else 0.0
        self.stdout.write(
            f"{total} articles in {seconds:.1f}s ({rate:.0f}/s): "
            f"{counts['threaded']} threaded, {counts['suggested']} suggested, "
            f"{counts['editor']} kept as the editor's, {counts['skipped']} skipped"
        )
