"""``gazette purge-unconfirmed-accounts``: delete reader accounts never confirmed."""

from django.core.management.base import BaseCommand, CommandError

from gazette.accounts.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Delete reader accounts whose email address was never confirmed, created "
        "more than DAYS days ago (newsroom staff are never touched). Example: "
        "gazette purge-unconfirmed-accounts --days 30"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="Age in days past which an unconfirmed account goes (default 30).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError(
                f"--days {days} would delete accounts still waiting for their "
                "link: give 1 or more."
            )
        deleted = purge_unconfirmed(older_than_days=days)
        self.stdout.write(
            f"{deleted} unconfirmed account(s) older than {days} days deleted."
        )
