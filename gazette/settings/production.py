"""Production settings: the default of the ``gazette`` command.

Refuses to start without GAZETTE_SECRET_KEY; DEBUG is always off. Safe without
reading deploy/env.example: HTTPS only (a redirect from plain HTTP, HSTS for a
year), cookies sent over HTTPS only. Behind a proxy that terminates TLS, say
which header tells Django the request was HTTPS (GAZETTE_PROXY_SSL_HEADER);
where the proxy itself redirects plain HTTP, the app's redirect may be turned
off (GAZETTE_SSL_REDIRECT=0). docs/security.md explains each one.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_int

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "GAZETTE_SECRET_KEY is not set. Production settings need a long random "
        "secret, e.g. export GAZETTE_SECRET_KEY=\"$(python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')\". To try Gazette locally, use "
        "`make demo` (DJANGO_SETTINGS_MODULE=gazette.settings.demo)."
    )


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """Return SECURE_PROXY_SSL_HEADER from ``Header-Name: value``, or None.

    ``X-Forwarded-Proto: https`` becomes ``("HTTP_X_FORWARDED_PROTO",
    "https")``; an empty value (or ``off``) trusts no header.
    """
    value = value.strip()
    if not value or value.lower() == "off":
        return None
    name, colon, expected = value.partition(":")
    if not colon or not name.strip() or not expected.strip():
        raise ImproperlyConfigured(
            f"GAZETTE_PROXY_SSL_HEADER={value!r} is not 'Header-Name: value', "
            "e.g. 'X-Forwarded-Proto: https' (or 'off')."
        )
    meta = "HTTP_" + name.strip().upper().replace("-", "_")
    return meta, expected.strip()


# The header a TLS-terminating proxy sets, and only the proxy: nginx
# (deploy/nginx/gazette.conf) overwrites X-Forwarded-Proto on every request.
# Trusting it without such a proxy would let any client claim HTTPS.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(
    os.environ.get("GAZETTE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
)
# Plain HTTP is redirected to HTTPS. Turn off only where the proxy already
# redirects (deploy/nginx/gazette.conf does) or for a site with no TLS at all.
SECURE_SSL_REDIRECT = env_bool("GAZETTE_SSL_REDIRECT", True)

# Browsers remember for GAZETTE_HSTS_SECONDS (a year by default; 0 turns HSTS
# off) to use HTTPS only. includeSubDomains and preload bind every subdomain,
# and preload is hard to undo: both are opt-ins.
SECURE_HSTS_SECONDS = env_int("GAZETTE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GAZETTE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("GAZETTE_HSTS_PRELOAD", False)

# Session and CSRF cookies over HTTPS only. GAZETTE_SECURE_COOKIES=0 is for a
# site tried out over plain HTTP, never for one readers use.
SESSION_COOKIE_SECURE = env_bool("GAZETTE_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# `gazette check --deploy` is clean; what it would still say is decided here:
# - W019: the admin shows a page's preview in a frame of the site itself, so
#   frames stay SAMEORIGIN (X_FRAME_OPTIONS; CSP frame-ancestors 'self');
# - W005 and W021: includeSubDomains and preload are opt-ins above, since
#   they bind every subdomain of the newsroom, not only this site.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
