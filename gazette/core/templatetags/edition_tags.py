"""Editions on the page: the language switcher, an article's "Read in" list.

    {% load edition_tags %}
    {% edition_links as editions %}      {# every edition, this one marked #}
    {% read_in page as versions %}       {# the page's other live versions #}
    {% edition_home_url %}               {# this edition's front page #}

Both lists are empty on a one-edition site, and cost no query there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from gazette.core import editions

from .gazette_tags import html_lang

register = template.Library()


@dataclass(frozen=True)
class EditionLink:
    """A link to one edition: the language's own name, its tag and direction."""

    code: str
    name: str
    tag: str
    url: str
    current: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if editions.is_rtl(self.code) else "ltr"


def edition_link(code: str, url: str, current: bool = False) -> EditionLink:
    return EditionLink(
        code=code,
        name=editions.language_name(code),
        tag=html_lang(editions.interface_language(code)),
        url=url,
        current=current,
    )


def home_url(code: str) -> str:
    """Return edition ``code``'s front page address ("/es/")."""
    with translation.override(editions.interface_language(code)):
        return reverse("wagtail_serve", args=("",))


def same_view_url(request: Any, code: str) -> str | None:
    """Return this view's address in edition ``code``, for a list page only.

    A list (stories, authors, search with its words) exists in every
    edition; one story or author may not, so its switcher link is the
    edition's front page.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.args or match.kwargs or not match.view_name:
        return None
    if match.url_name == "wagtail_serve":
        return None
    try:
        with translation.override(editions.interface_language(code)):
            url = reverse(match.view_name)
    except NoReverseMatch:
        return None
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def edition_links(context) -> list[EditionLink]:
    """Return a link to every edition, to this page's translation where there is one."""
    if not editions.has_editions():
        return []
    request = context.get("request")
    page = context.get("page")
    here = editions.active_edition()
    links = []
    for code in editions.edition_codes():
        url = None
        if page is not None and hasattr(page, "translation_key"):
            url = editions.translation_url(page, code, request)
        elif request is not None:
            url = same_view_url(request, code)
        links.append(edition_link(code, url or home_url(code), current=code == here))
    return links


@register.simple_tag(takes_context=True)
def read_in(context, page) -> list[EditionLink]:
    """Return the page's other live versions, in the editions' order."""
    if page is None or not editions.has_editions():
        return []
    request = context.get("request")
    own = editions.page_language(page)
    return [
        edition_link(editions.page_language(version), version.get_url(request))
        for version in editions.live_versions(page)
        if editions.page_language(version) != own
    ]


@register.simple_tag
def edition_home_url() -> str:
    """Return the front page of the edition being shown."""
    return home_url(editions.active_edition())
