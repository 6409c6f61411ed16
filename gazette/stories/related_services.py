"""Related articles: candidates, stored similarity profiles, the stored list.

An article's related list is computed when it is published or its story
changes (``refresh_related``) and stored (``RelatedArticle``), with the
editors' pins and exclusions kept; candidates are bounded so that a refresh
costs the same whatever the archive's size.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from gazette.core import changes
from gazette.core.services import retire_cached_pages

from . import across, similarity
from . import related as related_rules
from .models import (
    ArticleProfile,
    RelatedArticle,
    Story,
)

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage
from .engine_store import article_language, current_decision
from .membership import article_text

logger = logging.getLogger(__name__)


# -- related articles ----------------------------------------------------------

# Bounded, so that a decision costs the same whatever the archive's size.
SAME_STORY_CANDIDATES = 20

SECTION_CANDIDATES = 15

OTHER_STORY_CANDIDATES = 5

# From the same story in each other edition (``across.other_editions``).
OTHER_EDITION_CANDIDATES = 10

RELATED_TEXT_CHARS = 1500

REFRESHED_IN_STORY = 5


def _candidates(article: ArticlePage) -> list[ArticlePage]:
    from gazette.articles.models import ArticlePage

    # With their locales: each candidate is read in its own language.
    live = ArticlePage.objects.live().exclude(pk=article.pk).select_related("locale")
    # The article's story first, then the stories the engine named, newest first.
    limits: dict[int, int] = {}
    if article.story_id:
        limits[article.story_id] = SAME_STORY_CANDIDATES
    latest = current_decision(article)
    for key, _ in latest.candidates if latest else []:
        if str(key).isdigit():
            limits.setdefault(int(key), OTHER_STORY_CANDIDATES)
    # One query for all the stories, through the story index: a query per story
    # ordered by date with a LIMIT lets PostgreSQL walk the whole archive's date
    # index backwards instead, filtering by story (9 to 12 ms a story at 100,000
    # articles, against 1 ms for all of them here; bench/README.md, run 6).
    newest = Window(
        RowNumber(),
        partition_by=F("story_id"),
        order_by=[F("first_published_at").desc(), F("pk").desc()],
    )
    rows = (
        live.filter(story_id__in=limits)
        .annotate(newest=newest)
        .filter(newest__lte=max(limits.values(), default=0))
        .order_by()
        .values_list("pk", "story_id", "newest")
    )
    order = {story_id: n for n, story_id in enumerate(limits)}
    chosen = sorted(
        (order[story_id], newest, pk)
        for pk, story_id, newest in (rows if limits else [])
        if newest <= limits[story_id]
    )
    pages = live.in_bulk([pk for _, _, pk in chosen])
    found = {pk: pages[pk] for _, _, pk in chosen if pk in pages}
    parent_path = article.path[: -article.steplen]
    for candidate in live.filter(
        path__startswith=parent_path, depth=article.depth
    ).order_by("-first_published_at")[:SECTION_CANDIDATES]:
        found.setdefault(candidate.pk, candidate)
    for candidate in _other_edition_candidates(article):
        found.setdefault(candidate.pk, candidate)
    return list(found.values())


def _other_edition_candidates(article: ArticlePage) -> list[ArticlePage]:
    """Return the newest articles of the same story in the other editions,
    each in the article's edition when it is translated there.

    Never a translation of ``article`` itself (the page lists those in its
    "Read in"). Three queries, none without a story.
    """
    from gazette.articles.models import ArticlePage

    if not article.story_id or article.locale_id is None:
        return []
    others = across.other_editions(
        Story(pk=article.story_id, locale_id=article.locale_id)
    )
    if not others:
        return []
    live = (
        ArticlePage.objects.live()
        .exclude(translation_key=article.translation_key)
        .select_related("locale")
    )
    newest = Window(
        RowNumber(),
        partition_by=F("story_id"),
        order_by=[F("first_published_at").desc(), F("pk").desc()],
    )
    foreign = list(
        live.filter(story_id__in=[other.story.pk for other in others])
        .annotate(newest=newest)
        .filter(newest__lte=OTHER_EDITION_CANDIDATES)
        .order_by("newest", "pk")
    )
    # A related article that exists in the reader's edition is shown there.
    local = {
        page.translation_key: page
        for page in live.filter(
            locale_id=article.locale_id,
            translation_key__in=[page.translation_key for page in foreign],
        )
    }
    chosen: dict[int, ArticlePage] = {}
    for page in foreign:
        version = local.get(page.translation_key, page)
        chosen.setdefault(version.pk, version)
    return list(chosen.values())


def _as_item(article: ArticlePage, language: str | None = None) -> related_rules.Item:
    return related_rules.Item(
        id=article.pk,
        title=article.title,
        text=article_text(article)[:RELATED_TEXT_CHARS],
        published=article.first_published_at,
        story=article.story_id,
        language=language or article_language(article),
        edition=article.locale_id,
    )


def article_profiles(
    items: Sequence[related_rules.Item],
) -> dict[int, similarity.Packed]:
    """Return the packed similarity profile of each of ``items``, by article id.

    Up-to-date stored profiles are read in one query; the others (new or
    edited articles, a new profile format, an archive from before profiles were
    kept) are made from the items' text and stored.
    """
    keys = {item.id: related_rules.profile_key(item) for item in items}
    profiles: dict[int, similarity.Packed] = {}
    stored = ArticleProfile.objects.filter(
        article_id__in=keys, format=similarity.PROFILE_FORMAT
    ).values_list("article_id", "digest", "data")
    for pk, digest, data in stored:
        if keys[pk] == digest:
            profiles[pk] = similarity.load_packed(data)
    missing = [item for item in items if item.id not in profiles]
    profiles.update(_make_profiles(missing, keys))
    return profiles


def _item_id(item: related_rules.Item) -> int:
    return item.id


def _make_profiles(
    items: Sequence[related_rules.Item], keys: dict[int, str]
) -> dict[int, similarity.Packed]:
    made = {}
    rows = []
    # Once each, in id order: two transactions storing the same articles lock
    # their rows in the same order.
    for item in sorted({item.id: item for item in items}.values(), key=_item_id):
        made[item.id] = profile = related_rules.profile_of(item)
        rows.append(
            ArticleProfile(
                article_id=item.id,
                digest=keys[item.id],
                format=similarity.PROFILE_FORMAT,
                data=similarity.dump_packed(profile),
            )
        )
    if rows:
        ArticleProfile.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["digest", "format", "data"],
        )
    return made


def store_profiles(
    articles: Iterable[ArticlePage],
    *,
    batch: int = 200,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Store the similarity profile of each of ``articles`` that has none up to date.

    Return how many profiles were ``made`` and how many were ``up_to_date``.
    Each batch of articles is one transaction.
    """
    from wagtail.models import Locale

    counts = {"made": 0, "up_to_date": 0}
    pages: list[ArticlePage] = []
    chunk: list[related_rules.Item] = []

    def flush() -> None:
        # The batch's languages in one query, not one per article.
        codes = dict(
            Locale.objects.filter(pk__in={p.locale_id for p in pages}).values_list(
                "pk", "language_code"
            )
        )
        chunk.extend(_as_item(p, codes.get(p.locale_id)) for p in pages)
        pages.clear()
        keys = {item.id: related_rules.profile_key(item) for item in chunk}
        stored = ArticleProfile.objects.filter(
            article_id__in=keys, format=similarity.PROFILE_FORMAT
        ).values_list("article_id", "digest")
        fresh = {pk for pk, digest in stored if keys[pk] == digest}
        with transaction.atomic():
            _make_profiles([item for item in chunk if item.id not in fresh], keys)
        counts["up_to_date"] += len(fresh)
        counts["made"] += len(chunk) - len(fresh)
        chunk.clear()
        if progress:
            progress(counts["made"] + counts["up_to_date"])

    for article in articles:
        pages.append(article)
        if len(pages) >= batch:
            flush()
    if pages:
        flush()
    return counts


@transaction.atomic
def refresh_related(article: ArticlePage) -> None:
    """Compute and store ``article``'s related articles; editors' pins stay."""
    limit = settings.GAZETTE_RELATED_ARTICLES
    kept = RelatedArticle.objects.filter(article_id=article.pk).filter(
        pinned=True
    ) | RelatedArticle.objects.filter(article_id=article.pk, excluded=True)
    kept_ids = set(kept.values_list("related_id", flat=True))
    candidates = [c for c in _candidates(article) if c.pk not in kept_ids]
    target = _as_item(article)
    items = [_as_item(c) for c in candidates]
    ranked = related_rules.rank(
        target, items, limit, profiles=article_profiles([target, *items])
    )
    RelatedArticle.objects.filter(
        article_id=article.pk, pinned=False, excluded=False
    ).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article_id=article.pk, related_id=pk, score=score, rank=n)
        for n, (pk, score) in enumerate(ranked, 1)
    )
    retire_cached_pages(changed=[changes.article(article.pk)])


def refresh_story_related(story: Story, *, limit: int = REFRESHED_IN_STORY) -> None:
    """Refresh the related lists of the newest articles of ``story``."""
    from gazette.articles.models import ArticlePage

    for article in (
        ArticlePage.objects.live()
        .filter(story=story)
        .order_by("-first_published_at")[:limit]
    ):
        refresh_related(article)


@transaction.atomic
def pin_related(article: ArticlePage, related: ArticlePage) -> None:
    """Show ``related`` first under ``article``, whatever is computed later."""
    if related.pk == article.pk:
        raise ValueError("An article cannot be related to itself.")
    RelatedArticle.objects.update_or_create(
        article_id=article.pk,
        related_id=related.pk,
        defaults={"pinned": True, "excluded": False, "rank": 0},
    )
    retire_cached_pages(changed=[changes.article(article.pk)])


@transaction.atomic
def exclude_related(article: ArticlePage, related: ArticlePage) -> None:
    """Never show ``related`` under ``article``."""
    RelatedArticle.objects.update_or_create(
        article_id=article.pk,
        related_id=related.pk,
        defaults={"pinned": False, "excluded": True},
    )
    retire_cached_pages(changed=[changes.article(article.pk)])


@transaction.atomic
def reset_related(article: ArticlePage, related: ArticlePage) -> None:
    """Forget an editor's pin or exclusion of ``related`` under ``article``."""
    RelatedArticle.objects.filter(article_id=article.pk, related_id=related.pk).delete()
    refresh_related(article)
    retire_cached_pages(changed=[changes.article(article.pk)])
