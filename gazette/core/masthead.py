"""The masthead: the newsroom's name and tagline as an edition prints them.

The newsroom's settings (Settings > Newsroom) hold one name and tagline per
site; each edition's home page may give its own (``HomePage.masthead_name``,
``masthead_tagline``: "El Correo de Halvard"), and an empty field falls back
to the site's. Everything that names the newsroom to a reader asks here: the
header and footer, ``<title>``, ``og:site_name``, the JSON-LD publisher, the
feeds, the podcasts and the News sitemap (docs/editions.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from . import editions
from .cache import get_generation

# Kept until the next change of content (any page published bumps the
# generation) and at most this long.
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Masthead:
    """An edition's name and tagline."""

    name: str
    tagline: str = ""

    def __str__(self) -> str:
        return self.name


def resolve(own_name: str, own_tagline: str, site: Any) -> Masthead:
    """Return the masthead from an edition's own fields, else the site's."""
    return Masthead(
        name=own_name or getattr(site, "name", "") or "",
        tagline=own_tagline or getattr(site, "tagline", "") or "",
    )


def _read(site_id: int, code: str) -> Masthead:
    """Read edition ``code``'s masthead on site ``site_id``: its home page's
    fields and the newsroom's settings in one query."""
    from django.db.models import Subquery

    from .models import HomePage, NewsroomSettings

    newsroom = NewsroomSettings.objects.filter(site_id=site_id)
    homes = HomePage.objects.live().order_by("path")
    if editions.has_editions():
        homes = homes.filter(locale__language_code=code)
    row = (
        homes.annotate(
            site_name=Subquery(newsroom.values("name")[:1]),
            site_tagline=Subquery(newsroom.values("tagline")[:1]),
        )
        .values_list("masthead_name", "masthead_tagline", "site_name", "site_tagline")
        .first()
    )
    if row is None or row[2] is None:
        # No home page, or no settings saved yet (``for_site`` makes them).
        from wagtail.models import Site

        own_name, own_tagline = (row[0], row[1]) if row is not None else ("", "")
        site = NewsroomSettings.for_site(Site.objects.get(pk=site_id))
        return resolve(own_name, own_tagline, site)
    name, tagline, site_name, site_tagline = row
    return Masthead(name or site_name or "", tagline or site_tagline or "")


def for_site(site: Any, code: str | None = None) -> Masthead:
    """Return edition ``code``'s masthead (default: the active edition's) on
    ``site`` (a Wagtail ``Site``).

    One query per site, edition and content generation (saving the newsroom's
    settings or publishing a page starts a new one), then none.
    """
    code = code or editions.active_edition()
    key = f"gazette:masthead:{get_generation()}:{site.pk}:{code}"
    found = cache.get(key)
    if found is None:
        found = _read(site.pk, code)
        cache.set(key, found, CACHE_SECONDS)
    return found


def for_request(request: Any, code: str | None = None) -> Masthead:
    """Return the masthead of the edition being read (or of ``code``) on the
    request's site, kept on the request.

    On a page Wagtail serves, the routing has read the edition's home page
    already (``core.routing``): its fields and the newsroom's settings, which
    the page's header and footer read anyway, give the masthead with no query
    of its own (before, one query per generation).
    """
    from wagtail.models import Site

    code = code or editions.active_edition()
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.get(is_default_site=True)
    if request is None:
        return for_site(site, code)
    kept = getattr(request, "_gazette_mastheads", None)
    if kept is None:
        kept = request._gazette_mastheads = {}
    if code not in kept:
        kept[code] = _from_routing(request, site, code) or for_site(site, code)
    return kept[code]


def _from_routing(request: Any, site: Any, code: str) -> Masthead | None:
    """Return the masthead from the home page the routing read for this
    request (``core.routing``) and the newsroom's settings the page reads
    anyway (Wagtail keeps them on the request), without a query of its own;
    None when the routing left no home page of edition ``code``."""
    from .models import HomePage, NewsroomSettings
    from .routing import HOME_ATTRIBUTE

    home = getattr(request, HOME_ATTRIBUTE, None)
    if not isinstance(home, HomePage) or not home.live:
        return None
    if editions.has_editions() and editions.page_language(home) != code:
        return None
    if getattr(request, "_wagtail_site", None) != site:
        return None
    newsroom = NewsroomSettings.for_request(request)
    return resolve(home.masthead_name, home.masthead_tagline, newsroom)
