"""Thread again the articles published in a date range; editors' choices stay.

Example::

    gazette rethread --since 2026-10-01 --until 2026-11-01
"""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.stories import services

PROGRESS_EVERY = 100


def parse_day(value: str, flag: str) -> datetime.datetime:
    """Return midnight UTC of a YYYY-MM-DD date, or a ``CommandError``."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} {value!r}: give a date as YYYY-MM-DD") from None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = (
        "Thread again the live articles first published from --since up to "
        "--until (exclusive), in publication order. Articles an editor placed, "
        "and articles in closed stories, are kept. "
        "Example: gazette rethread --since 2026-10-01 --until 2026-11-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help="YYYY-MM-DD (included)")
        parser.add_argument("--until", required=True, help="YYYY-MM-DD (excluded)")

    def handle(self, *args, **options) -> None:
        since = parse_day(options["since"], "--since")
        until = parse_day(options["until"], "--until")
        if until <= since:
            raise CommandError("--until must be after --since.")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                self.stderr.write(f"{done}/{total} articles")

        counts = services.rethread(since, until, progress=progress)
        total = sum(counts[k] for k in ("kept", "moved", "unchanged", "suggested"))
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{total} articles in {seconds:.1f}s: {counts['moved']} moved, "
            f"{counts['unchanged']} unchanged, {counts['kept']} kept (editor's or "
            f"closed story), {counts['suggested']} suggested or unplaced, "
            f"{counts['new_stories']} new stories"
        )
