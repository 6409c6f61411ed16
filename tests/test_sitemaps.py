"""Sitemaps, the Google News sitemap and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from gazette.articles import services as articles
from gazette.seo import sitemaps
from gazette.seo.sitemaps import news_language

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# This limit is defined by the sitemaps protocol.
MAX_URLS = 50_000


def fetch(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # raises on malformed XML


def locs(root: ET.Element) -> list[str]:
    tag = "sitemap" if root.tag == f"{{{NS['sm']}}}sitemapindex" else "url"
    return [
        el.findtext("sm:loc", namespaces=NS) for el in root.findall(f"sm:{tag}", NS)
    ]


def path(url: str) -> str:
    return url.removeprefix("http://localhost")


def publish_ago(article, hours: float):
    when = timezone.now() - datetime.timedelta(hours=hours)
    return articles.publish_article(article, published_at=when)


def test_index_lists_every_sitemap_and_each_answers(
    client, make_article, story, author
):
    make_article(story=story, authors=[author])
    index = fetch(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    listed = [path(url) for url in locs(index)]
    assert listed == [
        f"/sitemap-{name}.xml"
        for name in ["pages", "sections", "articles", "news", "stories", "authors"]
    ]
    for url in listed:
        root = fetch(client, url)
        assert root.tag == f"{{{NS['sm']}}}urlset"
        assert len(locs(root)) <= MAX_URLS


def test_each_sitemap_holds_its_own_kind_of_page(
    client, make_article, make_section, story, author, section
):
    from gazette.articles.models import Author

    article = make_article(story=story, authors=[author])
    draft = make_article("Draft", publish=False)
    Author.objects.create(name="No articles yet", slug="idle")
    make_story_without_articles = story.__class__.objects.create(title="Empty")
    # A story the engine started for an article it could not place: not yet
    # a running story (docs/stories.md).
    lone = story.__class__.objects.create(
        title="Lone", slug="lone-engine-story", title_is_proposed=True, article_count=1
    )
    expected = {
        "/sitemap-pages.xml": ["/"],
        "/sitemap-sections.xml": [section.url],
        "/sitemap-articles.xml": [article.url],
        "/sitemap-stories.xml": [story.get_absolute_url()],
        "/sitemap-authors.xml": [author.get_absolute_url()],
    }
    for url, paths in expected.items():
        assert [path(loc) for loc in locs(fetch(client, url))] == paths, url
    everything = "".join(
        client.get(url).content.decode() for url in [*expected, "/sitemap-news.xml"]
    )
    assert draft.slug not in everything
    assert make_story_without_articles.slug not in everything
    assert lone.slug not in everything


def test_articles_carry_their_last_publication_as_lastmod(client, make_article):
    make_article(hours=30)
    root = fetch(client, "/sitemap-articles.xml")
    assert root.findtext("sm:url/sm:lastmod", namespaces=NS) == "2026-10-02"


def test_withdrawn_and_protected_articles_are_left_out(
    client, make_article, make_section
):
    from wagtail.models import PageViewRestriction

    kept = make_article("Kept")
    withdrawn = make_article("Withdrawn")
    articles.unpublish_article(withdrawn)
    members = make_section("Members")
    make_article("Members only", in_section=members)
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert [path(u) for u in locs(fetch(client, "/sitemap-articles.xml"))] == [kept.url]


def by_range(articles_, width: int) -> list[list[str]]:
    """Return the addresses of ``articles_`` grouped by key range, in order:
    the article sitemap's files."""
    ranges: dict[int, list[str]] = {}
    for article in sorted(articles_, key=lambda a: a.pk):
        ranges.setdefault(article.pk // width, []).append(article.url)
    return [ranges[number] for number in sorted(ranges)]


def article_files(client) -> list[list[str]]:
    """Return every file of the article sitemap the index lists, in order."""
    listed = [path(url) for url in locs(fetch(client, "/sitemap.xml"))]
    files = [url for url in listed if url.startswith("/sitemap-articles.xml")]
    assert files == ["/sitemap-articles.xml"] + [
        f"/sitemap-articles.xml?p={n}" for n in range(2, len(files) + 1)
    ]
    return [[path(u) for u in locs(fetch(client, url))] for url in files]


def test_articles_are_paged_and_the_index_lists_every_page(
    client, make_article, monkeypatch
):
    # A file is a range of ``limit`` keys: never more than ``limit``
    # addresses, each article in one file, oldest first.
    made = [make_article(hours=hour) for hour in range(7)]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
    files = article_files(client)
    assert files == by_range(made, 3)
    assert len(files) >= 3
    assert all(1 <= len(urls) <= 3 for urls in files)
    assert [url for urls in files for url in urls] == [
        a.url for a in sorted(made, key=lambda a: a.pk)
    ]
    beyond = len(files) + 1
    assert client.get(f"/sitemap-articles.xml?p={beyond}").status_code == 404


def test_article_files_skip_the_key_ranges_without_a_live_article(
    client, make_article, monkeypatch
):
    made = [make_article(hours=hour) for hour in range(8)]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    # Every article of one range withdrawn (and one more elsewhere): that
    # range has no file, the next file takes its number.
    middle = by_range(made, 2)[1]
    gone = [a for a in made if a.url in middle] + [made[-1]]
    for article in gone:
        articles.unpublish_article(article)
    kept = [a for a in made if a not in gone]
    files = article_files(client)
    assert files == by_range(kept, 2)
    assert not any(a.url in urls for a in gone for urls in files)
    response = client.get("/sitemap-articles.xml?p=2")
    assert response.content.count(b"<lastmod>") == len(files[1])
    assert "Last-Modified" in response
    assert client.get(f"/sitemap-articles.xml?p={len(files) + 1}").status_code == 404


def test_a_withdrawal_leaves_the_other_files_as_they_were(
    client, make_article, monkeypatch
):
    """An article's file is its key's range: a withdrawn article leaves its
    file, and every other article stays where it was (crawlers can skip the
    files that have not changed)."""
    made = [make_article(hours=hour) for hour in range(6)]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    before = article_files(client)
    first = sorted(made, key=lambda a: a.pk)[0]
    articles.unpublish_article(first)
    after = article_files(client)
    assert [
        [u for u in urls if u != first.url] for urls in before if urls != [first.url]
    ] == after
    assert after == by_range([a for a in made if a != first], 2)


def test_an_article_file_escapes_its_addresses(client, make_article):
    article = make_article("Flood")
    # No slug holds these, but a path edited in the database might.
    type(article).objects.filter(pk=article.pk).update(
        url_path=article.url_path.rstrip("/") + "-a&b<c>/"
    )
    body = client.get("/sitemap-articles.xml").content.decode()
    assert "-a&amp;b&lt;c&gt;/</loc>" in body
    fetch(client, "/sitemap-articles.xml")  # well-formed


def test_the_protocol_limit_is_kept():
    assert sitemaps.ArticleSitemap.limit == MAX_URLS


def test_news_sitemap_holds_only_the_last_48_hours(client, make_article, story):
    fresh = publish_ago(make_article("Fresh & new", publish=False), 1)
    day_old = publish_ago(make_article("Yesterday", publish=False), 30)
    publish_ago(make_article("Three days old", publish=False), 72)
    make_article("Draft", publish=False)
    root = fetch(client, "/sitemap-news.xml")
    urls = root.findall("sm:url", NS)
    assert [path(u.findtext("sm:loc", namespaces=NS)) for u in urls] == [
        fresh.url,
        day_old.url,
    ]
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Gazette"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new"
    published = datetime.datetime.fromisoformat(
        news.findtext("news:publication_date", namespaces=NS)
    )
    assert abs(published - fresh.first_published_at) < datetime.timedelta(seconds=1)


def test_news_sitemap_holds_at_most_its_limit(client, make_article, monkeypatch):
    for hours in range(4):
        publish_ago(make_article(publish=False), hours)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 3)
    assert len(locs(fetch(client, "/sitemap-news.xml"))) == 3
    assert sitemaps.NewsSitemap.limit  # Google News: at most 1,000


def test_news_limit_is_googles():
    assert sitemaps.NewsSitemap.limit == 1000


@pytest.mark.parametrize(
    "code, expected",
    [
        ("en-gb", "en"),
        ("en", "en"),
        ("fr-FR", "fr"),
        ("zh-cn", "zh-cn"),
        ("zh-TW", "zh-tw"),
    ],
)
def test_news_language_is_iso_639(code, expected):
    assert news_language(code) == expected


def test_unknown_sitemap_is_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_sitemaps_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-news.xml" in lines


def test_sitemap_queries_do_not_grow_with_the_articles(
    client, make_article, story, author, django_assert_max_num_queries
):
    for hour in range(10):
        make_article(story=story, authors=[author], hours=hour)
    from django.core.cache import cache

    # The index counts each sitemap and dates it: about three queries each.
    budgets = {"/sitemap.xml": 18, "/sitemap-articles.xml": 6, "/sitemap-news.xml": 6}
    budgets |= {"/sitemap-authors.xml": 2, "/sitemap-pages.xml": 7}
    # Editions (issue 19): each request reads the editions again after the
    # cache is cleared.
    budgets = {url: budget + 1 for url, budget in budgets.items()}
    for url, budget in budgets.items():
        cache.clear()
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
