"""The newsroom's name and logo for the admin's branding blocks."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from wagtail.models import Site

from gazette.core.models import NewsroomSettings

register = template.Library()


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str = ""


@register.simple_tag(takes_context=True)
def newsroom_brand(context) -> Brand:
    """Return the default site's newsroom name and logo (a small rendition)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Brand(settings.WAGTAIL_SITE_NAME)
    newsroom = NewsroomSettings.for_site(site)
    logo_url = ""
    if newsroom.logo_id:
        try:
            logo_url = newsroom.logo.get_rendition("max-320x160|format-png").url
        except (OSError, ValueError):
            # A logo whose file is missing or broken leaves the name alone.
            logo_url = ""
    return Brand(newsroom.name or settings.WAGTAIL_SITE_NAME, logo_url)
