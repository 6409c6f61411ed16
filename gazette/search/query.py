"""Search the live articles: matches from the search table, ranked by relevance
and recency."""

import datetime
import time
from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.utils import timezone

from gazette.articles.models import ArticlePage, ArticlePageAuthor

from . import fulltext, ranking


@dataclass(frozen=True)
class Filters:
    """What a search or a listing is narrowed to.

    ``locale`` is the edition searched, by its language code ("es"; None:
    every edition); it is where the reader is, not a filter the reader
    chose, so it does not make a search of filters alone.
    """

    locale: str | None = None
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
    if filters.locale is not None:
        articles = articles.filter(locale_id=fulltext.edition_key(filters.locale))
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


# The most matches a search counts and pages through, as search engines cap
# theirs (Elasticsearch's ``max_result_window``): counting every match of a
# common word would read every one of them. Past it, readers narrow the
# search with words, a section or dates.
MATCH_LIMIT = 500


class RankedResults:
    """The matches of a search, sliceable and countable for Django's Paginator.

    The newest ``ranking.WINDOW`` matches are scored by the database and
    ordered by relevance and recency (see ``ranking``); older matches follow,
    newest first. Only keys, dates and scores are read from the search table;
    the articles of a page are then loaded in one query, with their story and
    bylines.
    """

    def __init__(self, query: str, filters: Filters, now=None):
        self.query = query
        self.filters = filters
        self.now = now or timezone.now()
        self._edition = filters.locale
        if filters.locale is None:
            self._configs = fulltext.edition_configs()
        else:
            self._configs = (fulltext.config_for(filters.locale),)
        self._matches = fulltext.matching(documents(filters), query, self._configs)
        self._count: int | None = None
        self._counted: int | None = None
        self._window: list[int] | None = None
        self._complete = False
        self._timed_out = False
        self._deadline = 0.0

    def count(self) -> int:
        """Return the number of matches, at most ``MATCH_LIMIT``."""
        if self._count is None:
            window = self.window()
            if self._complete or self._timed_out:
                # All the matches, or all it had time to find.
                self._count = len(window)
            else:
                # Counting every match of a common word reads every one of
                # them; past the limit, readers narrow the search instead.
                # Counted with the window (``fulltext.scored``); None: it ran
                # out of time.
                counted = self._counted
                self._timed_out = self._timed_out or counted is None
                self._count = len(window) if counted is None else counted
        return self._count

    def __len__(self) -> int:
        return self.count()

    @property
    def timed_out(self) -> bool:
        """Whether the search stopped at its time budget, so that there may be
        more matches than it found."""
        self.count()
        return self._timed_out

    @property
    def capped(self) -> bool:
        """Whether there may be more matches than ``count()`` says: it stopped
        at ``MATCH_LIMIT``, or the search ran out of time
        (``fulltext.BUDGET_SECONDS``)."""
        count = self.count()
        return not self._complete and (count >= MATCH_LIMIT or self._timed_out)

    def window(self) -> list[int]:
        if self._window is None:
            self._deadline = time.monotonic() + fulltext.BUDGET_SECONDS
            scored, self._complete, self._counted = fulltext.scored(
                self._matches,
                self.query,
                ranking.WINDOW,
                self._deadline,
                self._configs,
                self._edition,
                count_limit=MATCH_LIMIT,
            )
            self._timed_out = not self._complete and len(scored) < ranking.WINDOW
            self._window = list(
                ranking.rerank(
                    (ranking.Candidate(s.pk, s.score, s.published_at) for s in scored),
                    self.now,
                )
            )
        return self._window

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        stop = self.count() if stop is None else min(stop, self.count())
        if stop <= ranking.WINDOW:
            return load(self.window()[start:stop])
        if start >= ranking.WINDOW:
            return load(self._pks(start, stop))
        return load(self.window()[start:] + self._pks(ranking.WINDOW, stop))

    def _pks(self, start: int, stop: int) -> list[int]:
        # Past the window, the older matches by date: the window is the
        # newest ones, so every match is listed once.
        return list(
            fulltext.newest(self._matches).values_list("article_id", flat=True)[
                start:stop
            ]
        )


def documents(filters: Filters):
    """Return the search rows of the live, public articles passing ``filters``."""
    return fulltext.documents(
        locale=None if filters.locale is None else fulltext.edition_key(filters.locale),
        section=filters.section,
        story=filters.story,
        author=filters.author,
        published=published_between(filters.since, filters.until),
    )


def load(pks: list[int]) -> list[ArticlePage]:
    """Return the articles with keys ``pks``, in that order, ready for a result list.

    One query for the articles with their story, edition and picture, the body's
    readable text taken from the search row (``search_text``) instead of the
    StreamField, which is left unread; one for the bylines with their authors.
    """
    articles = (
        ArticlePage.objects.live()
        .filter(pk__in=pks)
        .defer("body")
        .annotate(search_text=F("search_document__body"))
        .select_related("story", "locale", "image")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticlePageAuthor.objects.select_related("author"),
            )
        )
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
