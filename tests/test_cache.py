"""Anonymous pages are cached; any change a reader could see retires them."""

import pytest
from django.contrib.auth import get_user_model

from gazette.articles import services as articles
from gazette.stories import services as stories

pytestmark = pytest.mark.django_db

HEADER = "X-Gazette-Cache"


def test_anonymous_article_page_is_served_from_cache(client, make_article):
    article = make_article()
    assert client.get(article.url)[HEADER] == "miss"
    second = client.get(article.url)
    assert second[HEADER] == "hit"
    assert article.title in second.content.decode()


def test_publishing_in_a_story_updates_the_count_on_cached_pages_of_the_story(
    client, story, make_article
):
    first = make_article(story=story)
    html = client.get(first.url).content.decode()
    assert '<span class="story-tag__count">(1)</span>' in html
    assert client.get(first.url)[HEADER] == "hit"

    make_article(story=story)

    response = client.get(first.url)
    assert '<span class="story-tag__count">(2)</span>' in response.content.decode()
    assert response[HEADER] == "miss"


def test_leaving_a_story_updates_the_cached_count(client, story, make_article):
    first, second = make_article(story=story), make_article(story=story)
    assert "(2)</span>" in client.get(first.url).content.decode()
    stories.set_article_story(second, None)
    assert "(1)</span>" in client.get(first.url).content.decode()


def test_unpublishing_removes_the_article_from_cached_listings(
    client, section, make_article
):
    article = make_article("Soon withdrawn")
    assert "Soon withdrawn" in client.get(section.url).content.decode()
    articles.unpublish_article(article)
    assert "Soon withdrawn" not in client.get(section.url).content.decode()


def test_story_rename_shows_on_cached_article_pages(client, story, make_article):
    article = make_article(story=story)
    client.get(article.url)
    story.title = "Talks resume at the border"
    story.save()
    assert "Talks resume at the border" in client.get(article.url).content.decode()


def test_logged_in_readers_share_the_cached_page(client, make_article):
    """Reader pages hold nothing personal (docs/caching.md): a signed-in
    reader gets the copy everyone gets, and a publish retires it for them as
    for anyone."""
    article = make_article()
    anonymous = client.get(article.url)
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    page = client.get(article.url)
    assert page[HEADER] == "hit"
    assert page.content == anonymous.content
    article.title = "A corrected headline"
    article.save_revision().publish()
    fresh = client.get(article.url)
    assert fresh[HEADER] == "miss"
    assert "A corrected headline" in fresh.content.decode()


def test_a_page_read_from_a_live_session_is_private(rf, make_article):
    """A view that reads a signed-in reader's session makes a personal page:
    marked private, stored by neither cache."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    from gazette.core.middleware import AnonymousPageCacheMiddleware

    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(f"Hello {request.session.get('name', AnonymousUser())}")

    middleware = AnonymousPageCacheMiddleware(view)
    for _ in range(2):
        request = rf.get("/personal/", HTTP_HOST="localhost")
        request.session = SessionStore()
        request.session["name"] = "Ada"
        response = middleware(request)
        assert "private" in response["Cache-Control"]
        assert HEADER not in response
    assert len(calls) == 2


def test_admin_and_error_pages_are_never_cached(client, make_article):
    assert HEADER not in client.get("/admin/login/")
    assert client.get("/no-such-page/").status_code == 404
    assert HEADER not in client.get("/no-such-page/")


def test_cache_can_be_turned_off(client, make_article, settings):
    settings.GAZETTE_PAGE_CACHE_SECONDS = 0
    article = make_article()
    client.get(article.url)
    assert HEADER not in client.get(article.url)


def test_a_page_holding_a_csrf_token_is_private_and_never_cached(rf):
    """A reader's CSRF token must never be served to another reader."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from gazette.core.middleware import AnonymousPageCacheMiddleware

    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(rf.get("/with-form/", HTTP_HOST="localhost"))
    second = middleware(rf.get("/with-form/", HTTP_HOST="localhost"))
    assert "private" in first["Cache-Control"]
    assert "X-Gazette-Cache" not in second
    assert len(calls) == 2
