"""An existing one-language newsroom upgrades to editions without a broken link.

The release before editions named its one Wagtail Locale after
``LANGUAGE_CODE`` ("en-gb"), with editions off. The database is put in that
state (the locale renamed back, the old settings), its addresses are read,
then the editions migration's data step runs as ``migrate`` runs it, and
every old address still answers: the same in the one-edition mode, and a
permanent redirect to the default edition's address once a second edition
arrives.

(The schema cannot be rolled back to that release here: later migrations of
other apps, which current models need, are built on the editions migration.)
"""

import importlib

import pytest
from django.apps import apps
from django.test import override_settings
from wagtail.models import Locale, Page

from gazette.core import editions
from tests.editions import make_editions

MIGRATION = importlib.import_module("gazette.core.migrations.0006_edition_locales")
# The settings of the release before editions.
OLD_RELEASE = {
    "WAGTAIL_I18N_ENABLED": False,
    "WAGTAIL_CONTENT_LANGUAGES": [("en-gb", "British English")],
}


def test_the_migration_runs_the_locale_step():
    (operation,) = MIGRATION.Migration.operations
    assert operation.code is MIGRATION.shorten_locale_codes


@pytest.mark.django_db
def test_an_old_database_migrates_and_keeps_every_address(
    client, make_article, story, author
):
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
        before = {url: client.get(url).status_code for url in old}
    assert before == dict.fromkeys(old, 200)
    pages = set(Page.objects.values_list("pk", "locale_id", "url_path"))

    MIGRATION.shorten_locale_codes(apps, None)
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


@pytest.mark.django_db
def test_the_step_leaves_a_locale_alone_when_its_short_code_is_taken():
    Locale.all_objects.update(language_code="en-gb")
    Locale.all_objects.create(language_code="en")
    MIGRATION.shorten_locale_codes(apps, None)
    assert sorted(Locale.all_objects.values_list("language_code", flat=True)) == [
        "en",
        "en-gb",
    ]
