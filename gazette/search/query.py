"""Search the live articles: relevance from the search backend, then recency."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gazette.articles.models import ArticlePage, ArticlePageAuthor

from . import ranking


@dataclass(frozen=True)
class Filters:
    section: object = None
    story: object = None
    author: object = None
    since: datetime.date | None = None
    until: datetime.date | None = None

    def __bool__(self) -> bool:
        return any(
            v is not None
            for v in (self.section, self.story, self.author, self.since, self.until)
        )


def filtered_articles(filters: Filters):
    """Return the live articles that pass ``filters``, as the backend can filter them.

    Every lookup is on a field declared as a ``FilterField`` of ``ArticlePage``
    (``path`` for the section, ``story``, ``id`` for the author's bylines,
    ``first_published_at`` for the dates), so it runs inside the search query.
    """
    articles = ArticlePage.objects.live().public()
    if filters.section is not None:
        articles = articles.child_of(filters.section)
    if filters.story is not None:
        articles = articles.filter(story=filters.story)
    if filters.author is not None:
        bylines = ArticlePageAuthor.objects.filter(author=filters.author)
        articles = articles.filter(
            id__in=list(bylines.values_list("page_id", flat=True))
        )
    return articles.filter(**published_between(filters.since, filters.until))


def published_between(
    since: datetime.date | None, until: datetime.date | None
) -> dict[str, datetime.datetime]:
    """Return the lookups on ``first_published_at`` for days ``since`` to ``until``.

    Both days count whole, in the site's time zone. A bound at the edge of the
    calendar (``until=9999-12-31``, whose next midnight is no date at all, or
    a day whose midnight falls before year 1 in UTC) bounds nothing: every
    article is inside it, so it is left out rather than overflowing.
    """
    lookups = {}
    start = _midnight(since) if since is not None else None
    if start is not None:
        lookups["first_published_at__gte"] = start
    if until is not None and until < datetime.date.max:
        end = _midnight(until + datetime.timedelta(days=1))
        if end is not None:
            lookups["first_published_at__lt"] = end
    return lookups


def _midnight(day: datetime.date) -> datetime.datetime | None:
    """Return the start of ``day`` in the site's time zone; None past the calendar."""
    try:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        # The database stores UTC: the conversion must exist too.
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return moment


class RankedResults:
    """The matches of a search, sliceable and countable for Django's Paginator.

    The first ``ranking.WINDOW`` matches by relevance are re-ranked by
    recency (see ``ranking``); later ones keep the backend's order. Only the
    key, score and date of the window are read; the articles of a page are
    then loaded in one query, with their story and bylines.
    """

    def __init__(self, query: str, filters: Filters, now=None):
        self.query = query
        self.filters = filters
        self.now = now or timezone.now()
        # Built once: ``public()`` reads the view restrictions when called.
        self._articles = filtered_articles(filters)
        self._count: int | None = None
        self._window: list[int] | None = None

    def _search(self):
        return self._articles.search(self.query)

    def count(self) -> int:
        if self._count is None:
            self._count = self._search().count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def window(self) -> list[int]:
        if self._window is None:
            # Keys, dates and scores only: the bodies of 200 articles are
            # not worth reading for ten results.
            matches = (
                self._articles.only("id", "first_published_at")
                .search(self.query)
                .annotate_score("_score")[: ranking.WINDOW]
            )
            self._window = list(
                ranking.rerank(
                    (
                        ranking.Candidate(a.pk, a._score or 0.0, a.first_published_at)
                        for a in matches
                    ),
                    self.now,
                )
            )
        return self._window

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        if stop is None:
            stop = self.count()
        if stop <= ranking.WINDOW:
            return load(self.window()[start:stop])
        if start >= ranking.WINDOW:
            return load(self._pks(start, stop))
        return load(self.window()[start:] + self._pks(ranking.WINDOW, stop))

    def _pks(self, start: int, stop: int) -> list[int]:
        return [a.pk for a in self._search()[start:stop]]


def load(pks: list[int]) -> list[ArticlePage]:
    """Return the articles with keys ``pks``, in that order, ready for a result list."""
    articles = (
        ArticlePage.objects.filter(pk__in=pks)
        .select_related("story")
        .prefetch_related("article_authors__author")
    )
    by_pk = {a.pk: a for a in articles}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def browse(filters: Filters):
    """Return the articles passing ``filters``, newest first, when there is no query."""
    return (
        filtered_articles(filters)
        .for_listing()
        .prefetch_related("article_authors__author")
    )
