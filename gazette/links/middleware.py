"""Serve ``GAZETTE_SHORT_HOST`` (a separate short domain) with nothing but codes.

Installed first in MIDDLEWARE by the settings when a short host is set, so a
request to the short domain is answered before sessions, CSRF or the page
cache are even looked at; every other host passes straight through.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import views


class ShortHostMiddleware:
    """Answer every request to the short host with :func:`views.short_host`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.host = settings.GAZETTE_SHORT_HOST.lower()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.host or request.get_host().lower() != self.host:
            return self.get_response(request)
        return views.short_host(request, request.path_info[1:])
