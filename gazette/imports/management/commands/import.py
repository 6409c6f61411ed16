"""``gazette import FORMAT ...``: bring an archive into Gazette (docs/import.md)."""

from django.core.management.base import BaseCommand, CommandError

from gazette.imports import services
from gazette.imports.services import ImportError_, ImportReport

MESSAGES_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import an archive: a WordPress export (WXR 1.0-1.2), ninjs items or "
        "NewsML-G2 news items, or an RSS/Atom feed. "
        "Running it again updates what changed and creates nothing twice. "
        "Examples: gazette import wordpress export.xml --media wp-content/uploads "
        "--section-map sections.json --dry-run; gazette import ninjs items/; "
        "gazette import feed https://partner.example/feed.xml --section world"
    )

    def add_arguments(self, parser):
        formats = parser.add_subparsers(dest="format", required=True)
        wordpress = formats.add_parser(
            "wordpress", help="a WordPress export file (Tools > Export)"
        )
        wordpress.add_argument("file", help="the WXR file (.xml)")
        wordpress.add_argument(
            "--media",
            help="a copy of the site's wp-content/uploads; pictures are read from "
            "here, never fetched",
        )
        wordpress.add_argument(
            "--section-map",
            help='JSON mapping category slugs to section slugs: {"world-news": '
            '"world", "*": "news"}',
        )
        wordpress.add_argument(
            "--dry-run", action="store_true", help="change nothing; print the summary"
        )
        wordpress.add_argument(
            "--limit",
            type=int,
            help="stop after this many posts and pages (a trial run)",
        )
        ninjs = formats.add_parser("ninjs", help="ninjs 1.x, 2.x or 3.x JSON items")
        ninjs.add_argument("path", help="a .json/.jsonl file or a directory of them")
        ninjs.add_argument("--media", help="a directory holding the items' pictures")
        ninjs.add_argument("--section", default="news", help="section slug (news)")
        ninjs.add_argument("--dry-run", action="store_true")
        newsml = formats.add_parser(
            "newsml", help="NewsML-G2 news items (NITF or XHTML in inlineXML)"
        )
        newsml.add_argument("path", help="an .xml file or a directory of them")
        newsml.add_argument("--media", help="a directory holding the items' pictures")
        newsml.add_argument("--section", default="news", help="section slug (news)")
        newsml.add_argument("--dry-run", action="store_true")
        feed = formats.add_parser(
            "feed",
            help="an RSS 2.0 or Atom feed: a file, or an http(s) address fetched "
            "once; run it again on a schedule to take new and changed entries",
        )
        feed.add_argument("source", help="a feed file or https://partner.example/feed")
        feed.add_argument("--media", help="a directory holding the entries' pictures")
        feed.add_argument("--section", default="news", help="section slug (news)")
        feed.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1
        progress = self.stderr.write if verbose else None
        try:
            if options["format"] == "wordpress":
                report = services.import_wordpress(
                    options["file"],
                    media_dir=options["media"],
                    section_map=options["section_map"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    limit=options["limit"],
                )
            elif options["format"] == "feed":
                report = services.import_feed(
                    options["source"],
                    media_dir=options["media"],
                    section=options["section"],
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            else:
                importer = (
                    services.import_ninjs
                    if options["format"] == "ninjs"
                    else services.import_newsml
                )
                report = importer(
                    options["path"],
                    media_dir=options["media"],
                    section=options["section"],
                    dry_run=options["dry_run"],
                    progress=progress,
                )
        except ImportError_ as error:
            raise CommandError(str(error)) from None
        self.print_report(report)
        if not report.ok:
            raise CommandError(
                f"{report.total('failed')} item(s) failed: see the messages above."
            )

    def print_report(self, report: ImportReport) -> None:
        for message in report.messages[:MESSAGES_SHOWN]:
            self.stdout.write(message)
        hidden = len(report.messages) - MESSAGES_SHOWN
        if hidden > 0:
            self.stdout.write(f"... and {hidden} more message(s)")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        self.stdout.write(report.summary())
