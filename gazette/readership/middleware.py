"""Count article reads on the way out, rendered or served from the page cache."""

from __future__ import annotations

from .services import ARTICLE_HEADER, record_read


class ReadCountingMiddleware:
    """Count a read for every ``GET`` answered 200 with an article page.

    Sits outside the page cache, so cached pages are counted too; the count
    is an addition in memory (``services.record_read``), never a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        article = response.get(ARTICLE_HEADER)
        if (
            article
            and request.method == "GET"
            and response.status_code == 200
            and article.isascii()
            and article.isdigit()
        ):
            record_read(int(article), user_agent=request.headers.get("User-Agent", ""))
        return response
