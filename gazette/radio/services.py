"""Radio: every write (stations, the default, the demo station) and the newscast.

The page header asks :func:`default_station_info` on every page; it is cached
by content generation, so it costs no query once warm, and any station edit
retires it with the cached pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils import timezone

from gazette.articles.models import ArticlePage
from gazette.core.cache import get_generation
from gazette.core.services import retire_cached_pages

from . import newscast, schedule
from .bulletin import Headline, fingerprint
from .models import ScheduleEntry, Station, StationKind

_CACHE_SECONDS = 300


@dataclass(frozen=True)
class StationInfo:
    """What the header and the player bar need, as plain cacheable data."""

    name: str
    slug: str
    url: str
    listen_url: str
    is_hls: bool
    slots: tuple[schedule.Slot, ...]

    def on_now(self, now: datetime.datetime | None = None) -> schedule.Slot | None:
        return schedule.on_now(self.slots, now or timezone.now())


_STATION_FIELDS = ("pk", "name", "slug", "kind", "stream_url")
_SLOT_FIELDS = ("title", "days", "start", "end", "description", "pk")


def _default_station_from_db() -> StationInfo | None:
    """Return the default station and its programmes in one query."""
    rows = Station.objects.order_by(
        "-is_default", "name", "pk", "schedule__sort_order", "schedule__pk"
    ).values_list(*_STATION_FIELDS, *(f"schedule__{field}" for field in _SLOT_FIELDS))
    found: Station | None = None
    slots: list[schedule.Slot] = []
    for row in rows:
        station = Station(**dict(zip(_STATION_FIELDS, row[:5], strict=True)))
        if found is None:
            found = station
        elif station.pk != found.pk:
            break  # the next station: the first one is complete
        title, days, start, end, description, key = row[5:]
        if key is not None:
            slots.append(schedule.Slot(title, days, start, end, description, key))
    if found is None:
        return None
    return StationInfo(
        name=found.name,
        slug=found.slug,
        url=found.get_absolute_url(),
        listen_url=found.listen_url,
        is_hls=found.is_hls,
        slots=tuple(slots),
    )


def default_station_info() -> StationInfo | None:
    """Return the default station (or the first one), cached until content changes.

    No query once cached; one query (with its programmes) when not.
    """
    key = f"gazette:radio:default:{get_generation()}"
    cached = cache.get(key)
    if cached is None:
        # False, not None, caches "there is no station" too.
        cached = _default_station_from_db() or False
        cache.set(key, cached, _CACHE_SECONDS)
    return cached or None


def station_changed() -> None:
    """Retire cached pages and the cached default station after an edit."""
    retire_cached_pages()


@transaction.atomic
def save_station(station: Station) -> Station:
    """Save ``station`` (and its schedule); a new default unsets the old one."""
    station.full_clean()
    if station.is_default:
        Station.objects.filter(is_default=True).exclude(pk=station.pk).update(
            is_default=False
        )
    station.save()
    station_changed()
    return station


@transaction.atomic
def create_station(
    *,
    name: str,
    slug: str,
    description: str = "",
    kind: str = StationKind.NEWSCAST,
    stream_url: str = "",
    is_default: bool = False,
    image=None,
    programmes: Iterable[dict] = (),
) -> Station:
    """Create a station with its programmes ({title, days, start, end, description})."""
    station = Station(
        name=name,
        slug=slug,
        description=description,
        kind=kind,
        stream_url=stream_url,
        is_default=is_default,
        image=image,
    )
    for number, data in enumerate(programmes):
        entry = ScheduleEntry(sort_order=number, **data)
        entry.full_clean(exclude=["station"])
        station.schedule.add(entry)
    return save_station(station)


DEMO_SLUG = "gazette-radio"


def load_demo_station(image=None) -> tuple[Station, bool]:
    """Return the demo newscast station, creating it on the first call."""
    existing = Station.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing, False
    hour = datetime.time
    station = create_station(
        name="Gazette Radio",
        slug=DEMO_SLUG,
        description=(
            "The newsroom's own station: the latest headlines, read around the "
            "clock and refreshed as stories are published."
        ),
        is_default=not Station.objects.filter(is_default=True).exists(),
        image=image,
        programmes=[
            {
                "title": "The Night Bulletin",
                "days": "daily",
                "start": hour(0),
                "end": hour(6),
                "description": "Headlines through the night.",
            },
            {
                "title": "Morning Briefing",
                "days": "weekdays",
                "start": hour(6),
                "end": hour(10),
                "description": "The day's first news, every half hour.",
            },
            {
                "title": "Weekend Headlines",
                "days": "weekend",
                "start": hour(6),
                "end": hour(10),
                "description": "A slower read of the week.",
            },
            {
                "title": "Newsroom Live",
                "days": "daily",
                "start": hour(10),
                "end": hour(18),
                "description": "Headlines as they are published.",
            },
            {
                "title": "Evening News",
                "days": "daily",
                "start": hour(18),
                "end": hour(0),
                "description": "The day's stories, read again.",
            },
        ],
    )
    return station, True


# The newscast -------------------------------------------------------------


def latest_headlines(limit: int | None = None) -> list[Headline]:
    """Return the latest published, public articles as the bulletin reads them."""
    limit = limit or settings.GAZETTE_RADIO_BULLETIN_ITEMS
    rows = (
        ArticlePage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")
        .values_list("pk", "title", "lede", "last_published_at")[:limit]
    )
    return [Headline(pk, title, lede, published) for pk, title, lede, published in rows]


def newscast_station_name(slug: str = "") -> str:
    """Return the name the newscast announces: the given, default or first
    newscast station's, else the site's."""
    stations = Station.objects.filter(kind=StationKind.NEWSCAST)
    if slug:
        stations = stations.filter(slug=slug)
    station = stations.order_by("-is_default", "name").first()
    if station is None and slug:
        raise Station.DoesNotExist(f"There is no newscast station {slug!r}.")
    return station.name if station else settings.WAGTAIL_SITE_NAME + " radio"


def compose_newscast(slug: str = "") -> newscast.Newscast:
    """Return the bulletin of the latest headlines, as MP3."""
    return newscast.compose(
        newscast_station_name(slug),
        latest_headlines(),
        bitrate=settings.GAZETTE_RADIO_BITRATE,
    )


def newscast_loader(slug: str = "", *, close_connections: bool = True):
    """Return a broadcaster loader: a new bulletin when the headlines changed.

    The loader runs in the broadcaster's worker threads, minutes apart: it
    closes its database connection each time (``close_connections``), rather
    than keep one the server may have dropped meanwhile.
    """

    def load(current: str | None) -> tuple[str, bytes] | None:
        try:
            name = newscast_station_name(slug)
            headlines = latest_headlines()
            key = fingerprint(name, headlines)
            if key == current:
                return None
            cast = newscast.compose(
                name, headlines, bitrate=settings.GAZETTE_RADIO_BITRATE
            )
            return key, cast.mp3
        finally:
            if close_connections:
                connections.close_all()

    return load


# The newsroom's roles ---------------------------------------------------------

NEWSROOM_PERMISSIONS = {
    "Editors": [
        f"{action}_{model}"
        for model in ("station", "scheduleentry")
        for action in ("add", "change", "delete", "view")
    ],
}


def grant_newsroom_permissions() -> None:
    """Let the newsroom's Editors manage stations and their schedules."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in NEWSROOM_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="radio", codename__in=codenames
                )
            )
