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


def test_articles_are_paged_and_the_index_lists_every_page(
    client, make_article, monkeypatch
):
    made = [make_article(hours=hour) for hour in range(5)]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    listed = [path(url) for url in locs(fetch(client, "/sitemap.xml"))]
    assert [u for u in listed if "articles" in u] == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    pages = [
        [path(u) for u in locs(fetch(client, f"/sitemap-articles.xml?p={n}"))]
        for n in (1, 2, 3)
    ]
    assert pages == [[a.url for a in made[i : i + 2]] for i in (0, 2, 4)]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_article_files_are_key_ranges_by_position_not_by_id(
    client, make_article, monkeypatch
):
    # Each file starts at the key of its first article, found by position:
    # withdrawn articles between the keys move the ranges, not the counts.
    made = [make_article(hours=hour) for hour in range(7)]
    for gone in (made[1], made[4]):
        articles.unpublish_article(gone)
    kept = [a for a in made if a not in (made[1], made[4])]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    listed = [path(url) for url in locs(fetch(client, "/sitemap.xml"))]
    assert [u for u in listed if "articles" in u] == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    pages = [
        [path(u) for u in locs(fetch(client, f"/sitemap-articles.xml?p={n}"))]
        for n in (1, 2, 3)
    ]
    assert pages == [[a.url for a in kept[i : i + 2]] for i in (0, 2, 4)]
    response = client.get("/sitemap-articles.xml?p=2")
    assert response.content.count(b"<lastmod>") == 2
    assert "Last-Modified" in response
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_article_files_follow_a_withdrawal_after_being_served(
    client, make_article, monkeypatch
):
    """The files' first keys are kept until the content changes: a withdrawn
    article in the first file moves the next file's first key."""
    made = [make_article(hours=hour) for hour in range(5)]
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    second = [path(u) for u in locs(fetch(client, "/sitemap-articles.xml?p=2"))]
    assert second == [made[2].url, made[3].url]
    articles.unpublish_article(made[0])
    second = [path(u) for u in locs(fetch(client, "/sitemap-articles.xml?p=2"))]
    assert second == [made[3].url, made[4].url]
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404


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
