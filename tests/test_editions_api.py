"""The API with editions: ``?locale=`` filters articles by edition (a 400 for
an unknown one), every article says its ``locale`` and lists its
``translations``; cursors keep the filter; searches read the edition's
language."""

import datetime

import pytest
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.articles.models import SectionPage
from gazette.core import keyset
from tests.conftest import BASE_TIME
from tests.editions import make_editions, translate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(section):
    homes = make_editions(("es", "ar"))
    sections = {
        code: SectionPage.objects.child_of(home).live().first()
        for code, home in homes.items()
    }

    def write(code, title, hours, text="Texto."):
        article = articles.create_article(
            sections[code],
            title=title,
            slug=f"{code}-{hours}",
            lede="—",
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        )
        return articles.publish_article(
            article, published_at=BASE_TIME + datetime.timedelta(hours=hours)
        )

    original = write("en", "Bridge reopens", 0, "The bridge reopens.")
    spanish = translate_page(
        original, Locale.objects.get(language_code="es"), title="Reabre el puente"
    )
    arabic = translate_page(
        original, Locale.objects.get(language_code="ar"), title="افتتاح الجسر"
    )
    own = [write("es", f"Crónica {n}", n + 1, "Las elecciones.") for n in range(5)]
    return {"original": original, "es": spanish, "ar": arabic, "own": own}


def listed(client, **params):
    response = client.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_articles_say_their_edition_and_their_translations(client, newsroom):
    data = client.get(f"/api/v1/articles/{newsroom['es'].pk}/").json()["article"]
    assert data["locale"] == "es"
    assert data["url"] == newsroom["es"].get_full_url()
    # In the editions' order: the default first, then by code.
    assert data["translations"] == [
        {
            "id": newsroom[name].pk,
            "locale": code,
            "url": newsroom[name].get_full_url(),
        }
        for name, code in (("original", "en"), ("ar", "ar"))
    ]
    assert data["translations"][1]["url"].startswith("http://localhost/ar/")
    # An edition's own original has none.
    own = next(a for a in listed(client)["articles"] if a["title"] == "Crónica 0")
    assert own["locale"] == "es" and own["translations"] == []


def test_locale_filters_the_list_and_the_count(client, newsroom):
    spanish = listed(client, locale="es")
    assert {a["locale"] for a in spanish["articles"]} == {"es"}
    assert spanish["meta"]["pagination"]["total_count"] == 6
    arabic = listed(client, locale="ar")
    assert [a["title"] for a in arabic["articles"]] == ["افتتاح الجسر"]
    assert listed(client)["meta"]["pagination"]["total_count"] == 8


def test_an_unknown_locale_is_a_clear_400(client, newsroom):
    response = client.get("/api/v1/articles/", {"locale": "fr"})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message == "locale: there is no edition 'fr'; the editions are en, ar, es."


def test_cursors_keep_the_edition(client, newsroom):
    first = listed(client, locale="es", page_size=2)
    last = first["articles"][-1]
    cursor = keyset.encode(
        keyset.Position(
            datetime.datetime.fromisoformat(last["first_published_at"]), last["id"]
        )
    )
    walked = [a["title"] for a in first["articles"]]
    page = listed(client, locale="es", page_size=2, after=cursor)
    while True:
        walked += [a["title"] for a in page["articles"]]
        assert {a["locale"] for a in page["articles"]} <= {"es"}
        following = page["meta"]["pagination"]["next"]
        if following is None:
            break
        assert "locale=es" in following
        page = client.get(following).json()
    assert sorted(walked) == sorted(
        ["Reabre el puente"] + [a.title for a in newsroom["own"]]
    )


def test_a_search_reads_the_editions_language(client, newsroom):
    found = listed(client, locale="es", q="elecciones")
    assert len(found["articles"]) == 5
    assert listed(client, locale="en", q="elecciones")["articles"] == []
    # Without a locale, every edition, each in its language (the translations
    # copied the English body, so "bridge" is in all three).
    assert {a["locale"] for a in listed(client, q="elecciones")["articles"]} == {"es"}
    everywhere = listed(client, q="bridge")["articles"]
    assert {a["locale"] for a in everywhere} == {"en", "es", "ar"}
