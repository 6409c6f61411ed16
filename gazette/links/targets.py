"""Where a short link may lead: rules on plain strings, tested without a database.

A short link is never an open redirect. It leads to a page of the site, to a
path on the site, or to an address on a host that editors put on the
allowlist. These checks run when a link is saved and again, on the address
actually sent, before every redirect.
"""

import re
from collections.abc import Collection
from urllib.parse import urlsplit

from django.utils.translation import gettext

# A path on this site: one leading slash, then no backslash (browsers read
# "/\host" as "//host"), whitespace or control characters.
SAFE_PATH_RE = re.compile(r"/(?![/\\])[^\s\\\x00-\x1f\x7f]*", re.ASCII)
HOST_RE = re.compile(
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*",
    re.ASCII,
)


class TargetRefused(ValueError):
    """A target a short link must not lead to; the message says why."""


def normalize_host(host: str) -> str:
    """Return ``host`` lower-cased and in its ASCII (IDNA) form, or raise."""
    host = host.strip().rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetRefused(
            gettext("“%(host)s” is not a host name") % {"host": host}
        ) from None
    if not HOST_RE.fullmatch(host):
        raise TargetRefused(
            gettext("“%(host)s” is not a host name, e.g. news.example.org")
            % {"host": host}
        )
    return host


def check_path(path: str) -> str:
    """Return ``path`` if it is a path on this site, else raise TargetRefused."""
    if not SAFE_PATH_RE.fullmatch(path):
        raise TargetRefused(
            gettext(
                "“%(path)s” is not a path on this site: it must start with a "
                "single / and contain no spaces or backslashes"
            )
            % {"path": path}
        )
    return path


def check_external_url(url: str, allowed_hosts: Collection[str]) -> str:
    """Return ``url`` if it is an http(s) address on an allowed host, else raise."""
    if not url.isascii() or any(c.isspace() or ord(c) < 32 or c == "\\" for c in url):
        raise TargetRefused(
            gettext(
                "addresses may not hold spaces, backslashes or non-ASCII characters"
            )
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not url.startswith(
        f"{parts.scheme}://"
    ):
        raise TargetRefused(
            gettext("“%(url)s” is not an http:// or https:// address") % {"url": url}
        )
    if "@" in parts.netloc:
        raise TargetRefused(
            gettext("addresses with a user name or password are refused")
        )
    host = (parts.hostname or "").rstrip(".")
    if not host or host not in allowed_hosts:
        raise TargetRefused(
            gettext(
                "“%(host)s” is not on the allowlist of hosts short links may "
                "lead to (Short links → Allowed hosts)"
            )
            % {"host": host or url}
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise TargetRefused(
            gettext("“%(url)s” has a malformed port") % {"url": url}
        ) from None
    return url


def is_safe_location(
    location: str, site_hosts: Collection[str], allowed_hosts: Collection[str]
) -> bool:
    """Return whether a redirect to ``location`` stays within what is allowed."""
    if location.startswith("/"):
        return SAFE_PATH_RE.fullmatch(location) is not None
    try:
        check_external_url(location, set(site_hosts) | set(allowed_hosts))
    except TargetRefused:
        return False
    return True
