"""One page for every reader; their own part comes from the personal fragment."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from gazette.discussion import personal, services
from gazette.discussion.models import Ban

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("lenient_classifier"),
]

HEADER = "X-Gazette-Cache"
RULE = "off-topic"


@pytest.fixture
def discussed(make_article, make_reader):
    """An article with a comment by one reader and a reply by another."""
    article = make_article("Harbour fees rise in the autumn")
    top = services.post_comment(
        article=article, author=make_reader("Bo"), text="The fees are too high."
    )
    reply = services.post_comment(
        article=article, author=make_reader("Cy"), text="Not for ferries.", parent=top
    )
    return article, top, reply


def signed_in(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def fragment_of(client, article, *comments) -> str:
    """Return the fragment the article page asks for, as its loader asks."""
    query = personal.query_for(article.pk, [c.pk for c in comments])
    response = client.get(f"/me/?{query}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    return response.content.decode()


def loader_url(html: str) -> str:
    """Return the URL of the personal fragment the page asks for."""
    match = re.search(r'class="personal-loader" hidden hx-get="([^"]+)"', html)
    assert match, "the page has no loader for the personal fragment"
    return match[1].replace("&amp;", "&")


def page_as_seen(client, url: str, **headers) -> str:
    """Return what a reader's browser shows at ``url``: the page, and the
    personal fragment it asks for (its HTML after the page's)."""
    html = client.get(url, **headers).content.decode()
    fragment = client.get(loader_url(html), HTTP_HX_REQUEST="true")
    assert fragment.status_code in (200, 204)
    assert "no-store" in fragment["Cache-Control"]
    return html + fragment.content.decode()


# --- One page for everyone ----------------------------------------------------


def test_a_signed_in_and_an_anonymous_reader_get_identical_article_bytes(
    client, discussed, make_reader, moderator
):
    article, _, _ = discussed
    anonymous = client.get(article.url)
    assert anonymous[HEADER] == "miss"
    for user in (make_reader("Dee"), make_reader("Unconfirmed", confirmed=False)):
        page = signed_in(user).get(article.url)
        assert page.content == anonymous.content
        assert page[HEADER] == "hit"
        assert "Dee" not in page.content.decode()
    # Nothing personal in it: no CSRF token, no session read, so no Vary: Cookie.
    assert b"csrfmiddlewaretoken" not in anonymous.content
    assert "Cookie" not in anonymous.get("Vary", "")
    assert signed_in(moderator).get(article.url).content == anonymous.content


def test_a_page_rendered_for_a_signed_in_reader_is_shared_with_everyone(
    client, discussed, make_reader
):
    article, _, _ = discussed
    first = signed_in(make_reader("Eve")).get(article.url)
    assert first[HEADER] == "miss"
    assert "public" in first["Cache-Control"]
    again = client.get(article.url)
    assert again[HEADER] == "hit"
    assert again.content == first.content


@pytest.mark.parametrize(
    "cookie",
    ["sessionid=forged-and-unknown", "sessionid=", "sessionid=" + "x" * 4000],
)
def test_a_forged_session_cookie_is_served_from_the_cache(client, discussed, cookie):
    article, _, _ = discussed
    fresh = client.get(article.url)
    forged = Client(HTTP_HOST="localhost", HTTP_COOKIE=cookie).get(article.url)
    assert forged.status_code == 200
    assert forged[HEADER] == "hit"
    assert forged.content == fresh.content


def test_a_forged_cookie_renders_the_page_for_everyone_on_a_miss(discussed):
    article, _, _ = discussed
    forged = Client(HTTP_HOST="localhost", HTTP_COOKIE="sessionid=forged")
    first = forged.get(article.url)
    assert first[HEADER] == "miss"
    assert "private" not in first["Cache-Control"]
    assert Client(HTTP_HOST="localhost").get(article.url)[HEADER] == "hit"


@pytest.mark.parametrize("path", ["/", "/stories/"])
def test_other_reader_pages_are_shared_by_signed_in_readers(
    client, discussed, make_reader, path
):
    anonymous = client.get(path)
    page = signed_in(make_reader("Fay")).get(path)
    assert page.content == anonymous.content
    assert page[HEADER] == "hit"


def test_the_search_page_shows_nothing_of_the_reader(discussed, make_reader):
    """Search answers are kept out of the shared cache (docs/search.md), but
    they are drawn without the session all the same."""
    page = signed_in(make_reader("Fen")).get("/search/?q=harbour")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fen" not in html and "csrfmiddlewaretoken" not in html
    assert "Cookie" not in page.get("Vary", "")


def test_section_pages_are_shared_by_signed_in_readers(
    client, discussed, make_reader, section
):
    anonymous = client.get(section.url)
    page = signed_in(make_reader("Gil")).get(section.url)
    assert page[HEADER] == "hit"
    assert page.content == anonymous.content


def test_pages_that_read_the_session_are_private_and_never_cached(
    client, make_reader, discussed
):
    article, top, _ = discussed
    reader = signed_in(make_reader("Hal"))
    for path in (
        "/accounts/",
        f"/discussion/{article.pk}/comment/",
        f"/discussion/comments/{top.pk}/report/",
    ):
        response = reader.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
        assert HEADER not in response, path


def test_a_new_comment_retires_the_page_for_signed_in_readers_too(
    client, discussed, make_reader
):
    article, _, _ = discussed
    reader = signed_in(make_reader("Ida"))
    assert client.get(article.url)[HEADER] == "miss"
    assert reader.get(article.url)[HEADER] == "hit"
    response = reader.post(
        f"/discussion/{article.pk}/post/", {"text": "The fees pay for the dredging."}
    )
    assert response.status_code == 302
    page = reader.get(article.url)
    assert page[HEADER] == "miss"
    assert "The fees pay for the dredging." in page.content.decode()


# --- The fragment -------------------------------------------------------------


def test_the_loader_names_the_article_and_every_comment_shown(client, discussed):
    article, top, reply = discussed
    url = loader_url(client.get(article.url).content.decode())
    assert url == f"/me/?article={article.pk}&c={top.pk}.{reply.pk}"


def test_other_pages_ask_for_the_account_menu_alone(client, discussed):
    assert loader_url(client.get("/").content.decode()) == "/me/"


def test_an_anonymous_reader_gets_no_content_without_a_query(
    client, discussed, django_assert_num_queries
):
    article, top, _ = discussed
    # The site's editions are read once and kept (core.editions).
    client.get("/me/")
    with django_assert_num_queries(0):
        response = client.get(f"/me/?article={article.pk}&c={top.pk}")
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]


def test_a_forged_cookie_gets_an_empty_fragment(discussed):
    article, top, _ = discussed
    response = Client(HTTP_HOST="localhost", HTTP_COOKIE="sessionid=forged").get(
        f"/me/?article={article.pk}&c={top.pk}"
    )
    assert response.status_code == 204


def test_a_reader_who_may_post_gets_the_form_their_name_and_controls(
    discussed, make_reader
):
    article, top, reply = discussed
    html = fragment_of(signed_in(make_reader("Jo")), article, top, reply)
    assert '<span class="account-link__name">Jo</span>' in html
    assert "Sign out" in html and "csrfmiddlewaretoken" in html
    assert 'id="discussion-form" hx-swap-oob="true"' in html
    assert f'action="/discussion/{article.pk}/post/"' in html
    assert 'name="text"' in html
    for comment in (top, reply):
        assert f'id="comment-actions-{comment.pk}" hx-swap-oob="true"' in html
        assert f'name="parent" value="{comment.pk}"' in html
        assert f"/discussion/comments/{comment.pk}/report/" in html
        assert f"/discussion/comments/{comment.pk}/like/" in html
    assert "Remove" not in html


def test_an_unconfirmed_reader_is_told_to_confirm(discussed, make_reader):
    article, top, _ = discussed
    html = fragment_of(signed_in(make_reader("Kit", confirmed=False)), article, top)
    assert "Confirm your email address to join the discussion" in html
    assert 'action="/accounts/confirm/resend/"' in html
    assert 'name="text"' not in html
    # Liking and reporting need no confirmation; replying does.
    assert f"/discussion/comments/{top.pk}/like/" in html
    assert 'name="parent"' not in html


def test_a_banned_reader_is_told_why_and_until_when(discussed, make_reader, moderator):
    article, top, _ = discussed
    banned = make_reader("Lu")
    until = timezone.now() + datetime.timedelta(days=7)
    services.ban_reader(banned, moderator, days=7, rule_code=RULE)
    assert Ban.objects.get(user=banned).rule_code == RULE
    html = fragment_of(signed_in(banned), article, top)
    assert "You are barred from commenting until" in html
    assert until.strftime("%Y") in html
    assert "under rule 1: Stay on topic" in html
    assert 'name="text"' not in html
    assert 'name="parent"' not in html


def test_a_permanently_banned_reader_is_told_so(discussed, make_reader, moderator):
    article, top, _ = discussed
    banned = make_reader("Mo")
    services.ban_reader(banned, moderator, days=None, rule_code="")
    html = fragment_of(signed_in(banned), article, top)
    assert "You are barred from commenting permanently" in html
    assert 'name="text"' not in html


def test_the_author_gets_edit_and_delete_on_their_own_comment(discussed):
    article, top, reply = discussed
    html = fragment_of(signed_in(top.author), article, top, reply)
    own = html[html.index(f'id="comment-actions-{top.pk}"') :]
    own = own[: own.index("</footer>")]
    assert f"/discussion/comments/{top.pk}/edit/" in own
    assert f"/discussion/comments/{top.pk}/delete/" in own
    assert "/report/" not in own and "/like/" not in own
    assert f"/discussion/comments/{reply.pk}/report/" in html


def test_a_moderator_gets_remove_on_every_comment(discussed, moderator):
    article, top, reply = discussed
    html = fragment_of(signed_in(moderator), article, top, reply)
    for comment in (top, reply):
        assert f'action="/admin/discussion/comments/{comment.pk}/"' in html
    assert html.count('name="action" value="reject"') == 2


def test_the_fragment_shows_likes_the_reader_gave(discussed, make_reader):
    article, top, _ = discussed
    reader = make_reader("Ned")
    services.toggle_like(top, reader)
    html = fragment_of(signed_in(reader), article, top)
    assert 'aria-pressed="true"' in html


def test_a_closed_discussion_keeps_its_notice_in_the_page_and_no_form(
    client, discussed, make_reader
):
    article, top, _ = discussed
    article.discussion_mode = "closed"
    article.save_revision().publish()
    page = client.get(article.url).content.decode()
    assert "This discussion is closed" in page
    html = fragment_of(signed_in(make_reader("Oz")), article, top)
    assert 'id="discussion-form"' not in html
    assert 'name="parent"' not in html
    assert f"/discussion/comments/{top.pk}/like/" in html


def test_a_premoderated_discussion_says_so_in_the_form(discussed, make_reader):
    article, top, _ = discussed
    article.discussion_mode = "premoderated"
    article.save_revision().publish()
    html = fragment_of(signed_in(make_reader("Pia")), article, top)
    assert "A moderator reads every comment here before it appears." in html
    assert 'name="text"' in html


def test_the_outcome_of_a_post_shows_once_in_the_fragment(discussed, make_reader):
    article, top, _ = discussed
    reader = signed_in(make_reader("Quin"))
    reader.post(f"/discussion/{article.pk}/post/", {"text": "Fees fund the pier."})
    assert "Your comment is published." in fragment_of(reader, article, top)
    assert "Your comment is published." not in fragment_of(reader, article, top)


def test_load_more_asks_for_the_controls_of_its_comments_only(
    client, make_article, make_reader, settings
):
    settings.GAZETTE_DISCUSSION_PAGE_SIZE = 2
    article = make_article()
    posted = [
        services.post_comment(
            article=article, author=make_reader(), text=f"Comment {n} here."
        )
        for n in range(3)
    ]
    more = client.get(
        f"/discussion/{article.pk}/comments/?order=newest&comments=2",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    url = loader_url(more)
    assert url == f"/me/?article={article.pk}&c={posted[0].pk}&only=comments"
    reader = signed_in(make_reader("Rae"))
    html = reader.get(url).content.decode()
    assert f'id="comment-actions-{posted[0].pk}"' in html
    assert 'id="discussion-form"' not in html and 'id="account-menu"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "article=abc&c=1.2",
        "article=99999999999999999999999&c=1",
        "article=1&c=" + ".".join(["9" * 30] * 500),
        "c=%00%ff",
        "article=&c=",
    ],
)
def test_crafted_queries_get_a_plain_answer(discussed, make_reader, query):
    response = signed_in(make_reader("Sid")).get(f"/me/?{query}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_fragment_tells_nothing_of_comments_on_another_article(
    discussed, make_article, make_reader
):
    _, top, _ = discussed
    other = make_article("Another article")
    html = fragment_of(signed_in(make_reader("Tam")), other, top)
    assert f"comment-actions-{top.pk}" not in html


def test_the_fragment_refuses_posts(discussed, make_reader):
    assert signed_in(make_reader("Uma")).post("/me/").status_code == 405


def test_the_fragment_stays_within_a_few_queries(
    discussed, make_reader, django_assert_max_num_queries
):
    article, top, reply = discussed
    reader = signed_in(make_reader("Val"))
    reader.get("/")  # the site's editions, read once and kept (core.editions)
    # The first asks for the article (two queries); the rest find it in the
    # cache: the session, the user, the reader, their permissions (two),
    # any ban, the comments and the reader's likes.
    with django_assert_max_num_queries(10):
        fragment_of(reader, article, top, reply)
    with django_assert_max_num_queries(8):
        fragment_of(reader, article, top, reply)


def test_the_fragment_of_a_protected_article_shows_nothing_without_the_password(
    discussed, make_reader
):
    from wagtail.models import PageViewRestriction

    article, top, _ = discussed
    reader = signed_in(make_reader("Ray"))
    assert f"comment-actions-{top.pk}" in fragment_of(reader, article, top)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    html = fragment_of(reader, article, top)
    assert f"comment-actions-{top.pk}" not in html
    assert 'id="discussion-form"' not in html
    assert 'id="account-menu"' in html


# --- The comment page, for readers without JavaScript -------------------------


def test_the_comment_page_sends_an_anonymous_reader_to_sign_in(client, discussed):
    article, _, _ = discussed
    response = client.get(f"/discussion/{article.pk}/comment/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_article_page_links_to_the_comment_page(client, discussed):
    article, _, _ = discussed
    page = client.get(article.url).content.decode()
    assert f'href="/discussion/{article.pk}/comment/"' in page


def test_the_comment_page_carries_the_form_and_posting_works(discussed, make_reader):
    article, top, _ = discussed
    reader = signed_in(make_reader("Wyn"))
    page = reader.get(f"/discussion/{article.pk}/comment/?reply={top.pk}")
    html = page.content.decode()
    assert "private" in page["Cache-Control"]
    assert f'name="parent" value="{top.pk}"' in html
    assert "Your reply to Bo" in html
    response = reader.post(
        f"/discussion/{article.pk}/post/",
        {"text": "Posted without JavaScript.", "parent": str(top.pk)},
    )
    assert response.status_code == 302
    assert "Posted without JavaScript." in reader.get(article.url).content.decode()


def test_the_comment_page_tells_a_banned_reader_why(discussed, make_reader, moderator):
    article, _, _ = discussed
    banned = make_reader("Xan")
    services.ban_reader(banned, moderator, days=1, rule_code="")
    html = signed_in(banned).get(f"/discussion/{article.pk}/comment/").content.decode()
    assert "You are barred from commenting until" in html
    assert 'name="text"' not in html


def test_an_editor_finds_the_edit_link_in_the_menu(discussed):
    """The Wagtail user bar left the shared pages; its link comes from here."""
    from django.contrib.auth import get_user_model

    article, top, _ = discussed
    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "a long editor password"
    )
    html = fragment_of(signed_in(editor), article, top)
    assert f'href="/admin/pages/{article.pk}/edit/"' in html
    assert "Edit this article" in html


def test_the_readers_own_held_comments_show_at_most_ten(discussed, make_reader):
    from gazette.discussion.models import Comment, CommentStatus

    article, top, _ = discussed
    reader = make_reader("Zed")
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author=reader,
            body=f"Held number {n}.",
            status=CommentStatus.HELD,
            reason="Held for review.",
        )
        for n in range(15)
    )
    html = fragment_of(signed_in(reader), article, top)
    assert html.count("<blockquote>") == 10
    assert f'id="comment-actions-{top.pk}"' in html
