"""A moderator works down the held queue with the keyboard, in Debian's Chromium:
approve one, reject one under a chosen rule, ban the author of the third; each
leaves the list without a reload, focus moves on, and the database shows it."""

import pytest
from playwright.sync_api import expect

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def held_queue(make_article, make_reader, settings):
    """Three held comments on a pre-moderated article, oldest first; the third
    held by the check under rule 4, with what it matched."""
    from gazette.articles.models import DiscussionMode
    from gazette.discussion import services
    from gazette.discussion.models import Comment

    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = 0.9
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = 0.99
    article = make_article("Minister defends the ferry budget")
    article.discussion_mode = DiscussionMode.PREMODERATED
    article.save()
    comments = [
        services.post_comment(article=article, author=make_reader(name), text=text)
        for name, text in (
            ("Ada Fair", "The ferry figures in the third paragraph look right."),
            ("Bo Adverts", "Buy cheap ferry tickets at my shop today."),
            ("Cy Angry", "I hope the minister gets hit by a bus."),
        )
    ]
    Comment.objects.filter(pk=comments[2].pk).update(
        rule_code="threats",
        detail="wish of harm: 'hope ... hit by a bus' aimed at 'the minister'",
    )
    return comments


def sign_in(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "mod")
    page.fill("#id_password", "a long mod password")
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")


def test_a_moderator_works_down_the_queue_with_the_keyboard(
    site_url, browser_page, moderator, held_queue
):
    from gazette.discussion.models import Ban, CommentStatus, ModerationAction

    fair, advert, threat = held_queue
    page = browser_page
    sign_in(page, site_url)
    page.goto(site_url + "/admin/discussion/")
    status = page.locator("#mq-status")
    item = page.locator

    # The help says which keys do what; "?" opens the whole list.
    expect(page.locator("#mq-shortcuts summary")).to_contain_text("a approve")
    page.keyboard.press("?")
    expect(page.locator("#mq-shortcuts dl")).to_be_visible()
    expect(page.locator("#mq-shortcuts dl")).to_contain_text("Ban its author")
    page.keyboard.press("?")
    expect(page.locator("#mq-shortcuts dl")).to_be_hidden()

    # What the check matched is on the third comment, its rule proposed.
    expect(item(f"#comment-{threat.pk}")).to_contain_text("hit by a bus' aimed at")
    expect(item(f"#rule-{threat.pk}")).to_have_value("threats")

    # j goes to the first comment, announced; x ticks it, which unfolds the
    # bulk actions.
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(item(f"#comment-{fair.pk}")).to_be_focused()
    expect(status).to_contain_text("1 of 3: Comment #")
    expect(page.locator("#mod-note")).to_be_hidden()
    page.keyboard.press("x")
    expect(page.locator(f"#tick-{fair.pk}")).to_be_checked()

    # Typing in a field is typing, not a shortcut.
    page.locator("#mod-note").press_sequentially("ab")
    expect(page.locator("#mod-note")).to_have_value("ab")
    expect(page.locator("[data-mq-item]")).to_have_count(3)

    # Back on the comment, a approves it.
    item(f"#comment-{fair.pk} .mq-item__body").click()
    page.keyboard.press("x")
    expect(page.locator(f"#tick-{fair.pk}")).not_to_be_checked()
    page.keyboard.press("a")
    expect(item(f"#comment-{fair.pk}")).to_have_count(0)
    expect(item(f"#comment-{advert.pk}")).to_be_focused()
    expect(status).to_have_text("Approved the comment by Ada Fair.")
    expect(page.locator('[data-mq-count="held"]')).to_have_text("2")

    # r with no rule chosen asks for one; keys pressed in the picker are not
    # shortcuts; the chosen rule is cited.
    page.keyboard.press("r")
    expect(status).to_have_text("Choose the rule the comment breaks first.")
    expect(item(f"#rule-{advert.pk}")).to_be_focused()
    item(f"#rule-{advert.pk}").select_option("spam")
    item(f"#rule-{advert.pk}").focus()
    page.keyboard.press("b")
    expect(item(f"#comment-{advert.pk}")).to_have_count(1)
    item(f"#comment-{advert.pk} .mq-item__body").click()
    expect(item(f"#comment-{advert.pk}")).to_be_focused()
    page.keyboard.press("r")
    expect(item(f"#comment-{advert.pk}")).to_have_count(0)
    expect(item(f"#comment-{threat.pk}")).to_be_focused()
    expect(status).to_contain_text("Rejected the comment by Bo Adverts under Rule 5")

    # b bans the third comment's author for the chosen length, under its rule.
    item(f"#ban-{threat.pk}").select_option("30")
    item(f"#comment-{threat.pk} .mq-item__body").click()
    page.keyboard.press("b")
    expect(item(f"#comment-{threat.pk}")).to_have_count(0)
    expect(status).to_have_text(
        "Banned Cy Angry for 30 days under Rule 4: "
        "No threats or incitement to violence."
    )
    expect(page.locator("#mq-empty")).to_be_focused()
    expect(page.locator('[data-mq-count="held"]')).to_have_text("0")

    for comment in held_queue:
        comment.refresh_from_db()
    assert fair.status == CommentStatus.PUBLISHED
    assert (advert.status, advert.rule_code) == (CommentStatus.REJECTED, "spam")
    assert (threat.status, threat.rule_code) == (CommentStatus.REJECTED, "threats")
    ban = Ban.objects.active().get()
    assert ban.user == threat.author and ban.rule_code == "threats"
    assert 29 <= (ban.until - ban.created_at).days <= 30
    kinds = ModerationAction.objects.filter(actor=moderator).values_list(
        "kind", flat=True
    )
    assert sorted(kinds) == ["approve", "ban", "reject", "reject"]

    # A reload shows what the database holds: nothing left to moderate.
    page.reload()
    expect(page.locator("[data-mq-item]")).to_have_count(0)
