"""Whole-page caching for anonymous readers, invalidated by the content generation."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .cache import declared_tags, get_generation, seconds_until_change, tag_versions

# Short-link redirects ("/s/") are never stored here (they must reach the app
# to be counted), so they skip the cache lookup too.
SKIPPED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/accounts/",
    "/s/",
)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET requests from the cache; everyone else gets a fresh page.

    A reader with a session cookie (logged in, or in the middle of something)
    is never served from or stored in the cache, so editors always see fresh
    pages.
    """

    header = "X-Gazette-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
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
        digest = hashlib.blake2b(
            f"{host}|{path}|{fragment}".encode(), digest_size=16
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
        response = self.get_response(request)
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

    def is_cacheable_request(self, request) -> bool:
        return (
            settings.GAZETTE_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(SKIPPED_PREFIXES)
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
