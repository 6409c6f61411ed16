"""The Content-Security-Policy of every response (docs/security.md).

django-csp's middleware writes the header from ``CONTENT_SECURITY_POLICY``;
this subclass adds what only the running site knows:

- the origins a newsroom turned on in its settings (the radio stream, media or
  static files on another host, embeds), each named exactly, never a wildcard;
- the hash of each inline ``<style>`` a reader page rendered (the brand
  colour), so reader pages need neither ``'unsafe-inline'`` nor a nonce;
- the admin's own, looser policy (``GAZETTE_ADMIN_CONTENT_SECURITY_POLICY``)
  under ``/admin/``;
- the Reporting API's ``Reporting-Endpoints`` header naming the report view.

Reader pages are cached whole, by the app and by nginx, and a nonce in a
cached page would be handed to every reader: reader pages therefore use no
nonce at all, only ``'self'`` and hashes, which are the same for everybody.
The admin is never cached, so nonces are safe there.
"""

import base64
import hashlib
from functools import lru_cache
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase

#: The name of the Reporting API endpoint that ``report-to`` names.
REPORT_GROUP = "csp"
ADMIN_PREFIXES = ("/admin/",)


def origin_of(url: str) -> str | None:
    """Return the scheme, host and port of an absolute URL, or None.

    A relative URL (a path on this site) needs no source of its own: 'self'
    covers it.

    >>> origin_of("https://radio.example.org:8443/live.mp3")
    'https://radio.example.org:8443'
    >>> origin_of("/media/") is None
    True
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def style_hash(text: str) -> str:
    """Return the CSP source allowing exactly one inline ``<style>`` body."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@lru_cache(maxsize=16)
def _outside_sources(
    stream_url: str,
    media_url: str,
    static_url: str,
    logo_url: str,
    media_hosts: tuple[str, ...],
    image_hosts: tuple[str, ...],
    frame_hosts: tuple[str, ...],
    connect_hosts: tuple[str, ...],
) -> dict[str, list[str]]:
    def origins(*urls: str) -> list[str]:
        return sorted({o for url in urls if (o := origin_of(url))})

    files = origins(media_url, static_url)
    update = {
        "media-src": origins(stream_url, media_url, *media_hosts),
        "img-src": origins(logo_url, *image_hosts, *files),
        "frame-src": origins(*frame_hosts),
        "connect-src": origins(*connect_hosts),
        "script-src": origins(static_url),
        "style-src": origins(static_url),
        "font-src": origins(static_url),
    }
    return {directive: hosts for directive, hosts in update.items() if hosts}


def outside_sources() -> dict[str, list[str]]:
    """Return the outside origins the settings turn on, by directive.

    Read at each response (cached per distinct setting values), so a setting
    changed in a test or by a reload applies at once.
    """
    return _outside_sources(
        settings.GAZETTE_RADIO_STREAM_URL,
        settings.MEDIA_URL,
        settings.STATIC_URL,
        settings.GAZETTE_PUBLISHER_LOGO_URL,
        tuple(settings.GAZETTE_CSP_MEDIA_HOSTS),
        tuple(settings.GAZETTE_CSP_IMAGE_HOSTS),
        tuple(settings.GAZETTE_CSP_FRAME_HOSTS),
        tuple(settings.GAZETTE_CSP_CONNECT_HOSTS),
    )


# Where a request keeps the hashes of the inline styles its response carries.
_STYLE_HASHES = "_gazette_csp_style_hashes"


def allow_inline_style(request: HttpRequest, text: str) -> None:
    """Let this response carry the inline ``<style>`` whose body is ``text``."""
    allow_style_hashes(request, [style_hash(text)])


def allow_style_hashes(request: HttpRequest, sources: list[str]) -> None:
    """Let this response carry the inline styles of these hash sources (a
    stored page served again allows what its first render wrote)."""
    hashes = getattr(request, _STYLE_HASHES, None)
    if hashes is None:
        hashes = []
        setattr(request, _STYLE_HASHES, hashes)
    hashes.extend(source for source in sources if source not in hashes)


def styles_allowed(request: HttpRequest) -> list[str]:
    """Return the hash sources of the inline styles this response carries."""
    return list(getattr(request, _STYLE_HASHES, []))


def is_admin(request: HttpRequest) -> bool:
    """Return whether the request is for Wagtail's admin."""
    return request.path_info.startswith(ADMIN_PREFIXES)


class GazetteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the settings' origins, hashes and admin policy.

    Sits inside the page cache in ``MIDDLEWARE``: a cached page keeps the very
    header it was rendered with, hashes included.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin(request):
            directives = settings.GAZETTE_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.config = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
            parts.config.update(directives)
        update: dict[str, list[str]] = {
            directive: list(hosts) for directive, hosts in outside_sources().items()
        }
        hashes = styles_allowed(request)
        if hashes and not is_admin(request):
            update.setdefault("style-src", []).extend(hashes)
        for directive, sources in (parts.update or {}).items():
            update.setdefault(directive, []).extend(
                sources if isinstance(sources, list | tuple) else [sources]
            )
        # 'none' must stand alone: a directive that allows nothing by default
        # and gains origins from the settings lists those origins instead.
        base = parts.config or settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        replace = dict(parts.replace or {})
        for directive in list(update):
            if list(base.get(directive) or []) == ["'none'"]:
                replace.setdefault(directive, update.pop(directive))
        parts.update = update
        parts.replace = replace or None
        if is_admin(request):
            return parts
        # A nonce in a cached reader page would be everybody's: reader pages
        # never use one (the reader policy names none; this makes sure).
        parts.nonce = None
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        report_url = settings.GAZETTE_CSP_REPORT_URL
        if report_url and "Content-Security-Policy" in response:
            # The Reporting API wants an absolute (and, to send, https) URL.
            try:
                absolute = request.build_absolute_uri(report_url)
            except DisallowedHost:
                return response
            response.headers.setdefault(
                "Reporting-Endpoints", f'{REPORT_GROUP}="{absolute}"'
            )
        return response
