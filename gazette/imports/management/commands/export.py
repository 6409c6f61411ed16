"""``gazette export ninjs DIR``: the whole site as ninjs, with its pictures."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Export every article as ninjs 2.1 JSON lines (DIR/articles.jsonl), its "
        "pictures (DIR/media/) and the authors' roles and bios; `gazette import "
        "ninjs DIR` brings them back. Example: gazette export ninjs /tmp/archive"
    )

    def add_arguments(self, parser):
        formats = parser.add_subparsers(dest="format", required=True)
        ninjs = formats.add_parser("ninjs", help="ninjs 2.1 JSON lines and media/")
        ninjs.add_argument("directory", help="where to write (created if missing)")

    def handle(self, *args, **options):
        from gazette.imports.services import export_ninjs

        directory = Path(options["directory"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} is a file: name a directory.")
        try:
            count = export_ninjs(directory, progress=self.stderr.write)
        except OSError as error:
            raise CommandError(f"{directory}: {error}") from None
        self.stdout.write(f"{count} article(s) written to {directory}/articles.jsonl")
