"""Search per edition: each article searched in its language's configuration,
results from the reader's edition, on SQLite and PostgreSQL.

PostgreSQL stems Spanish ("elección" finds "elecciones") and Arabic (the
``arabic`` configuration strips the article "ال" and suffixes); SQLite keeps
Porter for English and searches other languages word for word with accents
ignored (``search.languages``).
"""

import pytest
from django.db import connection

from gazette.articles import services as articles
from gazette.articles.models import SectionPage
from gazette.search import fulltext, languages
from gazette.search.models import ArticleSearchDocument
from gazette.search.query import Filters, RankedResults
from tests.editions import make_editions

pytestmark = pytest.mark.django_db

POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's text search"
)


@pytest.mark.parametrize(
    "code, available, config",
    [
        ("en", None, "english"),
        ("en-gb", None, "english"),
        ("es", None, "spanish"),
        ("ES_mx", None, "spanish"),
        ("ar", None, "arabic"),
        ("fa", None, "simple"),
        ("zh-hans", None, "simple"),
        ("ca", {"simple", "english"}, "simple"),
        ("ca", {"simple", "catalan"}, "catalan"),
    ],
)
def test_a_language_is_searched_with_its_configuration(code, available, config):
    assert languages.config_for(code, available) == config


def test_only_english_goes_through_the_porter_table():
    assert languages.uses_porter("english")
    assert not any(languages.uses_porter(c) for c in ("spanish", "arabic", "simple"))


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def editions(section):
    fulltext.forget_cutoffs()
    homes = make_editions(("es", "ar"))
    yield {
        code: SectionPage.objects.child_of(home).live().first()
        for code, home in homes.items()
    }
    fulltext.forget_cutoffs()


def write(section, title, text, lede="—", hours=0):
    import datetime

    from tests.conftest import BASE_TIME

    article = articles.create_article(
        section,
        title=title,
        slug=f"a-{abs(hash(title)) % 10**8}",
        lede=lede,
        body=paragraph(text),
    )
    articles.publish_article(
        article, published_at=BASE_TIME + datetime.timedelta(hours=hours)
    )
    return article


def found(query, locale=None):
    fulltext.forget_cutoffs()
    results = RankedResults(query, Filters(locale=locale))
    return [a.title for a in results[0 : results.count()]]


def locale(code):
    return code


@pytest.fixture
def newsroom(editions):
    en = write(editions["en"], "Halvard votes today", "The council elections open.")
    es = write(editions["es"], "Halvard vota hoy", "Las elecciones municipales.")
    ar = write(editions["ar"], "تأجيل الانتخابات البلدية", "هالفارد Halvard اليوم.")
    return {"en": en, "es": es, "ar": ar}


def test_each_row_carries_its_edition_and_language(newsroom):
    rows = {
        row.article_id: row
        for row in ArticleSearchDocument.objects.select_related("locale")
    }
    for code, config in (("en", "english"), ("es", "spanish"), ("ar", "arabic")):
        row = rows[newsroom[code].pk]
        assert row.locale.language_code == code
        assert row.config == config


def test_results_come_from_the_readers_edition(newsroom):
    assert found("Halvard", locale("es")) == ["Halvard vota hoy"]
    assert found("Halvard", locale("en")) == ["Halvard votes today"]
    assert found("Halvard", locale("ar")) == ["تأجيل الانتخابات البلدية"]
    # The API searches every edition when it names none, each in its language.
    assert sorted(found("Halvard")) == sorted(a.title for a in newsroom.values())


def test_english_keeps_its_stemmer(newsroom):
    assert found("election", locale("en")) == ["Halvard votes today"]


def test_spanish_words_match_across_accents(newsroom):
    # Both databases: the accent does not matter.
    assert found("municipales", locale("es")) == ["Halvard vota hoy"]
    assert found("ELECCIONES", locale("es")) == ["Halvard vota hoy"]


@POSTGRESQL
def test_spanish_is_stemmed_on_postgresql(newsroom):
    assert found("elección", locale("es")) == ["Halvard vota hoy"]
    assert found("municipal", locale("es")) == ["Halvard vota hoy"]


@POSTGRESQL
def test_arabic_is_searched_with_the_arabic_configuration(newsroom):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT config::text, vector::text FROM search_articlesearchdocument "
            "WHERE article_id = %s",
            [newsroom["ar"].pk],
        )
        config, vector = cursor.fetchone()
    assert config == "arabic"
    # The Arabic stemmer took the article and the ending off.
    assert "'انتخاب'" in vector and "'بلد'" in vector
    assert found("انتخاب", locale("ar")) == ["تأجيل الانتخابات البلدية"]


def test_arabic_words_are_found_on_every_database(newsroom):
    assert found("الانتخابات", locale("ar")) == ["تأجيل الانتخابات البلدية"]
    assert found("الانتخابات", locale("en")) == []


def test_the_rebuild_gives_rows_their_edition(newsroom):
    from django.core.management import call_command

    ArticleSearchDocument.objects.update(config="simple")
    call_command("rebuild_search_index", verbosity=0)
    configs = dict(ArticleSearchDocument.objects.values_list("article_id", "config"))
    assert configs[newsroom["es"].pk] == "spanish"
    assert found("Halvard", locale("es")) == ["Halvard vota hoy"]


def test_the_search_page_searches_its_edition(client, newsroom, editions):
    page = client.get("/es/search/", {"q": "Halvard"})
    text = page.content.decode()
    assert page.status_code == 200
    # Headlines come with the query's words marked.
    assert "</mark> vota hoy" in text and "votes today" not in text
    # The section menu offers the edition's sections.
    assert f'value="{editions["es"].pk}"' in text
    assert f'value="{editions["en"].pk}"' not in text
    english = client.get("/en/search/", {"q": "Halvard"}).content.decode()
    assert "</mark> votes today" in english and "vota hoy" not in english
    arabic = client.get("/ar/search/", {"q": "هالفارد"}).content.decode()
    assert "تأجيل الانتخابات البلدية" in arabic and "vota hoy" not in arabic
