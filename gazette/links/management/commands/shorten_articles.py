"""``gazette shorten-articles``: give short codes to live articles that lack one."""

from django.core.management.base import BaseCommand

from gazette.links.services import shorten_live_articles


class Command(BaseCommand):
    help = (
        "Give every live article without a short code one (articles imported or "
        "generated in bulk skip the publish signal). Example: gazette shorten-articles"
    )

    def handle(self, *args, **options):
        done = shorten_live_articles()
        self.stdout.write(f"{done} article(s) shortened.")
