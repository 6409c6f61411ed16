"""``gazette generate-audio``: speak live articles without up-to-date audio."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from gazette.articles.models import ArticlePage
from gazette.audio import services, speech


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01."
        ) from None


class Command(BaseCommand):
    help = (
        "Make the audio of every live article (or those published between two "
        "days) whose spoken text has no up-to-date MP3. Safe to run again: "
        "unchanged articles are skipped. Example: "
        "gazette generate-audio --since 2026-09-01 --until 2026-09-30"
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first publication day, YYYY-MM-DD")
        parser.add_argument("--until", help="last publication day, YYYY-MM-DD")
        parser.add_argument(
            "--force",
            action="store_true",
            help="speak again even when the text is unchanged (e.g. a new voice)",
        )

    def handle(self, *args, **options):
        articles = ArticlePage.objects.live().order_by("first_published_at", "pk")
        since = _day(options["since"]) if options["since"] else None
        until = _day(options["until"]) if options["until"] else None
        if since and until and since > until:
            raise CommandError(f"--since {since} is after --until {until}.")
        if since:
            articles = articles.filter(first_published_at__date__gte=since)
        if until:
            articles = articles.filter(first_published_at__date__lte=until)
        try:
            speech.get_engine()
        except speech.SpeechError as error:
            raise CommandError(str(error)) from None

        total = articles.count()
        self.stdout.write(f"{total} live article(s) to check.")
        counts = {"made": 0, "unchanged": 0, "skipped": 0, "no voice": 0, "failed": 0}
        unspoken: set[str] = set()
        seconds = 0.0
        started = time.monotonic()
        for number, article in enumerate(articles.iterator(), start=1):
            result = services.generate_article_audio(article, force=options["force"])
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            if result.outcome == "made" and result.audio is not None:
                seconds += result.audio.duration
            if result.outcome == "failed":
                self.stderr.write(f"  article {article.pk}: {result.detail}")
            if result.outcome == "no voice" and result.detail not in unspoken:
                unspoken.add(result.detail)
                self.stderr.write(f"  article {article.pk}: {result.detail}")
            if options["verbosity"] >= 2 or number % 10 == 0 or number == total:
                self.stdout.write(
                    f"  {number}/{total}: {article.title[:60]} ({result.outcome})"
                )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {counts['made']}, unchanged {counts['unchanged']}, "
                f"skipped {counts['skipped']}, no voice {counts['no voice']}, "
                f"failed {counts['failed']} "
                f"in {elapsed:.1f} s ({seconds / 60:.1f} min of audio made"
                + (f", {seconds / elapsed:.0f}x real time)." if seconds else ").")
            )
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} article(s) failed: see above.")
