"""Retire an article's stored parts when what they show changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_unpublished

from gazette.core import changes, signals

from . import fragments, shells


def _retire(kind: str, pk: int) -> None:
    # Now, and again once the change is committed: a reader who drew the
    # old picture or name meanwhile may have stored it in between.
    fragments.retire_sources(kind, [pk])
    transaction.on_commit(lambda: fragments.retire_sources(kind, [pk]))


def picture_changed(sender, instance, **kwargs):
    if kwargs.get("created"):
        return  # nothing shows a picture that did not exist
    _retire("image", instance.pk)


def rendition_changed(sender, instance, **kwargs):
    if kwargs.get("created"):
        return  # a new size of a picture changes no stored markup
    _retire("image", instance.image_id)
    shells.retire()  # the lead picture's markup names its renditions


def cached_pages_retired(sender, changed=None, **kwargs):
    shells.retire(changed)


def author_changed(sender, instance, **kwargs):
    if kwargs.get("created"):
        return
    _retire("author", instance.pk)


def byline_changed(sender, instance, **kwargs):
    # A publication moves the article's version anyway; this catches
    # bylines written outside one.
    fragments.retire_article(instance.page_id)
    shells.retire([changes.article(instance.page_id)])


def article_saved(sender, instance, **kwargs):
    update_fields = kwargs.get("update_fields")
    if kwargs.get("created") or (
        update_fields is not None and set(update_fields) <= {"comment_count"}
    ):
        return
    fragments.retire_article(instance.pk)


def article_unpublished(sender, instance, **kwargs):
    fragments.retire_article(instance.pk)


def connect() -> None:
    """Connect the receivers (ArticlesConfig.ready)."""
    from django.apps import apps

    from .models import ArticlePage, ArticlePageAuthor, Author

    image = apps.get_model("core", "GazetteImage")
    rendition = apps.get_model("core", "GazetteRendition")
    for signal in (post_save, post_delete):
        signal.connect(picture_changed, sender=image)
        signal.connect(rendition_changed, sender=rendition)
        signal.connect(author_changed, sender=Author)
        signal.connect(byline_changed, sender=ArticlePageAuthor)
    post_save.connect(article_saved, sender=ArticlePage)
    signals.cached_pages_retired.connect(cached_pages_retired)
    page_unpublished.connect(article_unpublished, sender=ArticlePage)
