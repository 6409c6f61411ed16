"""Thread again the articles published in a date range; editors' choices stay.

Examples::

    gazette rethread --since 2026-10-01 --until 2026-11-01
    gazette rethread --since 2026-10-01 --until 2026-11-01 --locale es
"""

from __future__ import annotations

import datetime
import time
from typing import Any

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


def editions(code: str | None) -> list[Any]:
    """Return the ``Locale`` of edition ``code``, or every edition's (default
    first); a ``CommandError`` names the editions for an unknown code."""
    from wagtail.models import Locale

    from gazette.stories import across

    if code:
        try:
            return [across.locale_for_code(code)]
        except LookupError as error:
            raise CommandError(f"--locale: {error}") from None
    by_code = {locale.language_code: locale for locale in Locale.objects.all()}
    return [by_code[c] for c in across.edition_order(list(by_code))]


def add_locale_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--locale",
        metavar="CODE",
        help="one edition's language code (es); default: every edition in turn",
    )


class Command(BaseCommand):
    help = (
        "Thread again the live articles first published from --since up to "
        "--until (exclusive), in publication order, each edition with its own "
        "engine (--locale CODE for one). Articles an editor placed, and "
        "articles in closed stories, are kept. "
        "Example: gazette rethread --since 2026-10-01 --until 2026-11-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help="YYYY-MM-DD (included)")
        parser.add_argument("--until", required=True, help="YYYY-MM-DD (excluded)")
        add_locale_argument(parser)

    def handle(self, *args, **options) -> None:
        since = parse_day(options["since"], "--since")
        until = parse_day(options["until"], "--until")
        if until <= since:
            raise CommandError("--until must be after --since.")
        locales = editions(options["locale"])
        started = time.monotonic()
        totals: dict[str, int] = {}
        for locale in locales:
            code = locale.language_code

            def progress(done: int, total: int, code: str = code) -> None:
                if done % PROGRESS_EVERY == 0 or done == total:
                    self.stderr.write(f"{code}: {done}/{total} articles")

            counts = services.rethread(since, until, locale=locale, progress=progress)
            self._summary(code, counts, None)
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        if len(locales) > 1:
            self._summary("all editions", totals, time.monotonic() - started)
        elif locales:
            self.stdout.write(f"in {time.monotonic() - started:.1f}s")

    def _summary(self, name: str, counts: dict[str, int], seconds) -> None:
        total = sum(
            counts.get(k, 0) for k in ("kept", "moved", "unchanged", "suggested")
        )
        took = f" in {seconds:.1f}s" if seconds is not None else ""
        self.stdout.write(
            f"{name}: {total} articles{took}: {counts.get('moved', 0)} moved, "
            f"{counts.get('unchanged', 0)} unchanged, {counts.get('kept', 0)} kept "
            f"(editor's or closed story), {counts.get('suggested', 0)} suggested "
            f"or unplaced, {counts.get('new_stories', 0)} new stories"
            + (
                f", {counts['other_edition']} taken out of another edition's story"
                if counts.get("other_edition")
                else ""
            )
        )
