"""``gazette ingest-folder DIR``: import wire files as they arrive (docs/import.md)."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gazette.imports.drop_folder import DropFolder, next_pass_in
from gazette.imports.reporting import ImportError_


class Command(BaseCommand):
    help = (
        "Watch a drop folder: each settled file (ninjs .json/.jsonl, NewsML-G2 "
        ".xml, a WordPress export, an RSS/Atom feed) is imported, then moved to "
        "done/ or to failed/ with a .why file saying what to correct. "
        "Examples: gazette ingest-folder /srv/wire --once; "
        "gazette ingest-folder /srv/wire --interval 10 --section world"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the folder agencies deliver files into")
        parser.add_argument(
            "--once", action="store_true", help="one pass, then exit (cron, tests)"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="seconds between passes (10)",
        )
        parser.add_argument(
            "--settle",
            type=float,
            default=5.0,
            help="seconds a file must be left unchanged before it is taken (5): "
            "a file still being uploaded is left for a later pass",
        )
        parser.add_argument("--media", help="a directory holding the items' pictures")
        parser.add_argument("--section", default="news", help="section slug (news)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="import nothing, move nothing: say what each file would give",
        )

    def handle(self, *args, **options):
        if options["interval"] <= 0 or options["settle"] < 0:
            raise CommandError("--interval must be above 0 and --settle 0 or more.")
        try:
            watched = DropFolder(
                options["folder"],
                media_dir=options["media"],
                section=options["section"],
                settle=options["settle"],
                dry_run=options["dry_run"],
                log=self.stdout.write,
            )
            with watched.watching():
                return self._watch(watched, options)
        except ImportError_ as error:
            raise CommandError(str(error)) from None

    def _watch(self, watched: DropFolder, options) -> None:
        if options["once"]:
            outcomes = watched.run_once()
            failed = [o for o in outcomes if not o.ok]
            self.stdout.write(
                f"{len(outcomes)} file(s): {len(outcomes) - len(failed)} done, "
                f"{len(failed)} failed"
            )
            if failed:
                raise CommandError(
                    f"{len(failed)} file(s) failed: see the .why files in "
                    f"{watched.failed}."
                )
            return
        stopping = []

        def stop(signum, frame):
            # Finish the file in hand, then leave.
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(
            f"watching {watched.folder} every {options['interval']:g}s "
            "(TERM or Ctrl-C to stop)"
        )
        while not stopping:
            started = timezone.now()
            watched.run_once()
            pause = next_pass_in(options["interval"], started)
            while pause > 0 and not stopping:
                time.sleep(min(pause, 0.5))
                pause -= 0.5
        self.stdout.write("stopped")
