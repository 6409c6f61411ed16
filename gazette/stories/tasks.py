"""Background work of the stories app, run through django-tasks like Wagtail's own.

In-process by default (``ImmediateBackend``); with ``GAZETTE_TASK_BACKEND=database``
a ``gazette db_worker`` runs it after the publish has returned.
"""

from django_tasks import task

from . import services


@task()
def thread_published_article_task(article_id: int) -> None:
    """Thread a just-published article (or record the story an editor gave it)."""
    from gazette.articles.models import ArticlePage

    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        # Unpublished or deleted before the task ran: nothing to place.
        return
    services.thread_published_article(article)


@task()
def save_threading_snapshot_task(locale_id: int | None = None) -> None:
    """Save an edition's threading engine whole (every edition's without
    ``locale_id``, as enqueued before editions), once enough changes are logged."""
    services.save_snapshot(locale=locale_id)
