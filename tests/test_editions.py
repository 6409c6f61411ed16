"""Editions: addresses, languages, the switcher and linked translations.

Tests run in the one-edition mode (today's addresses) unless they make
editions (``tests.editions.make_editions``), which turns prefixes on.
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.core import editions
from gazette.core.models import HomePage
from gazette.seo import alternates, jsonld
from tests.editions import make_editions


def default() -> str:
    return Locale.get_default().language_code


class Head(HTMLParser):
    """What a page says about itself: <html lang dir>, alternates, links, meta."""

    def __init__(self):
        super().__init__()
        self.html = {}
        self.alternates = []
        self.meta = []
        self.links = []
        self.jsonld = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append((attrs["hreflang"], attrs["href"]))
        elif tag == "meta" and attrs.get("property", "").startswith("og:locale"):
            self.meta.append((attrs["property"], attrs["content"]))
        elif tag == "a":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.jsonld.append(json.loads("".join(self._script)))
            self._script = None


def read(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    head = Head()
    head.feed(response.content.decode())
    return head


def news_article(head):
    return next(d for d in head.jsonld if d.get("@type") == "NewsArticle")


# --- Pure parts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en-GB", "en_GB"),
        ("es", "es_ES"),
        ("ar", "ar_AR"),
        ("pt-BR", "pt_BR"),
        ("xx", "xx"),
    ],
)
def test_opengraph_locales_carry_a_territory(tag, locale):
    assert alternates.og_locale(tag) == locale


def test_every_version_lists_all_and_x_default_names_the_original():
    en = alternates.Version("en", "en-GB", "https://n.example/en/a/")
    es = alternates.Version("es", "es", "https://n.example/es/a/")
    assert alternates.hreflang_links([en, es], original=es) == [
        ("en", en.url),
        ("es", es.url),
        ("x-default", es.url),
    ]
    # A page in one language only: no alternates at all.
    assert alternates.hreflang_links([en], original=en) == []


def test_the_original_names_its_translations_and_a_translation_its_original():
    moment = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    publisher = jsonld.Publisher("N", "https://n.example/", jsonld.Picture("x"))
    base = dict(
        headline="H",
        description="D",
        published=moment,
        modified=moment,
        publisher=publisher,
    )
    es = jsonld.Translation("https://n.example/es/a/", "es")
    original = jsonld.news_article(
        jsonld.Article(url="https://n.example/en/a/", translations=[es], **base)
    )
    assert original["workTranslation"] == [
        {"@type": "NewsArticle", "@id": es.url, "url": es.url, "inLanguage": "es"}
    ]
    assert "translationOfWork" not in original
    en = jsonld.Translation("https://n.example/en/a/", "en-GB")
    translation = jsonld.news_article(
        jsonld.Article(url=es.url, translation_of=en, **base)
    )
    assert translation["translationOfWork"]["url"] == en.url
    assert "workTranslation" not in translation


@pytest.mark.parametrize(
    ("code", "name", "rtl"),
    [("en", "English", False), ("es", "Español", False), ("ar", "العربية", True)],
)
def test_languages_are_named_in_their_own_words(code, name, rtl):
    assert editions.language_name(code) == name
    assert editions.is_rtl(code) is rtl


# --- One edition: today's addresses --------------------------------------


@pytest.mark.django_db
def test_a_one_edition_site_keeps_its_unprefixed_addresses(client, make_article):
    article = make_article("Harbour reopens")
    assert not editions.prefixes_on()
    assert article.url == "/world/" + article.slug + "/"
    head = read(client, article.url)
    assert head.alternates == []
    assert not any("hreflang" in link for link in head.links)
    assert read(client, "/stories/").html["lang"].startswith("en")


@pytest.mark.django_db
def test_prefixes_can_be_forced_on_for_one_edition(client, make_article, settings):
    article = make_article("Harbour reopens")
    settings.GAZETTE_EDITION_PREFIXES = "always"
    code = default()
    assert article.url == f"/{code}/world/{article.slug}/"
    assert client.get(article.url).status_code == 200
    response = client.get("/world/")
    assert response.status_code == 301
    assert response["Location"] == f"/{code}/world/"


@pytest.mark.django_db
def test_an_unknown_prefix_mode_is_a_clear_error(settings):
    settings.GAZETTE_EDITION_PREFIXES = "sometimes"
    with pytest.raises(ImproperlyConfigured, match="auto, always, never"):
        editions.prefixes_on()


@pytest.mark.django_db
def test_a_second_home_page_is_only_made_by_translating(home):
    from wagtail.models import Page

    assert not HomePage.can_create_at(Page.get_first_root_node())


# --- Several editions: prefixes, redirects, languages ----------------------


@pytest.fixture
def three(db, section):
    homes = make_editions(("es", "ar"))
    yield homes
    editions.forget()


@pytest.fixture
def translated(three, make_article, section):
    """An English article published first, then its Spanish and Arabic translations."""
    original = make_article("Harbour reopens after the storm", hours=1)
    versions = {default(): original}
    for n, code in enumerate(("es", "ar"), start=2):
        locale = Locale.objects.get(language_code=code)
        copy = original.copy_for_translation(locale)
        copy.title = {"es": "Reabre el puerto", "ar": "إعادة فتح الميناء"}[code]
        copy.lede = {"es": "El puerto reabre.", "ar": "يعاد فتح الميناء."}[code]
        copy.save_revision()
        articles.publish_article(
            copy,
            published_at=original.first_published_at + datetime.timedelta(hours=n),
        )
        copy.refresh_from_db()
        versions[code] = copy
    return versions


@pytest.mark.django_db
def test_a_second_edition_prefixes_every_reader_address(client, three, make_article):
    code = default()
    assert editions.prefixes_on()
    assert editions.edition_codes() == (code, "ar", "es")
    article = make_article("Harbour reopens")
    assert article.url.startswith(f"/{code}/world/")
    assert three["es"].url == "/es/"
    assert three["ar"].url == "/ar/"
    for url in (article.url, "/es/", "/ar/", "/es/world/", f"/{code}/stories/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old", ["/", "/world/", "/stories/", "/authors/", "/search/?q=storm", "/feeds/rss/"]
)
def test_old_unprefixed_addresses_answer_301_to_the_default_edition(client, three, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/{default()}{old}"


@pytest.mark.django_db
def test_an_old_article_address_leads_to_the_article(client, three, make_article):
    article = make_article("Harbour reopens")
    old = article.url.removeprefix(f"/{default()}")
    response = client.get(old, follow=True)
    assert response.redirect_chain == [(article.url, 301)]
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/robots.txt", "/sitemap.xml", "/api/v1/articles/", "/favicon.ico"]
)
def test_machine_addresses_stay_unprefixed(client, three, url):
    # (The icon is a redirect of its own, to the stylesheet's SVG.)
    assert client.get(url).status_code in (200, 302)


@pytest.mark.django_db
def test_short_links_lead_to_the_prefixed_article(client, three, make_article):
    from gazette.links.models import ShortLink

    article = make_article("Harbour reopens")
    code = ShortLink.objects.generated().get(page=article).code
    response = client.get(f"/s/{code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)


PAGE_TYPES = ["home", "section", "article", "stories", "authors", "search", "missing"]


def page_urls(code, article):
    return {
        "home": f"/{code}/",
        "section": f"/{code}/world/",
        "article": article.url if article else None,
        "stories": f"/{code}/stories/",
        "authors": f"/{code}/authors/",
        "search": f"/{code}/search/?q=harbour",
        "missing": f"/{code}/no-such-page/",
    }


@pytest.mark.django_db
def test_every_public_page_says_its_editions_language_and_direction(client, translated):
    expected = {default(): ("en-GB", "ltr"), "es": ("es", "ltr"), "ar": ("ar", "rtl")}
    for code, (lang, direction) in expected.items():
        for kind, url in page_urls(code, translated[code]).items():
            status = 404 if kind == "missing" else 200
            html = read(client, url, status).html
            assert (html["lang"], html["dir"]) == (lang, direction), (code, url)


@pytest.mark.django_db
def test_the_language_comes_from_the_address_only(client, three):
    html = client.get(
        f"/{default()}/",
        HTTP_ACCEPT_LANGUAGE="ar",
        HTTP_COOKIE="django_language=es",
    ).content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert '<html lang="ar" dir="rtl">' in client.get("/ar/").content.decode()


@pytest.mark.django_db
def test_the_interface_speaks_the_editions_language(client, three):
    spanish = client.get("/es/").content.decode()
    assert "Saltar al contenido" in spanish
    arabic = client.get("/ar/").content.decode()
    assert "بتوقيت غرينتش" in arabic


@pytest.mark.django_db
def test_the_navigation_lists_the_editions_own_sections(client, three):
    from gazette.articles.models import SectionPage

    world = SectionPage.objects.get(locale__language_code="es", slug="world")
    world.title = "Mundo"
    world.save_revision().publish()
    nav = re.search(
        r'<nav class="site-nav".*?</nav>', client.get("/es/").content.decode(), re.S
    ).group(0)
    assert 'href="/es/world/"' in nav and ">Mundo<" in nav
    assert f'href="/{default()}/world/"' not in nav
    assert 'href="/es/"' in nav and 'href="/es/stories/"' in nav


# --- Linked translations -------------------------------------------------


@pytest.mark.django_db
def test_hreflang_alternates_are_reciprocal_on_every_translation(client, translated):
    heads = {code: read(client, a.url) for code, a in translated.items()}
    original = translated[default()].full_url
    expected = sorted(
        [(code, a.full_url) for code, a in translated.items()]
        + [("x-default", original)]
    )
    for code, head in heads.items():
        assert sorted(head.alternates) == expected, code
        assert all(href.startswith("http://") for _, href in head.alternates)


@pytest.mark.django_db
def test_home_pages_and_sections_link_their_translations_too(client, translated):
    for url in ("/es/", "/ar/world/"):
        languages = {hreflang for hreflang, _ in read(client, url).alternates}
        assert languages == {default(), "es", "ar", "x-default"}, url


@pytest.mark.django_db
def test_an_editions_own_original_has_no_alternates(client, three, make_section):
    from gazette.articles.models import SectionPage

    arabic_world = SectionPage.objects.get(locale__language_code="ar", slug="world")
    original = articles.create_article(
        arabic_world, title="سوق السمك", slug="souk", lede="سوق جديد.", body=[]
    )
    articles.publish_article(original)
    head = read(client, original.url)
    assert head.alternates == []
    assert head.meta == [("og:locale", "ar_AR")]
    assert "translationOfWork" not in news_article(head)
    assert news_article(head)["inLanguage"] == "ar"


@pytest.mark.django_db
def test_read_in_lists_the_other_languages_in_their_own_names(client, translated):
    html = client.get(translated["es"].url).content.decode()
    read_in = re.search(r'<nav class="read-in".*?</nav>', html, re.S).group(0)
    assert "Leer en" in read_in
    links = re.findall(r"<a [^>]*>[^<]*</a>", read_in)
    assert len(links) == 2
    english, arabic = links
    assert f'href="{translated[default()].url}"' in english
    assert 'hreflang="en-GB" lang="en-GB" dir="ltr">English<' in english
    assert f'href="{translated["ar"].url}"' in arabic
    assert 'hreflang="ar" lang="ar" dir="rtl">العربية<' in arabic


@pytest.mark.django_db
def test_opengraph_and_json_ld_name_the_languages(client, translated):
    original = read(client, translated[default()].url)
    assert original.meta == [
        ("og:locale", "en_GB"),
        ("og:locale:alternate", "ar_AR"),
        ("og:locale:alternate", "es_ES"),
    ]
    data = news_article(original)
    assert data["inLanguage"] == "en-GB"
    assert {w["url"] for w in data["workTranslation"]} == {
        translated["es"].full_url,
        translated["ar"].full_url,
    }
    spanish = news_article(read(client, translated["es"].url))
    assert spanish["inLanguage"] == "es"
    assert spanish["translationOfWork"] == {
        "@type": "NewsArticle",
        "@id": translated[default()].full_url,
        "url": translated[default()].full_url,
        "inLanguage": "en-GB",
    }
    assert "workTranslation" not in spanish


@pytest.mark.django_db
def test_an_unpublished_translation_is_not_linked(client, translated):
    translated["ar"].unpublish()
    head = read(client, translated["es"].url)
    assert {lang for lang, _ in head.alternates} == {default(), "es", "x-default"}
    html = client.get(translated["es"].url).content.decode()
    read_in = re.search(r'<nav class="read-in".*?</nav>', html, re.S).group(0)
    assert "English" in read_in and "العربية" not in read_in
    # The switcher still offers the Arabic edition: its front page.
    assert switcher(html)["ar"] == "/ar/"


# --- The switcher ------------------------------------------------------------


def switcher(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="editions editions--header".*?</nav>', html, re.S)
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<a class="editions__link" href="([^"]*)" hreflang="[^"]*" lang="([^"]*)"',
            nav.group(0),
        )
    )


@pytest.mark.django_db
def test_the_switcher_goes_to_the_translation_else_the_editions_front(
    client, translated, make_article
):
    links = switcher(client.get(translated[default()].url).content.decode())
    assert links == {"es": translated["es"].url, "ar": translated["ar"].url}
    lonely = make_article("Only in English")
    links = switcher(client.get(lonely.url).content.decode())
    assert links == {"es": "/es/", "ar": "/ar/"}
    links = switcher(client.get("/es/stories/").content.decode())
    assert links == {"en-GB": f"/{default()}/stories/", "ar": "/ar/stories/"}
    links = switcher(client.get("/ar/search/?q=storm").content.decode())
    assert links["es"] == "/es/search/?q=storm"


@pytest.mark.django_db
def test_a_one_edition_site_shows_no_switcher(client, home):
    html = client.get("/").content.decode()
    assert 'class="editions' not in html
    assert "editions.js" not in html


# --- The page cache ----------------------------------------------------------


@pytest.mark.django_db
def test_two_editions_never_share_a_cached_page(client, three):
    first = {code: client.get(f"/{code}/") for code in ("es", "ar")}
    again = {code: client.get(f"/{code}/") for code in ("es", "ar")}
    for code in ("es", "ar"):
        assert first[code]["X-Gazette-Cache"] == "miss"
        assert again[code]["X-Gazette-Cache"] == "hit"
        assert again[code].content == first[code].content
    assert '<html lang="es"' in again["es"].content.decode()
    assert '<html lang="ar"' in again["ar"].content.decode()
    # htmx's fragment requests are cached apart from the page.
    fragment = client.get("/es/", HTTP_HX_REQUEST="true")
    assert fragment["X-Gazette-Cache"] == "miss"


@pytest.mark.django_db
def test_a_page_cached_before_prefixes_changed_is_not_served(
    client, make_article, settings
):
    article = make_article("Harbour reopens")
    path = article.url
    assert client.get(path)["X-Gazette-Cache"] == "miss"
    assert client.get(path)["X-Gazette-Cache"] == "hit"
    settings.GAZETTE_EDITION_PREFIXES = "always"
    response = client.get(path)
    assert response.status_code == 301
    prefixed = client.get(response["Location"])
    assert prefixed["X-Gazette-Cache"] == "miss"
    assert f'href="/{default()}/world/"' in prefixed.content.decode()
    settings.GAZETTE_EDITION_PREFIXES = "auto"
    # Back to unprefixed addresses: the copy made with them is good again.
    again = client.get(path)
    assert again.status_code == 200
    assert 'href="/world/"' in again.content.decode()


@pytest.mark.django_db
def test_a_new_edition_retires_cached_pages(client, section):
    assert client.get("/")["X-Gazette-Cache"] == "miss"
    assert client.get("/")["X-Gazette-Cache"] == "hit"
    make_editions(("es",))
    assert client.get("/").status_code == 301
    assert client.get(f"/{default()}/")["X-Gazette-Cache"] == "miss"
    editions.forget()


@pytest.mark.django_db
def test_account_pages_are_not_cached_under_a_prefix(client, three):
    response = client.get("/es/accounts/login/")
    assert response.status_code == 200
    assert "X-Gazette-Cache" not in response


# --- Editors translate with Wagtail's own action -----------------------------


@pytest.mark.django_db
def test_editors_translate_an_article_from_the_admin(
    client, three, make_article, django_user_model
):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from gazette.core.groups import EDITORS

    article = make_article("Harbour reopens")
    editor = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    url = reverse("simple_translation:submit_page_translation", args=[article.pk])
    assert url in page  # the "Translate" action in the page's menu
    spanish = Locale.objects.get(language_code="es")
    response = client.post(url, {"locales": [spanish.pk]})
    assert response.status_code == 302
    copy = article.get_translation(spanish)
    assert copy.get_parent().locale == spanish
    assert not copy.live  # a draft for the translator
    copy.title = "Reabre el puerto"
    copy.save_revision().publish()
    client.logout()
    assert read(client, copy.url).html["lang"] == "es"


# --- The demo's editions ----------------------------------------------------


def test_every_translated_page_of_the_demo_links_its_versions_both_ways(
    client, demo_newsroom
):
    """Every live page with translations lists the same set: itself, each
    other version and x-default; and every public page says its edition's
    lang and dir."""
    from wagtail.models import Page

    from gazette.articles.models import Author

    if Locale.objects.count() < 2:
        pytest.skip("the demo has one edition")
    editions.forget()
    groups: dict = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        groups.setdefault(page.translation_key, []).append(page)
    translated = [pages for pages in groups.values() if len(pages) > 1]
    assert translated
    from gazette.core.templatetags.gazette_tags import html_lang

    expected_tags = {
        code: (
            html_lang(editions.interface_language(code)),
            "rtl" if editions.is_rtl(code) else "ltr",
        )
        for code in editions.edition_codes()
    }
    for pages in translated:
        heads = {page.full_url: read(client, page.url) for page in pages}
        sets = {url: sorted(head.alternates) for url, head in heads.items()}
        first = next(iter(sets.values()))
        assert all(found == first for found in sets.values()), sets
        listed = {href for lang, href in first if lang != "x-default"}
        assert listed == set(heads), pages
        for page in pages:
            html = heads[page.full_url].html
            code = page.locale.language_code
            assert (html["lang"], html["dir"]) == expected_tags[code], page.url
    author = Author.objects.first()
    for code, (lang, direction) in expected_tags.items():
        for url in (
            f"/{code}/",
            f"/{code}/stories/",
            f"/{code}/authors/",
            f"/{code}/authors/{author.slug}/",
            f"/{code}/search/?q=vell",
        ):
            html = read(client, url).html
            assert (html["lang"], html["dir"]) == (lang, direction), url
