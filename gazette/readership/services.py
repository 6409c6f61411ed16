"""Counting article reads and reading the most read.

A read is a ``GET`` of an article page answered ``200`` to a user agent that
is not a robot (``gazette.links.bots.is_bot``), counted whether the page was
rendered or came from the app's page cache. Nothing about the reader is kept:
the article and the day. Counts wait in memory (``gazette.links.visits``'s
buffer, shared with short link visits' design) and reach the database in
batches, never during the request.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from gazette.articles.models import ArticlePage
from gazette.core.counting import add_daily_counts, in_background
from gazette.links.bots import is_bot
from gazette.links.visits import Counts, VisitBuffer

from .models import ArticleReadDay

BUFFER = VisitBuffer("article reads")
# The response header naming the article a page shows (set by ArticlePage.serve,
# kept by the page cache and by nginx's micro-cache).
ARTICLE_HEADER = "X-Gazette-Article"


def record_read(article_id: int, *, user_agent: str) -> bool:
    """Count one read of an article in memory, unless a robot made it.

    Returns whether it was counted: only with ``GAZETTE_READS_COUNTING=app``
    (with ``log`` nginx's log counts every read, ``gazette ingest-article-reads``).
    """
    if settings.GAZETTE_READS_COUNTING != "app" or is_bot(user_agent):
        return False
    BUFFER.add(article_id, timezone.now().date())
    if settings.GAZETTE_READS_FLUSH_SECONDS > 0:
        BUFFER.start_flusher(
            write_reads_in_background, settings.GAZETTE_READS_FLUSH_SECONDS
        )
    return True


def write_reads(counts: Counts) -> int:
    """Add ``counts`` to the daily totals, in one transaction; return how many.

    An article deleted meanwhile takes its reads along (not in the number).
    """
    return add_daily_counts(ArticleReadDay, "article", counts)


def write_reads_in_background(counts: Counts) -> None:
    """``write_reads`` for the flusher thread (``core.counting.in_background``)."""
    in_background(write_reads)(counts)


def flush_reads() -> int:
    """Write this process's pending read counts now; return how many."""
    return BUFFER.flush(write_reads)


BUFFER.register_at_exit(write_reads_in_background)


def most_read(
    *,
    section=None,
    days: int = 1,
    limit: int = 5,
    today: datetime.date | None = None,
    locale_id: int | None = None,
) -> list[tuple[ArticlePage, int]]:
    """Return the live articles read most in the last ``days`` days, with counts.

    ``section``: only the articles under that section page; ``locale_id``:
    only one edition's (a front's list never mixes editions). Ties go to the
    newer article. One query, whatever the size of the archive: the filter on
    the read rows comes before the sum, so only the window's rows are added.
    """
    today = today or timezone.now().date()
    first = today - datetime.timedelta(days=days - 1)
    articles = ArticlePage.objects.live()
    if section is not None:
        articles = articles.descendant_of(section)
    if locale_id is not None:
        articles = articles.filter(locale_id=locale_id)
    ranked = (
        articles.filter(read_days__day__gte=first, read_days__day__lte=today)
        .annotate(reads=Sum("read_days__count"))
        .order_by("-reads", "-pk")[:limit]
    )
    return [(article, article.reads) for article in ranked]


# A list of counts moves slowly: each list's query runs at most once a minute.
MOST_READ_CACHE_SECONDS = 60


def cached_most_read(
    *, section=None, days: int = 1, limit: int = 5, locale_id: int | None = None
) -> list[tuple[ArticlePage, int]]:
    """Return ``most_read(...)`` kept a minute in the cache, per list and day."""
    key = "gazette:most-read:{}:{}:{}:{}:{}".format(
        getattr(section, "pk", "site"), locale_id, timezone.now().date(), days, limit
    )
    items = cache.get(key)
    if items is None:
        items = most_read(section=section, days=days, limit=limit, locale_id=locale_id)
        cache.set(key, items, MOST_READ_CACHE_SECONDS)
    return items
