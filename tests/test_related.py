"""Related articles: computed on publish, stored, read in one query."""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gazette.articles import services as articles
from gazette.stories import services, similarity
from gazette.stories.models import RelatedArticle
from gazette.stories.related import Item, rank

from .test_threading_site import FLOOD, QUAKE

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
DAY = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)


# -- the ranking, on plain data -------------------------------------------------


def item(pk, text, story=None, days=0):
    return Item(pk, f"Title {pk}", text, DAY + datetime.timedelta(days=days), story)


def test_rank_puts_the_story_first_then_similar_articles_of_other_stories():
    target = item(1, QUAKE, story=7, days=10)
    ranked = rank(
        target,
        [
            item(2, QUAKE, story=8, days=9),  # similar, another story
            item(3, FLOOD, story=7, days=1),  # same story, whatever its text
            item(4, FLOOD, story=9, days=9),  # unrelated: never shown
            item(1, QUAKE, story=7),  # itself: never
        ],
        6,
    )
    assert [pk for pk, _ in ranked] == [3, 2]


def test_rank_prefers_newer_articles_among_equals():
    target = item(1, QUAKE, story=None, days=60)
    ranked = rank(target, [item(2, QUAKE, days=1), item(3, QUAKE, days=59)], 6)
    assert [pk for pk, _ in ranked] == [3, 2]


def test_rank_is_limited():
    target = item(1, QUAKE, story=5)
    ranked = rank(target, [item(n, QUAKE, story=5) for n in range(2, 12)], 3)
    assert len(ranked) == 3


# -- stored on publish, shown to readers ----------------------------------------


def test_related_are_stored_on_publish_and_shown(publish, client):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    publish("Danube floods Passau", FLOOD, hours=1)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    stored = list(RelatedArticle.objects.filter(article_id=second.pk))
    assert [row.related_id for row in stored][:1] == [first.pk]
    html = client.get(second.url).content.decode()
    assert "Earthquake shakes Valparaiso" in html.split('id="related-heading"')[1]


def test_pinned_come_first_and_excluded_never(publish, make_article):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    flood = publish("Danube floods Passau", FLOOD, hours=1)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    services.pin_related(second, flood)
    assert second.related_articles()[0] == flood
    services.exclude_related(second, first)
    assert first not in second.related_articles()
    # A recomputation keeps the editors' choices.
    services.refresh_related(second)
    related = second.related_articles()
    assert related[0] == flood and first not in related
    services.reset_related(second, first)
    assert first in second.related_articles()


def test_never_itself_nor_unpublished(publish):
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=2)
    assert second not in second.related_articles()
    articles.unpublish_article(first)
    assert first not in second.related_articles()


def test_related_follow_a_story_change(publish):
    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    flood = publish("Danube floods Passau", FLOOD, hours=1)
    assert flood.pk not in RelatedArticle.objects.filter(
        article_id=quake.pk
    ).values_list("related_id", flat=True)
    services.merge_stories(quake.story, flood.story)
    assert flood.pk in RelatedArticle.objects.filter(article_id=quake.pk).values_list(
        "related_id", flat=True
    )


def test_article_page_reads_the_stored_list_in_one_query(
    publish, client, story, monkeypatch
):
    """The full render reads the stored list in one query (a stored shell,
    articles.shells, reads none)."""
    from gazette.articles import shells

    monkeypatch.setattr(shells, "usable", lambda request, page: False)
    with override_settings(**NO_CACHES):
        publish("Earthquake shakes Valparaiso", QUAKE)
        for hour in range(1, 8):
            publish(f"Valparaiso quake update {hour}", QUAKE, hours=hour)
        article = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=9)
        assert RelatedArticle.objects.filter(article_id=article.pk).count() == 6
        client.get(article.url)

        def no_similarity(*args, **kwargs):
            raise AssertionError("rendering computed a similarity")

        monkeypatch.setattr(similarity, "profile", no_similarity)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.url)
    assert response.status_code == 200
    related_queries = [
        q["sql"]
        for q in queries.captured_queries
        if "stories_relatedarticle" in q["sql"]
    ]
    assert len(related_queries) == 1
    html = response.content.decode().split('id="related-heading"')[1]
    assert html.count("Valparaiso quake update") == 6
