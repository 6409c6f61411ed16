"""The search table: stemming, reader syntax, filters, recency, tiers, the
index following every publish, edit, withdrawal and move, and the rebuild.

Runs on SQLite (FTS5, porter stemmer) and, with ``GAZETTE_TEST_DB`` set, on
PostgreSQL (weighted ``tsvector``, ``websearch_to_tsquery``).
"""

import datetime
import importlib

import pytest
from django.core.management import call_command
from django.db import connection

from gazette.articles import services as articles
from gazette.search import fulltext, services, syntax
from gazette.search.models import ArticleSearchDocument
from gazette.search.query import Filters, RankedResults

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def found(query, **filters):
    """Return the headlines ``query`` finds, in their order."""
    results = RankedResults(query, Filters(**filters))
    return [a.title for a in results[0 : results.count()]]


@pytest.fixture(autouse=True)
def _fresh_cutoffs():
    fulltext.forget_cutoffs()
    yield
    fulltext.forget_cutoffs()


# Pure: the reader's syntax, written for FTS5.


@pytest.mark.parametrize(
    "query, expected",
    [
        ("flood warning", '("flood") AND ("warning")'),
        ('"flood warning"', '("flood warning")'),
        ("flood OR storm", '("flood" OR "storm")'),
        ("flood -storm", '(("flood")) NOT "storm"'),
        ('flood -"storm surge"', '(("flood")) NOT "storm surge"'),
        ("-storm", ""),
        ("OR", ""),
        ("flood OR", '("flood")'),
        ('"unclosed phrase', '("unclosed phrase")'),
        ('NEAR(a b) * "x"" ^col:', '("NEAR a") AND ("b") AND ("x") AND ("col")'),
        ("", ""),
        ("!!! ??? ---", ""),
        ("don’t panic", '("don\'t") AND ("panic")'),
    ],
)
def test_reader_syntax_becomes_an_fts5_query_of_quoted_terms(query, expected):
    assert syntax.fts5(syntax.parse(query)) == expected


def test_words_to_mark_leave_out_the_excluded_ones():
    assert syntax.parse('"border talks" OR summit -ceasefire').words() == [
        "border",
        "talks",
        "summit",
    ]


def test_the_migration_builds_the_tables_searches_read():
    migration = importlib.import_module(
        "gazette.search.migrations.0004_article_search_editions"
    )
    assert migration.FTS == fulltext.FTS_TABLE == fulltext.fts_table("english")
    assert migration.WORDS == fulltext.WORDS_TABLE == fulltext.fts_table("spanish")


# With the database.


def test_a_word_finds_its_other_forms(make_article):
    make_article("Sanctions widened", body=paragraph("Ministers agreed sanctions."))
    make_article("Harvest festival", body=paragraph("Farmers celebrated."))
    assert found("sanction") == ["Sanctions widened"]
    assert found("SANCTIONED") == ["Sanctions widened"]


def test_quotes_or_and_minus_work_as_readers_expect(make_article):
    make_article("Border talks resume", body=paragraph("Talks at the border."))
    make_article("Talks on the border", body=paragraph("The border talks stall."))
    make_article("Summit opens", body=paragraph("Leaders meet at the summit."))
    make_article("Border closed", body=paragraph("The crossing is shut."))
    assert sorted(found('"border talks"')) == [
        "Border talks resume",
        "Talks on the border",
    ]
    assert sorted(found("summit OR closed")) == ["Border closed", "Summit opens"]
    assert sorted(found("border -talks")) == ["Border closed"]
    assert found("-border") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "-",
        "OR OR OR",
        "AND NOT NEAR",
        'a" OR "b',
        "*",
        "title:flood",
        "(flood",
        "flood)",
        "\\",
        "%_%",
        "🙂 flood",
        "flood " * 60,
        "ﬂood",
        "\u202eflood",
    ],
)
def test_crafted_queries_find_or_not_but_never_fail(client, make_article, query):
    make_article("Flood warning", body=paragraph("A flood is coming."))
    assert client.get("/search/", {"q": query}).status_code == 200
    response = client.get("/api/v1/articles/", {"q": query})
    # The API refuses a query over 200 characters, saying so.
    assert response.status_code == 200 or (
        response.status_code == 400 and "q: " in response.json()["error"]["message"]
    ), response.content


def test_the_headline_weighs_more_than_the_body(make_article):
    make_article("Drought worsens", body=paragraph("Farmers wait for rain."), hours=0)
    make_article("Farm prices", body=paragraph("The drought is one cause."), hours=0)
    assert found("drought") == ["Drought worsens", "Farm prices"]


def test_recency_orders_equally_relevant_matches(make_article):
    for hours, title in ((0, "Ferry strike day one"), (48, "Ferry strike day three")):
        make_article(title, body=paragraph("The strike goes on."), hours=hours)
    assert found("ferry strike") == ["Ferry strike day three", "Ferry strike day one"]


def test_filters_narrow_the_matches(make_article, make_section, make_story, author):
    sport = make_section("Sport")
    story = make_story("Cup final")
    make_article("Final tickets", body=paragraph("Final."), hours=0)
    make_article(
        "Final goes ahead", body=paragraph("Final."), in_section=sport, hours=24
    )
    make_article("Final report", body=paragraph("Final."), story=story, hours=48)
    make_article("Final whistle", body=paragraph("Final."), authors=[author], hours=72)
    assert found("final", section=sport) == ["Final goes ahead"]
    assert found("final", story=story) == ["Final report"]
    assert found("final", author=author) == ["Final whistle"]
    day = datetime.date(2026, 10, 2)
    assert found("final", since=day, until=day) == ["Final goes ahead"]


def test_tiers_find_what_one_pass_over_every_match_finds(make_article, monkeypatch):
    for hours in range(12):
        word = "harbour" if hours % 3 == 0 else "market"
        make_article(f"{word} {hours}", body=paragraph(word), hours=hours)
    everything = found("harbour")
    monkeypatch.setattr(fulltext, "TIERS", (2, 5))
    fulltext.forget_cutoffs()
    assert found("harbour") == everything
    assert len(everything) == 4


def test_a_tier_too_small_by_the_last_ones_share_is_skipped(make_article, monkeypatch):
    """One match among the newest 2 rows predicts 2 among the newest 4, short
    of a window of 3: the search goes on to the newest 8, with the same
    results as a pass over every tier."""
    from gazette.search import ranking

    for hours in range(12):
        word = "harbour" if hours % 3 == 0 else "market"
        make_article(f"{word} {hours}", body=paragraph(word), hours=hours)
    monkeypatch.setattr(ranking, "WINDOW", 3)
    everything = found("harbour")
    monkeypatch.setattr(fulltext, "TIERS", (2, 4, 8))
    fulltext.forget_cutoffs()
    tiers = []
    scored = fulltext._scored

    def counting(rows, *args):
        tiers.append(rows.count())
        return scored(rows, *args)

    monkeypatch.setattr(fulltext, "_scored", counting)
    assert found("harbour") == everything
    assert tiers[:2] == [1, 3]  # the matches of the newest 2, then of the newest 8


def test_counts_stop_at_the_limit_and_say_so(make_article, monkeypatch):
    from gazette.search import query, ranking

    monkeypatch.setattr(query, "MATCH_LIMIT", 3)
    monkeypatch.setattr(ranking, "WINDOW", 2)
    for hours in range(5):
        make_article(f"Storm {hours}", body=paragraph("Storm."), hours=hours)
    results = RankedResults("storm", Filters())
    assert results.count() == 3 and results.capped
    make_few = RankedResults("storm 4", Filters())
    assert make_few.count() == 1 and not make_few.capped


def test_the_index_follows_publish_edit_withdraw_and_move(make_article, make_section):
    article = make_article("Bridge reopens", body=paragraph("Traffic flows."))
    assert found("bridge") == ["Bridge reopens"]
    draft = article.get_latest_revision_as_object()
    draft.title = "Viaduct reopens"
    draft.save_revision().publish()
    assert found("bridge") == [] and found("viaduct") == ["Viaduct reopens"]
    other = make_section("Transport")
    article.refresh_from_db()
    article.move(other, pos="last-child")
    row = ArticleSearchDocument.objects.get(article=article)
    assert row.section_id == other.pk and row.path.startswith(other.path)
    articles.unpublish_article(article)
    assert found("viaduct") == []
    assert not ArticleSearchDocument.objects.filter(article=article).exists()


def test_a_draft_is_never_indexed(make_article):
    make_article("Secret plan", publish=False)
    assert found("secret") == []
    assert ArticleSearchDocument.objects.count() == 0


def test_saving_other_fields_leaves_the_row_alone(make_article):
    article = make_article("Quiet update")
    assert not services.needs_index(["comment_count"])
    assert services.needs_index(None) and services.needs_index(["title"])
    ArticleSearchDocument.objects.filter(article=article).update(title="stale")
    article.comment_count = 3
    article.save(update_fields=["comment_count"])
    assert ArticleSearchDocument.objects.get(article=article).title == "stale"


def test_rebuild_indexes_articles_written_without_saving_pages(make_article):
    kept = make_article("Tram line opens", body=paragraph("Trams run."))
    gone = make_article("Tram line closes", body=paragraph("Trams stop."))
    ArticleSearchDocument.objects.all().delete()
    assert found("tram") == []
    articles.unpublish_article(gone)
    call_command("rebuild_search_index", verbosity=0)
    assert found("tram") == ["Tram line opens"]
    assert list(ArticleSearchDocument.objects.values_list("article", flat=True)) == [
        kept.pk
    ]


def test_a_search_out_of_time_answers_with_what_it_found(make_article, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches without a time budget")
    make_article("Canal drained", body=paragraph("The canal is empty."))

    def slow(rows, query, limit, configs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return []

    monkeypatch.setattr(fulltext, "_scored", slow)
    monkeypatch.setattr(fulltext, "BUDGET_SECONDS", 0.05)
    results = RankedResults("canal", Filters())
    assert results.count() == 0 and results.timed_out
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone()[0] == "on"
