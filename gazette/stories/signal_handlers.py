"""Keep story counts right whenever an article changes; thread on publish."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from gazette.articles.models import ArticlePage

from . import services, tasks


@receiver(pre_save, sender=ArticlePage)
def remember_previous_story(sender, instance, **kwargs):
    # A publish rebuilds the page from its revision, so the story it had
    # before can only be read from the database.
    instance._previous_story_id = (
        ArticlePage.objects.filter(pk=instance.pk)
        .values_list("story_id", flat=True)
        .first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=ArticlePage)
def refresh_after_save(sender, instance, **kwargs):
    services.refresh_stories(
        [instance.story_id, getattr(instance, "_previous_story_id", None)]
    )


@receiver(post_delete, sender=ArticlePage)
def refresh_after_delete(sender, instance, **kwargs):
    services.refresh_stories([instance.story_id])


@receiver(page_published, sender=ArticlePage)
def thread_after_publish(sender, instance, **kwargs):
    # After the commit: a worker must see the published row, and backdated
    # imports (publish_article) set their dates in the same transaction. The
    # task places the article without publishing again, so it never loops.
    article_id = instance.pk
    transaction.on_commit(
        lambda: tasks.thread_published_article_task.enqueue(article_id)
    )
