"""A new reader joins the discussion in headless Chromium: sign up, confirm,
post, see the count change, reply to another reader, report a comment."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]

PASSWORD = "a long and careful password"
OTHER_TEXT = "The harbour figures in the third paragraph look right to me."
MY_TEXT = "Thanks for spelling out what the budget vote means for the ferry."
MY_REPLY = "Agreed, and the minutes of that meeting should be published too."


@pytest.fixture
def lenient_classifier(settings):
    """Hold only what the classifier is sure of: this test is about the path
    through the pages; the classifier is measured by evaluate-moderation."""
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = "0.9"
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = "0.99"


@pytest.fixture
def other_comment(make_article, lenient_classifier):
    """An article with one published comment by another, confirmed reader."""
    from gazette.accounts.models import Reader
    from gazette.discussion import services

    article = make_article("Council votes on the harbour budget")
    user = get_user_model().objects.create_user(
        username="bo@example.org", email="bo@example.org", password=PASSWORD
    )
    Reader.objects.create(
        user=user, display_name="Bo Harbour", email_confirmed_at=timezone.now()
    )
    comment = services.post_comment(article=article, author=user, text=OTHER_TEXT)
    assert comment.is_published, comment.reason
    return comment


def counts(page) -> tuple[str, int]:
    """Return the count under the headline, and the discussion heading's number."""
    heading = page.locator("#discussion-heading .discussion__count").text_content()
    return (
        " ".join(page.locator(".article__comments").inner_text().split()),
        int(re.fullmatch(r"\((\d+) comments?\)", " ".join(heading.split()))[1]),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_reader_signs_up_posts_replies_and_reports(
    site_url, browser_page, other_comment
):
    from gazette.discussion.models import Comment, CommentReport, CommentStatus

    article = other_comment.article
    page = browser_page
    page.goto(site_url + article.url)
    assert counts(page) == ("1 comment", 1)
    assert OTHER_TEXT in page.locator(f"#comment-{other_comment.pk}").inner_text()
    assert page.locator("#comment-text").count() == 0  # no form before signing in

    # Sign up from the discussion's own link, through the real forms.
    page.locator("#discussion").get_by_role("link", name="Sign in").click()
    assert page.locator("h1").inner_text() == "Sign in"
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email address").fill("cleo@example.org")
    page.get_by_label("Display name").fill("Cleo Quay")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your email"

    # Until the address is confirmed, the reader cannot post.
    new_reader = get_user_model().objects.get(email="cleo@example.org")
    assert new_reader.reader.email_confirmed_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cleo@example.org"]
    link = re.search(r"http://\S+/accounts/confirm/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    assert page.locator("h1").inner_text() == "Email address confirmed"
    new_reader.reader.refresh_from_db()
    assert new_reader.reader.email_confirmed_at is not None

    # Back to the article; still signed in since signing up.
    page.goto(site_url + article.url)
    if page.locator("#comment-text").count() == 0:
        page.locator("#discussion").get_by_role("link", name="Sign in").click()
        page.get_by_label("Email address").fill("cleo@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Your comment").fill(MY_TEXT)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))

    mine = Comment.objects.get(author=new_reader, parent=None)
    assert mine.status == CommentStatus.PUBLISHED, mine.reason
    assert page.url.endswith(f"#comment-{mine.pk}")
    outcome = page.locator("#discussion [role=status]")
    # The messages arrive with the personal fragment, after the page: wait.
    expect(outcome).to_contain_text("Your comment is published.")
    posted = page.locator(f"#comment-{mine.pk}")
    assert MY_TEXT in posted.inner_text()
    assert "Cleo Quay" in posted.inner_text()
    assert counts(page) == ("2 comments", 2)
    assert "cleo@example.org" not in page.locator("main").inner_text()

    # Reply to the other reader's comment: it appears nested under it.
    theirs = page.locator(f"#comment-{other_comment.pk}")
    theirs.get_by_text("Reply", exact=True).click()
    theirs.get_by_label("Your reply to Bo Harbour").fill(MY_REPLY)
    theirs.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    reply = Comment.objects.get(author=new_reader, parent=other_comment)
    assert reply.status == CommentStatus.PUBLISHED, reply.reason
    nested = page.locator(
        f"#comment-{other_comment.pk} .comments--replies #comment-{reply.pk}"
    )
    assert MY_REPLY in nested.inner_text()
    assert counts(page) == ("3 comments", 3)

    # Report the other reader's comment, choosing the rule it breaks.
    page.locator(f"#comment-{other_comment.pk} > article").get_by_role(
        "link", name="Report"
    ).click()
    assert page.locator("h1").inner_text() == "Report a comment"
    assert OTHER_TEXT in page.locator("blockquote").inner_text()
    page.get_by_label("Rule 1: Stay on topic").check()
    page.get_by_label("Anything the moderators should know").fill("Not about this.")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(f"{site_url}{article.url}#discussion")
    expect(outcome).to_contain_text("a moderator will look at your report")

    report = CommentReport.objects.get()
    assert report.comment_id == other_comment.pk
    assert report.reporter_id == new_reader.pk
    assert report.rule_code == "off-topic"
    assert report.note == "Not about this."
    # One report is below the threshold: the comment stays published.
    other_comment.refresh_from_db()
    assert other_comment.status == CommentStatus.PUBLISHED
    assert other_comment.report_count == 1
