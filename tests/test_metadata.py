"""Canonical URLs, OpenGraph and Twitter tags and JSON-LD on every page."""

import datetime
import json
import re

import pytest
from django.test import override_settings

from gazette.seo import jsonld

from .test_articles import NO_CACHES

BASE = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)
PUBLISHER = jsonld.Publisher(
    "Gazette",
    "https://news.example/",
    jsonld.Picture("https://news.example/l.png", 512, 512),
)


def google_article_problems(data: dict) -> list[str]:
    """Return what Google's article rich results would miss in a ``NewsArticle``.

    After developers.google.com/search/docs/appearance/structured-data/article:
    headline, image, datePublished, dateModified, author (each with a name and
    a url), publisher (name, logo); dates in ISO 8601 with a time zone.
    """
    problems = []
    if data.get("@context") != "https://schema.org":
        problems.append("@context")
    if data.get("@type") not in {"NewsArticle", "Article", "BlogPosting"}:
        problems.append("@type")
    headline = data.get("headline")
    if not isinstance(headline, str) or not headline.strip():
        problems.append("headline")
    images = data.get("image")
    if isinstance(images, (str, dict)):
        images = [images]
    if not images:
        problems.append("image")
    for image in images or []:
        url = image if isinstance(image, str) else image.get("url", "")
        if not url.startswith(("http://", "https://")):
            problems.append("image url")
    for key in ("datePublished", "dateModified"):
        try:
            moment = datetime.datetime.fromisoformat(data.get(key, ""))
        except (TypeError, ValueError):
            problems.append(key)
        else:
            if moment.tzinfo is None:
                problems.append(f"{key} time zone")
    authors = data.get("author")
    if isinstance(authors, dict):
        authors = [authors]
    if not authors:
        problems.append("author")
    for author in authors or []:
        if author.get("@type") not in {"Person", "Organization"}:
            problems.append("author @type")
        if not author.get("name"):
            problems.append("author name")
        if not str(author.get("url", "")).startswith(("http://", "https://")):
            problems.append("author url")
    publisher = data.get("publisher") or {}
    if not publisher.get("name"):
        problems.append("publisher name")
    if not str((publisher.get("logo") or {}).get("url", "")).startswith("http"):
        problems.append("publisher logo")
    return problems


def article_data(**changes) -> jsonld.Article:
    values = dict(
        url="https://news.example/world/talks/",
        headline="Talks collapse",
        description="Negotiators left.",
        published=BASE,
        modified=BASE + datetime.timedelta(hours=2),
        publisher=PUBLISHER,
        authors=[jsonld.Link("Mira Castell", "https://news.example/authors/mira/")],
        images=[jsonld.Picture("https://news.example/m/a.png", 960, 540)],
        section="World",
        story=jsonld.Link("Border talks", "https://news.example/stories/border/"),
    )
    values.update(changes)
    return jsonld.Article(**values)


# Pure functions, no database.


def test_news_article_has_everything_google_asks_for():
    data = jsonld.news_article(article_data())
    assert google_article_problems(data) == []
    assert data["datePublished"] == "2026-10-01T08:00:00+00:00"
    assert data["dateModified"] == "2026-10-01T10:00:00+00:00"
    assert data["articleSection"] == "World"
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Border talks",
        "url": "https://news.example/stories/border/",
    }
    assert data["publisher"]["logo"]["width"] == 512
    assert "speakable" not in data


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"headline": ""}, "headline"),
        ({"images": []}, "image"),
        ({"authors": []}, "author"),
        ({"authors": [jsonld.Link("Anon", "")]}, "author url"),
    ],
)
def test_the_check_catches_what_google_would_refuse(changes, problem):
    assert problem in google_article_problems(
        jsonld.news_article(article_data(**changes))
    )


def test_an_article_outside_a_story_has_no_is_part_of():
    data = jsonld.news_article(article_data(story=None, section=""))
    assert "isPartOf" not in data and "articleSection" not in data


def test_speakable_points_at_the_given_selectors_only_when_given():
    data = jsonld.news_article(article_data(speakable=("#headline", ".lede")))
    assert data["speakable"] == {
        "@type": "SpeakableSpecification",
        "cssSelector": ["#headline", ".lede"],
    }
    assert google_article_problems(data) == []
    assert "speakable" not in jsonld.news_article(article_data(speakable=()))


def test_a_logo_of_unknown_size_is_an_image_object_without_one():
    logo = jsonld.image_object(jsonld.Picture("https://news.example/logo.svg"))
    assert logo == {"@type": "ImageObject", "url": "https://news.example/logo.svg"}


def test_collection_page_lists_items_in_order_from_the_page_start():
    data = jsonld.collection_page(
        name="World",
        url="https://news.example/world/?page=2",
        description="",
        items=[jsonld.Link("A", "https://a"), jsonld.Link("B", "https://b")],
        start=21,
    )
    assert data["@type"] == "CollectionPage"
    elements = data["mainEntity"]["itemListElement"]
    assert [(e["position"], e["url"]) for e in elements] == [
        (21, "https://a"),
        (22, "https://b"),
    ]


def test_website_has_a_search_action():
    organization, site = jsonld.website(
        publisher=PUBLISHER,
        search_url="https://news.example/search/?q={search_term_string}",
    )
    assert organization["@type"] == "NewsMediaOrganization"
    assert organization["logo"]["url"] == "https://news.example/l.png"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"].endswith("?q={search_term_string}")
    assert action["query-input"] == "required name=search_term_string"


def test_script_json_cannot_close_the_script_element():
    text = jsonld.script_json({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><script>alert(1)</script> & <!--"}


# Pages, through the client.


def documents(html: str) -> list[dict]:
    head = html.split("</head>")[0]
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', head, re.S
    )
    return [json.loads(text) for text in found]


def metas(html: str) -> dict[str, list[str]]:
    head = html.split("</head>")[0]
    found: dict[str, list[str]] = {}
    for key, value in re.findall(
        r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head
    ):
        found.setdefault(key, []).append(value)
    return found


def canonical(html: str) -> str:
    (url,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return url


@pytest.mark.django_db
def test_article_page_carries_news_article_og_and_twitter(
    client,
    make_article,
    story,
    author,
    picture,
):
    article = make_article(
        'Talks "collapse" <at> the border',
        story=story,
        authors=[author],
        image=picture,
        lede="Negotiators left & went home.",
    )
    html = client.get(article.url).content.decode()
    url = f"http://localhost{article.url}"
    assert canonical(html) == url
    (data,) = documents(html)
    assert google_article_problems(data) == []
    assert data["headline"] == 'Talks "collapse" <at> the border'
    assert data["description"] == "Negotiators left & went home."
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Mira Castell",
            "url": "http://localhost/authors/mira-castell/",
        }
    ]
    assert data["articleSection"] == "World"
    assert data["isPartOf"]["name"] == story.title
    assert data["isPartOf"]["url"] == f"http://localhost{story.get_absolute_url()}"
    assert data["publisher"]["name"] == "Gazette"
    assert (
        data["publisher"]["logo"]["url"]
        == "http://localhost/static/seo/publisher-logo.png"
    )
    assert client.get("/static/seo/publisher-logo.png").status_code in {200, 404}
    assert data["image"][0]["url"].startswith("http://localhost/media/images/")
    found = metas(html)
    assert found["og:type"] == ["article"]
    assert found["og:url"] == [url]
    assert found["og:title"] == ["Talks &quot;collapse&quot; &lt;at&gt; the border"]
    assert found["og:image"] == [data["image"][0]["url"]]
    assert found["twitter:card"] == ["summary_large_image"]
    assert found["article:author"] == ["http://localhost/authors/mira-castell/"]
    assert found["article:published_time"] == [data["datePublished"]]
    # The raw headline never reaches the script unescaped.
    assert "<at>" not in html.split("</head>")[0].split("ld+json")[1]


@pytest.mark.django_db
def test_an_article_without_picture_gets_a_summary_card(client, make_article):
    html = client.get(make_article().url).content.decode()
    assert metas(html)["twitter:card"] == ["summary"]
    (data,) = documents(html)
    assert google_article_problems(data) == ["image", "author"]


@pytest.mark.django_db
def test_home_page_has_organization_and_website_with_search(client, make_article):
    make_article()
    html = client.get("/").content.decode()
    assert canonical(html) == "http://localhost/"
    organization, site = documents(html)
    assert organization["@type"] == "NewsMediaOrganization"
    assert site["@type"] == "WebSite"
    assert (
        site["potentialAction"]["target"]["urlTemplate"]
        == "http://localhost/search/?q={search_term_string}"
    )
    assert metas(html)["og:type"] == ["website"]


@pytest.mark.django_db
def test_section_and_story_pages_list_their_articles(
    client, make_article, story, section, settings
):
    settings.GAZETTE_ARTICLES_PER_PAGE = 2
    made = [make_article(story=story, hours=hour) for hour in range(3)]
    for url in [section.url, story.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert canonical(html) == f"http://localhost{url}"
        (data,) = documents(html)
        assert data["@type"] == "CollectionPage"
        elements = data["mainEntity"]["itemListElement"]
        assert [e["url"] for e in elements] == [
            f"http://localhost{a.url}" for a in made[::-1][:2]
        ]
        html = client.get(url + "?page=2").content.decode()
        assert canonical(html) == f"http://localhost{url}?page=2"
        (data,) = documents(html)
        (element,) = data["mainEntity"]["itemListElement"]
        assert element["position"] == 3
        assert element["url"] == f"http://localhost{made[0].url}"


@pytest.mark.django_db
def test_every_other_page_has_a_canonical_url_and_og_tags(client, make_article, author):
    make_article(authors=[author])
    for url in ["/stories/", "/authors/", author.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert canonical(html) == f"http://localhost{url}", url
        assert metas(html)["og:site_name"] == ["Gazette"], url
    assert metas(client.get(author.get_absolute_url()).content.decode())["og:type"] == [
        "profile"
    ]


@pytest.mark.django_db
def test_metadata_adds_no_query_to_the_article_page(
    client, make_article, story, author, picture, monkeypatch
):
    """The head reuses what the page loads, the lead picture's rendition included
    (measured on the full render: a stored shell, articles.shells, reads none)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gazette.articles import shells
    from gazette.seo.templatetags import seo_tags

    monkeypatch.setattr(shells, "usable", lambda request, page: False)

    body = [
        {"type": "paragraph", "value": "<p>Text.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
    ]

    def count(url) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return len(queries), html

    with override_settings(**NO_CACHES):
        article = make_article(story=story, authors=[author], image=picture, body=body)
        client.get(article.url)  # renditions are made once, on the first view
        with_metadata, html = count(article.url)
        assert 'property="og:image"' in html
        monkeypatch.setattr(seo_tags, "article_metadata", lambda *args: {})
        without, html = count(article.url)
        assert 'property="og:image"' not in html
    assert with_metadata == without


@pytest.mark.django_db
def test_a_draft_in_preview_gets_metadata_dated_now(make_article, rf, home):
    from django.contrib.auth.models import AnonymousUser

    draft = make_article("Not out yet", publish=False)
    request = rf.get("/", HTTP_HOST="localhost")
    request.user = AnonymousUser()
    response = draft.make_preview_request(request)
    (data,) = documents(response.rendered_content)
    assert data["headline"] == "Not out yet"
    assert datetime.datetime.fromisoformat(data["datePublished"]).tzinfo is not None


@pytest.mark.django_db
@override_settings(
    GAZETTE_PUBLISHER_LOGO_URL="/static/newsroom/logo.png",
    GAZETTE_PUBLISHER_LOGO_WIDTH=600,
    GAZETTE_PUBLISHER_LOGO_HEIGHT=160,
)
def test_the_newsroom_sets_its_own_publisher_logo(client, make_article):
    from django.core.cache import cache

    article = make_article()
    (data,) = documents(client.get(article.url).content.decode())
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "http://localhost/static/newsroom/logo.png",
        "width": 600,
        "height": 160,
    }
    organization, _ = documents(client.get("/").content.decode())
    assert organization["logo"] == data["publisher"]["logo"]
    with override_settings(
        GAZETTE_PUBLISHER_LOGO_URL="https://cdn.example/logo.svg",
        GAZETTE_PUBLISHER_LOGO_WIDTH=0,
    ):
        cache.clear()  # the page cache holds the page with the other logo
        (data,) = documents(client.get(article.url).content.decode())
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "https://cdn.example/logo.svg",
    }


def make_audio(article, status="ready"):
    from gazette.audio.models import ArticleAudio

    return ArticleAudio.objects.create(
        article=article, file="audio/articles/talks.mp3", size=1000, status=status
    )


def metadata_of(page, rf, section) -> dict:
    from gazette.seo.templatetags import seo_tags

    request = rf.get("/", HTTP_HOST="localhost")
    page.authors, page.story  # noqa: B018 - loaded by the page before its head
    (data,) = seo_tags.article_metadata(request, page, {"section": section}, "G")[
        "jsonld"
    ]
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, speakable",
    [("ready", True), ("pending", False), ("failed", False), (None, False)],
)
def test_speakable_headline_and_lede_when_the_audio_is_ready(
    make_article, rf, section, status, speakable, django_assert_num_queries
):
    """Read from the audio loaded with the page; the head never queries for it."""
    from gazette.articles.models import ArticlePage

    article = make_article("Talks collapse")
    if status:
        make_audio(article, status)
    page = ArticlePage.objects.select_related("audio").get(pk=article.pk)
    metadata_of(page, rf, section)
    with django_assert_num_queries(0):
        data = metadata_of(page, rf, section)
    if speakable:
        assert data["speakable"] == {
            "@type": "SpeakableSpecification",
            "cssSelector": ["#headline", ".article__header .lede"],
        }
    else:
        assert "speakable" not in data


@pytest.mark.django_db
def test_no_speakable_without_a_query_when_the_audio_was_not_loaded(
    make_article, rf, section, django_assert_num_queries
):
    from gazette.articles.models import ArticlePage

    article = make_article()
    make_audio(article)
    page = ArticlePage.objects.get(pk=article.pk)
    metadata_of(page, rf, section)
    with django_assert_num_queries(0):
        assert "speakable" not in metadata_of(page, rf, section)
    page.audio  # noqa: B018 - whoever reads the accessor first loads it
    assert "speakable" in metadata_of(page, rf, section)


@pytest.mark.django_db
def test_speakable_selectors_match_the_article_page(client, make_article):
    from gazette.seo.templatetags.seo_tags import SPEAKABLE

    html = client.get(make_article("Talks collapse").url).content.decode()
    header = html.split('class="article__header"', 1)[1].split("</header>")[0]
    assert SPEAKABLE == ("#headline", ".article__header .lede")
    assert '<h1 id="headline">Talks collapse</h1>' in header
    assert '<p class="lede">A lede that sums the article up.</p>' in header


@pytest.mark.django_db
def test_article_page_with_ready_audio_is_speakable(client, make_article):
    article = make_article()
    make_audio(article)
    (data,) = documents(client.get(article.url).content.decode())
    assert "speakable" in data


def test_a_story_the_engine_started_for_the_article_alone_is_no_series(
    client, make_story, make_article
):
    lone = make_story("Night tram opens", title_is_proposed=True)
    article = make_article("Night tram opens", story=lone)
    (data,) = documents(client.get(article.url).content.decode())
    assert "isPartOf" not in data
    make_article("Night tram: 4,000 riders", story=lone)
    (data,) = documents(client.get(article.url).content.decode())
    assert data["isPartOf"]["name"] == "Night tram opens"
