"""The personal fragment's cache (discussion/personal_cache.py), through WSGI.

These tests drive the application as gunicorn does, ``gazette/wsgi.py``'s
``PersonalFragmentCache`` around Django's ``WSGIHandler``, with real cookies
and real CSRF checks, so a hit is the fast path itself.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from gazette.core.groups import MODERATORS
from gazette.discussion import personal, personal_cache, services
from gazette.discussion.models import Ban, Comment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("lenient_classifier", "cache_on"),
]

HEADER = personal_cache.HEADER
RULE = "off-topic"


@pytest.fixture
def cache_on(settings):
    settings.GAZETTE_PERSONAL_CACHE_SECONDS = 60


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    environ: dict

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def kept(self) -> str | None:
        return self.headers.get(HEADER)


_handler: WSGIHandler | None = None


class WsgiClient:
    """A browser speaking WSGI to the application gunicorn runs: keeps cookies."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        global _handler
        if _handler is None:
            _handler = WSGIHandler()
        self.app = personal_cache.PersonalFragmentCache(_handler)
        self.cookies = dict(cookies or {})

    @classmethod
    def signed_in_as(cls, user_or_client) -> WsgiClient:
        client = user_or_client
        if not isinstance(client, Client):
            client = Client()
            client.force_login(user_or_client)
        name = django_settings.SESSION_COOKIE_NAME
        return cls({name: client.cookies[name].value})

    def request(
        self, method: str, path: str, data: dict | None = None, **headers: str
    ) -> Answer:
        path, _, query = path.partition("?")
        body = urlencode(data or {}).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "HTTP_HX_REQUEST": "true",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        if method == "POST":
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        started: list = []

        def start_response(status, response_headers, exc_info=None):
            started[:] = [status, response_headers]

        # As Django's test client does: the test's transaction keeps its
        # connection, which request_started/finished would close.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.app(environ, start_response)
            try:
                content = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        status, response_headers = started
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[morsel.key] = morsel.value
                    else:
                        self.cookies.pop(morsel.key, None)
        return Answer(
            int(status.split()[0]),
            {name: value for name, value in response_headers},
            content,
            environ,
        )

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict, **headers: str) -> Answer:
        return self.request("POST", path, data, **headers)

    def warm(self, path: str) -> Answer:
        """Fetch ``path`` until it is kept (the first answer sets the CSRF
        cookie, so it is not kept); return the kept answer."""
        for _ in range(3):
            answer = self.get(path)
            assert answer.status == 200, answer.status
            if answer.kept == "hit":
                return answer
        raise AssertionError(f"{path} was never answered from the cache")


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the fragment"
    return match[1]


def assert_kept_token_posts(browser: WsgiClient, article, kept) -> None:
    """Post a comment with the CSRF token of the kept answer ``kept`` and
    check that it was accepted and stored."""
    answer = browser.post(
        f"/discussion/{article.pk}/post/",
        {
            "text": "Posted with a kept token.",
            "csrfmiddlewaretoken": csrf_token(kept.text),
        },
    )
    assert answer.status == 302, answer.text[:300]
    assert Comment.objects.filter(
        article=article, body="Posted with a kept token."
    ).exists()


@pytest.fixture
def discussed(make_article, make_reader):
    article = make_article("Harbour fees rise in the autumn")
    top = services.post_comment(
        article=article, author=make_reader("Bo"), text="The fees are too high."
    )
    reply = services.post_comment(
        article=article, author=make_reader("Cy"), text="Not for ferries.", parent=top
    )
    return article, top, reply


def url_of(article, *comments) -> str:
    return "/me/?" + personal.query_for(article.pk, [c.pk for c in comments])


# --- Kept and served -------------------------------------------------------------


def test_a_repeat_is_the_same_answer_without_a_query(
    discussed, make_reader, django_assert_num_queries
):
    article, top, reply = discussed
    browser = WsgiClient.signed_in_as(make_reader("Jo"))
    url = url_of(article, top, reply)
    first = browser.get(url)
    second = browser.get(url)
    assert (first.kept, second.kept) == ("miss", "miss")  # the CSRF cookie came
    with django_assert_num_queries(0):
        hit = browser.get(url)
    assert hit.kept == "hit"
    assert hit.body == second.body
    assert "Jo</span>" in hit.text and f"comment-actions-{top.pk}" in hit.text
    assert hit.headers["Cache-Control"] == second.headers["Cache-Control"]
    assert "no-store" in hit.headers["Cache-Control"]
    assert "private" in hit.headers["Cache-Control"]


def test_a_repeat_is_answered_from_the_process_copy_and_still_retired(
    discussed, make_reader, monkeypatch
):
    """A process that kept or read an answer serves the repeat from its own
    copy, checking only the versions (one cache round trip, not two); a
    change made anywhere (here, by "another process") still retires it, and
    another process with no copy reads the kept answer from the cache."""
    article, top, reply = discussed
    reader = make_reader("Jo")
    browser = WsgiClient.signed_in_as(reader)
    url = url_of(article, top, reply)
    browser.get(url)
    kept = browser.get(url)
    entries = []
    real_get = personal_cache.cache.get

    def get(key, *args, **kwargs):
        entries.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(personal_cache.cache, "get", get)
    hit = browser.get(url)
    assert hit.kept == "hit" and hit.body == kept.body
    assert not [key for key in entries if key.startswith(personal_cache.ENTRY_PREFIX)]
    # Another process (its own wrapper, no copy yet) reads the cache's entry.
    other = WsgiClient(browser.cookies)
    assert other.get(url).kept == "hit"
    assert [key for key in entries if key.startswith(personal_cache.ENTRY_PREFIX)]
    assert other.app.local and browser.app.local
    # A change of the reader's state retires both copies: the first to ask
    # draws the answer again, the other then reads that one, not its copy.
    personal_cache.bump_readers([reader.pk])
    assert other.get(url).kept == "miss"
    assert browser.get(url).kept == "hit"
    held = browser.app.local[next(iter(browser.app.local))][1]
    assert held.hold()
    assert dict(
        zip(held.keys, held.values, strict=True)
    ) == personal_cache.cache.get_many(held.keys)


def test_one_request_draws_the_next_answer_before_the_kept_one_ends(
    discussed, make_reader
):
    """Every process's copy ends at the entry's expiry. In its last seconds
    one request draws the next answer (a miss) while the others, in this
    process and in another, are still served their copies; the new answer
    is kept for a full lifetime, so the copies never all end at once and
    readers never queue behind a crowd of draws."""
    article, top, reply = discussed
    browser = WsgiClient.signed_in_as(make_reader("Jo"))
    url = url_of(article, top, reply)
    browser.warm(url)
    other = WsgiClient(browser.cookies)  # another process
    assert other.get(url).kept == "hit"
    for app in (browser.app, other.app):
        for key, (_, held, answer) in list(app.local.items()):
            app.local[key] = (time.time() + 2, held, answer)
    assert browser.get(url).kept == "miss"
    assert browser.get(url).kept == "hit"
    assert other.get(url).kept == "hit"
    ((expires, _, _),) = browser.app.local.values()
    assert expires > time.time() + 50
    # The other process's copy ends; it reads the new answer, not a draw.
    for key, (_, held, answer) in list(other.app.local.items()):
        other.app.local[key] = (time.time() - 1, held, answer)
    assert other.get(url).kept == "hit"


def test_another_session_never_gets_the_answer(discussed, make_reader):
    article, top, _ = discussed
    url = url_of(article, top)
    jo = WsgiClient.signed_in_as(make_reader("Jo"))
    jo.warm(url)
    for other in (make_reader("Kim"), make_reader("Lee")):
        browser = WsgiClient.signed_in_as(other)
        # Even with Jo's CSRF cookie: the session differs.
        browser.cookies[django_settings.CSRF_COOKIE_NAME] = jo.cookies[
            django_settings.CSRF_COOKIE_NAME
        ]
        answer = browser.get(url)
        assert answer.kept == "miss"
        assert "Jo</span>" not in answer.text


def test_another_csrf_cookie_or_query_is_drawn_afresh(discussed, make_reader):
    article, top, reply = discussed
    browser = WsgiClient.signed_in_as(make_reader("Mo"))
    browser.warm(url_of(article, top))
    assert browser.get(url_of(article, top, reply)).kept == "miss"
    browser.cookies[django_settings.CSRF_COOKIE_NAME] = "x" * 32
    assert browser.get(url_of(article, top)).kept == "miss"


def test_a_forged_cookie_gets_204_and_is_never_kept(discussed):
    article, top, _ = discussed
    browser = WsgiClient({django_settings.SESSION_COOKIE_NAME: "forged-and-unknown"})
    for _ in range(3):
        browser.cookies[django_settings.SESSION_COOKIE_NAME] = "forged-and-unknown"
        answer = browser.get(url_of(article, top))
        assert answer.status == 204
        assert answer.kept == "miss"
        assert "no-store" in answer.headers["Cache-Control"]


def test_a_reader_without_a_session_gets_204_from_memory(
    discussed, django_assert_num_queries
):
    article, top, _ = discussed
    browser = WsgiClient()
    assert browser.get(url_of(article, top)).kept == "miss"
    with django_assert_num_queries(0):
        answer = browser.get(url_of(article, top))
    assert (answer.status, answer.kept) == (204, "hit")
    assert answer.body == b""
    assert "no-store" in answer.headers["Cache-Control"]


def test_a_message_waiting_takes_the_full_path(discussed, make_reader):
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Ned"))
    browser.warm(url_of(article, top))
    answer = browser.post(
        f"/discussion/{article.pk}/post/",
        {
            "text": "The fees pay for the dredging.",
            "csrfmiddlewaretoken": csrf_token(browser.get(url_of(article, top)).text),
        },
    )
    assert answer.status == 302
    assert "messages" in browser.cookies
    shown = browser.get(url_of(article, top))
    assert HEADER not in shown.headers
    assert "Your comment is published." in shown.text
    assert browser.get(url_of(article, top)).kept == "miss"


def test_the_cache_is_off_without_the_setting_and_a_shared_cache(
    settings, discussed, make_reader
):
    article, top, _ = discussed
    del settings.GAZETTE_PERSONAL_CACHE_SECONDS
    assert personal_cache.lifetime() == 0  # the tests' cache is per process
    browser = WsgiClient.signed_in_as(make_reader("Oz"))
    for _ in range(3):
        assert HEADER not in browser.get(url_of(article, top)).headers


def test_a_failing_cache_only_sends_requests_the_full_way(
    discussed, make_reader, monkeypatch
):
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Pia"))
    browser.warm(url_of(article, top))

    real = personal_cache.cache

    class Restarting:
        """The cache failing for the wrapper's look-up of kept answers."""

        def __getattr__(self, name):
            return getattr(real, name)

        def get(self, key, *args, **kwargs):
            if key.startswith(personal_cache.ENTRY_PREFIX):
                raise ConnectionError("the cache is restarting")
            return real.get(key, *args, **kwargs)

    monkeypatch.setattr(personal_cache, "cache", Restarting())
    # A process without a copy of its own (which would need only the
    # versions) must read the kept entry, and cannot.
    browser.app.local.clear()
    answer = browser.get(url_of(article, top))
    assert answer.status == 200
    assert answer.kept == "miss"
    assert "Pia</span>" in answer.text


# --- The CSRF token in a kept answer -----------------------------------------------


def test_the_csrf_token_of_a_kept_answer_validates_a_post(discussed, make_reader):
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Quin"))
    kept = browser.warm(url_of(article, top))
    assert kept.kept == "hit"
    assert_kept_token_posts(browser, article, kept)
    refused = browser.post(
        f"/discussion/{article.pk}/post/",
        {"text": "Posted with no token.", "csrfmiddlewaretoken": "x" * 64},
    )
    assert refused.status == 403


# --- Every kind of write shows at once ---------------------------------------------


def test_a_ban_shows_at_once(discussed, make_reader, moderator):
    article, top, _ = discussed
    reader = make_reader("Ray")
    browser = WsgiClient.signed_in_as(reader)
    assert 'name="text"' in browser.warm(url_of(article, top)).text
    services.ban_reader(reader, moderator, days=7, rule_code=RULE)
    answer = browser.get(url_of(article, top))
    assert answer.kept == "miss"
    assert "You are barred from commenting until" in answer.text
    assert 'name="text"' not in answer.text
    # Lifted: the form is back.
    services.lift_ban(Ban.objects.get(user=reader), moderator)
    browser.warm(url_of(article, top))
    assert 'name="text"' in browser.get(url_of(article, top)).text


def test_a_like_shows_at_once(discussed, make_reader):
    article, top, _ = discussed
    reader = make_reader("Sid")
    browser = WsgiClient.signed_in_as(reader)
    assert 'aria-pressed="false"' in browser.warm(url_of(article, top)).text
    services.toggle_like(top, reader)
    answer = browser.get(url_of(article, top))
    assert answer.kept == "miss"
    assert 'aria-pressed="true"' in answer.text


def test_another_readers_like_changes_the_count_at_once(discussed, make_reader):
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Tam"))
    assert (
        '<span class="comment__likes">0</span>'
        in browser.warm(url_of(article, top)).text
    )
    services.toggle_like(top, make_reader("Uma"))
    answer = browser.get(url_of(article, top))
    assert '<span class="comment__likes">1</span>' in answer.text


def test_a_held_post_and_its_moderation_show_at_once(discussed, make_reader, moderator):
    article, top, _ = discussed
    article.discussion_mode = "premoderated"
    article.save_revision().publish()
    reader = make_reader("Val")
    browser = WsgiClient.signed_in_as(reader)
    assert "discussion-pending" not in browser.warm(url_of(article, top)).text
    # Held: no count changes, no page is retired; only the reader's version.
    comment = services.post_comment(
        article=article, author=reader, text="Waiting for a moderator."
    )
    answer = browser.get(url_of(article, top))
    assert answer.kept == "miss"
    assert "Waiting for a moderator." in answer.text
    browser.warm(url_of(article, top))
    services.moderate_comment(comment, moderator, "reject", rule_code=RULE)
    assert "Rejected under rule" in browser.get(url_of(article, top)).text


def test_an_edit_window_bounds_how_long_the_answer_is_kept(
    discussed, make_reader, settings
):
    article, _, _ = discussed
    reader = make_reader("Wyn")
    own = services.post_comment(article=article, author=reader, text="Mine, for now.")
    minutes = settings.GAZETTE_DISCUSSION_EDIT_MINUTES
    own.created_at = timezone.now() - datetime.timedelta(minutes=minutes, seconds=-20)
    own.save(update_fields=["created_at"])
    browser = WsgiClient.signed_in_as(reader)
    browser.get(url_of(article, own))  # sets the CSRF cookie: not kept
    kept = browser.get(url_of(article, own))
    assert f"/discussion/comments/{own.pk}/edit/" in kept.text
    # What the view left the wrapper: kept no longer than the edit window.
    versions, seconds = kept.environ[personal_cache.NOTE]
    assert versions and 0 < seconds <= 21
    # Without an edit link of theirs, the cache's own lifetime.
    other = browser.get(url_of(article))
    assert other.environ[personal_cache.NOTE][1] == 60


def test_signing_out_retires_the_answer(discussed, make_reader):
    article, top, _ = discussed
    reader = make_reader("Xan")
    browser = WsgiClient.signed_in_as(reader)
    kept = browser.warm(url_of(article, top))
    old_session = browser.cookies[django_settings.SESSION_COOKIE_NAME]
    old_csrf = browser.cookies[django_settings.CSRF_COOKIE_NAME]
    answer = browser.post(
        "/accounts/logout/", {"csrfmiddlewaretoken": csrf_token(kept.text)}
    )
    assert answer.status == 302
    # Whoever still holds the old cookies gets nothing of the reader.
    stale = WsgiClient(
        {
            django_settings.SESSION_COOKIE_NAME: old_session,
            django_settings.CSRF_COOKIE_NAME: old_csrf,
        }
    ).get(url_of(article, top))
    assert stale.status == 204
    assert stale.kept == "miss"


def test_a_new_display_name_shows_at_once(discussed, make_reader):
    from gazette.accounts.services import set_display_name

    article, top, _ = discussed
    reader = make_reader("Yan")
    browser = WsgiClient.signed_in_as(reader)
    browser.warm("/me/")
    set_display_name(reader, "Yannick")
    assert "Yannick</span>" in browser.get("/me/").text


def test_joining_the_moderators_shows_remove_at_once(discussed, make_reader):
    article, top, _ = discussed
    reader = make_reader("Zed")
    browser = WsgiClient.signed_in_as(reader)
    assert "Remove" not in browser.warm(url_of(article, top)).text
    reader.groups.add(Group.objects.get(name=MODERATORS))
    assert "Remove" in browser.get(url_of(article, top)).text
    browser.warm(url_of(article, top))
    Group.objects.get(name=MODERATORS).permissions.clear()
    assert "Remove" not in browser.get(url_of(article, top)).text


def test_an_unconfirmed_reader_is_never_kept(discussed, make_reader):
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Abe", confirmed=False))
    kinds = [browser.get(url_of(article, top)).kept for _ in range(3)]
    assert kinds == ["miss", "miss", "miss"]


def test_the_full_path_reads_the_readers_standing_from_the_cache(
    discussed, make_reader, django_assert_max_num_queries
):
    """Session, user, the comments shown and the reader's likes: the reader
    row, permissions and ban come with the reader's version."""
    article, top, reply = discussed
    browser = WsgiClient.signed_in_as(make_reader("Bea"))
    browser.warm(url_of(article, top, reply))
    with django_assert_max_num_queries(4):
        answer = browser.get(url_of(article, top, reply) + "&fresh=1")
    assert answer.kept == "miss"


def test_the_answer_about_a_protected_article_is_never_kept(discussed, make_reader):
    """Whether the reader gave the page's password lives in their session,
    which no version follows."""
    from wagtail.models import PageViewRestriction

    article, top, _ = discussed
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    browser = WsgiClient.signed_in_as(make_reader("Cal"))
    kinds = [browser.get(url_of(article, top)).kept for _ in range(3)]
    assert kinds == ["miss", "miss", "miss"]
    # The account menu of a page without an article is kept as usual.
    browser.warm("/me/")
