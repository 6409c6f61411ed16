"""What publishing does after each article, done for a batch of imported ones.

``articles.services.create_articles`` stores a batch of articles already live
with their archive's dates and sends no ``page_published``; this module then
does what that signal's receivers do for one article, for many at once and
in publication order: threading into stories with related lists
(``stories.batch``), short links (``links.services.shorten_many``), the site's
search table and, when the site speaks articles, their audio.
"""

from __future__ import annotations

import datetime
from collections.abc import MutableMapping, Sequence

from django.db import transaction
from django.db.models import Subquery

from gazette.articles.models import ArticlePage
from gazette.audio import services as audio
from gazette.core.models import GazetteImage
from gazette.links import services as links
from gazette.links.models import ShortLink
from gazette.search import bulk
from gazette.search import services as search
from gazette.stories import batch as stories_batch

from .models import ImportedItem

CHUNK = 500


def finish_published(
    article_ids: Sequence[int], digests: MutableMapping[int, str] | None = None
) -> dict[str, int]:
    """Thread, shorten, index and speak the live articles ``article_ids``
    (given in publication order), a chunk of ``CHUNK`` a transaction.
    ``digests``: kept by the caller from one call to the next, so that the
    related lists of later articles read earlier ones light
    (``stories.batch_related``).

    A chunk is done whole or not at all: an import stopped in the middle
    leaves articles without their short link, which ``unfinished`` finds for
    the next run.
    """
    counts: dict[str, int] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = list(article_ids[start : start + CHUNK])
        with transaction.atomic():
            threaded = stories_batch.thread_imported_articles(chunk, digests)
            for outcome, n in threaded.items():
                counts[outcome] = counts.get(outcome, 0) + n
            pages = list(ArticlePage.objects.live().filter(pk__in=chunk).only("pk"))
            links.shorten_many(pages)
            search.index_articles(chunk)
            for page in pages:
                audio.request_article_audio(page)
    return counts


def unfinished(source: str, kind: str = "post") -> list[tuple[datetime.datetime, int]]:
    """Return ``(first published, id)`` of the live articles imported from
    ``source`` that a stopped run left without their short link (made last)."""
    imported = ImportedItem.objects.filter(
        source=source, kind=kind, object_id__isnull=False
    ).values("object_id")
    return list(
        ArticlePage.objects.live()
        .filter(pk__in=Subquery(imported))
        .exclude(pk__in=ShortLink.objects.filter(is_alias=False).values("page_id"))
        .order_by("first_published_at", "pk")
        .values_list("first_published_at", "pk")
    )


def index_unindexed(source: str, article_ids: Sequence[int]) -> None:
    """Write Wagtail's search index of the articles ``article_ids`` and of the
    pictures imported from ``source`` that a stopped run left without it (its
    deferred write, ``search.bulk``, never came)."""
    bulk.index_missing(ArticlePage, article_ids)
    images = ImportedItem.objects.filter(
        source=source, kind__in=("attachment", "upload"), object_id__isnull=False
    ).values_list("object_id", flat=True)
    bulk.index_missing(GazetteImage, list(images))
