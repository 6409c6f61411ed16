"""An existing one-language newsroom upgrades to editions without a broken link.

The database is made as the release before editions made it: Wagtail's one
Locale named after ``LANGUAGE_CODE`` ("en-gb"), editions off. Then the
editions migration runs, and every old address still answers: the same in
the one-edition mode, and a permanent redirect to the default edition's
address once a second edition arrives.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from wagtail.models import Locale, Page

from gazette.core import editions
from tests.editions import make_editions

BEFORE = ("core", "0005_translatable_labels")
# The settings of the release before editions.
OLD_RELEASE = {
    "WAGTAIL_I18N_ENABLED": False,
    "WAGTAIL_CONTENT_LANGUAGES": [("en-gb", "British English")],
}


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def latest_core_migration():
    executor = MigrationExecutor(connection)
    return next(
        node for node in executor.loader.graph.leaf_nodes() if node[0] == "core"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_database_migrates_and_keeps_every_address(
    client, make_article, story, author
):
    latest = latest_core_migration()
    migrate(BEFORE)
    Locale.all_objects.update(language_code="en-gb")
    editions.forget()
    with override_settings(**OLD_RELEASE):
        article = make_article("Harbour reopens", story=story, authors=[author])
        old = [
            "/",
            "/world/",
            article.url,
            story.get_absolute_url(),
            "/stories/",
            author.get_absolute_url(),
            "/authors/",
            "/feeds/rss/",
            "/search/?q=harbour",
        ]
        before = {url: client.get(url) for url in old}
    assert {url: r.status_code for url, r in before.items()} == dict.fromkeys(old, 200)
    pages = set(Page.objects.values_list("pk", "locale_id", "url_path"))

    migrate(latest)
    editions.forget()
    # The one locale is the "en" edition now; no page moved or lost it.
    assert list(Locale.all_objects.values_list("language_code", flat=True)) == ["en"]
    assert Locale.get_default().language_code == "en"
    assert set(Page.objects.values_list("pk", "locale_id", "url_path")) == pages

    # One edition: today's addresses, unchanged.
    for url in old:
        assert client.get(url).status_code == 200, url

    # A second edition: every old address leads, in one permanent step, to
    # the English edition's page.
    make_editions(("es",))
    try:
        for url in old:
            response = client.get(url)
            assert response.status_code == 301, url
            assert response["Location"] == f"/en{url}", url
            assert client.get(response["Location"]).status_code == 200, url
    finally:
        editions.forget()
