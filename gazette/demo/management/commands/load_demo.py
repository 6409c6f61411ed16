"""Load the demo newsroom (idempotent: existing content is kept as it is)."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazette.core.editions import language_name
from gazette.demo.loader import DEMO_PASSWORD, DEMO_USERS, DemoContentError, load_demo


@contextmanager
def quiet_page_log():
    """Keep Wagtail's line per page created, edited and published (hundreds of
    them for the demo) out of the output; its warnings and errors still show."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(max(logging.WARNING, level))
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load the demo newsroom in its three editions (English, Spanish, Arabic): "
        "sections, authors, stories, pictures, articles, translations, the "
        "Community standards page and, under the demo settings, demo logins. "
        "Safe to run again. The default site is moved to GAZETTE_BASE_URL, the "
        "address the demo is served on. Example: "
        "GAZETTE_BASE_URL=http://127.0.0.1:8000 gazette load_demo"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Create the demo logins even outside the demo settings.",
        )

    def handle(self, *args, **options):
        # Demo logins share a published password: only under the demo settings.
        with_users = options["with_users"] or getattr(settings, "GAZETTE_DEMO", False)
        try:
            with quiet_page_log():
                summary = load_demo(
                    with_users=with_users,
                    # The address `make demo` serves on: links must lead back there.
                    site_url=settings.WAGTAILADMIN_BASE_URL,
                    progress=lambda message: self.stdout.write(f"  {message}"),
                )
        except DemoContentError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready ({summary})."))
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        if len(summary.editions) > 1:
            self.stdout.write("Editions:")
            for home in summary.editions:
                code = home.locale.language_code
                self.stdout.write(
                    f"  {language_name(code)} ({code}): {home.get_full_url()}"
                )
        else:
            self.stdout.write(f"Site:  {base}/")
        self.stdout.write(f"Admin: {base}/admin/")
        if with_users:
            logins = ", ".join(name for name, _ in DEMO_USERS)
            self.stdout.write(f"Logins: {logins} (password: {DEMO_PASSWORD})")
