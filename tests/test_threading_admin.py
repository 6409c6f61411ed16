"""Threading in the admin, as a newsroom uses it: the article editor's panel,
the publish message, section threading modes, and story merge, split and
address changes.

Found in a QA pass driving the admin in Chromium; each test fails without the
fix it names.
"""

import re

import pytest
from django.contrib.auth.models import Group

from gazette.core.groups import EDITORS
from gazette.stories import services
from gazette.stories.models import SectionThreadingMode, Story, ThreadingDecision
from tests.test_threading_site import FLOOD, QUAKE

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    """A member of the Editors group, logged in."""
    user = django_user_model.objects.create_user("ed", "ed@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    client.force_login(user)
    return client


def panel(client, article) -> str:
    """Return the article editor's "Story threading" panel, as text with markup."""
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    start = html.index("Story threading")
    return html[start : html.index("Related articles", start)]


def place_buttons(html: str) -> set[int]:
    """Return the story ids that "Place in this story" buttons would choose."""
    return {int(pk) for pk in re.findall(r'name="story" value="(\d+)"', html)}


# -- the article editor's panel --------------------------------------------------


def test_the_suggested_story_is_not_offered_again_as_a_next_best(
    publish, settings, editor
):
    """It was listed under "Next best stories" with its own place button, next
    to "Accept the suggestion"."""
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    settings.GAZETTE_THREADING_MODE = "suggest"
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    suggestion = ThreadingDecision.objects.filter(article_id=second.pk).last()
    assert not suggestion.applied and suggestion.story_id == first.story_id
    html = panel(editor, second)
    assert "Accept the suggestion" in html
    assert first.story_id not in place_buttons(html)


def test_after_an_editor_moves_an_article_the_engines_stories_stay_on_offer(
    publish, make_story, editor
):
    """An editor's decision has no candidates: the panel offered no story at
    all, so putting the article back took the chooser and a new publish."""
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    second = publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    assert second.story_id == first.story_id
    elsewhere = make_story("Elsewhere")
    editor.post(f"/admin/stories/threading/{second.pk}/place/", {"story": elsewhere.pk})
    html = panel(editor, second)
    assert "An editor placed this article" in html and "Elsewhere" in html
    assert "The engine had placed it in" in html
    assert first.story_id in place_buttons(html)
    assert elsewhere.pk not in place_buttons(html)


def test_after_a_merge_the_panel_does_not_call_the_merged_story_new(publish, editor):
    """It said "placed this article in <the story it was merged into> (a new
    story, titled from the article ...)"."""
    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    flood = publish("Danube floods Passau", FLOOD, hours=1)
    services.merge_stories(quake.story, flood.story)
    html = panel(editor, flood)
    assert "started a new story for this article, “Danube floods Passau”" in html
    assert "it is now in" in html and "Earthquake shakes Valparaiso" in html
    assert "(a new story" not in html


def test_a_new_story_links_to_its_admin_page_for_renaming(publish, editor):
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    html = panel(editor, article)
    assert "started a new story for this article" in html
    assert f"/admin/snippets/stories/story/edit/{article.story_id}/" in html


@pytest.mark.parametrize(
    ("own_mode", "own_granularity", "expected"),
    [
        ("", "", "Automatic (the site's setting), running stories (the site's"),
        ("", "event", "Automatic (the site's setting), events (the section's own"),
        ("suggest", "", "Suggest (the section's own setting), running stories"),
    ],
)
def test_the_panel_says_which_mode_and_granularity_apply(
    publish, section, editor, own_mode, own_granularity, expected
):
    """Without it an editor could not tell why a follow-up started its own
    story in a section set to events."""
    if own_mode or own_granularity:
        SectionThreadingMode.objects.create(
            section=section, mode=own_mode, granularity=own_granularity
        )
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    assert f"Threading in World now: {expected}" in panel(editor, article)


# -- the publish message ------------------------------------------------------------


def publish_in_admin(client, article):
    from tests.test_newsroom_roles import editor_form

    edit_url = f"/admin/pages/{article.pk}/edit/"
    form = editor_form(client, edit_url)
    form["action-publish"] = "action-publish"
    response = client.post(edit_url, form, follow=True)
    return [str(m) for m in response.context["messages"]]


# The decision is made when the publish commits, as on the site: a test
# transaction would hold it back until after the admin's response.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_in_the_admin_says_where_threading_put_the_article(
    make_article, make_story, editor, settings
):
    """Wagtail leaves the editor after a publish: the decision was visible only
    by opening the article again."""
    settings.GAZETTE_THREADING_MODE = "automatic"
    article = make_article("Earthquake shakes Valparaiso", publish=False)
    said = publish_in_admin(editor, article)
    assert any(
        m.startswith("Threading started a new story for “Earthquake shakes")
        for m in said
    ), said
    story = ThreadingDecision.objects.get(article_id=article.pk).story
    follow_up = make_article("Valparaiso: Chile counts the damage", publish=False)
    said = publish_in_admin(editor, follow_up)
    assert any(m.startswith("Threading placed") and str(story) in m for m in said)
    # Republishing an article threading already placed tells nothing new.
    said = publish_in_admin(editor, follow_up)
    assert not any(m.startswith("Threading") for m in said), said


# -- section threading modes -----------------------------------------------------


def test_section_threading_modes_list_both_settings_and_the_sites(
    section, make_section, admin_client
):
    """The list showed the mode only, and a blank mode as an empty cell."""
    politics = make_section("Politics")
    SectionThreadingMode.objects.create(section=section, granularity="event")
    SectionThreadingMode.objects.create(section=politics, mode="suggest")
    html = admin_client.get("/admin/snippets/stories/sectionthreadingmode/")
    html = html.content.decode()
    assert "Granularity" in html
    assert "Events: each distinct event is a story of its own" in html
    assert "Site setting (Automatic: join when confident" in html
    assert "Site setting (Running stories: follow-ups" in html
    assert "Suggest: the editor sees the suggestion" in html


def test_the_blank_choice_names_the_sites_setting(admin_client, settings):
    """It was "---------", and the help text named an environment variable."""
    settings.GAZETTE_THREADING_GRANULARITY = "event"
    html = admin_client.get(
        "/admin/snippets/stories/sectionthreadingmode/add/"
    ).content.decode()
    assert re.search(
        r'<option value="" selected>Site setting \(Automatic: join', html
    ), html
    assert re.search(r'<option value="" selected>Site setting \(Events:', html)
    assert "---------" not in html


def test_a_section_setting_reads_shortly_in_messages(section):
    own = SectionThreadingMode.objects.create(section=section, mode="suggest")
    assert str(own) == "World: mode suggest, granularity as the site"


# -- stories --------------------------------------------------------------------


def test_merge_form_tells_stories_apart_by_count_and_status(
    publish, make_story, editor
):
    quake = publish("Earthquake shakes Valparaiso", QUAKE)
    make_story("Chile quake", is_open=False)
    html = editor.get(f"/admin/stories/story/{quake.story_id}/merge/")
    html = html.content.decode()
    assert "Chile quake (0 articles, closed)</option>" in html


def test_split_form_proposes_no_title_from_articles_not_ticked(publish, editor):
    """The title field's placeholder was a title made from the story's latest
    three articles, though an empty field takes one from the ticked ones."""
    first = publish("Earthquake shakes Valparaiso", QUAKE)
    publish("Valparaiso quake: Chile counts damage", QUAKE, hours=1)
    html = editor.get(f"/admin/stories/story/{first.story_id}/split/")
    field = re.search(r'<input type="text" id="id_title"[^>]*>', html.content.decode())
    assert field and "placeholder" not in field.group(0)


def test_a_new_story_address_keeps_the_old_one_working(publish, client, editor):
    """Stories the engine starts take a headline's slug; changing it in the
    admin made the old address, linked from cached pages and search
    engines, a 404."""
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    story = article.story
    old_url = story.get_absolute_url()
    editor.post(
        f"/admin/snippets/stories/story/edit/{story.pk}/",
        {"title": "Chile earthquake", "slug": "chile-earthquake", "is_open": "on"},
    )
    story.refresh_from_db()
    assert story.slug == "chile-earthquake"
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/stories/chile-earthquake/")
    assert client.get("/stories/chile-earthquake/").status_code == 200
    # Back to the first address: no redirect loop.
    editor.post(
        f"/admin/snippets/stories/story/edit/{story.pk}/",
        {"title": "Chile earthquake", "slug": old_url.split("/")[2], "is_open": "on"},
    )
    assert client.get(old_url).status_code == 200
    assert Story.objects.get(pk=story.pk).is_open


def test_an_editors_title_in_the_admin_is_final(publish, editor):
    """The engine titles a story it started from its first articles until an
    editor renames it; saving other fields leaves the proposal running."""
    article = publish("Earthquake shakes Valparaiso", QUAKE)
    story = article.story
    url = f"/admin/snippets/stories/story/edit/{story.pk}/"
    form = {"title": story.title, "slug": story.slug, "is_open": "on"}
    editor.post(url, {**form, "summary": "The quake and what followed."})
    assert Story.objects.get(pk=story.pk).title_is_proposed
    editor.post(url, {**form, "title": "Chile earthquake"})
    story.refresh_from_db()
    assert story.title == "Chile earthquake" and not story.title_is_proposed


def test_stories_list_filters_what_readers_see_and_whose_title_it_is(
    publish, editor, make_story
):
    """Most stories of a busy site are the one-article stories the engine
    starts; editors look for the running ones, or for titles to review."""
    alone = publish("Earthquake shakes Valparaiso", QUAKE).story
    named = make_story("Bavarian floods", article_count=1)
    url = "/admin/snippets/stories/story/"

    def titles(query):
        html = editor.get(url + query).content.decode()
        return {title for title in (alone.title, named.title) if title in html}

    assert titles("") == {alone.title, named.title}
    assert titles("?shown=no") == {alone.title}
    assert titles("?shown=yes") == {named.title}
    assert titles("?title_is_proposed=false") == {named.title}
    assert titles("?title_is_proposed=true") == {alone.title}
