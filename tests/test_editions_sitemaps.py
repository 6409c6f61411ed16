"""Sitemaps with editions: every edition's pages with their prefixed, full
addresses; translations listed as ``xhtml:link`` alternates (each version,
itself included, and ``x-default``: the original), only true translations;
the Google News sitemap's language and publication per edition."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.articles.models import SectionPage
from gazette.core import editions
from tests.editions import make_editions, translate_page

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def fetch(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def alternates_by_url(root) -> dict[str, dict[str, str]]:
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


@pytest.fixture
def newsroom(section):
    homes = make_editions(("es", "ar"))
    sections = {
        code: SectionPage.objects.child_of(home).live().first()
        for code, home in homes.items()
    }
    ago = timezone.now() - datetime.timedelta(hours=2)

    def write(code, title, hours):
        article = articles.create_article(
            sections[code],
            title=title,
            slug=f"{code}-{hours}",
            lede="—",
            body=[{"type": "paragraph", "value": "<p>Text.</p>"}],
        )
        return articles.publish_article(
            article, published_at=ago + datetime.timedelta(hours=hours)
        )

    original = write("en", "Bridge reopens", 0)
    translation = translate_page(
        original, Locale.objects.get(language_code="es"), title="Reabre el puente"
    )
    own = write("ar", "افتتاح الجسر", 1)
    alone = write("en", "Ferry timetable", 1)
    return {
        "original": original,
        "translation": translation,
        "own": own,
        "alone": alone,
        "homes": homes,
        "sections": sections,
    }


def test_articles_of_every_edition_with_their_alternates(client, newsroom):
    found = alternates_by_url(fetch(client, "/sitemap-articles.xml"))
    original = newsroom["original"].get_full_url()
    translation = newsroom["translation"].get_full_url()
    assert original.startswith("http://localhost/en/")
    assert translation.startswith("http://localhost/es/")
    own, alone = newsroom["own"].get_full_url(), newsroom["alone"].get_full_url()
    assert set(found) == {original, translation, own, alone}
    versions = {"en": original, "es": translation, "x-default": original}
    # Each version lists itself, the other and the original, the same on both.
    assert found[original] == versions and found[translation] == versions
    # An edition's own original and an untranslated article have none.
    assert found[own] == {} and found[alone] == {}


def test_translated_sections_and_home_pages_list_each_other(client, newsroom):
    sections = alternates_by_url(fetch(client, "/sitemap-sections.xml"))
    by_code = {c: s.get_full_url() for c, s in newsroom["sections"].items()}
    for url in by_code.values():
        assert sections[url] == {**by_code, "x-default": by_code["en"]}
    pages = alternates_by_url(fetch(client, "/sitemap-pages.xml"))
    homes = {c: h.get_full_url() for c, h in newsroom["homes"].items()}
    assert homes["es"] == "http://localhost/es/"
    # The original as the pages' own hreflang links name it.
    versions = editions.live_versions(newsroom["homes"]["ar"])
    original = editions.original_version(versions)
    assert pages[homes["ar"]] == {**homes, "x-default": original.get_full_url()}


def test_news_items_carry_their_language_and_edition(client, newsroom):
    # The publication's name is the edition's masthead, else the newsroom's.
    es_name = "El Correo de Halvard"
    translate_page(
        newsroom["homes"]["es"],
        Locale.objects.get(language_code="es"),
        masthead_name=es_name,
    )
    root = fetch(client, "/sitemap-news.xml")
    items = {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("news:news/news:publication/news:name", namespaces=NS),
            url.findtext("news:news/news:publication/news:language", namespaces=NS),
        )
        for url in root.findall("sm:url", NS)
    }
    assert items[newsroom["original"].get_full_url()] == ("Gazette", "en")
    assert items[newsroom["translation"].get_full_url()] == (es_name, "es")
    assert items[newsroom["own"].get_full_url()] == ("Gazette", "ar")


def test_alternates_cost_one_query_per_file(
    client, newsroom, django_assert_max_num_queries
):
    from django.core.cache import cache

    # Besides a one-edition site's: the editions' home pages, the versions,
    # and the editions themselves (the cache is cleared); the articles' key
    # ranges (``ArticleSitemap.ranges``).
    budgets = {"/sitemap-articles.xml": 9, "/sitemap-sections.xml": 9}
    for url, budget in budgets.items():
        cache.clear()
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
