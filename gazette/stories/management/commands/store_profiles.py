"""Store the similarity profile of every live article that has none up to date.

Ranking related articles reads stored profiles and makes (and stores) the missing
ones as it goes; this fills an archive at once, e.g. after an import or a release
that changed how profiles are made. Newest articles first: they are the likeliest
candidates.

Example::

    gazette store-profiles
    gazette store-profiles --since 2026-10-01
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from gazette.stories import services
from gazette.stories.management.commands.rethread import parse_day

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = (
        "Store the similarity profile (what ranking related articles compares) of "
        "every live article that has none up to date, newest first. "
        "Example: gazette store-profiles --since 2026-10-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="YYYY-MM-DD: only articles from then on")

    def handle(self, *args, **options) -> None:
        from gazette.articles.models import ArticlePage

        articles = ArticlePage.objects.live().order_by("-first_published_at", "-pk")
        if options["since"]:
            since = parse_day(options["since"], "--since")
            articles = articles.filter(first_published_at__gte=since)
        total = articles.count()
        started = time.monotonic()
        shown = 0

        def progress(done: int) -> None:
            nonlocal shown
            if done - shown >= PROGRESS_EVERY or done == total:
                shown = done
                self.stderr.write(f"{done}/{total} articles")

        counts = services.store_profiles(
            articles.iterator(chunk_size=500), progress=progress
        )
        seconds = time.monotonic() - started
        rate = total / seconds if seconds else 0.0
        self.stdout.write(
            f"{total} articles in {seconds:.1f}s ({rate:.0f}/s): "
            f"{counts['made']} profiles made, {counts['up_to_date']} up to date"
        )
