"""The sitemaps, on Django's sitemap framework and Wagtail's page sitemap.

Page sitemaps (the other pages, sections, articles) extend
``wagtail.contrib.sitemaps.Sitemap``, which builds each URL from the page's own
site; stories and authors are plain Django sitemaps.

Every edition is in the same sitemaps (their addresses carry the edition's
prefix): the pages under the site's root page and under each of its
translations (the editions' home pages). A page with live translations
lists every version with ``xhtml:link rel="alternate" hreflang``, itself
included, and ``x-default`` (the original, the version first published),
read with one query per file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page
from wagtail.query import PageQuerySet

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core import editions, masthead
from gazette.stories.models import Story


def edition_roots(site) -> list[Page]:
    """Return the site's root page and its live translations: the editions'
    home pages, the site's first."""
    root = site.root_page
    found = root.get_translations(inclusive=True).live().select_related("locale")
    return sorted(found, key=lambda page: (page.pk != root.pk, page.path))


def under(roots: list[Page]) -> Q:
    """Return the condition of a page in the tree of any of ``roots``."""
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return condition


@dataclass(frozen=True)
class Version:
    """One edition's version of a page, as a sitemap lists it."""

    language: str
    location: str
    first_published_at: datetime.datetime | None


def versions_of(pages: PageQuerySet, keys, locate) -> dict[Any, list[Version]]:
    """Return the live, public versions of the pages translated among ``keys``
    (a list or a subquery of translation keys), by translation key, each
    located by ``locate(url_path, language)``, in the editions' order.

    One query: only keys that more than one live page shares come back.
    """
    shared = (
        pages.filter(translation_key__in=keys)
        .order_by()
        .values("translation_key")
        .annotate(versions=Count("pk"))
        .filter(versions__gt=1)
        .values("translation_key")
    )
    rows = pages.filter(translation_key__in=shared).values_list(
        "translation_key", "locale__language_code", "url_path", "first_published_at"
    )
    found: dict[Any, list[Version]] = {}
    for key, language, url_path, first in rows:
        found.setdefault(key, []).append(
            Version(language, locate(url_path, language), first)
        )
    order = {code: n for n, code in enumerate(editions.edition_codes())}
    for versions in found.values():
        versions.sort(key=lambda v: (order.get(v.language, len(order)), v.language))
    return found


def alternates(versions: list[Version]) -> list[dict[str, str]]:
    """Return ``versions`` as Django's sitemap template lists alternates: each
    version, then ``x-default``, the original (``editions.original_version``,
    as the page's own ``hreflang`` links say)."""
    listed = [{"lang_code": v.language, "location": v.location} for v in versions]
    original = editions.original_version(versions)
    return [*listed, {"lang_code": "x-default", "location": original.location}]


def alternate_links(versions: list[Version]) -> str:
    """Return ``alternates(versions)`` as the ``xhtml:link`` elements of a URL."""
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{a["lang_code"]}" '
        f'href="{escape(a["location"], {chr(34): "&quot;"})}"/>'
        for a in alternates(versions)
    )


class BasePageSitemap(PageSitemap):
    """Wagtail's page sitemap, its items built once and dated by one aggregate.

    Django's default reads every item to find the newest ``lastmod`` for the
    index; the database finds it at once. A page with translations lists them
    (``alternates``), one query for the file.
    """

    def pages(self) -> PageQuerySet:
        raise NotImplementedError

    def roots(self) -> list[Page]:
        """Return the editions' home pages (the site's root page first): read
        once per request, whatever the number of sitemaps the index dates, and
        never on a site with one edition."""
        if not hasattr(self, "_roots"):
            found = getattr(self.request, "_gazette_edition_roots", None)
            if found is None:
                site = self.get_wagtail_site()
                if editions.has_editions():
                    found = edition_roots(site)
                else:
                    found = [site.root_page]
                if self.request is not None:
                    self.request._gazette_edition_roots = found
            self._roots = found
        return self._roots

    def in_site(self, pages: PageQuerySet) -> PageQuerySet:
        """Return ``pages`` narrowed to the site's editions."""
        roots = self.roots()
        if len(roots) == 1:
            return pages.descendant_of(roots[0], inclusive=True)
        return pages.filter(under(roots))

    def _urls(self, page, protocol, domain) -> list[dict[str, Any]]:
        items = list(self.paginator.page(page).object_list)
        translated: dict[Any, list[Version]] = {}
        if len(self.roots()) > 1 and items:
            addresses = self.addresses()
            # The versions are pages of the same sitemap (every edition's).
            translated = versions_of(
                self.items().order_by(),
                [item.translation_key for item in items],
                lambda url_path, _: addresses.locate(url_path),
            )
        urls: list[dict[str, Any]] = []
        last_mods = set()
        for item in items:
            versions = translated.get(item.translation_key)
            for number, url_info in enumerate(item.get_sitemap_urls(self.request)):
                # The page's own address comes first; others (a route's
                # sub-pages) have no versions.
                if versions and number == 0:
                    url_info["alternates"] = alternates(versions)
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def addresses(self) -> Addresses:
        if not hasattr(self, "_addresses"):
            self._addresses = Addresses(self.roots(), self.request)
        return self._addresses

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
            self.in_site(Page.objects.live().public())
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
        return self.in_site(SectionPage.objects.live().public()).order_by("path")


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


@dataclass(frozen=True)
class KeyRanges:
    """What Django's sitemap index asks of a paginator: the number of files."""

    num_pages: int


class ArticleSitemap(BasePageSitemap):
    """Every live, public article, oldest first, so that early pages stay stable.

    A file is a range of ``limit`` keys (file N: the N-th range holding an
    article), so it holds at most ``limit`` addresses whatever the keys, its
    articles never move to another file, and no file reads the rows or keys
    of the files before it. A file of 50,000 addresses is written from two
    columns of the page table (``rows``, ``seo.views``): no page objects, no
    template.
    """

    # This limit is defined by the sitemaps protocol: 50,000 URLs per file.
    limit = 50_000
    # Written by seo.views from ``rows()``, not through the template.
    written = True

    def articles(self) -> PageQuerySet:
        return self.in_site(ArticlePage.objects.live().public()).defer_streamfields()

    def pages(self) -> PageQuerySet:
        # In the order they were made: a new article, even one backdated by
        # an import, goes on the last file, and the walk follows the key's
        # index instead of sorting every article.
        return self.articles().order_by("pk")

    @property
    def paginator(self) -> Any:
        # The index lists one file per range holding an article; the news
        # sitemap (not written here) pages as Django does.
        if not self.written:
            return super().paginator
        return KeyRanges(len(self.ranges()))

    def ranges(self) -> list[int]:
        """Return the numbers of the key ranges (key // ``limit``) holding at
        least one article, ascending: file N is the N-th.

        One statement, a skip scan: from the first key, the first key of
        the next range, and so on (``WITH RECURSIVE``), each step one probe
        of the key's index, so a million articles cost about 20 probes, not
        a walk over their keys.
        """
        if not hasattr(self, "_ranges"):
            items = self.items()
            inner, params = items.order_by().values(k=F("pk")).query.sql_with_params()
            width = int(self.limit)
            first = f"SELECT k FROM ({inner}) AS t"
            sql = (
                f"WITH RECURSIVE r(k) AS (SELECT ({first} ORDER BY k LIMIT 1) "
                f"UNION ALL SELECT ({first} WHERE k >= (r.k / {width} + 1) * {width} "
                f"ORDER BY k LIMIT 1) FROM r WHERE r.k IS NOT NULL) "
                f"SELECT r.k / {width} FROM r WHERE r.k IS NOT NULL"
            )
            with connections[items.db].cursor() as cursor:
                cursor.execute(sql, (*params, *params))
                self._ranges = [number for (number,) in cursor.fetchall()]
        return self._ranges

    def file(self, page: int) -> QuerySet | None:
        """Return the rows of file ``page`` (from 1): each article's key, its
        ``url_path``, the day of its last publication in the site's time
        zone and that moment in seconds since 1970 (for ``Last-Modified``),
        computed by the database; None past the last file.

        The file's articles are those of its key range (``ranges``), both
        tables of the join read from the range's first key on their primary
        keys.
        """
        ranges = self.ranges()
        if not 1 <= page <= len(ranges):
            return None
        low = ranges[page - 1] * self.limit
        high = low + self.limit
        quote_name = connections[self.items().db].ops.quote_name
        # Bound both sides of the join: the planner then starts both
        # primary-key scans there. Django names the parent's key by the
        # child's column (``id`` is ``page_ptr_id`` here), so the page
        # table's own column is named in SQL.
        items = (
            self.items()
            .alias(
                page_key=RawSQL(
                    f"{quote_name(Page._meta.db_table)}.id", (), IntegerField()
                )
            )
            .filter(pk__gte=low, pk__lt=high, page_key__gte=low, page_key__lt=high)
        )
        return items.values_list(
            "pk",
            "url_path",
            Cast(
                TruncDate("last_published_at", tzinfo=timezone.get_current_timezone()),
                CharField(),
            ),
            EpochSeconds("last_published_at"),
        )[: self.limit]

    def rows(self, page: int) -> list[tuple[str, str | None, int | None]]:
        """Return file ``page`` (from 1): each article's address, the day of
        its last publication and that moment in seconds since 1970."""
        query = self.file(page)
        if query is None:
            return []
        # Read through the cursor: the columns are already the text and
        # integers wanted, and Django's converters would cost 150,000 calls.
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if not found:
            return []
        addresses = self.addresses()
        if len(addresses.bases) == 1:
            ((prefix, strip),) = addresses.bases.values()
            located = [(prefix + p[strip:], d, e) for _, p, d, e in found]
        else:
            locate = addresses.locate
            located = [(locate(p), d, e) for _, p, d, e in found]
        if len(self.roots()) == 1:
            return located
        return self._with_alternates(found, located)

    def _with_alternates(self, found, located):
        """Add each translated article's ``xhtml:link`` elements (one query:
        the versions of the articles of this file's key range that have
        any)."""
        first, last = found[0][0], found[-1][0]
        pages = self.items().order_by()
        in_file = pages.filter(pk__gte=first, pk__lte=last).values("translation_key")
        locate = self.addresses().locate
        translated = versions_of(pages, in_file, lambda path, _: locate(path))
        if not translated:
            return located
        links = {}
        for versions in translated.values():
            written = alternate_links(versions)
            for version in versions:
                links[version.location] = written
        return [
            (location, day, epoch, links.get(location, ""))
            for location, day, epoch in located
        ]


class Addresses:
    """Turn a page's ``url_path`` into its full address, as Wagtail would:
    the address of its edition's home page, then the path under it."""

    def __init__(self, roots: list[Page], request):
        # By the home page's url_path ("/home-es/"): the address it has (with
        # the edition's prefix) and how much of a path to drop.
        self.bases = {
            root.url_path: (root.get_full_url(request), len(root.url_path))
            for root in roots
        }
        for url_path, (address, _) in self.bases.items():
            if not address.endswith("/"):
                raise ImproperlyConfigured(
                    f"The home page {url_path} has the address {address}: the "
                    "sitemaps cannot build addresses under it."
                )

    def locate(self, url_path: str) -> str:
        # A home page's url_path is its first segment: "/home-es/world/x/".
        prefix, strip = self.bases[url_path[: url_path.index("/", 1) + 1]]
        return prefix + url_path[strip:]


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
            .select_related("locale")
            .order_by("-first_published_at", "-pk")[: self.limit]
        )

    def _urls(self, page, protocol, domain) -> list[dict[str, Any]]:
        site = self.get_wagtail_site()
        publications: dict[int, dict[str, str]] = {}
        urls = []
        for article in self.paginator.page(page).object_list:
            code = article.locale.language_code
            publication = publications.get(article.locale_id)
            if publication is None:
                publication = publications[article.locale_id] = {
                    # The edition's masthead ("El Correo de Halvard").
                    "name": masthead.for_site(site, code).name,
                    "language": news_language(code),
                }
            urls.append(
                {
                    "item": article,
                    "location": article.get_full_url(self.request),
                    "lastmod": article.last_published_at,
                    "publication": publication,
                }
            )
        return urls


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
