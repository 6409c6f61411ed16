"""Every write to stories goes through here."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Min

from .models import Story


def refresh_stories(story_ids: Iterable[int | None]) -> None:
    """Recount the live articles and date range of the given stories."""
    from gazette.articles.models import ArticlePage

    ids = {pk for pk in story_ids if pk}
    if not ids:
        return
    with transaction.atomic():
        stats = {
            row["story_id"]: row
            for row in ArticlePage.objects.live()
            .filter(story_id__in=ids)
            .order_by()
            .values("story_id")
            .annotate(
                n=Count("pk"),
                first=Min("first_published_at"),
                last=Max("first_published_at"),
            )
        }
        for story in Story.objects.select_for_update().filter(pk__in=ids):
            row = stats.get(story.pk, {})
            story.article_count = row.get("n", 0)
            story.first_published_at = row.get("first")
            story.last_published_at = row.get("last")
            story.save(
                update_fields=[
                    "article_count",
                    "first_published_at",
                    "last_published_at",
                ]
            )


def set_article_story(article, story: Story | None, *, user=None) -> None:
    """Put a live article into ``story`` (or take it out) and publish the change."""
    if story is not None and not story.is_open:
        raise ValueError(f"The story “{story}” is closed and takes no new articles.")
    article.story = story
    revision = article.save_revision(user=user, log_action=True)
    if article.live:
        revision.publish(user=user)
