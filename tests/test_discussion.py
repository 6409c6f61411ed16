"""The discussion under articles: posting, replies, likes, reports, moderation."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.utils import timezone

from gazette.accounts import services as accounts
from gazette.articles.models import ArticlePage, DiscussionMode
from gazette.discussion import services
from gazette.discussion.models import (
    Ban,
    Comment,
    CommentStatus,
    ModerationAction,
)
from gazette.discussion.templatetags.discussion_tags import comment_html
from tests.test_personal import page_as_seen

pytestmark = pytest.mark.usefixtures("lenient_classifier")


@pytest.fixture
def reader(make_reader):
    return make_reader("Ada Reader")


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def article(make_article):
    return make_article("Border talks resume in Vesperland")


def post(article, author, text, **kwargs):
    return services.post_comment(article=article, author=author, text=text, **kwargs)


# --- Rendering comment text ---------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a> javascript:alert(1)',
    "<div><b>unclosed <i>markup",
    '"><svg/onload=alert(1)>',
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_comment_text_never_becomes_markup(payload):
    html = comment_html(payload)
    for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<div", "<b>", "<a "):
        assert tag not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")


def test_comment_text_keeps_paragraphs_and_links_web_addresses():
    html = comment_html("First line\nsecond line\n\nSee https://example.org/x?a=1&b=2")
    assert html.startswith("<p>First line<br>second line</p><p>")
    assert '<a href="https://example.org/x?a=1&amp;b=2" rel="nofollow">' in html


def test_stored_text_loses_control_and_direction_characters():
    text = services.clean_text("ok\x00 \u202egnp.exe\u202c\r\nnext\u200b line")
    assert text == "ok gnp.exe\nnext line"


@pytest.mark.parametrize(
    ("text", "message"),
    [("   \n\x00 ", "empty"), ("x" * 3001, "the limit is 3,000")],
)
def test_empty_or_overlong_text_is_refused(text, message):
    with pytest.raises(services.DiscussionError, match=message):
        services.clean_text(text)


# --- Posting through the site -------------------------------------------------


def test_reader_posts_and_the_count_changes_everywhere(reader_client, article, home):
    url = article.url
    page = reader_client.get(url)
    assert 'id="discussion"' in page.content.decode()
    assert 'Discussion <span class="discussion__count">(0' in page.content.decode()
    response = reader_client.post(
        f"/discussion/{article.pk}/post/", {"text": "A fair point, well made."}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.status == CommentStatus.PUBLISHED
    page = reader_client.get(url).content.decode()
    assert "A fair point, well made." in page
    assert "Ada Reader" in page
    assert "reader" + "@example.org" not in page  # no email, ever
    assert 'Discussion <span class="discussion__count">(1' in page
    article.refresh_from_db()
    assert article.comment_count == 1
    # The teaser on the section front shows the count as well.
    section_page = Client(HTTP_HOST="localhost").get(article.get_parent().url)
    teaser_count = '1<span class="visually-hidden"> comment</span>'
    assert teaser_count in section_page.content.decode()


def test_anonymous_readers_see_a_sign_in_link_and_a_cacheable_page(
    client, article, make_reader
):
    post(article, make_reader("Bo"), "Anonymous readers can read this.")
    first = client.get(article.url)
    body = first.content.decode()
    assert "Anonymous readers can read this." in body
    assert "Sign in</a> to join the discussion" in body
    assert 'name="csrfmiddlewaretoken"' not in body
    assert first["X-Gazette-Cache"] == "miss"
    assert client.get(article.url)["X-Gazette-Cache"] == "hit"


def test_a_like_retires_only_the_pages_that_show_that_discussion(
    client, article, make_article, make_reader
):
    author, liker = make_reader("Author"), make_reader("Liker")
    comment = post(article, author, "Worth liking, this one.")
    other = make_article("Harbour reopens")
    profile = f"/discussion/readers/{author.pk}/"
    home = "/"
    for url in (article.url, other.url, home, profile):
        assert client.get(url)["X-Gazette-Cache"] == "miss"
        assert client.get(url)["X-Gazette-Cache"] == "hit"

    services.toggle_like(comment, liker)

    fresh = client.get(article.url)
    assert fresh["X-Gazette-Cache"] == "miss"
    assert "1 like" in fresh.content.decode()
    assert client.get(profile)["X-Gazette-Cache"] == "miss"
    # No count changed: the rest of the site stays cached.
    assert client.get(other.url)["X-Gazette-Cache"] == "hit"
    assert client.get(home)["X-Gazette-Cache"] == "hit"
    assert client.get(article.url)["X-Gazette-Cache"] == "hit"


def test_an_edit_shows_at_once_and_a_new_comment_retires_every_page(
    client, article, make_reader
):
    author = make_reader("Author")
    comment = post(article, author, "First thoughts on the talks.")
    profile = f"/discussion/readers/{author.pk}/"
    for url in (article.url, profile, "/"):
        client.get(url)
        assert client.get(url)["X-Gazette-Cache"] == "hit"

    services.edit_comment(comment, author, "Second thoughts on the talks.")
    for url in (article.url, profile):
        page = client.get(url)
        assert page["X-Gazette-Cache"] == "miss"
        assert "Second thoughts" in page.content.decode()
    assert client.get("/")["X-Gazette-Cache"] == "hit"

    post(article, make_reader("Another"), "A new voice in the thread.")
    assert client.get("/")["X-Gazette-Cache"] == "miss"  # teasers show the count


def test_a_new_display_name_or_a_deleted_account_shows_on_cached_pages(
    client, article, make_reader
):
    author = make_reader("Old Name")
    post(article, author, "A comment signed with a name.")
    client.get(article.url)
    assert "Old Name" in client.get(article.url).content.decode()  # from the cache

    accounts.set_display_name(author, "New Name")
    page = client.get(article.url).content.decode()
    assert "New Name" in page and "Old Name" not in page

    accounts.delete_account(author)
    page = client.get(article.url).content.decode()
    assert "New Name" not in page and "deleted reader" in page.lower()


def test_more_comments_fragment_and_redirect_are_cached_apart(
    client, article, make_reader
):
    author = make_reader("Bo")
    for n in range(3):
        post(article, author, f"Comment number {n} for paging.")
    url = f"/discussion/{article.pk}/comments/?order=oldest&comments=2"
    with override_settings(GAZETTE_DISCUSSION_PAGE_SIZE=1):
        fragment = client.get(url, HTTP_HX_REQUEST="true")
        plain = client.get(url)
    assert fragment.status_code == 200
    assert "Comment number 1" in fragment.content.decode()
    assert plain.status_code == 302 and plain["Location"].endswith("#discussion")
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in plain["Vary"]


def test_a_boosted_navigation_shares_the_cached_page(client, article):
    assert client.get(article.url)["X-Gazette-Cache"] == "miss"
    boosted = client.get(article.url, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert boosted["X-Gazette-Cache"] == "hit"


def test_anonymous_post_goes_to_sign_in(client, article):
    response = client.post(f"/discussion/{article.pk}/post/", {"text": "hello"})
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert not Comment.objects.exists()


def test_forged_post_without_csrf_token_is_refused(reader, article):
    forged = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    forged.force_login(reader)
    response = forged.post(f"/discussion/{article.pk}/post/", {"text": "forged"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_refused_comment_comes_back_with_its_text_and_the_reason(
    reader_client, article
):
    long_text = "word " * 700
    response = reader_client.post(
        f"/discussion/{article.pk}/post/", {"text": long_text}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "the limit is 3,000" in body
    assert long_text.strip()[:100] in body
    assert not Comment.objects.exists()


LONG_AND_INVISIBLE = ["\x00null\x00", "\u202eoverride", "x" * 2999]


@pytest.mark.parametrize("payload", HOSTILE + LONG_AND_INVISIBLE)
def test_hostile_comments_posted_and_rendered_stay_text(
    reader_client, article, payload
):
    reader_client.post(f"/discussion/{article.pk}/post/", {"text": payload})
    page = reader_client.get(article.url).content.decode()
    # The discussion section alone: the site's own icons (SVG) come after it.
    start = page.index('id="discussion"')
    discussion = page[start : page.index("</section>", start)]
    for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<div><b>"):
        assert tag not in discussion
    assert 'href="javascript:' not in discussion
    assert "\x00" not in page and "\u202e" not in page


# --- Replies, order, paging ---------------------------------------------------


def test_replies_nest_one_level_only(article, reader, make_reader):
    other = make_reader("Cy")
    top = post(article, reader, "The first comment here.")
    reply = post(article, other, "A reply to it.", parent=top)
    deeper = post(article, reader, "A reply to the reply.", parent=reply)
    assert reply.parent == top
    assert deeper.parent == top  # joins the thread, one level deep


def test_reply_to_a_comment_of_another_article_is_refused(
    article, make_article, reader
):
    elsewhere = post(make_article("Elsewhere"), reader, "On another article.")
    with pytest.raises(services.DiscussionError, match="another article"):
        post(article, reader, "Misplaced reply.", parent=elsewhere)


def test_orders_newest_oldest_and_most_liked(client, article, reader, make_reader):
    others = [make_reader(f"Liker {n}") for n in range(2)]
    first = post(article, reader, "Oldest comment.")
    second = post(article, reader, "Middle comment.")
    Comment.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    Comment.objects.filter(pk=second.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    post(article, reader, "Newest comment.")
    for user in others:
        services.toggle_like(second, user)

    def order(name):
        body = client.get(f"{article.url}?order={name}").content.decode()
        return sorted(
            ("Oldest", "Middle", "Newest"), key=lambda w: body.index(f"{w} comment.")
        )

    assert order("newest") == ["Newest", "Middle", "Oldest"]
    assert order("oldest") == ["Oldest", "Middle", "Newest"]
    assert order("liked")[0] == "Middle"


def test_load_more_with_htmx_and_plain_pages_without(client, article, reader, settings):
    settings.GAZETTE_DISCUSSION_PAGE_SIZE = 2
    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE = 0
    for n in range(5):
        post(article, reader, f"Comment number {n}.")
    page = client.get(article.url).content.decode()
    assert "Comment number 4." in page and "Comment number 2." not in page
    assert "Load more comments" in page
    assert "comments=2" in page
    fragment = client.get(
        f"/discussion/{article.pk}/comments/?order=newest&comments=2",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Comment number 2." in fragment and "Comment number 4." not in fragment
    assert "<html" not in fragment
    plain = client.get(f"{article.url}?comments=3").content.decode()
    assert "Comment number 0." in plain and "Load more comments" not in plain


# --- Edit, delete, like, report -----------------------------------------------


def test_author_edits_within_the_window_only(reader_client, article, reader):
    comment = post(article, reader, "Teh typo.")
    response = reader_client.post(
        f"/discussion/comments/{comment.pk}/edit/", {"text": "The typo, fixed."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "The typo, fixed." and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    response = reader_client.post(
        f"/discussion/comments/{comment.pk}/edit/", {"text": "Too late."}
    )
    assert response.status_code == 400
    assert "5 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "The typo, fixed."


def test_nobody_edits_or_deletes_anothers_comment(client, article, reader, make_reader):
    comment = post(article, reader, "Mine.")
    intruder = make_reader("Intruder")
    client.force_login(intruder)
    client.post(f"/discussion/comments/{comment.pk}/edit/", {"text": "Hijacked."})
    assert client.post(f"/discussion/comments/{comment.pk}/delete/").status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine." and comment.status == CommentStatus.PUBLISHED


def test_deleted_comment_keeps_its_place_for_replies(
    reader_client, article, reader, make_reader
):
    top = post(article, reader, "Soon gone.")
    post(article, make_reader("Dee"), "A reply that stays.", parent=top)
    reader_client.post(f"/discussion/comments/{top.pk}/delete/")
    top.refresh_from_db()
    assert top.status == CommentStatus.DELETED and top.body == ""
    page = reader_client.get(article.url).content.decode()
    assert "deleted by its author" in page and "A reply that stays." in page
    assert "Soon gone." not in page
    article.refresh_from_db()
    assert article.comment_count == 1


def test_likes_toggle_and_own_comments_cannot_be_liked(
    client, article, reader, make_reader
):
    comment = post(article, reader, "Like me.")
    fan = make_reader("Fan")
    client.force_login(fan)
    response = client.post(
        f"/discussion/comments/{comment.pk}/like/", HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.like_count == 1
    client.post(f"/discussion/comments/{comment.pk}/like/")
    comment.refresh_from_db()
    assert comment.like_count == 0
    with pytest.raises(services.DiscussionError, match="own comment"):
        services.toggle_like(comment, reader)


def test_reports_cite_a_rule_and_enough_of_them_hide_the_comment(
    client, article, reader, settings, make_reader
):
    settings.GAZETTE_DISCUSSION_REPORTS_TO_HIDE = 2
    comment = post(article, reader, "A perfectly ordinary remark.")
    first, second = make_reader("R1"), make_reader("R2")
    client.force_login(first)
    form = client.get(f"/discussion/comments/{comment.pk}/report/").content.decode()
    assert "Rule 1" in form
    assert client.post(f"/discussion/comments/{comment.pk}/report/").status_code == 400
    rule = services._rule("spam") or next(iter(_all_rules()))
    client.post(
        f"/discussion/comments/{comment.pk}/report/",
        {"rule": rule.code, "note": "Looks off"},
    )
    with pytest.raises(services.DiscussionError, match="already reported"):
        services.report_comment(comment, first, rule.code)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.report_count == 1
    services.report_comment(comment, second, rule.code)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert "Hidden after 2 reports" in comment.reason
    page = client.get(article.url).content.decode()
    assert "A perfectly ordinary remark." not in page


def _all_rules():
    from gazette.discussion.standards import RULES

    return RULES


# --- Modes, bans, rate limits, standing ----------------------------------------


def test_closed_discussion_stays_readable_and_takes_nothing(client, article, reader):
    post(article, reader, "Said before closing.")
    ArticlePage.objects.filter(pk=article.pk).update(
        discussion_mode=DiscussionMode.CLOSED
    )
    article.refresh_from_db()
    with pytest.raises(services.DiscussionError, match="closed"):
        post(article, reader, "Too late.")
    client.force_login(reader)
    page = client.get(article.url).content.decode()
    assert "Said before closing." in page and "This discussion is closed" in page
    assert 'name="text"' not in page


def test_section_setting_and_automatic_closing(article, reader, section):
    section.discussion_mode = DiscussionMode.PREMODERATED
    section.save()
    article.refresh_from_db()
    held = post(article, reader, "Waiting for a moderator.")
    assert held.status == CommentStatus.HELD
    assert "moderator approves every comment" in held.reason
    section.discussion_mode = DiscussionMode.OPEN
    section.discussion_close_after_days = 3
    section.save()
    state = services.discussion_state(
        article, now=article.first_published_at + datetime.timedelta(days=4)
    )
    assert state.is_closed
    assert not services.discussion_state(
        article, now=article.first_published_at + datetime.timedelta(days=2)
    ).is_closed


def test_unconfirmed_and_banned_readers_cannot_post(article, make_reader, moderator):
    with pytest.raises(services.DiscussionError, match="Confirm your email"):
        post(article, make_reader(confirmed=False), "Hello?")
    banned = make_reader()
    rule = _all_rules()[0]
    services.ban_reader(banned, moderator, days=7, rule_code=rule.code)
    with pytest.raises(services.DiscussionError, match=f"rule {rule.number}"):
        post(article, banned, "Let me in.")
    services.lift_ban(Ban.objects.get(user=banned), moderator)
    assert post(article, banned, "Back again.").pk


def test_posting_is_rate_limited_per_account(article, reader, settings):
    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE = 3
    for n in range(3):
        post(article, reader, f"Distinct comment number {n} about the talks.")
    with pytest.raises(services.DiscussionError, match="too fast"):
        post(article, reader, "One more, too quickly.")
    assert Comment.objects.count() == 3


def test_posting_is_rate_limited_per_address(article, make_reader, settings):
    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE_PER_IP = 2
    post(article, make_reader(), "From the cafe, one.", ip="192.0.2.7")
    post(article, make_reader(), "From the cafe, two.", ip="192.0.2.7")
    with pytest.raises(services.DiscussionError, match="too fast"):
        post(article, make_reader(), "From the cafe, three.", ip="192.0.2.7")


def test_automatic_decision_cites_the_rule_and_the_reader_sees_it(
    reader_client, article
):
    response = reader_client.post(
        f"/discussion/{article.pk}/post/",
        {"text": "Call me on 0207 946 0958 or write to jo.bloggs@example.com"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status in (CommentStatus.HELD, CommentStatus.REJECTED)
    assert comment.rule_code
    assert "rule" in comment.reason
    page = page_as_seen(reader_client, article.url)
    assert comment.reason in page.replace("&#x27;", "'")
    assert (
        "jo.bloggs@example.com"
        not in Client(HTTP_HOST="localhost").get(article.url).content.decode()
    )
    action = ModerationAction.objects.get(comment=comment)
    assert action.actor is None and action.rule_code == comment.rule_code


# --- Moderators ------------------------------------------------------------------


def test_moderation_queue_approve_reject_ban_and_audit(
    client, article, reader, moderator
):
    held = post(article, reader, "Please write to jo.bloggs@example.com")
    other = post(article, reader, "An ordinary comment for the record.")
    client.force_login(moderator)
    queue = client.get("/admin/discussion/held/").content.decode()
    assert "jo.bloggs@example.com" in queue and "Ada Reader" in queue
    client.post("/admin/discussion/held/", {"action": "approve", "comment": [held.pk]})
    held.refresh_from_db()
    assert held.status == CommentStatus.PUBLISHED
    rule = _all_rules()[0]
    response = client.post(
        "/admin/discussion/published/",
        {"action": "reject", "comment": [held.pk, other.pk], "rule": rule.code},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.status == other.status == CommentStatus.REJECTED
    assert other.reason == f"Rejected under rule {rule.number}: {rule.title}"
    client.post(
        "/admin/discussion/rejected/",
        {"action": "ban", "comment": [other.pk], "ban_days": "forever"},
    )
    assert Ban.objects.active().get(user=reader).until is None
    log = client.get("/admin/discussion/log/").content.decode()
    for label in ("Approved", "Rejected", "Banned the author", "Held automatically"):
        assert label in log
    article.refresh_from_db()
    assert article.comment_count == 0


def test_rejecting_without_a_rule_changes_nothing(client, article, reader, moderator):
    comment = post(article, reader, "Stays as it is.")
    client.force_login(moderator)
    client.post(
        "/admin/discussion/published/", {"action": "reject", "comment": [comment.pk]}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_only_moderators_see_the_queue(client, reader, article):
    writer = get_user_model().objects.create_user(
        username="w", password="pw long enough"
    )
    writer.groups.add(Group.objects.get(name="Writers"))
    client.force_login(writer)
    assert client.get("/admin/discussion/held/").status_code in (302, 403)


# --- Accounts going away, profile ---------------------------------------------


@pytest.mark.parametrize(("policy", "remaining"), [("keep", 1), ("remove", 0)])
def test_deleted_account_comments_follow_the_setting(
    client, article, make_reader, settings, policy, remaining
):
    settings.GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS = policy
    leaving = make_reader("Leaving Soon")
    post(article, leaving, "My last word.")
    leaving.delete()
    assert Comment.objects.count() == remaining
    article.refresh_from_db()
    assert article.comment_count == remaining
    page = client.get(article.url).content.decode()
    assert ("deleted reader" in page) == bool(remaining)
    assert "Leaving Soon" not in page


def test_reader_profile_lists_published_comments_only(client, article, reader):
    post(article, reader, "On the record.")
    post(article, reader, "Mail me at hidden@example.com")
    page = client.get(f"/discussion/readers/{reader.pk}/").content.decode()
    assert "Ada Reader" in page and "On the record." in page
    assert "hidden@example.com" not in page
    assert reader.email not in page


# --- Incomplete and concurrent posts ------------------------------------------------


def test_a_form_body_shorter_than_announced_is_refused():
    import io

    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from gazette.core.middleware import CompleteFormBodyMiddleware

    body = b"text=half+a+comm"
    environ = RequestFactory().post("/discussion/1/post/").environ
    environ.update(
        {
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body) + 40),
            "wsgi.input": io.BytesIO(body),
        }
    )
    reached = []
    middleware = CompleteFormBodyMiddleware(lambda request: reached.append(request))
    response = middleware(WSGIRequest(environ))
    assert response.status_code == 400
    assert b"incomplete" in response.content
    assert reached == []


@pytest.mark.skipif(
    not os.environ.get("GAZETTE_TEST_DB"),
    reason="needs PostgreSQL: SQLite in memory cannot be shared by threads",
)
# serialized_rollback: the flush after a transactional test would otherwise
# take the migrations' data (home page, groups) from the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_posts_keep_the_count_right(make_article, settings, make_reader):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE = 0
    article = make_article("Busy discussion")
    authors = [make_reader(f"Concurrent {n}") for n in range(6)]

    def write(n):
        try:
            for m in range(3):
                post(article, authors[n], f"Reader {n} makes point number {m} here.")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, range(6)))
    article.refresh_from_db()
    published = Comment.objects.filter(
        article=article, status=CommentStatus.PUBLISHED
    ).count()
    assert article.comment_count == published
    assert Comment.objects.filter(article=article).count() == 18
