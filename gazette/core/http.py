"""Facts about the request that several apps need, read the same way everywhere;
and the one way every app answers a request refused for its rate."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

# Where a refusal for the rate is noted on the request, for the middleware.
RATE_LIMITED_ATTRIBUTE = "gazette_rate_limited"


def client_ip(request: HttpRequest) -> str | None:
    """Return the reader's address, from the proxy's header when one is trusted."""
    header = settings.GAZETTE_CLIENT_IP_HEADER
    value = request.META.get(header) if header else None
    value = value or request.META.get("REMOTE_ADDR")
    return value.split(",")[0].strip() if value else None


class RateLimited(Exception):
    """A request refused because too many came before it.

    ``retry_after`` is the number of whole seconds until the window that is
    full ends (at least 1): what the ``Retry-After`` header says.
    """

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, math.ceil(retry_after))


def mark_rate_limited(request: HttpRequest | None, refusal: RateLimited) -> None:
    """Note on ``request`` that it was refused for its rate.

    Views that are not Gazette's (Wagtail's and Django's admin sign-in) render
    the refusal as a form error with status 200; RateLimitMiddleware turns such
    an answer into a 429 with ``Retry-After``.
    """
    if request is not None:
        setattr(request, RATE_LIMITED_ATTRIBUTE, refusal)


def rate_limited(request: HttpRequest | None) -> RateLimited | None:
    """Return the refusal noted on ``request``, if any."""
    return getattr(request, RATE_LIMITED_ATTRIBUTE, None)


def too_many_requests(response: HttpResponse, refusal: RateLimited) -> HttpResponse:
    """Make ``response`` a 429 that says when to try again; return it."""
    response.status_code = 429
    response.reason_phrase = "Too Many Requests"
    response["Retry-After"] = str(refusal.retry_after)
    # A refusal is about this client, now: no cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


class RateLimitMiddleware:
    """Answer 429 with ``Retry-After`` for any request refused for its rate.

    Last in MIDDLEWARE, so it sees the view's own answer: a form page shown
    again with the refusal (status 200) becomes a 429; other statuses (a
    redirect, a 403) are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refusal = rate_limited(request)
        if refusal is not None and response.status_code in (200, 429):
            too_many_requests(response, refusal)
        return response


def window_ends_in(started_at: float | None, window_seconds: int) -> float:
    """Return the seconds left of a window that started at ``started_at``."""
    if started_at is None:
        return float(window_seconds)
    return max(1.0, started_at + window_seconds - time.time())


def count_request(key: str, *, limit: int, window_seconds: int, message: str) -> None:
    """Count one request against ``key``'s budget; raise RateLimited beyond it.

    A fixed window on Django's cache (Redis in production, shared by every app
    server) that starts at the first request: enough to bound floods. A
    ``limit`` of 0 or less turns the count off.
    """
    if limit <= 0:
        return
    key = f"gazette:rate:{key}"
    cache.add(f"{key}:since", time.time(), window_seconds)
    cache.add(key, 0, window_seconds)
    try:
        count = int(cache.incr(key))
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window_seconds)
        cache.set(f"{key}:since", time.time(), window_seconds)
        count = 1
    if count > limit:
        since = cache.get(f"{key}:since")
        raise RateLimited(
            message,
            retry_after=window_ends_in(
                since if isinstance(since, float) else None, window_seconds
            ),
        )
