"""The desk's dashboard: each panel's content and who sees it; the admin's branding."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from gazette.core.groups import EDITORS, WRITERS
from gazette.core.models import NewsroomSettings
from gazette.desk import selectors
from gazette.discussion.models import Comment, CommentReport, CommentStatus

pytestmark = pytest.mark.django_db


def member(username, group):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a long password"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db):
    return member("writer", WRITERS)


@pytest.fixture
def other_writer(db):
    return member("other", WRITERS)


@pytest.fixture
def editor(db):
    return member("editor", EDITORS)


def schedule(article, user, hours):
    """Save the writer's revision with a go-live time; a superuser approves it."""
    when = timezone.now() + datetime.timedelta(hours=hours)
    article.go_live_at = when
    revision = article.save_revision(user=user)
    revision.publish(user=get_user_model().objects.filter(is_superuser=True).first())
    return when


def panel(html, panel_id):
    """Return the HTML of one dashboard panel."""
    start = html.index(f'id="{panel_id}')
    return html[start : html.index("</section>", start)]


def test_a_writer_sees_only_their_own_drafts(
    client, make_article, writer, other_writer
):
    make_article("My unfinished profile", publish=False, user=writer)
    make_article("Someone else's draft", publish=False, user=other_writer)
    make_article("Published long ago", user=writer)

    client.force_login(writer)
    html = panel(client.get("/admin/").content.decode(), "desk-drafts")

    assert "Your drafts" in html
    assert "My unfinished profile" in html
    assert "Someone else&#x27;s draft" not in html
    assert "Published long ago" not in html


def test_scheduled_articles_show_their_time_writers_their_own_only(
    client, make_article, writer, other_writer, editor, django_user_model
):
    django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    mine = make_article("Budget preview", publish=False, user=writer)
    theirs = make_article("Election night plan", publish=False, user=other_writer)
    when = schedule(mine, writer, hours=3)
    schedule(theirs, other_writer, hours=5)

    assert [s.page.pk for s in selectors.scheduled_articles(editor)] == [
        mine.pk,
        theirs.pk,
    ]
    assert [s.page.pk for s in selectors.scheduled_articles(writer)] == [mine.pk]

    client.force_login(writer)
    html = panel(client.get("/admin/").content.decode(), "desk-scheduled")
    assert "Scheduled to publish" in html
    assert "Budget preview" in html
    assert f'datetime="{when.isoformat(timespec="seconds")[:16]}' in html
    assert "Election night plan" not in html


def test_the_discussion_panel_counts_held_and_reported_for_moderators_only(
    client, make_article, moderator, writer, make_reader
):
    article = make_article("Bridge reopens")
    reader = make_reader("Pat")
    for n in range(3):
        Comment.objects.create(
            article=article, author=reader, body=f"held {n}", status=CommentStatus.HELD
        )
    published = Comment.objects.create(article=article, author=reader, body="fine")
    CommentReport.objects.create(comment=published, reporter=writer, rule_code="spam")

    figures = selectors.discussion_figures()
    assert (figures.held, figures.reported, figures.posted_last_day) == (3, 1, 4)
    assert figures.held_last_day == 3

    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert 'id="desk-discussion' in html
    assert "75.0%" in html  # 3 of 4 comments posted in the last day held

    client.force_login(writer)
    assert 'id="desk-discussion' not in client.get("/admin/").content.decode()


def test_stories_on_the_move_are_the_ones_with_new_articles(
    make_article, make_story, now
):
    busy = make_story("Floods in the north")
    quiet = make_story("Old trial")
    for n in range(2):
        article = make_article(f"Floods update {n}", story=busy)
        article.first_published_at = now - datetime.timedelta(hours=1)
        article.save(update_fields=["first_published_at"])
    old = make_article("Trial verdict", story=quiet)
    old.first_published_at = now - datetime.timedelta(days=2)
    old.save(update_fields=["first_published_at"])

    moving = selectors.moving_stories(hours=6, now=now)

    assert [(m.story.pk, m.new_articles) for m in moving] == [(busy.pk, 2)]


def test_the_admin_carries_the_newsrooms_name(client, editor, home):
    newsroom = NewsroomSettings.for_site(home.get_site())
    newsroom.name = "The Vell Courier"
    newsroom.save()

    login = client.get("/admin/login/").content.decode()
    assert "Sign in to The Vell Courier" in login
    assert "Sign in to Wagtail" not in login

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "<title>Dashboard - The Vell Courier</title>" in html
    assert "The Vell Courier" in html.split('<h1 class="w-h1 w-mt-0">')[1][:200]


def test_the_admin_asks_no_outside_host_for_avatars(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()


def messages_after(request, rf):
    """Return the messages the editor sees on the next page, as Django stores them."""
    from django.contrib.messages.storage.session import SessionStorage
    from django.http import HttpResponse

    request._messages.update(HttpResponse())
    following = rf.get("/admin/")
    following.session = request.session
    return [str(message.message) for message in SessionStorage(following)]


@pytest.fixture
def admin_request(rf, editor):
    from django.contrib.messages.storage.session import SessionStorage

    request = rf.post("/admin/pages/1/edit/")
    request.user = editor
    request.session = {}
    request._messages = SessionStorage(request)
    return request


def test_after_publishing_the_editor_is_told_where_the_short_link_and_the_story(
    admin_request, rf, make_article, story, django_capture_on_commit_callbacks
):
    from django.contrib import messages

    from gazette.articles import services as articles
    from gazette.desk.publishing import tell_what_happened

    make_article("Talks open at the border", story=story)
    article = make_article("Talks stall", story=story, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        articles.publish_article(article, user=admin_request.user)
    messages.success(admin_request, "Page 'Talks stall' has been updated.")
    messages.info(admin_request, "Something else the editor should still see.")

    tell_what_happened(admin_request, article)

    said = messages_after(admin_request, rf)
    assert "Page 'Talks stall' has been updated." not in said
    assert "Something else the editor should still see." in said
    published = said[-1]
    assert f"“Talks stall” is published at {article.get_full_url()}." in published
    assert "Short link: http://testserver/s/" in published
    assert f"It joined the story “{story.title}” (2 articles)." in published


def test_saving_a_draft_keeps_wagtails_message(admin_request, rf, make_article):
    from django.contrib import messages

    from gazette.desk.publishing import tell_what_happened

    draft = make_article("Still a draft", publish=False)
    messages.success(admin_request, "Page 'Still a draft' has been updated.")

    tell_what_happened(admin_request, draft)

    assert messages_after(admin_request, rf) == [
        "Page 'Still a draft' has been updated."
    ]
