"""Keep the search table in step with every save, withdrawal and move of an article.

Inside ``services.deferred_indexing()`` the articles are noted and indexed in
bulk at its end.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_unpublished, post_page_move

from gazette.articles.models import ArticlePage

from . import services


@receiver(post_save, sender=ArticlePage)
def index_after_save(sender, instance, update_fields=None, raw=False, **kwargs):
    # Fixtures (raw) load rows as they were; the rebuild command indexes them.
    if not raw and services.needs_index(update_fields):
        services.article_changed(instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
def remove_after_unpublish(sender, instance, **kwargs):
    services.article_changed(instance.pk)


@receiver(post_page_move)
def index_after_move(sender, instance, **kwargs):
    # A section moved carries its articles' paths with it.
    moved = ArticlePage.objects.descendant_of(instance, inclusive=True)
    services.articles_changed(moved.values_list("pk", flat=True))
