"""The personal fragment's hit check on Redis (discussion/personal_versions.py).

A kept answer's versions are read again with one ``MGET`` on a connection
of the process's own, not through the cache API: these tests run it against
a real Redis (``GAZETTE_TEST_REDIS_URL``, by default the local one) and are
skipped where there is none. Every other backend takes ``cache.get_many``,
which tests/test_personal_cache.py covers.
"""

from __future__ import annotations

import os
import secrets

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from gazette.discussion import personal_cache, personal_versions
from gazette.discussion.personal_versions import Versions

from .test_personal_cache import (  # noqa: F401 (fixtures)
    WsgiClient,
    assert_kept_token_posts,
    cache_on,
    discussed,
    url_of,
)

REDIS_URL = os.environ.get("GAZETTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("lenient_classifier", "cache_on", "redis_cache"),
]


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_cache(settings):
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"gazette-test-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_versions_hold_while_unchanged_and_not_after_any_change():
    cache.set_many({"a": 1, "b": 2}, 60)
    cache.set("rows", (("en", "English"), ("ar", "Arabic")), 60)
    held = Versions(cache.get_many(["a", "b", "rows"]))
    assert held.raw is not None, "the direct read is not used with Redis"
    assert held.hold() and held.hold()
    cache.set("b", 3, 60)
    assert not held.hold()
    held = Versions(cache.get_many(["a", "b", "rows"]))
    cache.set("rows", (("en", "English"),), 60)
    assert not held.hold()
    held = Versions(cache.get_many(["a", "b", "rows"]))
    cache.delete("a")
    assert not held.hold()


def test_a_version_never_read_does_not_hold():
    assert not Versions({"missing": 5}).hold()


def test_a_lost_connection_fails_once_then_reconnects():
    """A failure is raised (the caller takes the full path) and the next
    check opens a new connection instead of reading a half-read reply."""
    cache.set("a", 1, 60)
    held = Versions({"a": 1})
    assert held.hold()
    connection = personal_versions._local.connection
    connection._sock.close()
    with pytest.raises((RedisError, OSError)):
        held.hold()
    assert held.hold()
    assert personal_versions._local.connection is not connection


def test_a_forked_process_opens_its_own_connection(monkeypatch):
    cache.set("a", 1, 60)
    held = Versions({"a": 1})
    assert held.hold()
    parent = personal_versions._local.connection
    monkeypatch.setattr(personal_versions._local, "pid", -1)
    assert held.hold()
    assert personal_versions._local.connection is not parent


def test_a_repeat_on_redis_is_served_from_the_copy_and_retired_by_a_change(
    discussed,  # noqa: F811 (the fixture imported above)
    make_reader,
    monkeypatch,
):
    """Through WSGI with Redis: the repeat is a hit checked by the direct
    read (the cache API is not asked), and a change of the reader's state
    (as another process would make it) retires it at the next request."""
    article, top, reply = discussed
    reader = make_reader("Jo")
    browser = WsgiClient.signed_in_as(reader)
    url = url_of(article, top, reply)
    browser.warm(url)
    asked = []
    real_get_many = RedisCache.get_many
    monkeypatch.setattr(
        RedisCache,
        "get_many",
        lambda self, keys, *a, **k: (
            asked.append(keys) or real_get_many(self, keys, *a, **k)
        ),
    )
    hit = browser.get(url)
    assert hit.kept == "hit" and "Jo" in hit.text
    assert asked == []
    personal_cache.bump_readers([reader.pk])
    assert browser.get(url).kept == "miss"


def test_on_redis_a_forged_cookie_gets_204_and_is_never_kept(
    discussed,  # noqa: F811 (the fixture imported above)
):
    article, top, _ = discussed
    name = django_settings.SESSION_COOKIE_NAME
    browser = WsgiClient({name: "forged-and-unknown"})
    for _ in range(3):
        browser.cookies[name] = "forged-and-unknown"
        answer = browser.get(url_of(article, top))
        assert (answer.status, answer.kept) == (204, "miss")
        assert "no-store" in answer.headers["Cache-Control"]
        assert answer.body == b""


def test_on_redis_a_kept_token_posts_and_the_post_retires_the_answer(
    discussed,  # noqa: F811 (the fixture imported above)
    make_reader,
):
    """The CSRF token of an answer served from the process's copy validates
    a comment, and the next answer is drawn again, not the copy."""
    article, top, _ = discussed
    browser = WsgiClient.signed_in_as(make_reader("Quin"))
    url = url_of(article, top)
    kept = browser.warm(url)
    kept = browser.get(url)
    assert kept.kept == "hit"
    assert_kept_token_posts(browser, article, kept)
    # Drawn again (the outcome message even takes the full way).
    after = browser.get(url)
    assert after.kept != "hit" and after.body != kept.body
