"""What moderators and editors read in the admin: names, rules, ban lengths, status.

Readers sign up under an internal username ("reader-bti1wf3zhh4p"); the
moderation screens name them as the site does, cite rules by number and title,
and the stories list says "Open" or "Closed" rather than True or False.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazette.accounts import services as accounts
from gazette.core.groups import EDITORS
from gazette.discussion import services
from gazette.discussion.models import Comment

SPAM = "Rule 5: No spam or shouting"


pytestmark = pytest.mark.usefixtures("lenient_classifier")


@pytest.fixture
def reader(make_reader):
    return make_reader("Ada Reader")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def article(make_article):
    return make_article("Border talks resume in Vesperland")


def post(article, author, text):
    return services.post_comment(article=article, author=author, text=text)


def ban_through_the_queue(client, comment, ban_days, rule="spam"):
    response = client.post(
        "/admin/discussion/published/",
        {
            "action": "ban",
            "comment": [comment.pk],
            "ban_days": ban_days,
            "rule": rule,
            "note": "Adverts again",
        },
    )
    assert response.status_code == 302


# --- Names ------------------------------------------------------------------------


def test_bans_tab_names_the_reader_by_display_name(moderator_client, article, reader):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    ban_through_the_queue(moderator_client, comment, "7")
    page = moderator_client.get("/admin/discussion/bans/").content.decode()
    assert "Ada Reader" in page
    assert reader.get_username() not in page


def test_audit_log_names_readers_by_display_name(
    moderator_client, article, reader, make_reader
):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    reporter = make_reader("Brook Reporter")
    services.report_comment(comment, reporter, "spam", "An advert")
    ban_through_the_queue(moderator_client, comment, "1")
    log = moderator_client.get("/admin/discussion/log/").content.decode()
    assert "Ada Reader" in log and "Brook Reporter" in log
    assert "reader-internal" not in log


def test_audit_log_names_a_deleted_account_deleted_reader(
    moderator_client, article, make_reader
):
    leaver = make_reader("Cleo Leaving")
    post(article, leaver, "A comment that outlives its author.")
    accounts.delete_account(leaver)
    log = moderator_client.get("/admin/discussion/log/").content.decode()
    assert "Held automatically" in log or "Published automatically" in log
    assert "deleted reader" in log
    assert "Cleo Leaving" not in log and "reader-internal" not in log


def test_automatic_decisions_are_gazettes(moderator_client, article, reader):
    post(article, reader, "A fair point, well made.")
    log = moderator_client.get("/admin/discussion/log/").content.decode()
    assert "<td>Gazette</td>" in log


# --- Rules ------------------------------------------------------------------------


def test_rules_read_as_number_and_title_everywhere(
    moderator_client, article, reader, make_reader
):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    services.report_comment(comment, make_reader("Brook Reporter"), "spam")
    queue = moderator_client.get("/admin/discussion/reported/").content.decode()
    assert f"Reported under {SPAM}" in queue
    ban_through_the_queue(moderator_client, comment, "30")
    for url in ("/admin/discussion/bans/", "/admin/discussion/log/"):
        page = moderator_client.get(url).content.decode()
        assert SPAM in page, url
        assert ">spam " not in page and "<td>spam" not in page, url


def test_an_unknown_rule_code_is_shown_as_it_is(moderator_client, article, reader):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    ban_through_the_queue(moderator_client, comment, "7", rule="retired-rule")
    page = moderator_client.get("/admin/discussion/bans/").content.decode()
    assert "retired-rule" in page


# --- Ban lengths ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ban_days", "shown"),
    [("1", "for 1 day."), ("7", "for 7 days."), ("forever", "for good.")],
)
def test_audit_log_says_how_long_a_ban_lasts(
    moderator_client, article, reader, ban_days, shown
):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    ban_through_the_queue(moderator_client, comment, ban_days)
    log = moderator_client.get("/admin/discussion/log/?kind=ban").content.decode()
    assert f"{SPAM} — {shown} Adverts again" in log
    assert "1 days" not in log


def test_audit_log_pages_cost_the_same_queries_for_more_lines(
    moderator_client, article, make_reader
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get("/admin/discussion/log/").status_code == 200
        return len(captured)

    post(article, make_reader("First Reader"), "A fair point, well made.")
    few = queries()
    for n in range(5):
        author = make_reader(f"Reader number {n}")
        comment = post(article, author, f"Another fair point, number {n}.")
        services.report_comment(comment, make_reader(f"Reporter {n}"), "spam")
    assert Comment.objects.count() == 6
    assert queries() == few


# --- Stories ----------------------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_user(
        "editor", "editor@example.invalid", "a long editor password"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def listing_rows(html):
    """Return the text of each row of an admin listing, tags and spacing gone."""
    listing = html[html.index('class="listing') :]
    body = listing[listing.index("<tbody") : listing.index("</tbody>")]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr")[1:]
    ]


def test_stories_list_says_open_or_closed(editor_client, make_story):
    make_story("Harvest strike")
    make_story("Election count", is_open=False)
    page = editor_client.get("/admin/snippets/stories/story/").content.decode()
    rows = listing_rows(page)
    assert any("Harvest strike" in row and " Open " in f"{row} " for row in rows)
    assert any("Election count" in row and " Closed " in f"{row} " for row in rows)
    assert not any("True" in row or "False" in row for row in rows)
    assert "Status" in page


def test_stories_list_sorts_by_status(editor_client, make_story):
    make_story("Harvest strike")
    make_story("Election count", is_open=False)
    page = editor_client.get(
        "/admin/snippets/stories/story/?ordering=is_open"
    ).content.decode()
    assert page.index("Election count") < page.index("Harvest strike")
