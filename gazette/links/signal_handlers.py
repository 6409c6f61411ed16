"""Give every published article a short code, and keep cached answers right."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from gazette.articles.models import ArticlePage
from gazette.core.services import retire_cached_pages

from . import services
from .models import AllowedHost, ShortLink


@receiver(page_published, sender=ArticlePage)
def shorten_published_article(sender, instance, **kwargs):
    services.shorten(instance)


@receiver(post_save, sender=ShortLink)
@receiver(post_delete, sender=ShortLink)
def forget_cached_answer(sender, instance, **kwargs):
    services.forget_code(instance.code)
    services.schedule_shared_cache_refresh([instance.code])


# Where a code leads changes when its page (or an ancestor) is published with
# a new slug, withdrawn, moved or deleted: nginx's copy is refreshed.
@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    services.schedule_refresh_into(instance)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    services.schedule_refresh_into(instance)


# Deleting a specific page deletes its Page row too: answering for that row
# alone refreshes each page once.
@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    services.schedule_refresh_into(instance)


@receiver(post_save, sender=AllowedHost)
@receiver(post_delete, sender=AllowedHost)
def allowlist_changed(sender, instance, **kwargs):
    # Links to external hosts may start or stop redirecting: retire every
    # cached answer (they are tied to the content generation).
    retire_cached_pages()
    if settings.GAZETTE_LINK_REFRESH_URL:
        services.schedule_shared_cache_refresh(services.external_codes())


def editor_permissions(sender, **kwargs):
    services.grant_newsroom_permissions()
