"""The sitemaps, on Django's sitemap framework and Wagtail's page sitemap.

Page sitemaps (the other pages, sections, articles) extend
``wagtail.contrib.sitemaps.Sitemap``, which builds each URL from the page's own
site; stories and authors are plain Django sitemaps.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import CharField, Func, IntegerField, Max, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page
from wagtail.query import PageQuerySet

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import NewsroomSettings
from gazette.stories.models import Story


class BasePageSitemap(PageSitemap):
    """Wagtail's page sitemap, its items built once and dated by one aggregate.

    Django's default reads every item to find the newest ``lastmod`` for the
    index; the database finds it at once.
    """

    def pages(self) -> PageQuerySet:
        raise NotImplementedError

    def items(self) -> PageQuerySet:
        # Built once per request: ``public()`` reads the view restrictions.
        if not hasattr(self, "_built_items"):
            self._built_items = self.pages()
        return self._built_items

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class OtherPageSitemap(BasePageSitemap):
    """The home page and the editable pages: every page but sections and articles."""

    def pages(self) -> PageQuerySet:
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(ArticlePage, SectionPage)
            .order_by("path")
            .defer_streamfields()
        )

    def _urls(self, page, protocol, domain) -> list[dict[str, Any]]:
        # Each page's own class gives its URLs; counting needs no class.
        self._built_items = self.items().specific()
        return super()._urls(page, protocol, domain)


class SectionSitemap(BasePageSitemap):
    """The section fronts."""

    def pages(self) -> PageQuerySet:
        root = self.get_wagtail_site().root_page
        return SectionPage.objects.descendant_of(root).live().public().order_by("path")


class EpochSeconds(Func):
    """A moment as whole seconds since 1970: an integer is read faster than a
    timestamp, 50,000 times over."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::bigint"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # Doubled twice: once for this template, once for the driver's format.
            template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
        )


class ArticleSitemap(BasePageSitemap):
    """Every live, public article, oldest first, so that early pages stay stable.

    A file of 50,000 addresses is written from two columns of the page table
    (``rows``, ``seo.views``): no page objects, no template, about 100 ms at
    100,000 articles where building 50,000 pages and rendering them took 23 s.
    """

    # This limit is defined by the sitemaps protocol: 50,000 URLs per file.
    limit = 50_000
    # Written by seo.views from ``rows()``, not through the template.
    written = True

    def articles(self) -> PageQuerySet:
        root = self.get_wagtail_site().root_page
        return (
            ArticlePage.objects.descendant_of(root).live().public().defer_streamfields()
        )

    def pages(self) -> PageQuerySet:
        # In the order they were made: a new article, even one backdated by
        # an import, goes on the last file, and the walk follows the key's
        # index instead of sorting every article.
        return self.articles().order_by("pk")

    def rows(self, page: int) -> list[tuple[str, str | None, int | None]]:
        """Return page ``page`` (from 1): each article's address, the day of
        its last publication in the site's time zone, and that moment in
        seconds since 1970 (for ``Last-Modified``), computed by the database.

        A page is a range of keys: its first key is found by a narrow walk
        of the key's index (one column, nothing computed), then the page is
        read from that key on, both tables joined from it on their primary
        keys, so no file reads or computes the rows of the files before it.
        """
        items = self.items()
        start = (page - 1) * self.limit
        quote_name = connections[items.db].ops.quote_name
        if start:
            first = items.values_list("pk", flat=True)[start : start + 1]
            found_first = list(first)
            if not found_first:
                return []
            # Bound both sides of the join: the planner then starts both
            # primary-key scans there. Django names the parent's key by the
            # child's column (``id`` is ``page_ptr_id`` here), so the page
            # table's own column is named in SQL.
            items = items.alias(
                page_key=RawSQL(
                    f"{quote_name(Page._meta.db_table)}.id", (), IntegerField()
                )
            ).filter(pk__gte=found_first[0], page_key__gte=found_first[0])
        query = items.values_list(
            "pk",
            "url_path",
            Cast(
                TruncDate("last_published_at", tzinfo=timezone.get_current_timezone()),
                CharField(),
            ),
            EpochSeconds("last_published_at"),
        )[: self.limit]
        # Read through the cursor: the columns are already the text and
        # integers wanted, and Django's converters would cost 150,000 calls.
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if not found:
            return []
        base = self._base(found[0][0], found[0][1])
        prefix, strip = base.prefix, base.strip
        return [(prefix + path[strip:], day, epoch) for _, path, day, epoch in found]

    def _base(self, pk: int, url_path: str):
        # Wagtail builds every article's address the same way (the site's
        # root URL, then the path under the site's root page): take the
        # part before the path from one article's own full URL.
        sample = Page.objects.get(pk=pk).get_full_url(self.request)
        root_path = self.get_wagtail_site().root_page.url_path
        return _Base(sample, url_path, root_path)


class _Base:
    """Turn an article's ``url_path`` into its full address, as Wagtail would."""

    def __init__(self, sample_url: str, sample_path: str, root_path: str):
        self.strip = len(root_path)
        relative = sample_path[self.strip :]
        if not sample_url.endswith(relative):
            raise ImproperlyConfigured(
                f"An article's address {sample_url} does not end with its path "
                f"{relative}: the article sitemap cannot build addresses."
            )
        self.prefix = sample_url[: len(sample_url) - len(relative)]

    def __add__(self, url_path: str) -> str:
        return self.prefix + url_path[self.strip :]


def news_language(language_code: str) -> str:
    """Return the language as Google News wants it: ISO 639, save zh-cn and zh-tw."""
    code = language_code.lower()
    if code in {"zh-cn", "zh-tw"}:
        return code
    return code.split("-")[0]


class NewsSitemap(ArticleSitemap):
    """Google News: the articles of the last two days, newest first."""

    # Written through its own template (seo/news_sitemap.xml), with the
    # publication's name and language.
    written = False
    # These limits are defined by Google News.
    limit = 1000
    window = datetime.timedelta(hours=48)

    def pages(self) -> PageQuerySet:
        since = timezone.now() - self.window
        return (
            self.articles()
            .filter(first_published_at__gte=since)
            .order_by("-first_published_at", "-pk")[: self.limit]
        )

    def _urls(self, page, protocol, domain) -> list[dict[str, Any]]:
        publication = {
            "name": NewsroomSettings.for_request(self.request).name,
            "language": news_language(settings.LANGUAGE_CODE),
        }
        return [
            {
                "item": article,
                "location": article.get_full_url(self.request),
                "lastmod": article.last_published_at,
                "publication": publication,
            }
            for article in self.paginator.page(page).object_list
        ]


class StorySitemap(Sitemap):
    """The stories readers see (``StoryQuerySet.listed``)."""

    written = True

    def items(self):
        return Story.objects.listed().order_by("pk")

    def rows(self, page: int) -> list[tuple[str, str | None, int | None]]:
        """Return page ``page`` as ``ArticleSitemap.rows`` does: every story's
        address is the same route with its slug."""
        start = (page - 1) * self.limit
        found = self.items().values_list(
            "slug",
            Cast(
                TruncDate("last_published_at", tzinfo=timezone.get_current_timezone()),
                CharField(),
            ),
            EpochSeconds("last_published_at"),
        )[start : start + self.limit]
        marker = "-slug-"
        route = reverse("stories:detail", kwargs={"slug": marker})
        before, after = route.split(marker, 1)
        return [(f"{before}{slug}{after}", day, epoch) for slug, day, epoch in found]

    def lastmod(self, story: Story) -> datetime.datetime | None:
        return story.last_published_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class AuthorSitemap(Sitemap):
    """The authors with at least one live article."""

    def items(self):
        live = Q(article_links__page__live=True)
        return (
            Author.objects.annotate(
                latest=Max("article_links__page__last_published_at", filter=live)
            )
            .filter(latest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, author: Author) -> datetime.datetime | None:
        return author.latest  # type: ignore[attr-defined]

    def get_latest_lastmod(self) -> datetime.datetime | None:
        bylined = ArticlePage.objects.live().filter(article_authors__isnull=False)
        return bylined.aggregate(latest=Max("last_published_at"))["latest"]


def sitemaps_for(request) -> dict[str, type[Sitemap] | Sitemap]:
    """Return the site's sitemaps by name, as the index lists them."""
    return {
        "pages": OtherPageSitemap(request),
        "sections": SectionSitemap(request),
        "articles": ArticleSitemap(request),
        "news": NewsSitemap(request),
        "stories": StorySitemap(),
        "authors": AuthorSitemap(),
    }
