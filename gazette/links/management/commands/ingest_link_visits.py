"""``gazette ingest-link-visits``: count short link visits from nginx's access log."""

from django.conf import settings
from django.core.management.base import BaseCommand

from gazette.links.ingest import ingest_access_log

MALFORMED_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Count the short link visits nginx logged since the last run "
        "(GAZETTE_LINK_COUNTING=log; docs/links.md). Run every minute by "
        "deploy/systemd/gazette-link-visits.timer. Example: "
        "gazette ingest-link-visits --log /var/log/nginx/gazette-shortlinks.log"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--log",
            default=settings.GAZETTE_LINK_ACCESS_LOG,
            help="nginx access log in the gazette_shortlinks format "
            f"(default GAZETTE_LINK_ACCESS_LOG, {settings.GAZETTE_LINK_ACCESS_LOG})",
        )

    def handle(self, *args, **options):
        path = options["log"]
        verbose = options["verbosity"] >= 2
        report = ingest_access_log(
            path, progress=self.stdout.write if verbose else None
        )
        if not report.found:
            self.stderr.write(f"{path}: no such file (yet); nothing counted.")
            return
        if report.rotated:
            self.stdout.write(f"{path}: rotated since the last run.")
        self.stdout.write(
            f"{path}: {report.lines:,} new line(s), {report.visits:,} visit(s) "
            f"counted, {report.bots:,} from robots, {report.other:,} not a 301 GET, "
            f"{report.unknown_codes:,} for unknown codes, "
            f"{len(report.malformed):,} malformed; offset now {report.offset:,}."
        )
        for file, number in report.malformed[:MALFORMED_SHOWN]:
            self.stderr.write(f"malformed line {file}:{number}")
        if len(report.malformed) > MALFORMED_SHOWN:
            self.stderr.write(
                f"... and {len(report.malformed) - MALFORMED_SHOWN} more malformed"
            )
