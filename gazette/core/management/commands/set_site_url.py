"""Give the default site its public address (host and port).

Example::

    gazette set-site-url https://news.example.org
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.core.services import SiteUrlError, set_site_url


class Command(BaseCommand):
    help = (
        "Make the default site answer on its public address, the one canonical "
        "links, sitemaps, short links and the API point to. Without an address, "
        "use GAZETTE_BASE_URL. Example: gazette set-site-url https://news.example.org"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "url",
            nargs="?",
            help="The public address, e.g. https://news.example.org "
            "(GAZETTE_BASE_URL if left out).",
        )

    def handle(self, *args, **options) -> None:
        url = options["url"] or settings.WAGTAILADMIN_BASE_URL
        try:
            site = set_site_url(url)
        except SiteUrlError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"The site answers on {site.root_url}/."))
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        if base != site.root_url:
            self.stdout.write(
                self.style.WARNING(
                    f"GAZETTE_BASE_URL is {base}: set it to {site.root_url} too, "
                    "for admin e-mails and short links."
                )
            )
