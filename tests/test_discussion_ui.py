"""What the discussion shows a reader before they act: no form they cannot use,
Reply on every comment of a thread, no second report form, and keyboard focus
kept when "Load more comments" brings the next page."""

import pytest
from django.core import mail
from django.utils.html import escape

from gazette.core.templatetags.gazette_tags import gmt
from gazette.discussion import services
from gazette.discussion.models import Comment, CommentReport, CommentStatus
from gazette.discussion.standards import RULES
from tests.test_browser import NEEDS_CHROMIUM
from tests.test_personal import page_as_seen


@pytest.fixture(autouse=True)
def _lenient(lenient_classifier, settings):
    # These tests are about what the pages offer; the classifier is tested
    # elsewhere, and posting limits in test_discussion.py.
    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE = 0


@pytest.fixture
def thread(make_article, make_reader):
    """An article with a comment and a reply to it, by two other readers."""
    article = make_article("Ferry timetable changes in the spring")
    top = services.post_comment(
        article=article, author=make_reader("Bo"), text="The early ferry is gone."
    )
    reply = services.post_comment(
        article=article, author=make_reader("Cy"), text="It moves to 7:10.", parent=top
    )
    assert top.is_published and reply.is_published
    return article, top, reply


def forms_in(body: str) -> dict[str, bool]:
    """Return which of the discussion's posting forms a page holds."""
    return {
        "comment": 'id="comment-text"' in body,
        "reply": 'name="parent"' in body,
    }


# --- Readers who may not post are told so before they write -----------------


def test_unconfirmed_reader_is_asked_to_confirm_instead_of_given_forms(
    client, thread, make_reader
):
    article, top, _ = thread
    unconfirmed = make_reader("Dee", confirmed=False)
    client.force_login(unconfirmed)
    body = page_as_seen(client, article.url)
    assert "Confirm your email address to join the discussion" in body
    assert forms_in(body) == {"comment": False, "reply": False}
    assert "The early ferry is gone." in body  # the comments stay readable

    # The notice's button sends a fresh link, through the accounts' own view.
    assert 'action="/accounts/confirm/resend/"' in body
    response = client.post("/accounts/confirm/resend/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[unconfirmed.email]]


@pytest.mark.parametrize("days", [7, None], ids=["for a week", "for good"])
def test_banned_reader_is_told_until_when_and_under_which_rule(
    client, thread, make_reader, moderator, days
):
    article, top, reply = thread
    banned = make_reader("Eve")
    rule = RULES[2]
    ban = services.ban_reader(banned, moderator, days=days, rule_code=rule.code)
    client.force_login(banned)
    body = page_as_seen(client, article.url)
    until = f"until {gmt(ban.until)}" if days else "permanently"
    assert (
        escape(f"You are barred from commenting {until} under rule {rule.number}: ")
        + escape(rule.title)
    ) in body
    assert forms_in(body) == {"comment": False, "reply": False}

    # The same reader, once the ban is lifted, gets both forms back.
    services.lift_ban(ban, moderator)
    body = page_as_seen(client, article.url)
    assert "barred" not in body
    assert forms_in(body) == {"comment": True, "reply": True}


def test_load_more_fragment_holds_no_reply_form_for_a_banned_reader(
    client, make_article, make_reader, moderator, settings
):
    settings.GAZETTE_DISCUSSION_PAGE_SIZE = 1
    article = make_article()
    for n in range(2):
        services.post_comment(
            article=article, author=make_reader(), text=f"Comment {n} here."
        )
    banned = make_reader()
    client.force_login(banned)
    fragment_url = f"/discussion/{article.pk}/comments/?order=newest&comments=2"

    fragment = page_as_seen(client, fragment_url, HTTP_HX_REQUEST="true")
    assert "Comment 0 here." in fragment and 'name="parent"' in fragment

    services.ban_reader(banned, moderator, days=1)
    fragment = page_as_seen(client, fragment_url, HTTP_HX_REQUEST="true")
    assert "Comment 0 here." in fragment and 'name="parent"' not in fragment


# --- Reply on replies ------------------------------------------------------------


def test_reply_to_a_reply_is_offered_and_joins_the_top_comments_thread(
    client, thread, make_reader
):
    article, top, reply = thread
    client.force_login(make_reader("Fay"))
    body = page_as_seen(client, article.url)
    assert f'name="parent" value="{top.pk}"' in body
    assert f'name="parent" value="{reply.pk}"' in body
    assert 'for="reply-' + str(reply.pk) + '">Your reply to Cy<' in body

    response = client.post(
        f"/discussion/{article.pk}/post/",
        {"text": "Thanks, that helps.", "parent": reply.pk},
    )
    answer = Comment.objects.get(body="Thanks, that helps.")
    assert answer.parent_id == top.pk
    assert response["Location"].endswith(f"#comment-{answer.pk}")
    body = page_as_seen(client, article.url)
    thread_html = body[body.index(f'id="comment-{top.pk}"') :]
    replies = thread_html[thread_html.index('class="comments comments--replies"') :]
    assert replies.index(f'id="comment-{reply.pk}"') < replies.index(
        f'id="comment-{answer.pk}"'
    )


def test_replies_under_a_deleted_comment_offer_no_reply(client, thread, make_reader):
    article, top, reply = thread
    services.delete_comment(top, top.author)
    client.force_login(make_reader())
    body = page_as_seen(client, article.url)
    assert "It moves to 7:10." in body
    assert f'name="parent" value="{reply.pk}"' not in body


# --- Reports ---------------------------------------------------------------------


def test_a_reader_who_reported_a_comment_is_not_shown_the_form_again(
    client, thread, make_reader
):
    article, top, _ = thread
    client.force_login(make_reader())
    url = f"/discussion/comments/{top.pk}/report/"
    form = client.get(url).content.decode()
    assert 'name="rule"' in form
    assert "already reported" not in form

    client.post(url, {"rule": RULES[0].code})
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "You have already reported this comment" in body
    assert 'name="rule"' not in body and "Send report" not in body

    # A second submission (an old tab) is still refused, with the same notice.
    again = client.post(url, {"rule": RULES[0].code})
    assert again.status_code == 400
    assert "You have already reported this comment" in again.content.decode()
    assert 'name="rule"' not in again.content.decode()
    assert CommentReport.objects.filter(comment=top).count() == 1


# --- Keyboard focus after "Load more comments" (needs JavaScript) ---------------


@pytest.mark.browser
@NEEDS_CHROMIUM
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_load_more_moves_focus_to_the_first_new_comment(
    site_url, browser_page, make_article, make_reader, settings
):
    settings.GAZETTE_DISCUSSION_PAGE_SIZE = 2
    article = make_article("Harbour dredging starts on Monday")
    author = make_reader("Gil")
    posted = [
        services.post_comment(article=article, author=author, text=f"Point {n}.")
        for n in range(5)
    ]
    assert all(c.status == CommentStatus.PUBLISHED for c in posted)
    # Newest first: pages of two are [4, 3], [2, 1], [0].
    page = browser_page
    page.goto(site_url + article.url)

    def focused_comment() -> str:
        return page.evaluate(
            "() => { const li = document.activeElement.closest('li.comment');"
            " return li ? li.id : document.activeElement.tagName; }"
        )

    for first_new in (posted[2], posted[0]):
        page.get_by_role("link", name="Load more comments").focus()
        page.keyboard.press("Enter")
        page.locator(f"#comment-{first_new.pk}").wait_for()
        page.wait_for_function(
            "id => document.activeElement.closest('li.comment')?.id === id",
            arg=f"comment-{first_new.pk}",
            timeout=5000,
        )
        assert focused_comment() == f"comment-{first_new.pk}"
        assert page.evaluate("document.activeElement.tagName") == "ARTICLE"
    assert page.get_by_role("link", name="Load more comments").count() == 0
