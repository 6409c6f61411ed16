"""The public JSON API: what it shows and hides, filters, pages, errors, caching."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from wagtail.models import PageViewRestriction

from gazette.api import caching
from gazette.api.middleware import ApiCacheHeadersMiddleware
from gazette.articles import services as articles
from gazette.articles.models import Author

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
ARTICLE_KEYS = {
    "id",
    "url",
    "locale",
    "translations",
    "title",
    "lede",
    "first_published_at",
    "last_published_at",
    "section",
    "story",
    "authors",
    "image",
    "comment_count",
}


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), url
    return response


def titles(response) -> list[str]:
    data = response.json()
    found = [a["title"] for a in data["articles"]]
    pagination = data["meta"]["pagination"]
    if pagination["total_pages"] <= 1:
        # The count is made apart from the rows: both must agree.
        assert pagination["total_count"] == len(found), pagination
    return found


# Pure: the caching rules.


def test_etag_is_the_same_for_the_same_bytes_and_differs_otherwise():
    assert caching.etag(b"{}") == caching.etag(b"{}")
    assert caching.etag(b"{}") != caching.etag(b"[]")
    assert caching.etag(b"{}").startswith('"') and caching.etag(b"{}").endswith('"')


@pytest.mark.parametrize(
    "status, max_age, expected",
    [
        (200, 60, "public, max-age=60"),
        (304, 60, "public, max-age=60"),
        (200, 0, "public, max-age=0"),
        (400, 60, "no-store"),
        (404, 60, "no-store"),
        (500, 60, "no-store"),
    ],
)
def test_cache_control_by_status(status, max_age, expected):
    assert caching.cache_control(status, max_age) == expected


@pytest.mark.parametrize(
    "header, matches",
    [
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", W/"abc"', True),
        ("*", True),
        ('"abd"', False),
        ("", False),
    ],
)
def test_if_none_match_uses_the_weak_comparison(header, matches):
    assert caching.matches(header, '"abc"') is matches


# Through the URLs.


@pytest.mark.django_db
def test_article_list_envelope_and_fields(client, make_article, story, author, picture):
    make_article("Older", story=story, hours=0)
    article = make_article(
        "Bridge reopens", story=story, authors=[author], image=picture, hours=5
    )
    data = get(client, "/api/v1/articles/").json()

    assert set(data) == {"articles", "meta"}
    assert data["meta"]["pagination"] == {
        "page": 1,
        "page_size": 20,
        "total_count": 2,
        "total_pages": 1,
        "next": None,
        "previous": None,
    }
    first = data["articles"][0]
    assert set(first) == ARTICLE_KEYS
    assert first["id"] == article.pk
    assert first["url"] == f"http://localhost{article.url}"
    assert first["title"] == "Bridge reopens"
    assert first["lede"] == "A lede that sums the article up."
    assert first["first_published_at"] == "2026-10-01T13:00:00Z"
    assert first["last_published_at"].endswith("Z")
    assert first["section"]["title"] == "World"
    assert first["section"]["url"] == "http://localhost/world/"
    assert first["story"] == {
        "id": story.pk,
        "title": story.title,
        "url": f"http://localhost/stories/{story.slug}/",
        "article_count": 2,
        "is_listed": True,
    }
    assert first["authors"] == [
        {
            "id": author.pk,
            "name": "Mira Castell",
            "url": "http://localhost/authors/mira-castell/",
        }
    ]
    image = first["image"]
    assert image["url"].startswith("http://localhost/media/images/")
    assert image["width"] <= 960 and image["height"] > 0
    assert image["alt"] == "A steel bridge over a wide river at dusk"
    assert image["caption"] == "The Vell bridge at dusk"
    assert image["credit"] == "Ana Lund / The Courier"
    assert first["comment_count"] == 0
    assert data["articles"][1]["title"] == "Older"
    assert data["articles"][1]["image"] is None


@pytest.mark.django_db
def test_article_detail_has_the_body_as_blocks(client, make_article, picture):
    body = [
        {"type": "paragraph", "value": "<p>Traffic <b>resumed</b> at dawn.</p>"},
        {"type": "heading", "value": "What comes next"},
        {"type": "quote", "value": {"quote": "It holds.", "attribution": "Engineer"}},
        {"type": "image", "value": {"image": picture.pk, "caption": "From the bank"}},
    ]
    article = make_article("Bridge reopens", body=body)
    data = get(client, f"/api/v1/articles/{article.pk}/").json()

    assert set(data) == {"article"}
    assert set(data["article"]) == ARTICLE_KEYS | {"body"}
    blocks = data["article"]["body"]
    assert [b["type"] for b in blocks] == ["paragraph", "heading", "quote", "image"]
    assert blocks[0]["html"] == "<p>Traffic <b>resumed</b> at dawn.</p>"
    assert blocks[0]["text"] == "Traffic resumed at dawn."
    assert blocks[1]["text"] == "What comes next"
    assert blocks[2]["text"] == "It holds." and blocks[2]["attribution"] == "Engineer"
    assert blocks[3]["image"]["caption"] == "From the bank"
    assert blocks[3]["image"]["url"].startswith("http://localhost/media/images/")
    # The list leaves the body out.
    assert "body" not in get(client, "/api/v1/articles/").json()["articles"][0]


@pytest.mark.django_db
def test_only_live_unrestricted_articles_appear(client, make_article, make_section):
    shown = make_article("Shown")
    draft = make_article("Draft", publish=False)
    withdrawn = make_article("Withdrawn")
    articles.unpublish_article(withdrawn)
    members = make_section("Members")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    hidden = make_article("Behind a password", in_section=members)

    assert titles(get(client, "/api/v1/articles/")) == ["Shown"]
    assert get(client, f"/api/v1/articles/{shown.pk}/").status_code == 200
    for article in (draft, withdrawn, hidden):
        response = get(client, f"/api/v1/articles/{article.pk}/")
        assert response.status_code == 404
        assert "no published article" in response.json()["error"]["message"]
    # Nor in a search, nor through its section.
    assert titles(get(client, "/api/v1/articles/", q="password")) == []
    assert get(client, "/api/v1/articles/", section=members.pk).status_code == 404
    sections = get(client, "/api/v1/sections/").json()["sections"]
    assert [s["title"] for s in sections] == ["World"]


@pytest.mark.django_db
def test_filters_by_section_story_author_and_dates(
    client, make_article, make_section, make_story, author
):
    business = make_section("Business")
    talks = make_story("Talks")
    make_article("World one", hours=0)
    make_article("World two", story=talks, authors=[author], hours=30)
    make_article("Business one", in_section=business, story=talks, hours=60)

    url = "/api/v1/articles/"
    assert titles(get(client, url, section=business.pk)) == ["Business one"]
    assert titles(get(client, url, story=talks.pk)) == ["Business one", "World two"]
    assert titles(get(client, url, author=author.pk)) == ["World two"]
    # BASE_TIME is 2026-10-01 08:00 UTC; +30 h is 10-02, +60 h is 10-03.
    assert titles(get(client, url, since="2026-10-02")) == ["Business one", "World two"]
    assert titles(get(client, url, until="2026-10-02")) == ["World two", "World one"]
    assert titles(get(client, url, since="2026-10-02", until="2026-10-02")) == [
        "World two"
    ]
    assert titles(get(client, url, section=business.pk, author=author.pk)) == []
    # An empty range is a valid question with no answer.
    assert titles(get(client, url, since="2026-10-03", until="2026-10-02")) == []


@pytest.mark.django_db
def test_q_searches_through_the_search_backend(client, make_article, make_section):
    business = make_section("Business")
    make_article(
        "Harbour news",
        body=[{"type": "paragraph", "value": "<p>The cranes stopped at noon.</p>"}],
    )
    make_article(
        "Market news",
        in_section=business,
        body=[{"type": "paragraph", "value": "<p>Cranes makers gained.</p>"}],
    )
    make_article("Unrelated")

    url = "/api/v1/articles/"
    assert sorted(titles(get(client, url, q="cranes"))) == [
        "Harbour news",
        "Market news",
    ]
    assert titles(get(client, url, q="cranes", section=business.pk)) == ["Market news"]
    found = get(client, url, q="cranes").json()["articles"][0]
    assert set(found) == ARTICLE_KEYS and found["section"] is not None
    assert titles(get(client, url, q="  ")) == [
        "Unrelated",
        "Market news",
        "Harbour news",
    ]


@pytest.mark.django_db
def test_pages_link_to_each_other_and_keep_the_filters(client, make_article, section):
    for hour in range(5):
        make_article(f"Article at {hour}", hours=hour)
    url = "/api/v1/articles/"
    first = get(client, url, page_size=2, section=section.pk).json()
    pagination = first["meta"]["pagination"]
    assert pagination["total_count"] == 5 and pagination["total_pages"] == 3
    assert pagination["previous"] is None
    assert pagination["next"] == (
        f"http://localhost/api/v1/articles/?page_size=2&section={section.pk}&page=2"
    )
    last = client.get(pagination["next"].replace("page=2", "page=3")).json()
    assert titles_of(last) == ["Article at 0"]
    assert last["meta"]["pagination"]["next"] is None
    assert "page=2" in last["meta"]["pagination"]["previous"]
    past = get(client, url, page_size=2, page=4)
    assert past.status_code == 404
    assert past.json()["error"]["message"] == "page: 4 is past the last page (3)."


def titles_of(data) -> list[str]:
    return [a["title"] for a in data["articles"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/api/v1/articles/?sort=title", 400, "Unknown query parameter: sort."),
        ("/api/v1/articles/?page=0", 400, "page: Input should be greater than"),
        ("/api/v1/articles/?page=two", 400, "page: Input should be a valid integer"),
        ("/api/v1/articles/?page_size=101", 400, "page_size: Input should be less"),
        (
            "/api/v1/articles/?section=x",
            400,
            "section: Input should be a valid integer",
        ),
        ("/api/v1/articles/?since=0", 400, "since: must be a day written YYYY-MM-DD"),
        ("/api/v1/articles/?until=2026-13-01", 400, "until: Input should be a valid"),
        ("/api/v1/articles/?q=%00", 400, "q: must not contain the NUL character"),
        ("/api/v1/articles/?locale=xx", 400, "locale: there is no edition 'xx'"),
        ("/api/v1/articles/?locale=%00", 400, "locale: must not contain the NUL"),
        ("/api/v1/articles/?q=" + "a" * 201, 400, "q: String should have at most 200"),
        ("/api/v1/articles/?story=99999", 404, "story: there is no story with id"),
        ("/api/v1/articles/?author=99999", 404, "author: there is no author"),
        ("/api/v1/articles/abc/", 400, "article_id: Input should be a valid integer"),
        (f"/api/v1/articles/{2**64}/", 400, "article_id: Input should be less"),
        ("/api/v1/articles/1/?full=1", 400, "Unknown query parameter: full."),
        ("/api/v1/stories/?open=maybe", 400, "open: Input should be a valid boolean"),
        ("/api/v1/stories/99999/", 404, "There is no story"),
        ("/api/v1/sections/99999/", 404, "There is no published section"),
        ("/api/v1/authors/?q=x", 400, "Unknown query parameter: q."),
        ("/api/v1/comments/", 404, "There is no API endpoint at /api/v1/comments/"),
    ],
)
def test_bad_requests_get_a_clear_json_error(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status
    assert message in error["message"], error["message"]
    assert response["Cache-Control"] == "no-store"
    assert response.has_header("ETag")


@pytest.mark.django_db
def test_conditional_get_answers_304_also_from_the_page_cache(client, make_article):
    make_article("First")
    url = "/api/v1/articles/"
    response = client.get(url)
    etag = response["ETag"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Gazette-Cache"] == "miss"

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["X-Gazette-Cache"] == "hit"
    assert again["Cache-Control"] == "public, max-age=60"
    # gzip in front makes the tag weak; it still names the same list.
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    with override_settings(GAZETTE_PAGE_CACHE_SECONDS=0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    make_article("Second")  # a publish retires the cached list
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert titles(fresh) == ["Second", "First"]


@pytest.mark.django_db
def test_head_answers_like_get_without_the_body(client, make_article, rf):
    make_article("First")
    url = "/api/v1/articles/"
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))
    assert client.head(url, HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304
    assert client.head("/api/v1/articles/999999/").status_code == 404

    # The test client drops HEAD bodies itself: call the middleware directly.
    request = rf.head(url)
    middleware = ApiCacheHeadersMiddleware(lambda r: HttpResponse(b'{"a": 1}'))
    response = middleware(request)
    assert response.content == b"" and response["Content-Length"] == "8"
    assert request.method == "HEAD"


@pytest.mark.django_db
@override_settings(GAZETTE_API_MAX_AGE=0)
def test_max_age_zero_makes_clients_revalidate_every_time(client, make_article):
    make_article()
    assert client.get("/api/v1/articles/")["Cache-Control"] == "public, max-age=0"


@pytest.mark.django_db
def test_any_cookie_gets_the_same_cached_answer(client, make_article):
    """The API carries nothing personal: a session cookie, forged or not, is
    served the answer every reader gets (docs/caching.md)."""
    make_article()
    first = client.get("/api/v1/articles/")
    client.cookies["sessionid"] = "x"
    again = client.get("/api/v1/articles/")
    assert again["X-Gazette-Cache"] == "hit"
    assert again.content == first.content


@pytest.mark.django_db
def test_stories_sections_and_authors(client, make_article, make_story, author):
    talks = make_story("Talks", summary="Who meets whom.")
    make_story("Nothing published yet")
    make_article("One", story=talks, authors=[author])
    Author.objects.create(name="No Byline", slug="no-byline")

    stories = get(client, "/api/v1/stories/").json()
    assert [s["title"] for s in stories["stories"]] == ["Talks"]
    story = stories["stories"][0]
    assert story["summary"] == "Who meets whom." and story["article_count"] == 1
    assert story["is_open"] is True and story["first_published_at"].endswith("Z")
    detail = get(client, f"/api/v1/stories/{talks.pk}/").json()
    assert detail == {"story": story}
    assert get(client, "/api/v1/stories/", open="false").json()["stories"] == []
    # A story the engine started for one article: not listed, still answered.
    lone = make_story("Night tram opens", title_is_proposed=True)
    make_article("Night tram opens", story=lone)
    listed = get(client, "/api/v1/stories/").json()["stories"]
    assert [s["title"] for s in listed] == ["Talks"]
    detail = get(client, f"/api/v1/stories/{lone.pk}/").json()["story"]
    assert detail["article_count"] == 1 and detail["is_listed"] is False

    sections = get(client, "/api/v1/sections/").json()["sections"]
    assert sections == [
        {
            "id": sections[0]["id"],
            "url": "http://localhost/world/",
            "title": "World",
            "intro": "",
        }
    ]
    assert get(client, f"/api/v1/sections/{sections[0]['id']}/").json() == {
        "section": sections[0]
    }

    authors = get(client, "/api/v1/authors/").json()["authors"]
    assert [a["name"] for a in authors] == ["Mira Castell"]
    assert authors[0]["role"] == "Diplomatic correspondent"
    assert get(client, f"/api/v1/authors/{author.pk}/").json() == {"author": authors[0]}
    nobody = Author.objects.get(slug="no-byline")
    assert get(client, f"/api/v1/authors/{nobody.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "article"},
        {"since": "2026-10-01", "until": "2026-12-31", "page": 2, "page_size": 10},
    ],
)
def test_article_lists_take_a_bounded_number_of_queries(
    client,
    make_article,
    make_section,
    story,
    author,
    picture,
    params,
    django_assert_max_num_queries,
):
    """Bylines, pictures, renditions, sections: fetched in bulk, not per article."""
    business = make_section("Business")
    with override_settings(**NO_CACHES):
        for hour in range(25):
            make_article(
                in_section=business if hour % 2 else None,
                story=story,
                authors=[author],
                image=picture,
                hours=hour,
            )
        client.get("/api/v1/articles/", params)  # renditions are made once
        # A search on PostgreSQL adds its time budget: a setting and its restoring.
        budget = 2 if "q" in params and connection.vendor == "postgresql" else 0
        # Editions (issue 19), with every cache off: the editions read from
        # the database, and Wagtail's site root paths with their translations.
        with django_assert_max_num_queries(12 + budget):
            response = client.get("/api/v1/articles/", params)
    data = response.json()
    assert len(data["articles"]) >= 10
    assert all(a["image"] and a["authors"] and a["section"] for a in data["articles"])


@pytest.mark.django_db
def test_article_lists_read_the_sections_once_per_content_generation(
    client, make_article, make_section, django_assert_max_num_queries
):
    """The sections articles are placed in are kept until a publish."""
    from django.core.cache import cache

    cache.clear()
    make_article(in_section=make_section("Business"))
    client.get("/api/v1/articles/")
    with django_assert_max_num_queries(20) as captured:
        client.get("/api/v1/articles/", {"page": 1})
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in sql if 'FROM "articles_sectionpage"' in q]
    make_section("Sport")  # a publish: the next list reads them again
    sport = client.get("/api/v1/articles/", {"page": 1}).json()
    assert sport["articles"][0]["section"]["title"] == "Business"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/stories/", "/api/v1/sections/", "/api/v1/authors/"]
)
def test_other_lists_take_a_bounded_number_of_queries(
    client, make_article, make_story, url, django_assert_max_num_queries
):
    with override_settings(**NO_CACHES):
        for n in range(12):
            author = Author.objects.create(name=f"Writer {n}", slug=f"writer-{n}")
            make_article(story=make_story(f"Story {n}"), authors=[author], hours=n)
        # Editions, with every cache off: the editions read from the database.
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_openapi_schema_and_offline_docs(client):
    schema = get(client, "/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Gazette API"
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
        "/api/v1/stories/",
        "/api/v1/stories/{story_id}/",
        "/api/v1/sections/",
        "/api/v1/sections/{section_id}/",
        "/api/v1/authors/",
        "/api/v1/authors/{author_id}/",
    } <= set(schema["paths"])
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {
        "page",
        "page_size",
        "locale",
        "section",
        "story",
        "author",
        "since",
        "until",
        "q",
        "after",
        "before",
    }
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in html
    # Every script and style comes from the installed package, none from a CDN.
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
