"""Reads for the desk's dashboard: what an editor, writer or moderator acts on next.

Each function answers one panel with a bounded number of queries, whatever the
size of the archive, and respects who is asking: a writer sees only their own
drafts and scheduled articles, an editor everyone's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from gazette.articles.models import ArticlePage
from gazette.discussion.models import Comment, CommentReport, CommentStatus
from gazette.stories.models import Story

MODERATE_PERMISSION = "discussion.moderate_comment"


def sees_everyones_pages(user) -> bool:
    """Return True for editors, who see every writer's drafts and schedule."""
    return PagePermissionPolicy().user_has_permission(user, "publish")


def own_drafts(user, limit: int = 8) -> list[ArticlePage]:
    """Return the user's unpublished articles and unpublished changes, newest first."""
    mine = Q(owner=user) | Q(latest_revision__user=user)
    return list(
        ArticlePage.objects.filter(mine)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=timezone.now()))
        .select_related("latest_revision")
        .order_by("-latest_revision_created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class ScheduledArticle:
    page: ArticlePage
    go_live_at: datetime.datetime


def scheduled_articles(user, limit: int = 10) -> list[ScheduledArticle]:
    """Return articles approved to go live later, soonest first.

    Writers see only the articles they own or wrote the scheduled revision of.
    """
    article_type = ContentType.objects.get_for_model(ArticlePage)
    revisions = Revision.objects.filter(
        content_type=article_type, approved_go_live_at__gt=timezone.now()
    ).order_by("approved_go_live_at")
    if not sees_everyones_pages(user):
        owned = ArticlePage.objects.filter(owner=user).values("pk")
        revisions = revisions.filter(Q(user=user) | Q(object_id__in=_as_text(owned)))
    rows = list(revisions.values_list("object_id", "approved_go_live_at")[:limit])
    pages = ArticlePage.objects.in_bulk([int(pk) for pk, _ in rows])
    return [
        ScheduledArticle(pages[int(pk)], when) for pk, when in rows if int(pk) in pages
    ]


def _as_text(pks) -> list[str]:
    # Revision.object_id is text (it points at any model).
    return [str(pk) for pk in pks.values_list("pk", flat=True)]


@dataclass(frozen=True)
class DiscussionFigures:
    held: int
    reported: int
    oldest_held_at: datetime.datetime | None
    held_last_day: int
    posted_last_day: int


def discussion_figures(now: datetime.datetime | None = None) -> DiscussionFigures:
    """Return what waits for moderators: held comments, open reports, the day's rate."""
    now = now or timezone.now()
    day_ago = now - datetime.timedelta(days=1)
    counts = Comment.objects.aggregate(
        held=Count("pk", filter=Q(status=CommentStatus.HELD)),
        held_last_day=Count(
            "pk", filter=Q(status=CommentStatus.HELD, created_at__gte=day_ago)
        ),
        posted_last_day=Count("pk", filter=Q(created_at__gte=day_ago)),
    )
    oldest = (
        Comment.objects.filter(status=CommentStatus.HELD)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    reported = (
        CommentReport.objects.filter(resolved=False)
        .values("comment")
        .distinct()
        .count()
    )
    return DiscussionFigures(
        held=counts["held"],
        reported=reported,
        oldest_held_at=oldest,
        held_last_day=counts["held_last_day"],
        posted_last_day=counts["posted_last_day"],
    )


@dataclass(frozen=True)
class MovingStory:
    story: Story
    new_articles: int


def moving_stories(
    hours: int = 6, limit: int = 8, now: datetime.datetime | None = None
) -> list[MovingStory]:
    """Return running stories that gained articles in the last hours, busiest first."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=hours)
    rows = (
        ArticlePage.objects.live()
        .filter(story__isnull=False, first_published_at__gte=since)
        .values("story")
        .annotate(new=Count("pk"))
        .order_by("-new")[:limit]
    )
    counts = {row["story"]: row["new"] for row in rows}
    stories = Story.objects.in_bulk(list(counts))
    moving = [MovingStory(stories[pk], n) for pk, n in counts.items() if pk in stories]
    moving.sort(
        key=lambda m: (-m.new_articles, -(m.story.last_published_at or now).timestamp())
    )
    return moving
