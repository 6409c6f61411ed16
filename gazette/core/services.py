"""Site-wide side effects."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from wagtail.models import Site

from .cache import bump_generation, bump_tags
from .signals import cached_pages_retired

# Wagtail's Site keeps a host and a port, and derives the scheme from the port
# (Site.root_url): 443 is https, every other port is http.
DEFAULT_PORTS = {"http": 80, "https": 443}


class SiteUrlError(ValueError):
    """An address the default site cannot be given."""


def retire_cached_pages(*, changed: Iterable[str] | None = None) -> None:
    """Retire every cached page, once the current transaction has committed.

    ``changed``: the content tags of what changed (``core.changes``), when
    the caller knows them; the stores that know what their pages show (the
    article shells) then retire only the pages showing one of them. None:
    anything may have changed.
    """
    # Bumping after commit means no reader can re-cache the old content between
    # the bump and the commit.
    bump_generation()
    transaction.on_commit(bump_generation)
    tags = None if changed is None else frozenset(changed)
    cached_pages_retired.send(sender=None, changed=tags)


def retire_tagged_pages(*tags: str) -> None:
    """Retire the cached pages that declared any of ``tags`` (see core.cache)."""
    bump_tags(tags)
    transaction.on_commit(lambda: bump_tags(tags))


def site_address(url: str) -> tuple[str, int]:
    """Return the host name and port of the public address ``url``.

    Raise ``SiteUrlError`` for an address Wagtail's ``Site`` cannot stand for.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SiteUrlError(
            f"{url!r} is not a web address: give one like https://news.example.org"
        )
    if ":" in parts.hostname:
        raise SiteUrlError(f"{url!r}: give the site a host name, not an IPv6 address.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SiteUrlError(
            f"{url!r}: Gazette is served at the root of its host; "
            "give the address without a path."
        )
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise SiteUrlError(f"{url!r}: the port is not a number.") from None
    if parts.scheme == "https" and port != 443:
        raise SiteUrlError(
            f"{url!r}: Wagtail only links to https on port 443; "
            "serve the site there (nginx can listen on 443 for it)."
        )
    if parts.scheme == "http" and port == 443:
        raise SiteUrlError(f"{url!r}: port 443 is https; write https://.")
    return parts.hostname, port


def set_site_url(url: str) -> Site:
    """Make the default site answer on ``url`` and link to itself there.

    Canonical links, sitemaps, short link redirects and the API's ``url``
    fields are built from the default site's host and port; until they are
    the public address, every one of them points elsewhere. Saving the site
    retires the cached pages that carry the old address.
    """
    hostname, port = site_address(url)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) == (hostname, port):
        return site
    site.hostname, site.port = hostname, port
    try:
        with transaction.atomic():
            site.save(update_fields=["hostname", "port"])
    except IntegrityError:
        raise SiteUrlError(
            f"Another site already answers on {hostname}:{port}; "
            "change or delete it in the admin (Settings > Sites) first."
        ) from None
    return site
