"""The default station for the header's Listen Live and the player bar."""

from __future__ import annotations

from typing import Any

from django import template

from gazette.radio import services

register = template.Library()

_UNSET = object()


@register.simple_tag(takes_context=True)
def default_station(context: Any) -> services.StationInfo | None:
    """Return the default station's cached info, looked up once per request."""
    request = context.get("request")
    found = getattr(request, "_gazette_radio_station", _UNSET)
    if found is _UNSET:
        found = services.default_station_info()
        if request is not None:
            request._gazette_radio_station = found
    return found  # type: ignore[return-value]
