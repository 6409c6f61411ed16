"""The personal fragment's cache: a reader's repeat request answered before Django.

Every page a signed-in reader opens asks ``/me/`` for their part of it
(``personal.py``). Most of those answers are the same bytes as the reader's
previous one: nothing about them, the article or its discussion changed in
between. So the answer, whole (status, headers, body), is kept in Django's
cache (Redis in production, shared by every worker) under a key made of:

- the session cookie and the CSRF cookie (hashed, with a key derived from
  ``SECRET_KEY``): one session's answer is never another's, and the CSRF
  token in the stored forms is valid for exactly the cookie that asks;
- the host, scheme, path (with its edition) and query string, the
  ``HX-Request`` header and whether the client takes gzip.

Beside the answer it keeps the versions of what the answer was drawn from,
read *before* the view drew it (so a change committed during the render
leaves the entry stale at once, never fresh-looking), and the entry is served
only while all of them hold:

- the content generation (``core.cache``: any publish, a comment count, a
  display name, the article's restrictions and discussion settings);
- the article's discussion tag (``discussion:<id>``: likes, edits and
  deletions of the comments shown);
- the reader's own version, which every write about the reader moves on
  (their comments posted, edited, deleted or moderated, their likes, bans,
  their account and reader rows, signing in and out, their groups and
  permissions): the receivers below;
- one version for everyone's permissions (a group's permissions changed);
- the editions (a second edition changes every address in the fragment).

What time alone changes (the end of an edit window, a discussion closing, a
ban running out, the session expiring) bounds the entry's lifetime, within
``GAZETTE_PERSONAL_CACHE_SECONDS``. Anything unusual goes the full way
through Django: a ``messages`` cookie, a response setting a cookie (a new
CSRF cookie, a session deleted or saved), a reader who must still confirm
their address, any status but 200.

``PersonalFragmentCache`` is the WSGI side (``gazette/wsgi.py`` wraps the
application in it): a hit costs two cache round trips and no middleware,
session, database or template. A reader without a session cookie gets the
view's ``204`` from a small per-process memo, without the cache at all.

With the local-memory cache (the default without ``REDIS_URL``) every
process would keep its own entries and miss the others' bumps, so the cache
is off unless ``GAZETTE_PERSONAL_CACHE_SECONDS`` turns it on.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http.cookie import parse_cookie

from gazette.core.cache import GENERATION_KEY, TAG_PREFIX
from gazette.core.editions import CACHE_KEY as EDITIONS_KEY

from . import personal_versions
from .personal_versions import Versions

log = logging.getLogger("gazette.personal")

ENTRY_PREFIX = "gazette:personal:entry:"
READER_PREFIX = "gazette:personal:reader:"
STANDING_PREFIX = "gazette:personal:standing:"
ALL_KEY = "gazette:personal:all"
# Where the view leaves, in the WSGI environ, what the wrapper needs to store
# its answer: (dependencies, lifetime in seconds).
NOTE = "gazette.personal_cache"
# Set by the view when the answer hangs on something no version follows (a
# page's view restriction, which reads the session): never kept.
UNKEPT = "gazette.personal_cache.unkept"
HEADER = "X-Gazette-Personal"
# The fragment's address, with or without an edition prefix (/es/me/).
PATH = re.compile(r"/(?:[a-z]{2,3}(?:-[a-z0-9]{1,8})?/)?me/")
GZIP = re.compile(r"\bgzip\b")
# Lifetime of an entry when nothing shortens it; of a reader's version key
# (an entry whose version key is gone never validates again, so version keys
# may expire: they are recreated on the next render).
DEFAULT_SECONDS = 60
VERSION_SECONDS = 24 * 3600
# Per-process memo of the anonymous answers: (host, path, gzip) -> answer.
MAX_ANONYMOUS = 64
# Per-process copies of the readers' kept answers (key -> expiry, versions,
# answer): a repeat then costs one cache round trip (the versions), not two.
MAX_LOCAL = 4096
# How long before a kept answer ends one request draws the next (draws_next).
REFRESH_SECONDS = 5
REFRESH_PREFIX = "gazette:personal:refresh:"
LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

Answer = tuple[str, list[tuple[str, str]], bytes]


def lifetime() -> int:
    """Return how long an answer may be kept (0: the cache is off).

    ``GAZETTE_PERSONAL_CACHE_SECONDS`` when set; otherwise 60 seconds with a
    shared cache (Redis, Memcached) and off with a per-process one, whose
    entries other processes' changes would not retire.
    """
    return _settings()[0]


# Read once per process (every request asks): lifetime, the cookie names.
_read: tuple[int, str, str, str] | None = None


def _settings() -> tuple[int, str, str, str]:
    global _read
    if _read is None:
        value = getattr(settings, "GAZETTE_PERSONAL_CACHE_SECONDS", None)
        if value is None:
            backend = settings.CACHES.get("default", {}).get("BACKEND", "")
            seconds = 0 if backend in LOCAL_BACKENDS else DEFAULT_SECONDS
        else:
            seconds = max(0, int(value))
        _read = (
            seconds,
            getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
            settings.SESSION_COOKIE_NAME,
            settings.CSRF_COOKIE_NAME,
        )
    return _read


def _forget_settings(**kwargs) -> None:
    """Read the settings (and the key derived from SECRET_KEY) again: tests
    change them."""
    global _read, _hash_key
    _read = _hash_key = None
    personal_versions.forget()


# --- Versions ------------------------------------------------------------------


def reader_key(user_id: int) -> str:
    return f"{READER_PREFIX}{user_id}"


def _now_version() -> int:
    return time.time_ns()


def bump_readers(user_ids: Iterable[int]) -> None:
    """Retire every stored answer (and standing) of these readers.

    Now and again once the transaction commits, like the page cache: a
    render between the two that read the uncommitted state's neighbour is
    retired by the second.
    """
    keys = [reader_key(pk) for pk in user_ids if pk is not None]
    if not keys:
        return

    def bump() -> None:
        version = _now_version()
        cache.set_many(dict.fromkeys(keys, version), VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)


def bump_everyone() -> None:
    """Retire every reader's stored answers (permissions of a group changed)."""

    def bump() -> None:
        cache.set(ALL_KEY, _now_version(), VERSION_SECONDS)

    bump()
    transaction.on_commit(bump)


def read_versions(user_id: int, article_id: int | None) -> tuple[dict[str, Any], Any]:
    """Return the versions an answer for this reader depends on, and their standing.

    One cache round trip; a version never seen (or expired) is created. The
    standing (``personal.Standing``) is returned as stored, or None: the
    caller checks that it was stored under the same versions.
    """
    keys = [GENERATION_KEY, ALL_KEY, reader_key(user_id), EDITIONS_KEY]
    if article_id is not None:
        keys.append(f"{TAG_PREFIX}discussion:{article_id}")
    standing_key = f"{STANDING_PREFIX}{user_id}"
    found = cache.get_many([*keys, standing_key])
    versions: dict[str, Any] = {}
    for key in keys:
        value = found.get(key)
        if value is None:
            if key == EDITIONS_KEY:
                # Kept by core.editions; gone, it is simply not depended on.
                continue
            value = _now_version()
            timeout = (
                None
                if key.startswith(TAG_PREFIX) or key == GENERATION_KEY
                else VERSION_SECONDS
            )
            cache.add(key, value, timeout)
            value = cache.get(key, value)
        versions[key] = value
    return versions, found.get(standing_key)


def standing_versions(versions: dict[str, Any], user_id: int) -> tuple:
    """Return the versions a reader's standing depends on: theirs, everyone's
    and the content generation (a new display name moves only that one on:
    accounts.services.set_display_name)."""
    return (
        versions.get(reader_key(user_id)),
        versions.get(ALL_KEY),
        versions.get(GENERATION_KEY),
    )


def store_standing(user_id: int, versions: dict[str, Any], standing: Any) -> None:
    cache.set(
        f"{STANDING_PREFIX}{user_id}",
        (standing_versions(versions, user_id), standing),
        VERSION_SECONDS,
    )


def note(request, versions: dict[str, Any] | None, seconds: float) -> None:
    """Let the WSGI wrapper keep this answer for ``seconds``, under ``versions``.

    ``versions`` None stands for the anonymous answer (no session cookie),
    which depends on nothing.
    """
    request.META[NOTE] = (versions, seconds)


# --- Keys ----------------------------------------------------------------------

_hash_key: bytes | None = None


def _secret() -> bytes:
    global _hash_key
    if _hash_key is None:
        _hash_key = hashlib.blake2b(
            f"gazette.personal_cache|{settings.SECRET_KEY}".encode(), digest_size=32
        ).digest()
    return _hash_key


def entry_key(environ: dict) -> tuple[str, bool] | None:
    """Return the cache key of this request's answer and whether it is anonymous.

    None when the request must take the full path: not a GET of the
    fragment, or a ``messages`` cookie (a message to show once).
    """
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    path = environ.get("PATH_INFO", "")
    if not PATH.fullmatch(path):
        return None
    _, message_name, session_name, csrf_name = _settings()
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if message_name in cookies:
        return None
    # Everything the answer's headers and links may follow: HTTPS (HSTS),
    # the host, where the site is mounted, the edition, compression.
    where = (
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("SCRIPT_NAME", ""),
        path,
        "gzip" if GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")) else "",
    )
    if session_name not in cookies:
        # The view's 204 for a reader without a session, whatever they ask.
        return "|".join(where), True
    parts = (
        *where,
        cookies[session_name],
        cookies.get(csrf_name, ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_HX_REQUEST", ""),
    )
    digest = hashlib.blake2b(
        "\x00".join(parts).encode("utf-8", "surrogateescape"),
        key=_secret(),
        digest_size=20,
    ).hexdigest()
    return ENTRY_PREFIX + digest, False


# --- The WSGI side ---------------------------------------------------------------


class PersonalFragmentCache:
    """WSGI middleware: answer ``/me/`` from the cache when nothing changed.

    Anything else, and every miss, goes to the wrapped application unchanged.
    A cache that fails (Redis restarting) only sends requests the full way.
    """

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.anonymous: dict[str, tuple[float, Answer]] = {}
        self.local: dict[str, tuple[float, Versions, Answer]] = {}
        # Keys whose next answer this process has asked for (draws_next).
        self.refreshing: dict[str, float] = {}
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        found = entry_key(environ)
        if found is None or not lifetime():
            return self.app(environ, start_response)
        key, anonymous = found
        answer = self.recall(key, anonymous)
        if answer is not None:
            status, headers, body = answer
            start_response(status, [*headers, (HEADER, "hit")])
            return [body]
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, list(headers)]
            return start_response(status, [*headers, (HEADER, "miss")], exc_info)

        result = self.app(environ, capture)
        noted = environ.get(NOTE)
        if (
            noted is None
            or not captured
            or not self.storable(captured, anonymous, environ)
        ):
            return result
        versions, ttl = noted
        if (versions is None) != anonymous or ttl < 1:
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        self.keep(key, anonymous, versions, (captured[0], captured[1], body), ttl)
        return [body]

    @staticmethod
    def storable(captured: list, anonymous: bool, environ: dict) -> bool:
        """Return whether the answer may be kept: a 200 (a 204 without a
        session), setting no cookie but the CSRF cookie the request sent.

        Django sends the CSRF cookie again whenever a page uses the token, to
        renew its expiry; the kept answer does the same. Any other cookie (a
        new CSRF secret, a session saved or deleted, a message) is a change
        of state that must go the full way every time.
        """
        status, headers = captured
        code = "204" if anonymous else "200"
        if not status.startswith(code + " "):
            return False
        sent = parse_cookie(environ.get("HTTP_COOKIE", "")).get(
            settings.CSRF_COOKIE_NAME
        )
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            for morsel in SimpleCookie(value).values():
                if morsel.key != settings.CSRF_COOKIE_NAME or morsel.value != sent:
                    return False
        return True

    def recall(self, key: str, anonymous: bool) -> Answer | None:
        if anonymous:
            memo = self.anonymous.get(key)
            if memo is not None and memo[0] > time.monotonic():
                return memo[1]
            return None
        try:
            copy = self.local.get(key)
            if copy is not None:
                expires, held, answer = copy
                now = time.time()
                if expires > now and held.hold():
                    return None if self.draws_next(key, expires - now) else answer
                # Stale here; another process may have kept a newer answer.
                self.local.pop(key, None)
            entry = cache.get(key)
            if entry is None:
                return None
            versions, answer = entry[0], entry[1]
            if cache.get_many(list(versions)) != versions:
                return None
            if len(entry) > 2:
                # Its expiry (wall clock, shared by every process) bounds the copy.
                self.remember(key, entry[2], versions, answer)
                if self.draws_next(key, entry[2] - time.time()):
                    return None
            return answer
        except Exception:  # the cache is unreachable: take the full path
            log.warning("personal fragment cache unavailable", exc_info=True)
            return None

    def draws_next(self, key: str, left: float) -> bool:
        """Return whether this request should draw the answer afresh, though
        the kept one still holds for ``left`` seconds.

        Every process's copy of an answer ends at the same moment (the
        entry's expiry), so without this every request in flight then would
        draw it at once, and readers queue behind them. In the last
        ``REFRESH_SECONDS`` one request, elected once per process and then
        across processes through the cache, draws the next answer while the
        others keep being served the copy.
        """
        if left >= REFRESH_SECONDS:
            return False
        now = time.monotonic()
        with self.lock:
            if self.refreshing.get(key, 0.0) > now:
                return False
            if len(self.refreshing) >= MAX_LOCAL:
                self.refreshing.clear()
            self.refreshing[key] = now + REFRESH_SECONDS
        return bool(cache.add(REFRESH_PREFIX + key, 1, REFRESH_SECONDS))

    def remember(
        self, key: str, expires: float, versions: dict[str, Any], answer: Answer
    ) -> None:
        held = Versions(versions)
        with self.lock:
            if len(self.local) >= MAX_LOCAL:
                self.local.clear()
            self.local[key] = (expires, held, answer)

    def keep(
        self,
        key: str,
        anonymous: bool,
        versions: dict[str, Any] | None,
        answer: Answer,
        ttl: float,
    ) -> None:
        if anonymous:
            with self.lock:
                if len(self.anonymous) >= MAX_ANONYMOUS:
                    self.anonymous.clear()
                self.anonymous[key] = (time.monotonic() + ttl, answer)
            return
        expires = time.time() + int(ttl)
        try:
            cache.set(key, (versions, answer, expires), int(ttl))
        except Exception:
            log.warning("personal fragment cache unavailable", exc_info=True)
            return
        if versions is not None:
            self.remember(key, expires, versions, answer)


# --- What moves a reader's version on ----------------------------------------------
# Connected here, imported by personal.py and gazette/wsgi.py (the line for
# the discussion app's ready() is in docs/caching.md).


def _bump_author(sender, instance, **kwargs) -> None:
    bump_readers([instance.author_id])


def _bump_user_field(sender, instance, **kwargs) -> None:
    bump_readers([instance.user_id])


def _bump_user(sender, instance, **kwargs) -> None:
    bump_readers([instance.pk])


def _bump_signed(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        bump_readers([user.pk])


def _bump_memberships(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, get_user_model()):
        bump_readers([instance.pk])
    elif pk_set:
        bump_readers(pk_set)
    else:  # a group's members cleared: whoever they were
        bump_everyone()


def _bump_everyone(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):
        bump_everyone()


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    from gazette.accounts.models import Reader

    from .models import Ban, Comment, CommentLike

    user = get_user_model()
    uid = "gazette.personal_cache."
    for model, receiver in (
        (Comment, _bump_author),
        (CommentLike, _bump_user_field),
        (Ban, _bump_user_field),
        (Reader, _bump_user_field),
        (user, _bump_user),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                weak=False,
                dispatch_uid=f"{uid}{signal is post_save}.{model._meta.label}",
            )
    setting_changed.connect(_forget_settings, weak=False, dispatch_uid=uid + "settings")
    user_logged_in.connect(_bump_signed, weak=False, dispatch_uid=uid + "in")
    user_logged_out.connect(_bump_signed, weak=False, dispatch_uid=uid + "out")
    for through in (user.groups.through, user.user_permissions.through):
        m2m_changed.connect(
            _bump_memberships,
            sender=through,
            weak=False,
            dispatch_uid=f"{uid}m2m.{through._meta.label}",
        )
    m2m_changed.connect(
        _bump_everyone,
        sender=Group.permissions.through,
        weak=False,
        dispatch_uid=uid + "group-permissions",
    )
    post_delete.connect(
        _bump_everyone, sender=Group, weak=False, dispatch_uid=uid + "group-deleted"
    )
