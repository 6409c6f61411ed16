"""The default station for the header's Listen Live and the player bar."""

from __future__ import annotations

from typing import Any

from django import template

from gazette.articles import shells
from gazette.core import editions, signals
from gazette.radio import services

register = template.Library()

_UNSET = object()
# The last station answer per edition, under the generation of content it
# was read in (articles.shells: every station edit moves it on), so that a
# render that read the generation with its routing asks no query for it.
_kept: dict[str, tuple[int, Any]] = {}


def _forget(sender: Any, **kwargs: Any) -> None:
    # A change made in this process forgets at once (a database's rolled
    # back generations, as between tests, may be numbered again).
    _kept.clear()


signals.cached_pages_retired.connect(_forget, weak=False)


@register.simple_tag(takes_context=True)
def default_station(context: Any) -> services.StationInfo | None:
    """Return the default station's cached info, looked up once per request."""
    request = context.get("request")
    found = getattr(request, "_gazette_radio_station", _UNSET)
    if found is _UNSET:
        found = _station(shells.request_generation(request))
        if request is not None:
            request._gazette_radio_station = found
    return found  # type: ignore[return-value]


def _station(generation: int | None) -> services.StationInfo | None:
    if generation is None:
        return services.default_station_info()
    language = editions.active_edition()
    kept = _kept.get(language)
    if kept is not None and kept[0] == generation:
        return kept[1]
    found = services.default_station_info(language)
    _kept[language] = (generation, found)
    return found
