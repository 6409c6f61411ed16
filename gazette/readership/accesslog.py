"""Reading nginx's article reads log (``log_format gazette_reads``).

One line per answer of the reader pages' location, as deploy/nginx/gazette.conf
writes it::

    1763928000.123 200 GET "4127" "Mozilla/5.0 (X11; Linux x86_64) ..."

``$msec $status $request_method "$sent_http_x_gazette_article"
"$http_user_agent"``: the time, the answer, the method, the article the page
showed (the app's ``X-Gazette-Article`` header as nginx sent it, so a page
nginx answered from its micro-cache names its article too) and the user
agent. No address, no path, no cookie. A page that is not an article logs
``"-"``.

A read is the app's own rule (``ReadCountingMiddleware``): a ``GET``
answered ``200`` naming an article, from a user agent that is not a robot.
Pure: the lines are read by :class:`gazette.links.accesslog.LogFormat`.
"""

from __future__ import annotations

from gazette.links.accesslog import LogFormat, MalformedLine, line_pattern

# Article ids are database keys: at most 18 digits (a signed 64-bit integer).
MAX_DIGITS = 18


class ArticleReadLog(LogFormat):
    """``log_format gazette_reads``: a read is a 200 GET naming an article."""

    name = "gazette_reads"
    line_re = line_pattern(r'[^"]*')
    status = "200"

    def key(self, value: str) -> int | None:
        """Return the article's id, or None for a page that is not an article."""
        if value in ("-", ""):
            return None
        if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS):
            raise MalformedLine(value[:200])
        return int(value)


ARTICLE_READS_LOG = ArticleReadLog()
