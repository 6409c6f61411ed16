"""The redirect readers follow: ``GET /s/<code>`` (or ``/<code>`` on the short host)."""

import contextlib
from collections.abc import Iterator
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import translation

from gazette.core import editions

from . import codes, services

# Short links are addresses, not content: search engines should index the
# article they lead to, never the link.
ROBOTS = "noindex, nofollow"
# GAZETTE_LINK_COUNTING=app: shared caches (nginx's micro-cache) never keep a
# redirect, so that every visit reaches the app and is counted; the reader's
# own browser may reuse it for a few minutes.
REDIRECT_CACHE_CONTROL = "private, max-age=300"
# GAZETTE_LINK_COUNTING=log: nginx keeps a redirect (deploy/nginx/gazette.conf,
# location /s/) for as long as X-Accel-Expires says, and is told when it
# changes (services.refresh_shared_cache); every visit is counted from its
# access log. Browsers ask again each time, so each visit reaches nginx's log.
LOGGED_REDIRECT_CACHE_CONTROL = "public, max-age=0"


def follow(request: HttpRequest, code: str, *, absolute_base: str = "") -> HttpResponse:
    """Answer a short code: 301 to where it leads, 404 unknown, 410 gone."""
    resolution = services.resolve(code)
    if resolution.status == 301:
        location = resolution.location
        if location.startswith("/") and absolute_base:
            location = urljoin(absolute_base, location)
        response: HttpResponse = HttpResponsePermanentRedirect(location)
        if settings.GAZETTE_LINK_COUNTING == "log":
            response["Cache-Control"] = LOGGED_REDIRECT_CACHE_CONTROL
            response["X-Accel-Expires"] = str(
                services.shared_cache_seconds(codes.normalize_code(code) or "")
            )
        else:
            response["Cache-Control"] = REDIRECT_CACHE_CONTROL
        if resolution.link_id is not None and settings.GAZETTE_LINK_COUNTING != "log":
            services.record_visit(
                resolution.link_id,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                method=request.method or "",
            )
    elif resolution.status == 410:
        with in_edition_of(request, resolution.locale_id):
            response = render(request, "links/link_gone.html", status=410)
    else:
        response = render(request, "links/link_unknown.html", status=404)
    response["X-Robots-Tag"] = ROBOTS
    return response


@contextlib.contextmanager
def in_edition_of(request: HttpRequest, locale_id: int | None) -> Iterator[None]:
    """Speak the edition of Locale ``locale_id`` for the length of the block.

    Short links carry no edition in their address; the page a gone link led
    to had one, and its reader is sent to that edition's front, not the
    default edition's.
    """
    current = editions.state()
    code = current.code_of(locale_id)
    before = getattr(request, "edition", None)
    if not current.prefixed or code is None or code == before:
        yield
        return
    request.edition = code
    try:
        with translation.override(editions.interface_language(code)):
            yield
    finally:
        request.edition = before


def redirect(request: HttpRequest, code: str) -> HttpResponse:
    """``/s/<code>`` on the site."""
    return follow(request, code)


def short_host(request: HttpRequest, code: str) -> HttpResponse:
    """``/<code>`` on ``GAZETTE_SHORT_HOST``: targets on the site made absolute."""
    return follow(request, code, absolute_base=settings.WAGTAILADMIN_BASE_URL)
