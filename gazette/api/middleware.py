"""ETag, Cache-Control and conditional GET for every response under /api/."""

from django.conf import settings
from django.http import HttpResponseNotModified

from . import caching

PREFIX = "/api/"


class ApiCacheHeadersMiddleware:
    """Give API responses an ETag and a deliberate Cache-Control; answer 304.

    Listed before ``AnonymousPageCacheMiddleware`` so that it also sees the
    responses that cache serves without reaching the view: a client
    revalidating a cached list gets its 304 either way. It replaces the
    page cache's ``max-age=0`` (meant for HTML pages, which nginx
    micro-caches) with the API's own lifetime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            # HEAD is GET without the body (RFC 9110, 9.3.2): the endpoints are
            # declared for GET only, so they answer it as GET and the body is
            # dropped below, keeping the headers (ETag, length) of the GET.
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        if getattr(response, "streaming", False):
            return response
        status = response.status_code
        response["Cache-Control"] = caching.cache_control(
            status, settings.GAZETTE_API_MAX_AGE
        )
        if not response.has_header("ETag"):
            response["ETag"] = caching.etag(response.content)
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH", "")
        if (
            status == 200
            and request.method in ("GET", "HEAD")
            and if_none_match
            and caching.matches(if_none_match, response["ETag"])
        ):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Cache-Control", "Vary", "X-Gazette-Cache"):
                if response.has_header(header):
                    not_modified[header] = response[header]
            return not_modified
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
