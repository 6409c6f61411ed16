"""Writers, editors and moderators: what each group may do in the admin."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState

from gazette.articles.models import ArticlePage, Author
from gazette.core.groups import EDITORS, MODERATORS, WRITERS, ensure_newsroom_groups
from gazette.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    def make(group_name):
        user = get_user_model().objects.create_user(
            group_name.lower(), f"{group_name.lower()}@example.invalid", "pw"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


def test_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {WRITERS, EDITORS, MODERATORS} <= names


@pytest.mark.parametrize(
    ("group", "add", "edit", "publish"),
    [
        (WRITERS, True, True, False),
        (EDITORS, True, True, True),
        (MODERATORS, False, False, False),
    ],
)
def test_page_permissions_per_group(member, make_article, group, add, edit, publish):
    article = make_article()
    perms = article.permissions_for_user(member(group))
    assert (perms.can_add_subpage() or perms.can_edit(), perms.can_edit()) == (
        add,
        edit,
    )
    assert perms.can_publish() == publish


@pytest.mark.parametrize(
    ("group", "can_manage_stories"),
    [(WRITERS, False), (EDITORS, True), (MODERATORS, False)],
)
def test_only_editors_manage_stories(member, group, can_manage_stories):
    user = member(group)
    assert user.has_perm("stories.add_story") == can_manage_stories
    assert user.has_perm("stories.change_story") == can_manage_stories
    # Editors also set each section's threading mode and granularity.
    assert user.has_perm("stories.change_sectionthreadingmode") == can_manage_stories
    assert user.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("group", [WRITERS, EDITORS, MODERATORS])
def test_every_group_logs_into_the_admin(client, member, group):
    user = member(group)
    assert (
        client.post(
            "/admin/login/", {"username": user.username, "password": "pw"}
        ).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("opted_in", [False, True])
def test_dashboard_asks_no_outside_host_unless_opted_in(client, settings, opted_in):
    """Wagtail's update check is a request from the editor's browser elsewhere."""
    if opted_in:
        settings.WAGTAIL_ENABLE_UPDATE_CHECK = True
    admin = get_user_model().objects.create_superuser(
        "chief", "chief@example.invalid", "pw"
    )
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert ('data-controller="w-upgrade' in page) is opted_in


def test_ensure_groups_is_idempotent_and_keeps_local_changes():
    writers = Group.objects.get(name=WRITERS)
    extra = writers.permissions.model.objects.get(codename="add_story")
    writers.permissions.add(extra)
    ensure_newsroom_groups()
    ensure_newsroom_groups()
    assert Group.objects.filter(name=WRITERS).count() == 1
    assert writers.permissions.filter(codename="add_story").exists()


def test_editor_creates_a_story_in_the_admin(client, member):
    client.force_login(member(EDITORS))
    response = client.post(
        "/admin/snippets/stories/story/add/",
        {
            "title": "Harvest strike",
            "slug": "harvest-strike",
            "summary": "",
            "is_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Story.objects.filter(slug="harvest-strike", is_open=True).exists()


def test_writer_cannot_create_a_story(client, member):
    client.force_login(member(WRITERS))
    response = client.get("/admin/snippets/stories/story/add/")
    assert response.status_code in (302, 403)


def test_editor_manages_authors(client, member):
    client.force_login(member(EDITORS))
    response = client.post(
        "/admin/snippets/articles/author/add/",
        {"name": "Jonas Petrel", "slug": "jonas-petrel", "role": "", "bio": ""},
    )
    assert response.status_code == 302
    assert Author.objects.filter(slug="jonas-petrel").exists()


def test_article_editor_offers_the_story(client, member, make_article, story):
    article = make_article(story=story)
    client.force_login(member(EDITORS))
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'name="story"' in html


def test_writer_submits_for_review_and_an_editor_approves(member, make_article, story):
    """A writer's draft goes live only when an editor approves it."""
    writer, editor = member(WRITERS), member(EDITORS)
    article = make_article("Draft by a writer", story=story, publish=False)
    workflow = article.get_workflow()
    assert workflow is not None and workflow.name == "Editorial review"
    state = workflow.start(article, writer)
    article.refresh_from_db()
    assert not article.live
    task = state.current_task_state.task.specific
    assert [action[0] for action in task.get_actions(article, writer)] == []
    assert "approve" in [action[0] for action in task.get_actions(article, editor)]
    task.on_action(state.current_task_state, editor, "approve")
    article.refresh_from_db()
    assert article.live
    assert Story.objects.get(pk=story.pk).article_count == 1
    assert (
        WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED
    )


def test_default_workflow_of_wagtail_is_retired():
    assert not Workflow.objects.get(name="Moderators approval").active


def test_scheduled_article_is_published_by_the_publish_scheduled_command(
    make_article, story
):
    article = make_article("Embargoed", story=story, publish=False)
    article.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    article.save_revision().publish()  # with a go-live date ahead, this schedules it
    article.refresh_from_db()
    assert not article.live
    assert Story.objects.get(pk=story.pk).article_count == 0

    call_command("publish_scheduled")
    assert not ArticlePage.objects.get(pk=article.pk).live

    # Once the time has come, the command run by the timer publishes it.
    time.sleep(1.1)
    call_command("publish_scheduled")
    assert ArticlePage.objects.get(pk=article.pk).live
    assert Story.objects.get(pk=story.pk).article_count == 1


def test_preview_of_a_draft_renders_the_article_page(make_article, story):
    article = make_article("Not yet out", story=story, publish=False)
    article.lede = "Draft lede for the preview."
    response = article.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet out" in html and "Draft lede for the preview." in html


def test_drafts_keep_revisions_and_the_live_page_until_published(client, make_article):
    article = make_article("Live headline")
    article.title = "Draft headline"
    article.save_revision()
    assert "Live headline" in client.get(article.url).content.decode()
    assert article.revisions.count() == 2
    article.get_latest_revision().publish()
    assert "Draft headline" in client.get(article.url).content.decode()


def editor_form(client, url):
    """Return the page editor's form data as a browser would post it."""
    from wagtail.test.utils.form_data import (
        nested_form_data,
        querydict_from_html,
        rich_text,
        streamfield,
    )

    form = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    # The body's StreamField is drawn by JavaScript: post it as the editor would.
    body = [("paragraph", rich_text("<p>Edited in the admin.</p>"))]
    form.update(nested_form_data({"body": streamfield(body)}))
    return form


def test_editor_moves_an_article_to_another_story_in_the_article_editor(
    client, member, make_article, story, make_story
):
    """The whole admin round trip: open the editor, choose a story, publish."""
    other = make_story("Floods in Ilsen")
    article = make_article("Moving piece", story=story)
    make_article(story=story)
    client.force_login(member(EDITORS))
    edit_url = f"/admin/pages/{article.pk}/edit/"
    form = editor_form(client, edit_url)
    form["story"] = str(other.pk)
    form["action-publish"] = "action-publish"
    response = client.post(edit_url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArticlePage.objects.get(pk=article.pk).story_id == other.pk
    assert Story.objects.get(pk=story.pk).article_count == 1
    assert Story.objects.get(pk=other.pk).article_count == 1


def test_writer_cannot_publish_from_the_editor(client, member, make_article, story):
    article = make_article("Writer's piece", story=story, publish=False)
    client.force_login(member(WRITERS))
    edit_url = f"/admin/pages/{article.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    form = editor_form(client, edit_url)
    form["action-publish"] = "action-publish"
    client.post(edit_url, form)
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_the_editor_refuses_a_closed_story(client, member, make_article, make_story):
    closed = make_story("Referendum", is_open=False)
    article = make_article("New piece")
    client.force_login(member(EDITORS))
    edit_url = f"/admin/pages/{article.pk}/edit/"
    form = editor_form(client, edit_url)
    form["story"] = str(closed.pk)
    form["action-publish"] = "action-publish"
    response = client.post(edit_url, form)
    assert "is closed and takes no new articles" in response.content.decode()
    assert ArticlePage.objects.get(pk=article.pk).story_id is None


def test_the_article_editor_has_no_autosave_by_default(client, member, make_article):
    """An autosave racing a first publish could leave the article a draft."""
    article = make_article("Draft for the editor")
    client.force_login(member(EDITORS))
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "data-w-autosave-interval-value" not in page


def test_autosave_can_be_turned_on(client, member, make_article, settings):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500
    article = make_article("Draft for the editor")
    client.force_login(member(EDITORS))
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'data-w-autosave-interval-value="500"' in page
