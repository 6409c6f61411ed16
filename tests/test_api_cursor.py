"""Keyset pages: ``?after=`` and ``?before=`` cursors in the API's article lists
and on section, story and author pages; crafted cursors are a 400, never a 500."""

import datetime
import re

import pytest

from gazette.core import keyset

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


# Pure: the cursor.


def test_a_cursor_names_its_position_and_nothing_else():
    position = keyset.Position(
        datetime.datetime(2026, 10, 1, 8, 0, 0, 123456, tzinfo=datetime.UTC), 42
    )
    cursor = keyset.encode(position)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)
    assert keyset.decode(cursor) == position


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "x",
        "!!!!",
        "MTIz",  # "123": no key
        keyset.encode(keyset.Position(keyset.EPOCH, 1)) + "A",
        "MDEyMy40Mg",  # "0123.42": a second spelling of a position
        "OTk5OTk5OTk5OTk5OTk5OTk5LjE",  # a time past year 9999
        "MTIzLjA",  # key 0
        "MTIzLjk5OTk5OTk5OTk5OTk5OTk5OTk5",  # a key past 64 bits
        "w6k",  # not ASCII inside
        "é",
        "A" * 80,
    ],
)
def test_a_cursor_the_site_did_not_make_is_refused(cursor):
    with pytest.raises(keyset.InvalidCursor):
        keyset.decode(cursor)


# The API.


def get(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [a["title"] for a in data["articles"]]


def follow(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_lists_go_on_by_cursor_past_the_numbered_pages(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(keyset, "NUMBERED_PAGES", 2)
    for hour in range(7):
        make_article(f"Report {hour}", hours=hour)
    first = get(client, {"page_size": 2})
    assert titles(first) == ["Report 6", "Report 5"]
    second = follow(client, first["meta"]["pagination"]["next"])
    assert second["meta"]["pagination"]["page"] == 2
    assert "after=" in second["meta"]["pagination"]["next"]
    third = follow(client, second["meta"]["pagination"]["next"])
    assert titles(third) == ["Report 2", "Report 1"]
    pagination = third["meta"]["pagination"]
    assert pagination["page"] is None and pagination["total_count"] is None
    last = follow(client, pagination["next"])
    assert titles(last) == ["Report 0"]
    assert last["meta"]["pagination"]["next"] is None
    back = follow(client, last["meta"]["pagination"]["previous"])
    assert titles(back) == ["Report 2", "Report 1"]
    top = follow(client, back["meta"]["pagination"]["previous"])
    assert titles(top) == ["Report 4", "Report 3"]


def test_cursor_pages_keep_the_filters(client, make_article, make_section, monkeypatch):
    monkeypatch.setattr(keyset, "NUMBERED_PAGES", 1)
    sport = make_section("Sport")
    for hour in range(4):
        make_article(f"Match {hour}", in_section=sport, hours=hour)
        make_article(f"Budget {hour}", hours=hour)
    first = get(client, {"section": sport.pk, "page_size": 2})
    assert titles(first) == ["Match 3", "Match 2"]
    rest = follow(client, first["meta"]["pagination"]["next"])
    assert f"section={sport.pk}" in first["meta"]["pagination"]["next"]
    assert titles(rest) == ["Match 1", "Match 0"]


def test_cursor_pages_stay_put_while_articles_are_published(client, make_article):
    made = [make_article(f"Update {hour}", hours=hour) for hour in range(6)]
    first = get(client, {"page_size": 3})
    cursor = keyset.encode(keyset.position_of(made[3]))
    before = get(client, {"after": cursor, "page_size": 3})
    for hour in range(6, 10):
        make_article(f"Update {hour}", hours=hour)
    after = get(client, {"after": cursor, "page_size": 3})
    assert titles(before) == titles(after) == ["Update 2", "Update 1", "Update 0"]
    assert titles(first) == ["Update 5", "Update 4", "Update 3"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"after": "nonsense"}, "after: not a cursor this API gave"),
        ({"before": "MTIz"}, "before: not a cursor this API gave"),
        ({"after": "A" * 65}, "after: String should have at most 64 characters"),
        ({"after": "a\x00b"}, "after: must not contain the NUL character"),
        ({"after": "MTIzLjQ", "before": "MTIzLjQ"}, "give one cursor, not both"),
        ({"after": "MTIzLjQ", "page": 2}, "page: a cursor's page has no number"),
        ({"after": "MTIzLjQ", "q": "flood"}, "q: search results are paged by page"),
    ],
)
def test_a_crafted_cursor_is_a_clear_400(client, make_article, params, message):
    make_article()
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


# The site's pages.


def test_section_story_and_author_pages_go_on_by_cursor(
    client, make_article, section, story, author, settings, monkeypatch
):
    settings.GAZETTE_ARTICLES_PER_PAGE = 2
    monkeypatch.setattr(keyset, "NUMBERED_PAGES", 1)
    for hour in range(5):
        make_article(f"Item {hour}", story=story, authors=[author], hours=hour)
    for url in (section.url, story.get_absolute_url(), author.get_absolute_url()):
        html = client.get(url).content.decode()
        older = re.search(r'href="\?(after=[^"]+)" rel="next"', html)
        assert older, url
        html = client.get(f"{url}?{older.group(1)}").content.decode()
        assert "Item 2" in html and "Item 1" in html and "Item 4" not in html
        newer = re.search(r'href="\?(before=[^"]+)" rel="prev"', html)
        assert newer, url


@pytest.mark.parametrize("cursor", ["nonsense", "MTIz", "%00", "A" * 200])
def test_a_crafted_cursor_on_a_page_is_a_400(client, make_article, section, cursor):
    make_article()
    response = client.get(f"{section.url}?after={cursor}")
    assert response.status_code == 400
