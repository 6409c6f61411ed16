"""What the API reads: only live articles without view restrictions, ever.

Every list is a QuerySet built from the apps' own QuerySet methods
(``live()``, ``public()``, ``for_listing()``, ``running()``), with what its
items show fetched in a fixed number of queries, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from wagtail.models import Page

from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core import editions, keyset
from gazette.core.cache import get_generation
from gazette.core.models import GazetteRendition
from gazette.search.fulltext import edition_key
from gazette.search.query import (
    Filters,
    RankedResults,
    filtered_articles,
    published_between,
)
from gazette.stories.models import Story

# How long the sections are kept at most (they are also retired with the
# content generation).
SECTIONS_SECONDS = 300
# The size the article page shows its lead picture at, so that the API and
# the page share one rendition.
IMAGE_FILTER = "width-960"


class NotFound(LookupError):
    """A filter names something that is not there (a section id, a story id)."""


class UnknownEdition(ValueError):
    """A ``locale`` that names no edition of the site."""


def filters_from(
    *,
    locale: str | None = None,
    section: int | None = None,
    story: int | None = None,
    author: int | None = None,
    since=None,
    until=None,
) -> Filters:
    """Return the search app's ``Filters`` for these ids, or raise ``NotFound``
    (an id naming nothing) or ``UnknownEdition``."""
    found: dict[str, Any] = {}
    if locale is not None:
        codes = editions.edition_codes()
        if locale not in codes:
            raise UnknownEdition(
                f"locale: there is no edition {locale!r}; the editions are "
                f"{', '.join(codes)}."
            )
        found["locale"] = locale
    if section is not None:
        found["section"] = (
            SectionPage.objects.live().public().filter(pk=section).first()
        )
        if found["section"] is None:
            raise NotFound(f"section: there is no section with id {section}.")
    if story is not None:
        found["story"] = Story.objects.filter(pk=story).first()
        if found["story"] is None:
            raise NotFound(f"story: there is no story with id {story}.")
    if author is not None:
        found["author"] = Author.objects.filter(pk=author).first()
        if found["author"] is None:
            raise NotFound(f"author: there is no author with id {author}.")
    return Filters(since=since, until=until, **found)


def _renditions() -> Prefetch:
    # Wagtail's own attribute: Image.get_rendition() looks there first.
    return Prefetch(
        "image__renditions",
        queryset=GazetteRendition.objects.filter(filter_spec=IMAGE_FILTER),
        to_attr="prefetched_renditions",
    )


def _bylines() -> Prefetch:
    return Prefetch(
        "article_authors",
        queryset=ArticlePageAuthor.objects.select_related("author").order_by(
            "sort_order"
        ),
    )


def articles(filters: Filters, query: str = "") -> Listing | RankedResults:
    """Return the articles passing ``filters``, newest first, or matching ``query``.

    A query goes through the search app's ``RankedResults`` (the site's search
    backend, relevance re-ranked by recency); its pages are completed by
    ``complete``.
    """
    if query:
        return RankedResults(query, filters)
    return Listing(filters)


class Listing:
    """The articles passing some filters, newest first, for Django's Paginator.

    Cheaper than the plain QuerySet on a large archive, measured on 100,000
    articles in PostgreSQL (bench/search.py): the count runs on Wagtail's page
    table alone (45 ms instead of 150: every filter but the story's and the
    author's is a column of that table), and a page first reads the keys of
    its rows, then loads those rows, so that the rows a deep page skips are
    never read whole (170 ms instead of 300 at page 2,500).
    """

    def __init__(self, filters: Filters):
        self.filters = filters
        # Built once: ``public()`` reads the view restrictions when called.
        self._articles = filtered_articles(filters).for_listing()
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = _page_table(self.filters).count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        return self._load(list(self._articles.values_list("pk", flat=True)[item]))

    def after(self, position: keyset.Position, size: int) -> tuple[list, bool]:
        """Return the ``size`` articles older than ``position``, and whether
        more follow."""
        keys = list(
            keyset.after(self._articles, position).values_list("pk", flat=True)[
                : size + 1
            ]
        )
        return self._load(keys[:size]), len(keys) > size

    def before(self, position: keyset.Position, size: int) -> tuple[list, bool]:
        """Return the ``size`` articles newer than ``position`` (newest first),
        and whether more precede them."""
        keys = list(
            keyset.before(self._articles, position).values_list("pk", flat=True)[
                : size + 1
            ]
        )
        return self._load(list(reversed(keys[:size]))), len(keys) > size

    def _load(self, keys: list[int]) -> list[ArticlePage]:
        rows = (
            self._articles.filter(pk__in=keys)
            .select_related("locale")
            .prefetch_related(_bylines(), _renditions())
        )
        by_key = {row.pk: row for row in rows}
        return [by_key[key] for key in keys if key in by_key]


def _page_table(filters: Filters) -> QuerySet:
    """Return the pages of the live, public articles passing ``filters``.

    The same articles as ``filtered_articles(filters)``, counted without
    joining the articles' own table (``tests/test_api.py`` checks both agree).
    """
    pages = Page.objects.live().public().type(ArticlePage)
    if filters.locale is not None:
        pages = pages.filter(locale_id=edition_key(filters.locale))
    if filters.section is not None:
        pages = pages.child_of(filters.section)
    if filters.story is not None:
        pages = pages.filter(
            pk__in=ArticlePage.objects.filter(story=filters.story).values("pk")
        )
    if filters.author is not None:
        pages = pages.filter(
            pk__in=ArticlePageAuthor.objects.filter(author=filters.author).values(
                "page_id"
            )
        )
    return pages.filter(**published_between(filters.since, filters.until))


def complete(page: Iterable[ArticlePage], *, searched: bool) -> list[ArticlePage]:
    """Return a page of articles with what they show fetched in bulk.

    Articles from ``articles()`` without a query have it already; search
    results come with their story and bylines, and get their lead pictures
    and renditions here, in two queries.
    """
    items = list(page)
    if searched and items:
        prefetch_related_objects(items, "image", _renditions())
    return items


def article(pk: int) -> ArticlePage | None:
    """Return the live, unrestricted article ``pk`` with what it shows, or None."""
    found = (
        filtered_articles(Filters())
        .filter(pk=pk)
        .select_related("story", "image", "locale")
        .prefetch_related(_bylines(), _renditions())
        .first()
    )
    return found


def translations(articles: Iterable[ArticlePage]) -> dict[int, list[ArticlePage]]:
    """Return the live, public versions of ``articles`` in other editions, by
    article key, in the editions' order: one query for them all, none on a
    site with one edition."""
    articles = list(articles)
    if not articles or not editions.has_editions():
        return {}
    versions = (
        ArticlePage.objects.live()
        .public()
        .filter(translation_key__in={a.translation_key for a in articles})
        .select_related("locale")
        .defer_streamfields()
        .only("id", "path", "depth", "url_path", "translation_key", "locale")
    )
    by_key: dict[Any, list[ArticlePage]] = {}
    for version in versions:
        by_key.setdefault(version.translation_key, []).append(version)
    order = {code: n for n, code in enumerate(editions.edition_codes())}
    found: dict[int, list[ArticlePage]] = {}
    for article in articles:
        versions = by_key.get(article.translation_key, [])
        others = [v for v in versions if v.pk != article.pk]
        others.sort(key=lambda v: order.get(v.locale.language_code, len(order)))
        found[article.pk] = others
    return found


def sections_by_path() -> dict[str, SectionPage]:
    """Return every section by its tree path, to find an article's in memory.

    Kept in the cache until the content changes (the generation): every
    article list reads them, and they change with a publish.
    """
    key = f"gazette:api:sections:{get_generation()}"
    found = cache.get(key)
    if found is None:
        found = {s.path: s for s in SectionPage.objects.all()}
        cache.set(key, found, SECTIONS_SECONDS)
    return found


def section_of(article: ArticlePage, sections: dict[str, SectionPage]):
    return sections.get(article.path[: -article.steplen])


def stories(*, is_open: bool | None = None, listed: bool = True) -> QuerySet:
    """Return the stories readers see, most recently active first.

    ``listed=False`` adds the one-article stories the threading engine started,
    which the site shows no tag for (``StoryQuerySet.listed``) but whose page
    still answers.
    """
    found = (
        Story.objects.listed() if listed else Story.objects.filter(article_count__gt=0)
    )
    if is_open is not None:
        found = found.filter(is_open=is_open)
    return found.order_by("-last_published_at", "-pk")


def sections() -> QuerySet:
    """Return the live, unrestricted sections in the site's menu order."""
    return SectionPage.objects.live().public().order_by("path")


def authors() -> QuerySet:
    """Return the authors with a byline on at least one live, unrestricted article."""
    bylines = ArticlePageAuthor.objects.filter(
        author=OuterRef("pk"),
        page__in=ArticlePage.objects.live().public().values("pk"),
    )
    return Author.objects.filter(Exists(bylines)).order_by("name", "pk")
