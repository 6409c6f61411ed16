"""Each edition's own masthead, podcast and short-link pages.

The masthead (name and tagline) comes from the edition's home page, else the
newsroom's settings; it names the edition in the header and footer, the
``<title>``, ``og:site_name``, the JSON-LD publisher, the feeds, the podcast
and the News sitemap. Each edition's podcast has its own address under its
prefix, and the short-link pages send a reader to their edition's front
without a redirect.
"""

import json
import re

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Locale, Site

from gazette.articles import services as articles
from gazette.articles.models import SectionPage
from gazette.core import editions, masthead
from gazette.core.models import NewsroomSettings
from tests.editions import make_editions, translate_page

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
SPANISH = ("El Correo de Halvard", "La voz de Halvard en español")
ARABIC = ("بريد هالفارد", "صوت هالفارد بالعربية")


@pytest.mark.parametrize(
    ("own", "site", "expected"),
    [
        (("", ""), ("Courier", "News"), ("Courier", "News")),
        (("Correo", ""), ("Courier", "News"), ("Correo", "News")),
        (("", "Noticias"), ("Courier", "News"), ("Courier", "Noticias")),
        (("Correo", "Noticias"), ("Courier", ""), ("Correo", "Noticias")),
    ],
)
def test_an_empty_field_falls_back_to_the_newsrooms(own, site, expected):
    class Site:
        name, tagline = site

    assert masthead.resolve(*own, Site()) == masthead.Masthead(*expected)


@pytest.fixture
def newsroom(section):
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "The Halvard Courier"
    settings.tagline = "Independent news since 1894"
    settings.save()
    homes = make_editions(("es", "ar"))
    for code, (name, tagline) in (("es", SPANISH), ("ar", ARABIC)):
        homes[code] = translate_page(
            homes[code],
            Locale.objects.get(language_code=code),
            masthead_name=name,
            masthead_tagline=tagline,
        )
    sections = {
        code: SectionPage.objects.child_of(home).live().first()
        for code, home in homes.items()
    }

    def write(code, title):
        article = articles.create_article(
            sections[code],
            title=title,
            slug=re.sub(r"\W+", "-", title.lower()),
            lede="—",
            body=[{"type": "paragraph", "value": "<p>Texto.</p>"}],
        )
        return articles.publish_article(article)

    yield {
        "homes": homes,
        "sections": sections,
        "en": write("en", "Bridge reopens"),
        "es": write("es", "Reabre el puente"),
        "ar": write("ar", "افتتاح الجسر"),
    }
    editions.forget()


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def header_name(html: str) -> str:
    return re.search(r'class="site-header__name"[^>]*>([^<]*)<', html).group(1)


def tagline(html: str) -> str:
    found = re.search(r'class="site-header__tagline">([^<]*)<', html)
    return found.group(1) if found else ""


def title(html: str) -> str:
    return re.search(r"<title>([^<]*)</title>", html).group(1)


def meta(html: str, prop: str) -> str:
    return re.search(rf'<meta property="{prop}" content="([^"]*)"', html).group(1)


def json_ld(html: str) -> list[dict]:
    found = []
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ):
        data = json.loads(block)
        found += data if isinstance(data, list) else [data]
    return found


def feed_titles(html: str) -> dict[str, str]:
    """Return the head's feeds: address -> title."""
    return {
        href: name
        for name, href in re.findall(
            r'<link rel="alternate" type="application/rss\+xml" '
            r'title="([^"]*)" href="([^"]*)"',
            html,
        )
    }


@pytest.mark.parametrize(
    ("code", "name", "line"),
    [
        ("es", *SPANISH),
        ("ar", *ARABIC),
        ("en", "The Halvard Courier", "Independent news since 1894"),
    ],
)
def test_each_edition_prints_its_own_masthead(client, newsroom, code, name, line):
    """Header, footer, <title>, og:site_name and the JSON-LD publisher of the
    front and of an article name the edition; English keeps the site's."""
    front = html_of(client, f"/{code}/")
    assert header_name(front) == name
    assert tagline(front) == line
    assert title(front) == name
    assert meta(front, "og:site_name") == name
    assert f'<meta name="description" content="{line}">' in front
    footer = front[front.index('class="site-footer"') :]
    assert f">{name}</a>" in footer and f"{name}." in footer
    (organisation,) = [d for d in json_ld(front) if d["@type"] == "WebSite"]
    assert organisation["name"] == name
    assert organisation["publisher"]["name"] == name

    article = newsroom[code]
    page = html_of(client, article.url)
    assert header_name(page) == name
    assert title(page) == f"{article.title} | {name}"
    assert meta(page, "og:site_name") == name
    (news,) = [d for d in json_ld(page) if d["@type"] == "NewsArticle"]
    assert news["publisher"]["name"] == name
    # The publisher's address is the edition's front, not "/" (a 301).
    assert news["publisher"]["url"] == f"http://localhost/{code}/"


def test_other_reader_pages_carry_the_editions_name_too(client, newsroom):
    for url in ("/es/stories/", "/es/authors/", "/es/search/?q=puente"):
        html = html_of(client, url)
        assert header_name(html) == SPANISH[0], url
        assert title(html).endswith(f"| {SPANISH[0]}"), url


def test_an_edition_without_a_masthead_shows_the_newsrooms(client, newsroom):
    spanish = translate_page(
        newsroom["homes"]["es"],
        Locale.objects.get(language_code="es"),
        masthead_name="",
        masthead_tagline="",
    )
    assert spanish.live
    front = html_of(client, "/es/")
    assert header_name(front) == "The Halvard Courier"
    assert tagline(front) == "Independent news since 1894"


def test_a_new_masthead_is_shown_at_once_on_cached_pages(client, newsroom):
    assert header_name(html_of(client, "/es/")) == SPANISH[0]
    translate_page(
        newsroom["homes"]["es"],
        Locale.objects.get(language_code="es"),
        masthead_name="Correo del Norte",
    )
    assert header_name(html_of(client, "/es/")) == "Correo del Norte"
    assert header_name(html_of(client, newsroom["es"].url)) == "Correo del Norte"


def test_the_masthead_costs_one_query_then_none(newsroom, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = Site.objects.get(is_default_site=True)
    editions.edition_codes()  # read once a request (EditionMiddleware)
    with CaptureQueriesContext(connection) as queries:
        assert masthead.for_site(site, "es") == masthead.Masthead(*SPANISH)
    assert len(queries.captured_queries) == 1
    request = rf.get("/es/", HTTP_HOST="localhost")
    request._wagtail_site = site
    with CaptureQueriesContext(connection) as queries:
        assert masthead.for_request(request, "es").name == SPANISH[0]
        assert masthead.for_site(site, "ar").name == ARABIC[0]
        assert masthead.for_request(request, "ar").name == ARABIC[0]
    # Arabic's first read; Spanish's came from the cache.
    assert len(queries.captured_queries) == 1


def test_feeds_are_titled_with_the_editions_name(client, newsroom):
    parsed = feedparser.parse(client.get("/es/feeds/rss/").content)
    assert parsed.feed.title == SPANISH[0]
    section = newsroom["sections"]["ar"]
    url = f"/ar/feeds/section/{section.slug}/rss/"
    parsed = feedparser.parse(client.get(url).content)
    assert parsed.feed.title == f"{section.title} | {ARABIC[0]}"
    # The head's feed links: named by the edition, in its language.
    feeds = feed_titles(html_of(client, "/es/"))
    assert feeds["http://localhost/es/feeds/rss/"] == (
        "El Correo de Halvard: Últimos artículos"
    )
    podcast = feeds["http://localhost/es/audio/podcast/"]
    assert podcast == "El Correo de Halvard: Pódcast"


def test_the_news_sitemap_names_each_editions_publication(client, newsroom):
    text = client.get("/sitemap-news.xml").content.decode()
    names = dict(
        re.findall(
            r"<news:name>([^<]*)</news:name>\s*<news:language>(\w+)</news:language>",
            text,
        )
    )
    assert names == {
        "The Halvard Courier": "en",
        SPANISH[0]: "es",
        ARABIC[0]: "ar",
    }, text


# --- Podcasts under the edition prefix ------------------------------------


def give_audio(article):
    """Give ``article`` a made audio file (no speech engine needed)."""
    from gazette.audio.models import ArticleAudio, AudioStatus

    audio = ArticleAudio(article=article, status=AudioStatus.READY, duration=61)
    audio.file.save(f"test-{article.pk}.mp3", ContentFile(b"ID3" + b"\0" * 400))
    audio.size = audio.file.size
    audio.save()
    return audio


def test_each_edition_has_its_podcast_at_its_own_address(client, newsroom):
    for code in ("en", "es", "ar"):
        give_audio(newsroom[code])
    response = client.get("/es/audio/podcast/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.title for e in parsed.entries] == ["Reabre el puente"]
    assert parsed.feed.title == "El Correo de Halvard, en audio"
    assert parsed.feed.author == SPANISH[0]
    assert parsed.feed.link == "http://localhost/es/"
    assert parsed.feed.image.href == "http://localhost/es/audio/podcast/cover.png"
    # The episode's file stays at its one unprefixed address.
    (enclosure,) = parsed.entries[0].enclosures
    assert enclosure.href.startswith(f"http://localhost/audio/{newsroom['es'].pk}.mp3")
    arabic = feedparser.parse(client.get("/ar/audio/podcast/").content)
    assert [e.title for e in arabic.entries] == ["افتتاح الجسر"]
    section = newsroom["sections"]["ar"]
    arabic = feedparser.parse(client.get(f"/ar/audio/podcast/{section.slug}/").content)
    assert [e.title for e in arabic.entries] == ["افتتاح الجسر"]
    assert client.get("/es/audio/podcast/no-such-section/").status_code == 404


@pytest.mark.parametrize(
    "old", ["/audio/podcast/", "/audio/podcast/world/", "/audio/podcast/cover.png"]
)
def test_old_podcast_addresses_answer_301(client, newsroom, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/en{old}"


def test_each_editions_podcast_has_its_own_artwork(client, newsroom):
    spanish = client.get("/es/audio/podcast/cover.png")
    arabic = client.get("/ar/audio/podcast/cover.png")
    assert spanish.status_code == arabic.status_code == 200
    assert spanish["Content-Type"] == "image/png"
    assert spanish.content != arabic.content


def test_a_one_edition_site_keeps_its_podcast_address(client, section):
    assert not editions.prefixes_on()
    assert reverse("podcasts:site") == "/audio/podcast/"
    assert client.get("/audio/podcast/").status_code == 200
    assert reverse("audio:article_mp3", args=[1]) == "/audio/1.mp3"


# --- Short-link pages -----------------------------------------------------


def links_of(html: str) -> list[str]:
    prose = html[html.index('<div class="prose">') :]
    return re.findall(r'<a href="([^"]*)"', prose)[:2]


def test_an_unknown_short_link_leads_to_the_editions_front(client, newsroom):
    response = client.get("/s/zzzzzz9", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    front, stories = links_of(response.content.decode())
    assert (front, stories) == ("/en/", "/en/stories/")
    # Neither answers another redirect.
    assert client.get(front).status_code == 200
    assert client.get(stories).status_code == 200


def test_a_gone_link_speaks_its_articles_edition(client, newsroom):
    from gazette.links.models import ShortLink

    article = newsroom["es"]
    code = ShortLink.objects.generated().get(page=article).code
    articles.unpublish_article(article)
    response = client.get(f"/s/{code}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 410
    html = response.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert header_name(html) == SPANISH[0]
    assert links_of(html) == ["/es/", "/es/stories/"]
    assert "Ya no está disponible" in html


def test_a_one_edition_site_links_its_unprefixed_front(client, section):
    response = client.get("/s/zzzzzz9", HTTP_USER_AGENT=BROWSER)
    assert links_of(response.content.decode()) == ["/", "/stories/"]


# --- Other things seen on the editions' pages in Chromium -------------------


def test_an_editions_journalists_page_lists_its_own(client, newsroom):
    from gazette.articles.models import ArticlePageAuthor, Author

    ana = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz", role="Redactora")
    ben = Author.objects.create(name="Ben Ode", slug="ben-ode", role="Reporter")
    Author.objects.create(name="New Hire", slug="new-hire", role="Trainee")
    ArticlePageAuthor.objects.create(page=newsroom["es"], author=ana)
    ArticlePageAuthor.objects.create(page=newsroom["en"], author=ben)

    def names(url):
        html = html_of(client, url)
        return re.findall(r'class="author-card__link"[^>]*>([^<]*)<', html)

    assert names("/es/authors/") == ["Ana Ruiz"]
    assert names("/ar/authors/") == []
    # The default edition's, and whoever has not written yet.
    assert sorted(names("/en/authors/")) == ["Ben Ode", "New Hire"]


def test_a_journalists_page_lists_the_editions_own_articles(client, newsroom):
    """Under /es/ a journalist's page lists the Spanish articles only; one who
    writes only in English is pointed to the English page."""
    from gazette.articles.models import ArticlePageAuthor, Author

    ana = Author.objects.create(name="Ana Ruiz", slug="ana-ruiz")
    ArticlePageAuthor.objects.create(page=newsroom["es"], author=ana)
    ArticlePageAuthor.objects.create(page=newsroom["en"], author=ana)
    ben = Author.objects.create(name="Ben Ode", slug="ben-ode")
    ArticlePageAuthor.objects.create(page=newsroom["en"], author=ben)

    spanish = html_of(client, "/es/authors/ana-ruiz/")
    assert newsroom["es"].title in spanish
    assert newsroom["en"].title not in spanish
    english = html_of(client, "/en/authors/ana-ruiz/")
    assert newsroom["en"].title in english and newsroom["es"].title not in english

    elsewhere = html_of(client, "/es/authors/ben-ode/")
    assert newsroom["en"].title not in elsewhere
    assert re.search(
        r'<a href="/en/authors/ben-ode/" lang="en" hreflang="en">', elsewhere
    )
    assert "/ar/authors/ben-ode/" not in elsewhere
    assert "Ben Ode todavía no tiene artículos en esta edición" in elsewhere


def test_the_qr_codes_title_speaks_the_editions_language(client, newsroom):
    html = html_of(client, newsroom["es"].url)
    assert "<title>Código QR de http://localhost/s/" in html
    assert "QR code for" not in html


def test_a_storys_dates_are_written_as_its_edition_writes_dates(client, newsroom):
    import datetime

    from gazette.stories import services as stories
    from gazette.stories.models import Story

    spanish = Locale.objects.get(language_code="es")
    story = Story.objects.create(title="El puente", slug="el-puente", locale=spanish)
    article = newsroom["es"]
    article.first_published_at = datetime.datetime(2026, 9, 26, 8, tzinfo=datetime.UTC)
    article.save(update_fields=["first_published_at"])
    stories.set_article_story(article, story)
    html = html_of(client, "/es/stories/el-puente/")
    dates = re.search(r'class="story-header__dates">(.*?)</span>', html).group(1)
    # "26 de septiembre de 2026", the clock's words; not "26 septiembre 2026".
    assert re.sub(r"<[^>]+>", "", dates).startswith("del 26 de septiembre de 2026 al")
