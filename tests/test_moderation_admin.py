"""What moderators and editors read in the admin: names, rules, ban lengths, status.

Readers sign up under an internal username ("reader-bti1wf3zhh4p"); the
moderation screens name them as the site does, cite rules by number and title,
and the stories list says "Open" or "Closed" rather than True or False.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gazette.accounts import services as accounts
from gazette.core.groups import EDITORS
from gazette.discussion import selectors, services
from gazette.discussion.models import Ban, Comment, CommentStatus, ModerationAction

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


def test_an_unknown_rule_code_is_shown_as_it_is(
    moderator_client, moderator, article, reader
):
    # A ban from before the rule was retired: the queue no longer cites it.
    services.ban_reader(reader, moderator, days=7, rule_code="retired-rule")
    page = moderator_client.get("/admin/discussion/bans/").content.decode()
    assert "retired-rule" in page


# --- Ban lengths ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ban_days", "shown"),
    [("1", "for 1 day."), ("7", "for 7 days."), ("forever", "permanently.")],
)
def test_audit_log_says_how_long_a_ban_lasts(
    moderator_client, article, reader, ban_days, shown
):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    ban_through_the_queue(moderator_client, comment, ban_days)
    log = moderator_client.get("/admin/discussion/log/?kind=ban").content.decode()
    assert f"{SPAM} — {shown} Adverts again" in log
    assert "1 days" not in log


def test_audit_lines_written_for_good_read_permanently(
    moderator_client, moderator, reader
):
    from gazette.discussion.models import ModerationAction as Action

    Action.objects.create(
        kind=Action.Kind.BAN, subject=reader, actor=moderator, note="for good. Spam"
    )
    log = moderator_client.get("/admin/discussion/log/?kind=ban").content.decode()
    assert "permanently. Spam" in log and "for good" not in log


@pytest.mark.parametrize(
    "stored", ["for 7 days. Spam", "for good. Spam", "permanently. Spam"]
)
def test_a_stored_ban_length_is_said_in_the_moderators_language(stored):
    """The ban service stores the length in English; the log translates it."""
    from django.utils import translation

    from gazette.discussion.admin_views import _audit_note, ban_length

    action = ModerationAction(kind=ModerationAction.Kind.BAN, note=stored)
    days = 7 if "7" in stored else None
    with translation.override("es"):
        expected = f"{ban_length(days)}. Spam"
        assert _audit_note(action) == expected
    assert expected != stored


def test_audit_log_pages_cost_the_same_queries_for_more_lines(
    moderator_client, article, make_reader
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get("/admin/discussion/log/").status_code == 200
        return len(captured)

    post(article, make_reader("First Reader"), "A fair point, well made.")
    queries()  # the first request fills the process's caches (the editions)
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


# --- One-click decisions ----------------------------------------------------------

ATTACKS = "Rule 3: No personal attacks"
MATCHED = "wish of harm: 'hope ... hit by a bus' aimed at 'the minister'"


@pytest.fixture
def premoderated(article):
    """The article, pre-moderated: every comment posted waits in the queue."""
    from gazette.articles.models import DiscussionMode

    article.discussion_mode = DiscussionMode.PREMODERATED
    article.save()
    return article


@pytest.fixture
def make_held(premoderated, make_reader):
    """Post a held comment by a new reader, as the check holds one: citing a rule
    and saying what it matched."""

    def make(text="I hope the minister gets hit by a bus.", *, rule="", detail=""):
        comment = post(premoderated, make_reader(), text)
        assert comment.status == CommentStatus.HELD
        Comment.objects.filter(pk=comment.pk).update(rule_code=rule, detail=detail)
        comment.refresh_from_db()
        return comment

    return make


def decide(client, comment, action, json=False, **data):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(
        f"/admin/discussion/comments/{comment.pk}/",
        {"action": action, "tab": "held", **data},
        **headers,
    )


def audit(comment):
    return list(
        ModerationAction.objects.filter(comment=comment)
        .exclude(kind=ModerationAction.Kind.AUTO_HOLD)
        .values_list("kind", "actor__username", "rule_code")
    )


def test_one_click_approve_publishes_and_logs(moderator_client, make_held):
    comment = make_held()
    response = decide(moderator_client, comment, "approve")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/discussion/held/")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert audit(comment) == [("approve", "mod", "")]
    page = moderator_client.get(response["Location"]).content.decode()
    assert "Approved the comment by" in page


def test_one_click_reject_cites_the_chosen_rule(moderator_client, make_held):
    comment = make_held(rule="threats")
    response = decide(moderator_client, comment, "reject", rule="personal-attacks")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert comment.rule_code == "personal-attacks"
    assert comment.reason == f"Rejected under {ATTACKS.replace('Rule', 'rule')}"
    assert audit(comment) == [("reject", "mod", "personal-attacks")]


def test_a_rejection_without_a_rule_is_refused(moderator_client, make_held):
    comment = make_held()
    response = decide(moderator_client, comment, "reject", rule="")
    assert response.status_code == 302
    page = moderator_client.get(response["Location"]).content.decode()
    assert "A rejection must cite a rule" in page
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert audit(comment) == []


@pytest.mark.parametrize(("ban_days", "lasts"), [("7", 7), ("forever", None)])
def test_one_click_ban_bars_the_author_and_rejects_the_comment(
    moderator_client, make_held, ban_days, lasts
):
    comment = make_held()
    response = decide(
        moderator_client, comment, "ban", rule="threats", ban_days=ban_days
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    assert comment.rule_code == "threats"
    ban = Ban.objects.active().get(user=comment.author)
    assert ban.rule_code == "threats" and ban.created_by.username == "mod"
    if lasts is None:
        assert ban.until is None
    else:
        assert (ban.until - timezone.now()).days == lasts - 1  # 6 days 23:59...
    assert audit(comment) == [("reject", "mod", "threats")]
    assert ModerationAction.objects.filter(
        kind=ModerationAction.Kind.BAN, subject=comment.author, actor__username="mod"
    ).exists()


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        ({"rule": "", "ban_days": "7"}, "Choose the rule"),
        ({"rule": "threats", "ban_days": "good"}, "Choose how long"),
        ({"rule": "threats", "ban_days": "²"}, "Choose how long"),
    ],
)
def test_a_ban_missing_its_rule_or_length_writes_nothing(
    moderator_client, make_held, data, refusal
):
    comment = make_held()
    response = decide(moderator_client, comment, "ban", json=True, **data)
    assert response.status_code == 400
    assert refusal in response.json()["message"]
    assert not Ban.objects.exists()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD


def test_banning_a_staff_author_rejects_nothing_either(moderator_client, make_held):
    comment = make_held()
    comment.author.is_staff = True
    comment.author.save()
    response = decide(moderator_client, comment, "ban", rule="spam", ban_days="1")
    page = moderator_client.get(response["Location"]).content.decode()
    assert "Staff accounts cannot be banned" in page
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert not Ban.objects.exists() and audit(comment) == []


def test_a_script_gets_json_with_the_new_counts(moderator_client, make_held):
    first, second = make_held(), make_held("Another comment waiting here.")
    response = decide(moderator_client, first, "approve", json=True)
    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] is True and answer["stays"] is False
    assert answer["counts"]["held"] == 1
    assert answer["message"].startswith("Approved the comment by Reader ")
    second.refresh_from_db()
    assert second.status == CommentStatus.HELD


def test_approving_on_the_published_tab_keeps_the_comment_there(
    moderator_client, article, reader
):
    comment = post(article, reader, "A fair point, well made.")
    services.moderate_comment(comment, None, "reject", "spam")
    response = decide(moderator_client, comment, "approve", json=True, tab="rejected")
    assert response.json()["stays"] is False
    response = decide(moderator_client, comment, "approve", json=True, tab="published")
    assert response.json()["stays"] is True


def test_a_reported_published_comment_can_be_kept_with_one_click(
    moderator_client, article, reader, make_reader
):
    comment = post(article, reader, "A fair point, well made.")
    services.report_comment(comment, make_reader("Brook Reporter"), "spam")
    page = moderator_client.get("/admin/discussion/reported/").content.decode()
    assert 'value="approve"' in item_html(page, comment)
    page = moderator_client.get("/admin/discussion/published/").content.decode()
    assert 'data-mq-action="approve"' in item_html(page, comment)  # reported
    response = decide(moderator_client, comment, "approve", json=True, tab="reported")
    assert response.json()["stays"] is False
    assert response.json()["counts"]["reported"] == 0
    assert not comment.reports.filter(resolved=False).exists()
    page = moderator_client.get("/admin/discussion/published/").content.decode()
    assert 'data-mq-action="approve"' not in item_html(page, comment)


def test_an_unknown_action_is_refused(moderator_client, make_held):
    comment = make_held()
    response = decide(moderator_client, comment, "delete", json=True)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "Choose an action."}


def test_one_click_actions_are_for_moderators_only(client, make_held, make_reader):
    from django.contrib.auth.models import Permission

    comment = make_held()
    # In the admin, but not a moderator: refused.
    staff = make_reader("Desk Assistant")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    for action in ("approve", "reject", "ban"):
        response = decide(client, comment, action, rule="spam", ban_days="1")
        assert response.status_code == 403, action
    response = decide(client, comment, "approve", json=True)
    assert response.status_code == 403
    assert response.json()["ok"] is False
    for url, data in (
        ("/admin/discussion/held/", {"action": "approve", "comment": [comment.pk]}),
        ("/admin/discussion/bans/", {"ban": "1"}),
    ):
        assert client.post(url, data).status_code == 403, url
    # The pages send them back to the dashboard, as the rest of Wagtail does.
    for url in ("/admin/discussion/held/", "/admin/discussion/log/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    # A reader, or nobody: sent to sign in to the admin.
    for user in (make_reader("Not A Moderator"), None):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = decide(client, comment, "approve")
        assert response.status_code == 302 and "/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert audit(comment) == [] and not Ban.objects.exists()


def test_one_click_needs_post_and_a_real_comment(moderator_client, make_held):
    comment = make_held()
    url = f"/admin/discussion/comments/{comment.pk}/"
    assert moderator_client.get(url).status_code == 405
    for pk in (comment.pk + 1000, "1" * 40):
        response = moderator_client.post(
            f"/admin/discussion/comments/{pk}/", {"action": "approve"}
        )
        assert response.status_code == 404, pk
    # Not a number at all (including "²"): no URL matches.
    assert moderator_client.post("/admin/discussion/comments/²/").status_code == 404


# --- What each held comment shows -------------------------------------------------


def item_html(page, comment):
    start = page.index(f'id="comment-{comment.pk}"')
    return page[start : page.index("</li>", page.index("mq-actions", start))]


def test_held_comment_shows_rule_match_score_reports_author_and_article(
    moderator_client, make_held, make_reader
):
    comment = make_held(rule="threats", detail=MATCHED)
    Comment.objects.filter(pk=comment.pk).update(toxicity=0.87)
    services.report_comment(comment, make_reader("Brook Reporter"), "spam", "Vile")
    services.moderate_comment(
        post(comment.article, comment.author, "An earlier comment."), None, "approve"
    )
    html = item_html(
        moderator_client.get("/admin/discussion/").content.decode(), comment
    )
    assert "Rule 4: No threats or incitement to violence" in html
    assert "Matched:" in html
    assert "wish of harm: &#x27;hope ... hit by a bus&#x27;" in html
    assert "0.87" in html
    assert f"Reported under {SPAM}: “Vile”" in html
    assert "standing +1 (1 published, 1 held, 0 rejected)" in html
    assert "Border talks resume in Vesperland" in html
    # The rule picker proposes the rule the check cited.
    assert '<option value="threats" selected>' in html
    assert html.count(" selected>") == 2  # the rule, and the ban's 7 days
    # Its buttons post a form of their own, with its CSRF token.
    assert f'action="/admin/discussion/comments/{comment.pk}/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_rule_picker_proposes_the_reports_rule_when_the_check_cited_none(
    moderator_client, make_held, make_reader
):
    comment = make_held()
    for name in ("Brook", "Cleo"):
        services.report_comment(comment, make_reader(name), "personal-attacks")
    services.report_comment(comment, make_reader("Dara"), "spam")
    html = item_html(
        moderator_client.get("/admin/discussion/").content.decode(), comment
    )
    assert '<option value="personal-attacks" selected>' in html


def test_queue_pages_cost_the_same_queries_for_more_comments(
    moderator_client, make_held, make_reader
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get("/admin/discussion/held/").status_code == 200
        return len(captured)

    comment = make_held()
    services.report_comment(comment, make_reader(), "spam")
    queries()  # the first fills Wagtail's per-process caches (site root paths)
    few = queries()
    for n in range(4):
        services.report_comment(make_held(f"Held comment {n}"), make_reader(), "spam")
    assert queries() == few


def test_the_policy_shows_the_learned_signal_as_on_not_its_weights(
    moderator_client, settings
):
    page = moderator_client.get("/admin/discussion/held/").content.decode()
    assert "<code>learned_hold</code></dt><dd>on</dd>" in page
    assert len(page) < 200_000
    settings.GAZETTE_MODERATION_LEARNED = "off"
    page = moderator_client.get("/admin/discussion/held/").content.decode()
    assert "<code>learned_hold</code></dt><dd>off</dd>" in page


def test_permanent_bans_say_permanently_never_good(
    moderator_client, make_held, moderator
):
    comment = make_held()
    decide(moderator_client, comment, "ban", rule="spam", ban_days="forever")
    Comment.objects.filter(pk=make_held().pk).update(author=comment.author)
    for url in (
        "/admin/discussion/held/",
        "/admin/discussion/bans/",
        "/admin/discussion/log/",
    ):
        page = moderator_client.get(url).content.decode()
        assert "permanently" in page, url
        assert not re.search(r"\bgood\b", page), url
    queue = moderator_client.get("/admin/discussion/held/").content.decode()
    assert '<option value="forever">permanently</option>' in queue
    assert "banned permanently" in queue


# --- The held rate ----------------------------------------------------------------


@pytest.fixture
def week_of_comments(article, premoderated, make_reader, settings):
    """Five comments this week: three published, one held (approved since), one
    rejected by the check; and one held nine days ago, outside the window."""
    from gazette.articles.models import DiscussionMode

    held = post(premoderated, make_reader(), "Waiting for a moderator.")
    services.moderate_comment(held, None, "approve")
    old = post(premoderated, make_reader(), "Held long ago.")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=9)
    )
    article.discussion_mode = DiscussionMode.OPEN
    article.save()
    for n in range(3):
        assert post(article, make_reader(), f"Fair point number {n}.").is_published
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = 0.0
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = 0.0
    rejected = post(article, make_reader(), "Refused by the check.")
    assert rejected.status == CommentStatus.REJECTED
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = 0.9
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = 0.99


def test_held_rate_counts_the_checks_decisions_of_the_window(week_of_comments):
    rate = selectors.held_rate(days=7)
    assert (rate.total, rate.held, rate.rejected) == (5, 1, 1)
    assert rate.held_percent == pytest.approx(20.0)
    assert selectors.held_rate(days=10).held == 2
    assert selectors.held_rate(
        days=7, now=timezone.now() - datetime.timedelta(days=30)
    ) == selectors.HeldRate(days=7, total=0, held=0, rejected=0)


def test_the_queue_shows_the_held_rate_and_the_thresholds(
    moderator_client, week_of_comments
):
    page = moderator_client.get("/admin/discussion/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "Held in the last 7 days: 20.0% of 5 comments (1); rejected 20.0% (1)." in text
    )
    for setting in (
        "GAZETTE_MODERATION_HOLD_THRESHOLD",
        "GAZETTE_MODERATION_REJECT_THRESHOLD",
    ):
        assert setting in text
    assert "GAZETTE_MODERATION_HOLD_THRESHOLD 0.9 " in text
    assert "GAZETTE_MODERATION_REJECT_THRESHOLD 0.99 " in text


def test_every_value_of_the_policy_is_shown_with_its_setting(db, settings):
    import dataclasses
    import inspect

    from django.conf import settings as django_settings

    from gazette.discussion import policy
    from gazette.discussion.policy import policy_from_settings

    settings.GAZETTE_MODERATION_OFF_LIMITS_WORDS = [f"word{n}" for n in range(8)]
    rows = {row.name: row for row in selectors.policy_in_force()}
    fields = [f.name for f in dataclasses.fields(policy_from_settings())]
    assert list(rows) == fields
    assert rows["hold_threshold"].value == "0.9"
    assert rows["off_limits_words"].value == (
        "word0, word1, word2, word3, word4, word5 … (8 in all)"
    )
    named = [row.setting for row in rows.values() if row.setting]
    assert "GAZETTE_MODERATION_HOLD_THRESHOLD" in named
    policy_source = inspect.getsource(policy)
    for setting in named:
        assert hasattr(django_settings, setting) or setting in policy_source


def test_a_wrong_threshold_setting_is_named_not_a_500(moderator_client, settings):
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = "lots"
    response = moderator_client.get("/admin/discussion/")
    assert response.status_code == 200
    assert "The moderation settings are wrong" in response.content.decode()
    assert "GAZETTE_MODERATION_HOLD_THRESHOLD=&#x27;lots&#x27;" in (
        response.content.decode()
    )


# --- Hardening: numbers from the request (issue 18) -------------------------------

BAD_IDS = [
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() reads them as 12
    "1" * 40,
    "9223372036854775808",  # one past the largest key
    "-1",
    "0",
    "",
    "1\x00",
    "\x00",
    " 1",
    "1.0",
    "0x1",
    "1e3",
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bulk_comment_numbers_that_are_not_keys_get_a_400(
    moderator_client, make_held, bad
):
    comment = make_held()
    response = moderator_client.post(
        "/admin/discussion/held/",
        {"action": "approve", "comment": [str(comment.pk), bad]},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "is not a" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD  # all or nothing


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ban_numbers_that_are_not_keys_get_a_400(moderator_client, bad):
    response = moderator_client.post("/admin/discussion/bans/", {"ban": bad})
    assert response.status_code == 400
    assert "Ban number" in response.content.decode()


def test_bulk_with_nothing_ticked_says_so(moderator_client, make_held):
    make_held()
    response = moderator_client.post(
        "/admin/discussion/held/", {"action": "approve"}, follow=True
    )
    assert "Tick at least one comment." in response.content.decode()


@pytest.mark.parametrize("p", ["²", "1" * 40, "-3", "\x00", "abc", ""])
def test_page_numbers_never_fail(moderator_client, make_held, p):
    make_held()
    for url in ("/admin/discussion/held/", "/admin/discussion/log/"):
        assert moderator_client.get(url, {"p": p}).status_code == 200, url


def test_a_one_click_page_number_that_is_not_one_goes_back_to_page_one(
    moderator_client, make_held
):
    response = decide(moderator_client, make_held(), "approve", p="²")
    assert response["Location"] == "/admin/discussion/held/#queue"


def test_bulk_ban_citing_an_unknown_rule_bans_nobody(moderator_client, article, reader):
    comment = post(article, reader, "Buy cheap watches at my shop.")
    ban_through_the_queue(moderator_client, comment, "7", rule="retired-rule")
    assert not Ban.objects.exists()
    assert (
        Comment.objects.get(pk=comment.pk).status,
        ModerationAction.objects.filter(actor__isnull=False).exists(),
    ) == (comment.status, False)
