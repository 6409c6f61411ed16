"""Fill the search table from the live articles (docs/search.md)."""

import time

from django.core.management.base import BaseCommand

from gazette.search.services import rebuild_index


class Command(BaseCommand):
    help = (
        "Write the search row of every live article and drop the rows of "
        "withdrawn ones; needed after articles are written without saving "
        "pages (gazette generate_newsroom, raw imports). Publishing, editing "
        "and withdrawing keep the rows current by themselves. Example: "
        "gazette rebuild_search_index"
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self._last = 0.0
        report = self.report if options["verbosity"] else None
        indexed = rebuild_index(progress=report)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {indexed:,} live articles for search in {seconds:.1f} s."
            )
        )

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self._last >= 5:
            self._last = now
            self.stdout.write(f"  {done:,} of {total:,} articles indexed")
