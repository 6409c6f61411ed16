"""Give every published article a short code, and keep cached answers right."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

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


@receiver(post_save, sender=AllowedHost)
@receiver(post_delete, sender=AllowedHost)
def allowlist_changed(sender, instance, **kwargs):
    # Links to external hosts may start or stop redirecting: retire every
    # cached answer (they are tied to the content generation).
    retire_cached_pages()


def editor_permissions(sender, **kwargs):
    services.grant_newsroom_permissions()
