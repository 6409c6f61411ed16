"""How API responses are cached: their ETag and Cache-Control, on plain data.

Pure functions, tested without a database or a request.
"""

import hashlib


def etag(content: bytes) -> str:
    """Return a strong ETag for a response body: the same bytes, the same tag."""
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def cache_control(status: int, max_age: int) -> str:
    """Return the Cache-Control of an API response with HTTP status ``status``.

    Successful reads are public: the in-app page cache, nginx and any shared
    cache between the site and a client may keep them ``max_age`` seconds,
    then revalidate with the ETag. Errors are answers about one request
    (a typo in a parameter, an article not yet published): nobody keeps them.
    """
    if 200 <= status < 300 or status == 304:
        # max-age=0 as the HTML pages say it, not no-cache: nginx's micro-cache
        # (deploy/nginx/gazette.conf) refuses no-cache but may keep these.
        return f"public, max-age={max(max_age, 0)}"
    return "no-store"


def matches(if_none_match: str, tag: str) -> bool:
    """Return whether an If-None-Match header names ``tag`` (weak comparison).

    gzip in front turns ``"abc"`` into ``W/"abc"``; both name the same
    content for a GET, as RFC 9110 asks for If-None-Match.
    """
    wanted = tag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False
