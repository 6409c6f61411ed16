"""Story counts, proposed titles and the addresses of stories that go away.

The writes every other story write builds on: ``refresh_stories`` after any
change of membership, ``_drop_abandoned_story`` and ``_redirect_story`` when a
story is emptied or merged. Part of the stories app's services
(``gazette.stories.services`` re-exports what others call).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max, Min

from gazette.core import changes
from gazette.core.services import retire_cached_pages

from . import titles
from .models import (
    DecidedBy,
    Story,
    ThreadingDecision,
)
from .text_features import body_text
from .titles import propose_title

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage

logger = logging.getLogger(__name__)


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
        changed: list[str] = []
        for story in Story.objects.select_for_update().filter(pk__in=ids):
            row = stats.get(story.pk, {})
            values = {
                "article_count": row.get("n", 0),
                "first_published_at": row.get("first"),
                "last_published_at": row.get("last"),
            }
            if all(getattr(story, name) == value for name, value in values.items()):
                continue
            # An update, not save(): the counts are not searchable text, and
            # save() would re-index the story for search on every publish.
            Story.objects.filter(pk=story.pk).update(**values)
            changed.append(changes.story(story.pk))
            if (
                story.title_is_proposed
                # A story just made (none counted yet) already has the
                # proposal from its articles; past FOLLOWS_UP_TO it settles.
                and story.article_count
                and 0 < values["article_count"] <= titles.FOLLOWS_UP_TO
                and values["article_count"] != story.article_count
            ):
                _propose_title_again(story)
        if changed:
            retire_cached_pages(changed=changed)


def _propose_title_again(story: Story) -> None:
    """Title ``story`` again from its live articles (at most
    ``titles.FOLLOWS_UP_TO``, ``refresh_stories`` checks), earliest first."""
    from gazette.articles.models import ArticlePage

    first = list(
        ArticlePage.objects.live()
        .filter(story_id=story.pk)
        .order_by("first_published_at", "pk")[: titles.FOLLOWS_UP_TO]
    )
    title = propose_title([(a.title, article_text(a)) for a in first])
    if title != story.title:
        story.title = title
        # save(), not update(): the title is searchable text.
        story.save(update_fields=["title"])


# -- articles as the engine sees them ------------------------------------------


def article_text(article: ArticlePage) -> str:
    """Return the lede and body of ``article`` as plain text, a line per paragraph."""
    body = article.body.raw_data if hasattr(article.body, "raw_data") else []
    return body_text(article.lede or "", body)


def _drop_abandoned_story(
    article: ArticlePage, old_id: int | None, new: Story | None
) -> None:
    """Delete the story the engine started for ``article`` once an editor has
    moved the article out and nothing else is in it.

    Its address then leads to the article's new story, or to the article.
    """
    from wagtail.contrib.redirects.models import Redirect

    from gazette.articles.models import ArticlePage

    if not old_id or (new is not None and new.pk == old_id):
        return
    started_for_it = ThreadingDecision.objects.filter(
        article_id=article.pk,
        story_id=old_id,
        decided_by=DecidedBy.ENGINE,
        applied=True,
        new_story=True,
    ).exists()
    old = Story.objects.filter(pk=old_id).first()
    if (
        old is None
        or not started_for_it
        or ArticlePage.objects.filter(story_id=old_id).exists()
    ):
        return
    if new is not None:
        _redirect_story(old, new)
    else:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old.get_absolute_url()),
            site=None,
            defaults={"redirect_page": article, "is_permanent": False},
        )
    old.delete()
    retire_cached_pages()


def _redirect_story(old: Story, new: Story) -> None:
    """Send readers of ``old``'s page (and of pages merged into it) to ``new``'s.

    Wagtail's redirects middleware answers the 404 the old address would give.
    """
    from wagtail.contrib.redirects.models import Redirect

    old_url, new_url = old.get_absolute_url(), new.get_absolute_url()
    Redirect.objects.filter(redirect_link=old_url).update(redirect_link=new_url)
    Redirect.objects.filter(old_path=Redirect.normalise_path(new_url)).delete()
    Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_url),
        site=None,
        defaults={"redirect_link": new_url, "is_permanent": True},
    )
