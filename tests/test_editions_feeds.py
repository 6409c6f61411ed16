"""Feeds per edition: ``/es/feeds/...`` carries the Spanish edition's articles
only, titled and described in Spanish, with its language and its home page."""

import feedparser
import pytest
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.articles.models import Author, SectionPage
from tests.editions import make_editions, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(section):
    homes = make_editions(("es", "ar"))
    sections = {
        code: SectionPage.objects.child_of(home).live().first()
        for code, home in homes.items()
    }
    spanish = Locale.objects.get(language_code="es")
    # The edition's masthead names its feeds (docs/editions.md).
    homes["es"] = translate_page(
        homes["en"],
        spanish,
        title="El Correo de Halvard",
        masthead_name="El Correo de Halvard",
    )
    ana = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz")
    ben = Author.objects.create(name="Ben Ode", slug="ben-ode")

    def write(code, title):
        article = articles.create_article(
            sections[code],
            title=title,
            slug=title.lower().replace(" ", "-"),
            lede="—",
            body=[{"type": "paragraph", "value": "<p>Texto.</p>"}],
            authors=[ana, ben],
        )
        return articles.publish_article(article)

    return {
        "homes": homes,
        "sections": sections,
        "en": write("en", "Bridge reopens"),
        "es": write("es", "Reabre el puente"),
        "ar": write("ar", "افتتاح الجسر"),
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response.content.decode(), parsed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_each_edition_has_its_own_feed(client, newsroom, kind):
    text, parsed = parse(client, f"/es/feeds/{kind}/")
    assert [e.title for e in parsed.entries] == ["Reabre el puente"]
    assert parsed.feed.title == "El Correo de Halvard"
    # The channel's words in Spanish, its language said, its link the
    # edition's home page.
    assert parsed.feed.get("subtitle") == (
        "Los últimos artículos de El Correo de Halvard."
    )
    assert parsed.feed.link == "http://localhost/es/"
    if kind == "rss":
        assert "<language>es</language>" in text
    else:
        assert 'xml:lang="es"' in text
    assert parsed.entries[0].author == "Ana Ruiz y Ben Ode"
    _, english = parse(client, f"/en/feeds/{kind}/")
    assert [e.title for e in english.entries] == ["Bridge reopens"]
    _, arabic = parse(client, f"/ar/feeds/{kind}/")
    assert [e.title for e in arabic.entries] == ["افتتاح الجسر"]


def test_a_sections_feed_is_the_editions_section(client, newsroom):
    slug = newsroom["sections"]["es"].slug
    # Translated sections may share a slug: each edition finds its own.
    assert slug == newsroom["sections"]["en"].slug
    _, spanish = parse(client, f"/es/feeds/section/{slug}/rss/")
    assert [e.title for e in spanish.entries] == ["Reabre el puente"]
    _, english = parse(client, f"/en/feeds/section/{slug}/rss/")
    assert [e.title for e in english.entries] == ["Bridge reopens"]


def test_an_authors_feed_holds_the_editions_articles(client, newsroom):
    _, arabic = parse(client, "/ar/feeds/author/ana-ruiz/atom/")
    assert [e.title for e in arabic.entries] == ["افتتاح الجسر"]
