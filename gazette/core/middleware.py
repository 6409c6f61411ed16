"""Whole-page caching for every reader, invalidated by the content generation;
the answers to crafted input and to a database outage."""

import hashlib
import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.template.loader import render_to_string
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views import defaults

from . import editions
from .cache import declared_tags, get_generation, seconds_until_change, tag_versions

# Short-link redirects ("/s/") are never stored here (they must reach the app
# to be counted), so they skip the cache lookup too; nor is the personal
# fragment ("/me/"), which is nobody else's.
SKIPPED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/accounts/",
    "/s/",
    "/me/",
)


class EditionMiddleware:
    """Speak the edition an address names; send old addresses to the default one.

    The language of a request comes from its address alone: ``/es/...`` is
    the Spanish edition, an address without an edition the default edition
    (never a cookie or Accept-Language, so one cached page serves everyone).
    A one-edition site speaks ``LANGUAGE_CODE`` as it always did.

    When prefixes are on, an old unprefixed reader address (``/world/``,
    bookmarked or linked before the second edition arrived) that nothing
    else answers gets a permanent redirect to the default edition's
    (``/en/world/``), query string kept. Addresses that stay unprefixed
    (``/api/``, ``/s/``, sitemaps...) resolve as they are and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = editions.pin()
        try:
            current = editions.state()
            code = editions.edition_of_path(request.path_info)
            if current.prefixed:
                request.edition = code or current.default
                language = editions.interface_language(request.edition)
            else:
                request.edition = current.default
                language = settings.LANGUAGE_CODE
            with translation.override(language):
                request.LANGUAGE_CODE = translation.get_language()
                response = self.get_response(request)
                if (
                    current.prefixed
                    and code is None
                    and response.status_code == 404
                    and request.method in ("GET", "HEAD")
                ):
                    response = self.old_address(request, current) or response
            return response
        finally:
            editions.unpin(token)

    @staticmethod
    def old_address(request, current):
        """Return a 301 to the default edition for an unprefixed reader address."""
        path = request.path_info
        try:
            resolve(path)
        except Resolver404:
            pass
        else:
            # It resolves unprefixed: an address of its own (a short link, a
            # sitemap) that answered 404 for its own reasons.
            return None
        prefixed = f"/{current.default}{path}"
        try:
            resolve(prefixed)
        except Resolver404:
            return None
        full = request.get_full_path()
        target = get_script_prefix().rstrip("/") + prefixed
        if "?" in full:
            target += "?" + full.split("?", 1)[1]
        return HttpResponsePermanentRedirect(target)


class AnonymousPageCacheMiddleware:
    """Serve reader pages from the cache, the same bytes to every reader.

    Reader pages (articles, stories, sections, the home page, search) carry
    nothing personal: the account menu, the comment form and the reader's
    controls come from the personal fragment (``/me/``, fetched by htmx after
    the page). So the cache neither varies on nor bypasses for the session
    cookie: a signed-in reader, an editor, and a client sending a forged or
    stale ``sessionid`` all share one copy.

    What keeps that safe is one rule, checked on every response: a response
    whose rendering read a live session (a signed-in user, a reader in the
    middle of something) is personal. It is marked ``Cache-Control:
    private`` and stored by neither this cache nor nginx's. An empty session
    (no cookie, or a cookie naming no session) is nobody's.
    """

    header = "X-Gazette-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.mark_personal(request, self.get_response(request))
        host, path = request.get_host(), request.get_full_path()
        # htmx asks some URLs for a fragment instead of a page (HX-Request);
        # a boosted navigation (HX-Boosted) gets the same whole page as anyone.
        fragment = (
            ""
            if request.META.get("HTTP_HX_BOOSTED")
            else request.META.get("HTTP_HX_REQUEST", "")
        )
        # Hashed: a request line can be kilobytes long and hold any character;
        # cache keys must stay short and plain (memcached allows 250 bytes).
        # With the editions' addressing (prefixed or not): a page cached before
        # a second edition arrived, or before GAZETTE_EDITION_PREFIXES changed,
        # holds links of the other kind and is never served after.
        addressing = "p" if editions.prefixes_on() else "u"
        digest = hashlib.blake2b(
            f"{host}|{path}|{fragment}|{addressing}".encode(), digest_size=16
        ).hexdigest()
        key = f"gazette:page:{get_generation()}:{digest}"
        cached = cache.get(key)
        # (An entry of an earlier release, a bare response, is simply missed.)
        if isinstance(cached, tuple):
            tags, page = cached
            # A page that declared tags is good while their versions hold.
            if not tags or tag_versions(tags) == tags:
                page[self.header] = "hit"
                return page
        response = self.mark_personal(request, self.get_response(request))
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # The page holds this reader's CSRF token: neither this cache nor
            # nginx's may hand it to anyone else.
            patch_cache_control(response, private=True)
            return response
        if self.is_cacheable_response(response):
            response[self.header] = "miss"
            patch_cache_control(response, public=True, max_age=0)
            if (
                hasattr(response, "render")
                and callable(response.render)
                and not response.is_rendered
            ):
                response.add_post_render_callback(lambda r: self.store(key, r, request))
            else:
                self.store(key, response, request)
        return response

    def store(self, key, response, request) -> None:
        timeout: float = settings.GAZETTE_PAGE_CACHE_SECONDS
        until_change = seconds_until_change(request, timezone.now())
        if until_change is not None:
            if until_change < 1:
                return
            timeout = min(timeout, until_change)
        cache.set(key, (declared_tags(request), response), int(timeout))

    @staticmethod
    def read_a_session(request) -> bool:
        """Return whether rendering the response read a live session.

        A session that was never looked at, or that holds nothing (no
        cookie, a forged or expired one), made nothing on the page personal.
        """
        session = getattr(request, "session", None)
        return bool(
            session is not None
            and getattr(session, "accessed", False)
            and not session.is_empty()
        )

    def mark_personal(self, request, response):
        """Mark a response drawn from a live session ``Cache-Control: private``.

        A page drawn without one but sent with a session cookie naming no
        session (forged, expired) would carry SessionMiddleware's deletion
        of that cookie, which would keep it out of every cache: the page is
        everybody's, so it goes without (the personal fragment, which reads
        the session, deletes the cookie instead).
        """
        if self.read_a_session(request):
            if "no-store" not in response.get("Cache-Control", ""):
                patch_cache_control(response, private=True)
            return response
        name = settings.SESSION_COOKIE_NAME
        if name in response.cookies and not response.cookies[name].value:
            del response.cookies[name]
        return response

    def is_cacheable_request(self, request) -> bool:
        return (
            settings.GAZETTE_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and not editions.strip_prefix(request.path).startswith(SKIPPED_PREFIXES)
        )

    def is_cacheable_response(self, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )


class CompleteFormBodyMiddleware:
    """Refuse a form post whose body is shorter than its Content-Length.

    A client that hangs up half-way through sending a form leaves the app
    server (gunicorn, when nothing reads the body before it) with what
    arrived; Django would parse that and store half a comment. Form bodies
    are small, so reading one whole here costs nothing; uploads (multipart)
    are left to Django's parser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == (
            "application/x-www-form-urlencoded"
        ):
            try:
                expected = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                expected = -1
            if expected < 0 or len(request.body) != expected:
                return HttpResponseBadRequest(
                    "The form arrived incomplete: nothing was saved. Send it again.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)


# The largest key the databases store (SQLite's INTEGER, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


class OutOfRangeIdMiddleware:
    """Answer 404 for an ``<int:...>`` URL part no database key can hold.

    Django's ``int`` converter takes any run of digits; SQLite's driver raises
    ``OverflowError`` on a number past 64 bits instead of finding nothing, so
    ``/discussion/99999999999999999999/comments/`` would be a 500. Such an id
    names nothing, in every app's URLs at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if type(value) is int and not -MAX_ID <= value <= MAX_ID:
                raise Http404("There is nothing with this id.")
        return None


# Seconds a reader (or a client of the API) is asked to wait when the database
# is unreachable: long enough for PostgreSQL to restart or fail over.
OUTAGE_RETRY_AFTER = 30
# The errors Django raises when it cannot reach the database or lost it
# mid-request (a restart, a failover, pg_terminate_backend, a closed port).
OUTAGE_ERRORS = (OperationalError, InterfaceError)

outage_log = logging.getLogger("gazette.outage")


class DatabaseOutageMiddleware:
    """Answer 503 with ``Retry-After``, in the site's design, when the database is down.

    Whatever a view was doing, a lost database is not the reader's fault nor a
    bug of the page: the 503 page (``503.html``) is rendered without a
    request context, so it needs no database. Cached pages are still served
    by ``AnonymousPageCacheMiddleware``, which runs before any view. Django
    closes a connection that raised such an error when the request ends
    (``CONN_HEALTH_CHECKS`` checks a kept one before reuse), so the next
    request connects afresh and the site recovers by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        outage_log.error(
            "Database unreachable, answered 503: %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        return service_unavailable()


def server_error(request) -> HttpResponse:
    """Django's ``handler500``: a 503 when the error in flight is a lost database.

    ``DatabaseOutageMiddleware`` sees what views raise; this catches the rest,
    raised by middleware (a session saved, Wagtail's redirect looked up for a
    404) after a view answered without the database. Any other error gets
    Django's own 500 page (``500.html``).
    """
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return service_unavailable()
    return defaults.server_error(request)


def service_unavailable() -> HttpResponse:
    """Return the 503 page, rendered without a request, context or database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    return response
