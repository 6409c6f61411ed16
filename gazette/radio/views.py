"""The station pages readers see, and what is on now for the player bar."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from gazette.core import editions

from . import schedule
from .models import Station


def _station(slug: str) -> Station:
    """Return the station ``slug`` of the edition being read (404 if none)."""
    return get_object_or_404(
        Station.objects.for_display().in_edition(editions.active_edition()),
        slug=slug,
    )


def station_list(request: HttpRequest) -> HttpResponse:
    """List the stations of the edition being read."""
    stations = list(Station.objects.for_display().in_edition(editions.active_edition()))
    now = timezone.now()
    listing = [(station, schedule.on_now(station.slots(), now)) for station in stations]
    return render(request, "radio/station_list.html", {"stations": listing})


def station_detail(request: HttpRequest, slug: str) -> HttpResponse:
    station = _station(slug)
    slots = station.slots()
    now = timezone.now()
    context = {
        "station": station,
        "on_now": schedule.on_now(slots, now),
        "up_next": schedule.up_next(slots, now),
        # Day names in the reader's language (Django's own catalogue).
        "week": [
            dataclasses.replace(day, name=str(WEEKDAYS[number]))
            for number, day in enumerate(schedule.week(slots))
        ],
        "today": now.weekday(),
    }
    return render(request, "radio/station_detail.html", context)


def station_now(request: HttpRequest, slug: str) -> JsonResponse:
    """Return what the station plays now and next, for the player bar."""
    station = _station(slug)
    slots = station.slots()
    now = timezone.now()
    on_now, up_next = schedule.on_now(slots, now), schedule.up_next(slots, now)
    response = JsonResponse(
        {
            "station": station.name,
            "url": station.get_absolute_url(),
            "stream_url": station.listen_url,
            "on_now": _slot(on_now),
            "up_next": _slot(up_next),
        }
    )
    # What is on changes with the clock, not only with the content.
    patch_cache_control(response, public=True, max_age=60)
    return response


def _slot(slot: schedule.Slot | None) -> dict | None:
    if slot is None:
        return None
    # Translators: a programme's hours, e.g. "06:00–07:00 GMT".
    return {"title": slot.title, "times": _("%(times)s GMT") % {"times": slot.times()}}
