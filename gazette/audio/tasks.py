"""Background work of the audio app, run through django-tasks like Wagtail's own.

In-process by default (``ImmediateBackend``); with ``GAZETTE_TASK_BACKEND=database``
a ``gazette db_worker`` speaks articles after the publish has returned.
"""

from django_tasks import task

from . import services


@task()
def generate_article_audio_task(article_id: int) -> str:
    """Make (or remake) the audio of a published article; return the outcome."""
    from gazette.articles.models import ArticlePage

    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        # Unpublished or deleted before the task ran: nothing to speak.
        return "skipped"
    return services.generate_article_audio(article).outcome
