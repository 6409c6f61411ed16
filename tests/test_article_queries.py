"""An article page set up like the demo's (three editions, translations, a
story told in another edition, translated standing pages): at most 10
queries with every cache off, and the queries compiled once per process
(gazette.core.kept) never show an older state of the page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import override_settings
from django.utils.encoding import iri_to_uri
from wagtail.models import Site

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, SectionPage
from gazette.core.models import HomePage, NewsroomSettings, StandardPage
from gazette.stories import services as stories
from gazette.stories.models import Story
from tests.editions import default_home, make_editions, translate_page

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
APP_CACHES = {"GAZETTE_PAGE_CACHE_SECONDS": 0}
# The bound (docs/caching.md lists the queries).
MAX_QUERIES = 10
BASE = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)


def body(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def newsroom(section, author, picture, django_capture_on_commit_callbacks):
    """English and Arabic editions; an English story of two articles, both
    translated into an Arabic story; an "About us" page translated too."""
    homes = make_editions(("es", "ar"))
    ar = homes["ar"].locale
    ar_section = SectionPage.objects.child_of(homes["ar"]).get(
        translation_key=section.translation_key
    )
    about = default_home().add_child(instance=StandardPage(title="About", slug="about"))
    about.save_revision().publish()
    translate_page(about, ar, title="من نحن")
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.about_page = about
    settings.save()
    english = Story.objects.create(title="Border talks")
    arabic = Story.objects.create(title="محادثات الحدود", locale=ar)
    made = []
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            article = articles.create_article(
                section,
                title=f"Border talks resume {n}",
                slug=f"border-talks-{n}",
                lede="A lede.",
                body=body("Talks resumed."),
                authors=[author],
                story=english,
                image=picture,
            )
            articles.publish_article(
                article, published_at=BASE + datetime.timedelta(hours=n)
            )
            stories.place_article_by_editor(article, english)
            copy = translate_page(article, ar, title=f"استئناف المحادثات {n}")
            articles.publish_article(
                copy, published_at=BASE + datetime.timedelta(hours=n + 1)
            )
            stories.place_article_by_editor(copy, arabic)
        made.append((ArticlePage.objects.get(pk=article.pk), copy))
    assert copy.get_parent().pk == ar_section.pk
    return made[-1]


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_a_translated_article_in_a_story_told_elsewhere_makes_at_most_10_queries(
    client, newsroom, edition, django_assert_max_num_queries
):
    """With every cache off, the demo-like article (its "Read in" list, its
    story in another edition, the footer's translated standing page) makes at
    most 10 queries in either edition."""
    english, arabic = newsroom
    page = english if edition == "en" else arabic
    with override_settings(**NO_CACHES):
        client.get(page.url)  # renditions, stored parts
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    other = arabic if edition == "en" else english
    # The "Read in" list and the story in the other edition are on the page.
    assert 'class="read-in__link"' in html and f'href="{other.url}"' in html
    other_story = Story.objects.get(pk=other.story_id)
    assert 'class="story-editions__link"' in html
    # The story in the other edition (an Arabic slug is percent-encoded).
    assert iri_to_uri(f"/{other_story.slug}/") in html
    if edition == "ar":
        about = StandardPage.objects.get(locale=arabic.locale, slug="about")
        assert f'href="{about.url}"' in html  # the footer's translated page


def render(client, url: str) -> str:
    with override_settings(**APP_CACHES):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def read_in(html: str) -> list[str]:
    return re.findall(r'class="read-in__link"[^>]*>([^<]+)', html)


def test_a_new_translation_shows_in_read_in_at_once(client, newsroom):
    english, _ = newsroom
    spanish = HomePage.objects.get(locale__language_code="es").locale
    assert "Español" not in read_in(render(client, english.url))
    copy = translate_page(english, spanish, title="Se reanudan")
    articles.publish_article(copy, published_at=BASE + datetime.timedelta(hours=5))
    html = render(client, english.url)
    assert f'href="{copy.url}"' in html
    assert "Español" in read_in(html)


def test_an_unpublished_translation_leaves_read_in(client, newsroom):
    english, arabic = newsroom
    assert f'href="{arabic.url}"' in render(client, english.url)
    arabic.unpublish()
    html = render(client, english.url)
    assert 'class="read-in__link"' not in html


def test_a_correction_and_a_rename_show_at_once(client, newsroom):
    english, _ = newsroom
    render(client, english.url)
    english.title = "Border talks collapse"
    english.slug = "border-talks-collapse"
    english.save_revision().publish()
    english.refresh_from_db()
    html = render(client, english.url)
    assert '<h1 id="headline">Border talks collapse</h1>' in html
    assert english.url.endswith("/border-talks-collapse/")
    with override_settings(**APP_CACHES):
        assert client.get(english.url.replace("collapse", "1")).status_code == 404


def test_a_new_article_in_the_story_joins_the_related_list(client, newsroom, section):
    english, _ = newsroom
    assert "Talks go on" not in render(client, english.url)
    story = Story.objects.get(pk=english.story_id)
    fresh = articles.create_article(
        section,
        title="Talks go on",
        slug="talks-go-on",
        lede="L",
        body=body("x"),
        story=story,
    )
    articles.publish_article(fresh, published_at=BASE + datetime.timedelta(hours=9))
    assert "Talks go on" in render(client, english.url)


def test_a_settings_change_shows_at_once(client, newsroom):
    english, arabic = newsroom
    assert "Halvard Post" not in render(client, english.url)
    settings = NewsroomSettings.objects.get()
    settings.name = "Halvard Post"
    settings.accent_colour = "#123456"
    settings.about_page = None
    settings.save()
    html = render(client, english.url)
    assert "Halvard Post" in html and "#123456" in html
    about = StandardPage.objects.get(locale=arabic.locale, slug="about")
    assert f'href="{about.url}"' not in render(client, arabic.url)


def test_a_renamed_footer_translation_is_linked_at_its_new_address(client, newsroom):
    _, arabic = newsroom
    about = StandardPage.objects.get(locale=arabic.locale, slug="about")
    assert f'href="{about.url}"' in render(client, arabic.url)
    about.slug = "man-nahnu"
    about.save_revision().publish()
    about.refresh_from_db()
    assert about.url.endswith("/man-nahnu/")
    assert f'href="{about.url}"' in render(client, arabic.url)
