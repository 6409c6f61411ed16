"""Generate a large synthetic newsroom for benchmarks (docs/synthetic.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from gazette.demo.synthetic import NewsroomError, Progress, generate_newsroom


class Command(BaseCommand):
    help = (
        "Generate a synthetic newsroom of published articles in running stories, "
        "for benchmarks. Each run adds a new batch whose slugs start with a fresh "
        "prefix (syn1, syn2, ...). Example: gazette generate_newsroom "
        "--articles 100000 --stories 2000 --sections 8 --authors 50 --seed 1"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=1000, help="Articles to publish (1000)."
        )
        parser.add_argument(
            "--stories",
            type=int,
            help="Running stories, at most one per article (articles / 50).",
        )
        parser.add_argument(
            "--sections", type=int, default=8, help="Sections, 1 to 12 (8)."
        )
        parser.add_argument("--authors", type=int, default=50, help="Authors (50).")
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of all the text and dates (1)."
        )
        parser.add_argument(
            "--prefix",
            help="Slug prefix of this batch, e.g. bench1 (the next free synN).",
        )

    def handle(self, *args, **options):
        articles = options["articles"]
        stories = options["stories"]
        if stories is None:
            stories = max(1, articles // 50)
        self._last_report = 0.0
        try:
            summary = generate_newsroom(
                articles=articles,
                stories=stories,
                sections=options["sections"],
                authors=options["authors"],
                seed=options["seed"],
                prefix=options["prefix"],
                progress=self.report if options["verbosity"] else None,
            )
        except NewsroomError as error:
            raise CommandError(str(error)) from None
        # The articles' rows of the search table are written with them.
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def report(self, progress: Progress) -> None:
        # One line every few seconds is enough to see the rate and the end coming.
        now = time.monotonic()
        if progress.done == progress.total or now - self._last_report >= 5:
            self._last_report = now
            self.stdout.write(f"  {progress}")
