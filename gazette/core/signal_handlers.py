"""Retire cached pages whenever something a reader sees changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from . import changes, services

# Pages are saved as their specific class, so receivers listen without a sender
# and filter on the class: cheaper than connecting to every page model.
WATCHED_LABELS = {
    "stories.story",
    "articles.author",
    "core.newsroomsettings",
    "core.gazetteimage",
    "wagtailcore.site",
    # A new password or login restriction must hide cached copies at once.
    "wagtailcore.pageviewrestriction",
}


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    services.retire_cached_pages(changed=changes.of(instance))


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, instance, **kwargs):
    if isinstance(instance, Page) or sender._meta.label_lower in WATCHED_LABELS:
        # A model's content_tags() names what its change shows on (an
        # article, a story); any other change may show anywhere.
        services.retire_cached_pages(changed=changes.of(instance))


def newsroom_groups(sender, **kwargs):
    from .groups import ensure_newsroom_groups

    ensure_newsroom_groups()
