"""The default station for the header's Listen Live and the player bar."""

from __future__ import annotations

from django import template

from gazette.radio import services

register = template.Library()


@register.simple_tag
def default_station() -> services.StationInfo | None:
    """Return the default station's cached info (no query once cached)."""
    return services.default_station_info()
