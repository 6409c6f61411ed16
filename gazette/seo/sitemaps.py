"""The sitemaps, on Django's sitemap framework and Wagtail's page sitemap.

Page sitemaps (the other pages, sections, articles) extend
``wagtail.contrib.sitemaps.Sitemap``, which builds each URL from the page's own
site; stories and authors are plain Django sitemaps.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
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


class ArticleSitemap(BasePageSitemap):
    """Every live, public article, oldest first, so that early pages stay stable."""

    # This limit is defined by the sitemaps protocol: 50,000 URLs per file.
    limit = 50_000

    def articles(self) -> PageQuerySet:
        root = self.get_wagtail_site().root_page
        return (
            ArticlePage.objects.descendant_of(root).live().public().defer_streamfields()
        )

    def pages(self) -> PageQuerySet:
        return self.articles().order_by("first_published_at", "pk")


def news_language(language_code: str) -> str:
    """Return the language as Google News wants it: ISO 639, save zh-cn and zh-tw."""
    code = language_code.lower()
    if code in {"zh-cn", "zh-tw"}:
        return code
    return code.split("-")[0]


class NewsSitemap(ArticleSitemap):
    """Google News: the articles of the last two days, newest first."""

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

    def items(self):
        return Story.objects.listed().order_by("pk")

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
