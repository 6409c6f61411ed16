"""Related lists of a batch of imported articles, ranked together.

``rank_related_in_bulk`` does for a batch (``stories.batch``) what
``related_services.refresh_related`` does for one article as it is published:
each article's list is ranked among the articles published *before* it (its
story's newest, the stories the engine named, its section's newest), with
the same candidates, profiles and scores.

The candidates from earlier batches (seeds) are read light: their dates,
story, section and title, not their bodies. An archive's threading passes
``digests``, the digest (``related.profile_key``) of the text each article
it ranked was read with; a seed whose stored profile still has that digest
is used as stored, and only the others are read whole, their text digested
again, as before (an article edited meanwhile by the site gets a new profile,
and so a new digest, and is read again).

The batch's profiles have their features numbered once
(``similarity_batch.FeatureIndex``), so that each list counts its document
frequencies without sorting its candidates' features again.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from . import related as related_rules
from . import similarity, similarity_batch
from .engine_store import article_language
from .membership import article_text
from .models import ArticleProfile, RelatedArticle
from .related_services import (
    OTHER_STORY_CANDIDATES,
    RELATED_TEXT_CHARS,
    SAME_STORY_CANDIDATES,
    SECTION_CANDIDATES,
    article_profiles,
)

if TYPE_CHECKING:
    from gazette.articles.models import ArticlePage

Key = tuple[datetime.datetime, int]

# Digests kept for a run: 40 bytes or so each, the newest kept.
DIGESTS_KEPT = 100_000

_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


@dataclass(frozen=True, slots=True)
class _Seen:
    """An article as the ranking's candidate lists need it."""

    pk: int
    published: datetime.datetime | None
    story_id: int | None
    section: str
    title: str
    language: str

    @property
    def key(self) -> Key:
        return (self.published or _LATEST, self.pk)


def _seen(article: ArticlePage) -> _Seen:
    return _Seen(
        article.pk,
        article.first_published_at,
        article.story_id,
        article.path[: -article.steplen],
        article.title,
        article_language(article),
    )


def rank_related_in_bulk(
    articles: Sequence[ArticlePage],
    named: dict[int, list[int]],
    texts: dict[int, str] | None = None,
    digests: MutableMapping[int, str] | None = None,
) -> int:
    """Rank and store the related lists of ``articles`` (in publication order),
    each among the articles published before it; editors' pins and exclusions
    stay. Return how many rows were written.

    ``texts``: ``article_text`` of articles already read, by id. ``digests``:
    the run's digests of the articles it ranked (read, and added to).
    """
    from gazette.articles.models import ArticlePage

    if not articles:
        return 0
    texts = texts or {}
    digests = digests if digests is not None else {}
    limit = settings.GAZETTE_RELATED_ARTICLES
    ids = [a.pk for a in articles]
    kept: dict[int, set[int]] = defaultdict(set)
    for article_id, related_id in RelatedArticle.objects.filter(
        Q(pinned=True) | Q(excluded=True), article_id__in=ids
    ).values_list("article_id", "related_id"):
        kept[article_id].add(related_id)
    first = min(_seen(a).key for a in articles)[0]
    live = ArticlePage.objects.live().exclude(pk__in=ids)
    stories = {a.story_id for a in articles if a.story_id} | {
        s for story_ids in named.values() for s in story_ids
    }
    newest = Window(
        RowNumber(),
        partition_by=F("story_id"),
        order_by=[F("first_published_at").desc(), F("pk").desc()],
    )
    light = ("pk", "first_published_at", "story_id", "path", "title", "locale_id")
    seeds: list[tuple] = []
    if stories:
        seeds.extend(
            live.filter(story_id__in=stories, first_published_at__lt=first)
            .annotate(newest=newest)
            .filter(newest__lte=SAME_STORY_CANDIDATES)
            .order_by()
            .values_list(*light)
        )
    for parent, depth in {(a.path[: -a.steplen], a.depth) for a in articles}:
        seeds.extend(
            live.filter(
                path__startswith=parent, depth=depth, first_published_at__lt=first
            )
            .order_by("-first_published_at", "-pk")
            .values_list(*light)[:SECTION_CANDIDATES]
        )
    languages = _languages({row[5] for row in seeds})
    steplen = articles[0].steplen
    everyone: dict[int, _Seen] = {
        pk: _Seen(pk, published, story_id, path[:-steplen], title, languages[locale])
        for pk, published, story_id, path, title, locale in seeds
    }
    everyone.update((a.pk, _seen(a)) for a in articles)
    in_story: dict[int, list[Key]] = defaultdict(list)
    in_section: dict[str, list[Key]] = defaultdict(list)
    for seen in sorted(everyone.values(), key=lambda s: s.key):
        if seen.story_id:
            in_story[seen.story_id].append(seen.key)
        in_section[seen.section].append(seen.key)

    def before(timeline: list[Key], key: Key, n: int) -> list[int]:
        end = bisect.bisect_left(timeline, key)
        return [pk for _, pk in timeline[max(0, end - n) : end]]

    chosen: dict[int, list[int]] = {}
    for article in articles:
        seen = everyone[article.pk]
        picks: dict[int, None] = {}
        if seen.story_id:
            picks.update(
                dict.fromkeys(
                    before(in_story[seen.story_id], seen.key, SAME_STORY_CANDIDATES)
                )
            )
        for story_id in named.get(article.pk, []):
            if story_id != seen.story_id:
                picks.update(
                    dict.fromkeys(
                        before(in_story[story_id], seen.key, OTHER_STORY_CANDIDATES)
                    )
                )
        picks.update(
            dict.fromkeys(
                before(in_section[seen.section], seen.key, SECTION_CANDIDATES)
            )
        )
        chosen[article.pk] = [
            pk for pk in picks if pk != article.pk and pk not in kept[article.pk]
        ]
    wanted = set(ids) | {pk for picks in chosen.values() for pk in picks}
    # Seeds the run ranked before, whose stored profile is the one it made.
    profiles = _remembered(
        [pk for pk in wanted if pk not in texts and pk in digests], digests
    )
    unread = [pk for pk in wanted if pk not in texts and pk not in profiles]
    for page in ArticlePage.objects.filter(pk__in=unread):
        texts[page.pk] = article_text(page)
    items = {
        pk: related_rules.Item(
            id=pk,
            title=everyone[pk].title,
            text=texts[pk][:RELATED_TEXT_CHARS] if pk in texts else "",
            published=everyone[pk].published,
            story=everyone[pk].story_id,
            language=everyone[pk].language,
        )
        for pk in wanted
    }
    profiles.update(
        article_profiles([items[pk] for pk in wanted if pk not in profiles])
    )
    for pk in ids:
        digests[pk] = related_rules.profile_key(items[pk])
    while len(digests) > DIGESTS_KEPT:
        del digests[next(iter(digests))]
    # Every profile's features numbered once for the batch: each list's
    # document frequencies are then counted without sorting its features.
    index = similarity_batch.FeatureIndex({pk: profiles[pk] for pk in wanted})
    rows: list[RelatedArticle] = []
    for article in articles:
        ranked = related_rules.rank(
            items[article.pk],
            [items[pk] for pk in chosen[article.pk]],
            limit,
            profiles=profiles,
            index=index,
        )
        rows.extend(
            RelatedArticle(article_id=article.pk, related_id=pk, score=score, rank=n)
            for n, (pk, score) in enumerate(ranked, 1)
        )
    RelatedArticle.objects.filter(
        article_id__in=ids, pinned=False, excluded=False
    ).delete()
    RelatedArticle.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _languages(locale_ids: set[int | None]) -> dict[int | None, str]:
    """Return ``article_language`` of an article of each locale."""
    from wagtail.models import Locale

    from . import languages

    codes: dict[int | None, str] = {
        pk: str(code)
        for pk, code in Locale.objects.filter(pk__in=locale_ids).values_list(
            "pk", "language_code"
        )
    }
    codes[None] = languages.primary_code(settings.LANGUAGE_CODE)
    return codes


def _remembered(
    pks: Sequence[int], digests: MutableMapping[int, str]
) -> dict[int, similarity.Packed]:
    """Return the stored profiles of ``pks`` still made of the text the run
    read (their digest is the one it remembers)."""
    if not pks:
        return {}
    return {
        pk: similarity.load_packed(data)
        for pk, digest, data in ArticleProfile.objects.filter(
            article_id__in=pks, format=similarity.PROFILE_FORMAT
        ).values_list("article_id", "digest", "data")
        if digests.get(pk) == digest
    }
