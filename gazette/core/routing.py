"""Wagtail's page serving, routed from the edition's home page in fewer queries.

Wagtail's ``serve`` view finds the site (a query), asks
``Locale.get_active()`` for the active language's Locale (a query), the site
root's translation in it (a query, on another edition) and then that page's
own class (a query) before routing; the page's links then read the site
root paths (two queries when they are not in the cache). Here the sites are
read in one query, and the site roots' translations, as their own class, in
one more: that gives the site, the edition's home page (the editions already
know every Locale's id, ``editions.state()``) and the site root paths, which
are left on the request where Wagtail looks for them first. Two queries on
every edition, with or without a cache.

(The newsroom settings could come with the sites, one query fewer; measured,
the join of their six related rows costs more time than the query it saves,
and every page would pay it, whether it shows them or not.)

``serve`` routes the request this way and leaves the rest (the
``before_serve_page`` and ``on_serve_page`` hooks, restrictions, the page's
own ``serve``) to Wagtail's view, which takes the route it finds on the
request (``request._wagtail_route_for_request``, Wagtail's own cache).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
    SiteRootPath,
)

from . import editions

# Where ``route`` leaves the active edition's live home page on the request.
HOME_ATTRIBUTE = "_gazette_home"


def _site_for(sites: list[Any], hostname: str, port: int | None) -> Any:
    """Return the site Wagtail's ``get_site_for_hostname`` picks, or None."""
    ranked = []
    for site in sites:
        if site.hostname == hostname and site.port == port:
            rank = MATCH_HOSTNAME_PORT
        elif site.hostname == hostname and site.is_default_site:
            rank = MATCH_HOSTNAME_DEFAULT
        elif site.is_default_site:
            rank = MATCH_DEFAULT
        elif site.hostname == hostname:
            rank = MATCH_HOSTNAME
        else:
            continue
        ranked.append((rank, site))
    ranked.sort(key=lambda pair: pair[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (
        MATCH_HOSTNAME_PORT,
        MATCH_HOSTNAME_DEFAULT,
    ):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None


def _root_paths(
    sites: list[Any], versions: list[Any], codes: dict[int, str | None]
) -> list[SiteRootPath]:
    """Return ``Site.get_site_root_paths()`` from the sites, their roots'
    translations and the language code of each (by page id)."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    paths = []
    for site in ordered:
        key = site.root_page.translation_key
        paths += [
            SiteRootPath(site.id, version.url_path, site.root_url, codes[version.pk])
            for version in versions
            if version.translation_key == key
        ]
    return paths


def route(request: HttpRequest, path: str) -> Any:
    """Return Wagtail's route result (page, args, kwargs) for ``path``, or None.

    Leaves the site (``request._wagtail_site``) and the site root paths
    (``request._wagtail_cached_site_root_paths``) on the request, as
    Wagtail's own lookups would, and the active edition's live home page
    (``HOME_ATTRIBUTE``), whose masthead fields the page's header shows.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Page.route_for_request(request, path)
    # Wagtail's own per-request caches (attributes it reads first).
    held: Any = request
    sites = list(Site.objects.select_related("root_page"))
    # As Wagtail's Site.find_for_request: the raw host, before ALLOWED_HOSTS.
    hostname = split_domain_port(held._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except ValueError:
        port = None
    site = _site_for(sites, hostname, port)
    held._wagtail_site = site
    if site is None:
        return None
    root = site.root_page
    state = editions.state()
    model = root.specific_class or type(root)
    keys = {other.root_page.translation_key for other in sites}
    versions = list(model.objects.filter(translation_key__in=keys).order_by("path"))
    # Each version's language from the editions' Locale ids (no join).
    codes = {version.pk: state.code_of(version.locale_id) for version in versions}
    found = {version.translation_key for version in versions}
    if found == keys and None not in codes.values():
        # Every site's root is of this class: the paths are complete.
        held._wagtail_cached_site_root_paths = _root_paths(sites, versions, codes)
    code = editions.active_edition()
    home = next(
        (
            version
            for version in versions
            if version.translation_key == root.translation_key
            and codes[version.pk] == code
            and version.live
        ),
        None,
    )
    if home is not None:
        # The edition's own home page, for its masthead (core.masthead).
        setattr(held, HOME_ATTRIBUTE, home)
    else:
        home = next(version for version in versions if version.pk == root.pk)
    components = [component for component in path.split("/") if component]
    try:
        return home.route(request, components)
    except Http404:
        return None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a Wagtail page (Wagtail's ``serve`` view, routed here first)."""
    held: Any = request
    if not hasattr(held, "_wagtail_route_for_request"):
        held._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)


# Wagtail's own URLs, its page-serving pattern (``wagtail_serve``) answered by
# ``serve`` above.
urlpatterns = [
    pattern
    for pattern in wagtail_urls.urlpatterns
    if getattr(pattern, "name", None) != "wagtail_serve"
] + [re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")]
