"""Stories across editions: a story belongs to an edition, threading never
crosses editions (one engine state per edition), the same story in the other
editions is named on the story page and tag, related articles come from the
reader's edition first."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, SectionPage
from gazette.stories import across, services
from gazette.stories.models import (
    RelatedArticle,
    Story,
    ThreadingOperation,
    ThreadingState,
)
from gazette.stories.related import Item, rank
from tests.editions import make_editions, translate_page

from .test_threading_site import FLOOD, QUAKE, body

BASE = datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC)

SISMO = (
    "Un fuerte terremoto de magnitud 6,1 sacudió Valparaíso el martes. Las "
    "autoridades chilenas informaron de daños en Santiago y el puerto de "
    "Valparaíso fue evacuado. Michelle Bachelet visitó Valparaíso."
)
ZILZAL = (
    "ضرب زلزال بقوة 6.1 درجة مدينة فالبارايسو في تشيلي يوم الثلاثاء، وقال "
    "مكتب رصد الزلازل إن المباني اهتزت في سانتياغو وتم إخلاء ميناء فالبارايسو."
)


@pytest.fixture
def homes(section):
    return make_editions(("es", "ar"))


@pytest.fixture
def locales(homes):
    return {code: home.locale for code, home in homes.items()}


@pytest.fixture
def sections(homes, section):
    found = {}
    for code, home in homes.items():
        found[code] = SectionPage.objects.child_of(home).get(
            translation_key=section.translation_key
        )
    return found


@pytest.fixture
def publish_in(sections, django_capture_on_commit_callbacks):
    """Publish an article in an edition's section, threading it as on the site."""

    def publish(code, title, text, hours=0, story=None):
        with django_capture_on_commit_callbacks(execute=True):
            article = articles.create_article(
                sections[code], title=title, lede=title, body=body(text), story=story
            )
            articles.publish_article(
                article, published_at=BASE + datetime.timedelta(hours=hours)
            )
        article.refresh_from_db()
        return article

    return publish


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """Translate an article into an edition and publish it (Wagtail's copy)."""

    def translate(article, locale, title, text, hours=1):
        with django_capture_on_commit_callbacks(execute=True):
            copy = translate_page(article, locale, title=title, body=body(text))
            articles.publish_article(
                copy, published_at=BASE + datetime.timedelta(hours=hours)
            )
        copy.refresh_from_db()
        return copy

    return translate


def default_code():
    return Locale.get_default().language_code


# -- threading per edition -------------------------------------------------------


def test_threading_never_crosses_editions(publish_in, locales):
    en = default_code()
    first = publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    # The very same text in the Spanish edition: the English engine would join
    # it at once; the Spanish edition's engine starts a story of its own.
    same_text = publish_in("es", "Earthquake shakes Valparaiso", QUAKE, hours=1)
    assert first.story.locale_id == locales[en].pk
    assert same_text.story_id not in (None, first.story_id)
    assert same_text.story.locale_id == locales["es"].pk
    follow_up = publish_in("es", "Valparaiso quake: Chile counts damage", QUAKE, 2)
    assert follow_up.story_id == same_text.story_id
    arabic = publish_in("ar", "زلزال في فالبارايسو", ZILZAL, hours=3)
    assert arabic.story.locale_id == locales["ar"].pk
    assert {s.locale_id for s in Story.objects.all()} == {
        locales[c].pk for c in (en, "es", "ar")
    }
    # Every story holds articles of its own edition only.
    for story in Story.objects.all():
        assert set(
            ArticlePage.objects.filter(story=story).values_list("locale_id", flat=True)
        ) == {story.locale_id}


def test_each_edition_has_its_own_engine_state_and_log(publish_in, locales, settings):
    en = default_code()
    publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    publish_in(en, "Danube floods Passau", FLOOD, hours=1)
    publish_in("es", "Terremoto en Valparaíso", SISMO, hours=2)
    publish_in("ar", "زلزال في فالبارايسو", ZILZAL, hours=3)
    states = {s.locale_id: s for s in ThreadingState.objects.all()}
    assert set(states) == {locales[c].pk for c in (en, "es", "ar")}
    assert states[locales[en].pk].version == 2
    assert states[locales["es"].pk].version == 1
    logged = ThreadingOperation.objects.filter(state=states[locales["ar"].pk])
    [observed] = logged
    assert observed.version == 1 and observed.article["language"] == "ar"
    # Each edition's snapshot holds its own documents only.
    assert services.save_snapshot(force=True, locale=locales["es"]) == 1
    es_state = ThreadingState.objects.get(locale=locales["es"])
    assert es_state.read_snapshot()["documents"] == 1
    assert not ThreadingState.objects.get(locale=locales[en]).snapshot_data
    assert services.save_snapshot(force=True) == 2  # the rest: en (2) and ar (1)
    snapshots = {
        s.locale_id: s.read_snapshot()["documents"]
        for s in ThreadingState.objects.all()
    }
    assert snapshots == {locales[en].pk: 2, locales["es"].pk: 1, locales["ar"].pk: 1}
    assert not ThreadingOperation.objects.exists()
    # A new process reads each edition's engine back.
    services.forget_engine()
    again = publish_in("es", "Los terremotos de Valparaíso", SISMO, hours=4)
    assert again.story.locale_id == locales["es"].pk
    assert Story.objects.filter(locale=locales["es"]).count() == 1


def test_arabic_articles_are_read_not_dropped(publish_in):
    first = publish_in("ar", "زلزال في فالبارايسو", ZILZAL)
    second = publish_in("ar", "زلزال فالبارايسو: تشيلي تحصي الأضرار", ZILZAL, 1)
    assert second.story_id == first.story_id
    engine_item = services.engine_article(first)
    assert engine_item.language == "ar"
    from gazette.stories.text_features import extract

    features = extract(engine_item.title, engine_item.text, language="ar")
    assert len(features.words) > 10  # Arabic words, stemmed, not dropped


def test_a_translation_copied_with_its_originals_story_is_threaded_in_its_edition(
    publish_in, translate, locales
):
    en = default_code()
    original = publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    english_story = original.story
    # Wagtail's copy for translation copies the story field too.
    copy = translate(original, locales["es"], "Terremoto en Valparaíso", SISMO)
    assert copy.story_id not in (None, english_story.pk)
    assert copy.story.locale_id == locales["es"].pk
    english_story.refresh_from_db()
    assert english_story.article_count == 1
    assert copy.latest_revision.content["story"] == copy.story_id


def test_editors_cannot_mix_editions(publish_in, locales):
    en = default_code()
    english = publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    spanish = publish_in("es", "Terremoto en Valparaíso", SISMO, hours=1)
    with pytest.raises(ValueError, match="another edition"):
        services.place_article_by_editor(spanish, english.story)
    with pytest.raises(ValueError, match="another edition"):
        services.set_article_story(spanish, english.story)
    with pytest.raises(ValueError, match="different editions"):
        services.merge_stories(english.story, spanish.story)
    spanish.refresh_from_db()
    assert spanish.story.locale_id == locales["es"].pk


def test_rethread_runs_every_edition_or_one(publish_in, capsys):
    en = default_code()
    publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    publish_in("es", "Terremoto en Valparaíso", SISMO, hours=1)
    publish_in("ar", "زلزال في فالبارايسو", ZILZAL, hours=2)
    call_command("rethread", since="2026-01-01", until="2027-01-01")
    out, err = capsys.readouterr()
    for code in (en, "es", "ar"):
        assert f"{code}: 1 articles" in out
        assert f"{code}: 1/1 articles" in err
    assert "all editions: 3 articles" in out
    call_command("rethread", since="2026-01-01", until="2027-01-01", locale="es")
    out, err = capsys.readouterr()
    assert "es: 1 articles" in out and f"{en}:" not in out
    with pytest.raises(CommandError, match="no edition 'xx'"):
        call_command("rethread", since="2026-01-01", until="2027-01-01", locale="xx")
    call_command("thread_articles", locale="ar")
    out, _ = capsys.readouterr()
    assert "ar: 0 articles" in out


def test_rethread_takes_an_article_out_of_another_editions_story(
    publish_in, locales, capsys
):
    """Placed across editions before stories had editions (an editor's choice
    or a copied translation): rethread threads it in its own edition."""
    from gazette.stories.models import DecidedBy, ThreadingDecision

    en = default_code()
    english = publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    spanish = publish_in("es", "Terremoto en Valparaíso", SISMO, hours=1)
    old_story = spanish.story
    ArticlePage.objects.filter(pk=spanish.pk).update(story=english.story)
    ThreadingDecision.objects.create(
        article=spanish, story=english.story, mode="editor", decided_by=DecidedBy.EDITOR
    )
    services.refresh_stories([english.story_id, old_story.pk])
    call_command("rethread", since="2026-01-01", until="2027-01-01", locale="es")
    out, _ = capsys.readouterr()
    assert "1 taken out of another edition's story" in out
    spanish.refresh_from_db()
    english.story.refresh_from_db()
    assert spanish.story is not None
    assert spanish.story.locale_id == locales["es"].pk
    assert english.story.article_count == 1
    assert not ThreadingDecision.objects.filter(
        article=spanish, story=english.story
    ).exists()


# -- the same story in other editions --------------------------------------------


@pytest.fixture
def told_twice(publish_in, translate, locales):
    """An English story of three articles, two of them translated into Spanish
    (where they make a story of their own with a Spanish original)."""
    en = default_code()
    one = publish_in(en, "Earthquake shakes Valparaiso", QUAKE)
    two = publish_in(en, "Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    publish_in(en, "Valparaiso quake: aid arrives", QUAKE, hours=2)
    english = Story.objects.get(pk=one.story_id)
    spanish = Story.objects.create(
        title="El terremoto de Valparaíso", locale=locales["es"]
    )
    for n, article in enumerate((one, two), start=3):
        copy = translate(article, locales["es"], f"Terremoto {n}", SISMO, hours=n)
        services.place_article_by_editor(copy, spanish)
    publish_in("es", "Valparaíso cuenta los daños", SISMO, hours=6, story=spanish)
    # A lone Spanish story with one translated article loses to the bigger one.
    lone = Story.objects.create(title="Otro", locale=locales["es"])
    third = ArticlePage.objects.live().get(story=english, title__endswith="arrives")
    services.place_article_by_editor(
        translate(third, locales["es"], "Llega la ayuda", SISMO, hours=7), lone
    )
    english.refresh_from_db()
    spanish.refresh_from_db()
    return english, spanish


def test_the_same_story_is_found_through_the_articles_translations(told_twice, locales):
    english, spanish = told_twice
    assert english.article_count == 3 and spanish.article_count == 3
    with CaptureQueriesContext(connection) as queries:
        [other] = across.other_editions(english)
    assert len(queries) <= 2
    assert other.language == "es" and other.name == "Español"
    assert other.story.pk == spanish.pk and other.shared == 2
    assert other.article_count == 3
    with translation.override("es"):
        assert other.url == reverse("stories:detail", kwargs={"slug": spanish.slug})
    assert other.url.startswith("/es/")
    [back] = across.other_editions(spanish)
    assert back.story.pk == english.pk and back.language == default_code()
    assert back.url.startswith(f"/{default_code()}/")
    # A story nobody translated runs in no other edition.
    lonely = Story.objects.create(title="Alone", locale=locales["ar"])
    assert across.other_editions(lonely) == []


def test_story_page_and_tag_say_where_else_the_story_runs(told_twice, client):
    english, spanish = told_twice
    page = client.get(english.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="story-editions"' in html
    assert f'href="{spanish.get_absolute_url()}" hreflang="es"' in html
    assert 'This story in <span lang="es">Español</span> (3)' in html
    article = ArticlePage.objects.live().filter(story=english).first()
    html = client.get(article.url).content.decode()
    assert html.count('class="story-editions"') >= 1
    assert f'href="{spanish.get_absolute_url()}" hreflang="es"' in html
    # In the Spanish edition, in Spanish, pointing back to English.
    html = client.get(spanish.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}" hreflang="{default_code()}"' in html
    assert "Este tema en" in html


def test_one_edition_site_asks_nothing(make_article, story, django_assert_num_queries):
    from gazette.core import editions

    article = make_article("Earthquake shakes Valparaiso", story=story)
    story.refresh_from_db()
    editions.edition_codes()  # read once, then kept (pinned for a request)
    with django_assert_num_queries(0):
        assert story.other_editions() == []
    assert article.story_id == story.pk


# -- story lists per edition ---------------------------------------------------


def test_the_story_index_lists_the_editions_own_stories(
    publish_in, translate, client, locales
):
    en = default_code()
    english = Story.objects.create(title="The English story", locale=locales[en])
    spanish = Story.objects.create(title="La historia española", locale=locales["es"])
    publish_in(en, "Earthquake shakes Valparaiso", QUAKE, story=english)
    publish_in("es", "Terremoto en Valparaíso", SISMO, hours=1, story=spanish)
    with translation.override("es"):
        index = reverse("stories:index")
    assert index == "/es/stories/"
    html = client.get(index).content.decode()
    assert "La historia española" in html and "The English story" not in html
    html = client.get(f"/{en}/stories/").content.decode()
    assert "The English story" in html and "La historia española" not in html
    # Another edition's story asked for under this edition's prefix: its own.
    response = client.get(f"/{en}/stories/{spanish.slug}/")
    assert response.status_code == 301
    assert response["Location"] == iri_to_uri(f"/es/stories/{spanish.slug}/")


def test_a_story_belongs_to_the_default_edition_unless_told(db):
    story = Story.objects.create(title="Border talks")
    assert story.locale_id == Locale.get_default().pk


def test_the_story_admin_keeps_a_storys_edition_once_it_has_articles(
    publish_in, admin_client, locales
):
    spanish = publish_in("es", "Terremoto en Valparaíso", SISMO)
    story = spanish.story
    url = f"/admin/snippets/stories/story/edit/{story.pk}/"
    form = admin_client.get(url).context["form"]
    assert form.fields["locale"].disabled
    admin_client.post(
        url,
        {
            "title": "Terremoto",
            "slug": story.slug,
            "summary": "",
            "is_open": "on",
            "locale": locales[default_code()].pk,
        },
    )
    story.refresh_from_db()
    assert story.title == "Terremoto" and story.locale_id == locales["es"].pk


# -- related articles: the reader's edition first ---------------------------------


def test_rank_puts_the_readers_edition_before_other_editions():
    day = BASE
    target = Item(1, "Earthquake", QUAKE, day, story=7, edition=1)
    ranked = rank(
        target,
        [
            Item(2, "Earthquake", QUAKE, day, story=8, edition=2),  # other edition
            Item(3, "Earthquake", QUAKE, day, story=9, edition=1),  # same, other story
            Item(4, "Floods", FLOOD, day, story=7, edition=1),  # same story
            Item(5, "Floods", FLOOD, day, story=8, edition=2),  # unrelated: never
        ],
        6,
    )
    assert [pk for pk, _ in ranked] == [4, 3, 2]


def test_related_articles_come_from_the_readers_edition_then_translations(
    told_twice, publish_in, translate, locales
):
    english, spanish = told_twice
    en = default_code()
    # A Spanish original of the story, untranslated: it may come from Spanish.
    original = publish_in(
        "es", "Valparaíso: réplicas", SISMO + " " + QUAKE, hours=8, story=spanish
    )
    target = ArticlePage.objects.live().filter(story=english).order_by("pk").first()
    services.refresh_related(target)
    rows = list(
        RelatedArticle.objects.filter(article=target)
        .select_related("related")
        .order_by("rank")
    )
    editions = [row.related.locale_id for row in rows]
    assert editions[0] == locales[en].pk
    # The reader's edition first: no English row after a Spanish one.
    first_foreign = editions.index(locales["es"].pk)
    assert set(editions[first_foreign:]) == {locales["es"].pk}
    related_ids = [row.related_id for row in rows]
    assert original.pk in related_ids
    # Never a translation of the article itself; an article translated into
    # English is shown in English.
    keys = [row.related.translation_key for row in rows]
    assert target.translation_key not in keys
    for row in rows:
        if row.related.locale_id == locales["es"].pk:
            assert (
                not ArticlePage.objects.live()
                .filter(translation_key=row.related.translation_key, locale=locales[en])
                .exists()
            )


def test_a_related_article_of_another_edition_is_marked_with_its_language(
    told_twice, publish_in, client, locales
):
    from django.template.loader import render_to_string

    english, spanish = told_twice
    original = publish_in("es", "Valparaíso: réplicas", SISMO, hours=8, story=spanish)
    target = ArticlePage.objects.live().filter(story=english).first()
    html = render_to_string(
        "stories/includes/related_item.html", {"article": original, "page": target}
    )
    assert 'lang="es" dir="ltr"' in html
    assert 'hreflang="es"' in html and ">Español</a>" in html
    local = ArticlePage.objects.live().filter(story=english).last()
    html = render_to_string(
        "stories/includes/related_item.html", {"article": local, "page": target}
    )
    assert "lang=" not in html.split(">")[0]
    arabic = publish_in("ar", "زلزال في فالبارايسو", ZILZAL, hours=9)
    html = render_to_string(
        "stories/includes/related_item.html", {"article": arabic, "page": target}
    )
    assert 'lang="ar" dir="rtl"' in html


# -- upgrade ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_engine_and_stories_go_to_the_default_edition_on_upgrade():
    from django.db.migrations.executor import MigrationExecutor

    before = [("stories", "0009_story_short_label")]
    after = [("stories", "0011_editions_required")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        old.get_model("stories", "Story").objects.create(title="Old", slug="old")
        old.get_model("stories", "ThreadingState").objects.create(
            pk=1, version=2, snapshot_version=0
        )
        operation = old.get_model("stories", "ThreadingOperation")
        operation.objects.create(version=1, op="close", story_key="1")
        operation.objects.create(version=2, op="reopen", story_key="1")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    default = Locale.get_default()
    assert Story.objects.get(slug="old").locale_id == default.pk
    state = ThreadingState.objects.get(pk=1)
    assert state.locale_id == default.pk and state.version == 2
    assert list(
        ThreadingOperation.objects.filter(state=state).values_list("version", flat=True)
    ) == [1, 2]


def test_an_arabic_story_has_an_address_in_arabic(publish_in, client, locales):
    """A story titled in Arabic keeps its words in its address (not "story",
    "story-2"), and its page and feeds answer there."""
    story = Story.objects.create(title="زلزال فالبارايسو", locale=locales["ar"])
    publish_in("ar", "زلزال يضرب فالبارايسو", ZILZAL, story=story)
    assert story.slug == "زلزال-فالبارايسو"
    url = story.get_absolute_url()
    assert url.startswith("/ar/stories/")
    response = client.get(url)
    assert response.status_code == 200
    assert "زلزال يضرب فالبارايسو" in response.content.decode()
    with translation.override("ar"):
        feed_url = reverse("feeds:story_rss", kwargs={"slug": story.slug})
    assert feed_url.startswith("/ar/")
    feed = client.get(feed_url)
    assert feed.status_code == 200
    assert "زلزال يضرب فالبارايسو" in feed.content.decode()
    # A slug of one script's letters is not a way round the pattern.
    assert client.get("/ar/stories/a%2Fb/").status_code == 404
