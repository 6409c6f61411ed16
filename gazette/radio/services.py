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
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from gazette.articles.models import ArticlePage
from gazette.audio import speech
from gazette.core import editions
from gazette.core.cache import get_generation
from gazette.core.services import retire_cached_pages

from . import names, newscast, schedule
from .bulletin import Headline, fingerprint
from .models import ScheduleEntry, Station, StationKind, newscast_url

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


def _default_station_from_db(language: str) -> StationInfo | None:
    """Return the edition's default station and its programmes in one query."""
    rows = (
        Station.objects.filter(locale__language_code=language)
        .order_by("-is_default", "name", "pk", "schedule__sort_order", "schedule__pk")
        .values_list(
            *_STATION_FIELDS, *(f"schedule__{field}" for field in _SLOT_FIELDS)
        )
    )
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
    with translation.override(editions.interface_language(language)):
        url = reverse("radio:station", args=[found.slug])
    listen_url = found.stream_url or newscast_url(language)
    return StationInfo(
        name=found.name,
        slug=found.slug,
        url=url,
        listen_url=listen_url,
        is_hls=listen_url.split("?", 1)[0].endswith(".m3u8"),
        slots=tuple(slots),
    )


def default_station_info(language: str | None = None) -> StationInfo | None:
    """Return the edition's default station (or its first one), cached until
    content changes: what its pages' Listen Live and player bar play.

    ``language`` is the edition's code; the edition being read by default.
    An edition without a station of its own has none (no Listen Live), never
    another edition's. No query once cached; one query (with its
    programmes) when not.
    """
    language = language or editions.active_edition()
    key = f"gazette:radio:default:{language}:{get_generation()}"
    cached = cache.get(key)
    if cached is None:
        # False, not None, caches "there is no station" too.
        cached = _default_station_from_db(language) or False
        cache.set(key, cached, _CACHE_SECONDS)
    return cached or None


def station_changed() -> None:
    """Retire cached pages and the cached default station after an edit."""
    retire_cached_pages()


@transaction.atomic
def save_station(station: Station) -> Station:
    """Save ``station`` (and its schedule); a new default unsets the old one
    of the same edition. A new station without an edition joins the default."""
    if station.locale_id is None:
        station.locale = Locale.get_default()
    station.full_clean()
    if station.is_default:
        Station.objects.filter(is_default=True, locale_id=station.locale_id).exclude(
            pk=station.pk
        ).update(is_default=False)
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
    language: str = "",
) -> Station:
    """Create a station with its programmes ({title, days, start, end, description})
    in edition ``language`` (the default edition's if not given)."""
    station = Station(
        locale=Locale.objects.get(language_code=language)
        if language
        else Locale.get_default(),
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


@transaction.atomic
def translate_station(
    station: Station,
    language: str,
    *,
    name: str = "",
    description: str | None = None,
    programmes: dict[str, tuple[str, str]] | None = None,
    stream_name: str | None = None,
) -> Station:
    """Return ``station`` in edition ``language``, translating it on the first call.

    Wagtail's copy for translation (as the admin's Translate does): the same
    kind, stream and schedule, the station's name and description and the
    programmes' titles and descriptions (``programmes``: English title ->
    (title, description)) in the edition's words. A built-in newscast then
    reads that edition's headlines in its language.
    """
    locale = Locale.objects.get(language_code=language)
    existing = station.get_translation_or_none(locale)
    if existing is not None:
        return existing
    copy = station.copy_for_translation(locale)
    copy.name = name or station.name
    if stream_name is not None:
        copy.stream_name = stream_name
    if description is not None:
        copy.description = description
    for entry in copy.schedule.all():
        if programmes and entry.title in programmes:
            entry.title, entry.description = programmes[entry.title]
    return save_station(copy)


def load_demo_station(image=None) -> tuple[Station, bool]:
    """Return the demo newscast station, creating it on the first call."""
    existing = Station.objects.filter(
        slug=DEMO_SLUG, locale=Locale.get_default()
    ).first()
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


def latest_headlines(
    limit: int | None = None, language: str | None = None
) -> list[Headline]:
    """Return the latest published, public articles of edition ``language``
    (the default edition's if not given) as the bulletin reads them."""
    limit = limit or settings.GAZETTE_RADIO_BULLETIN_ITEMS
    language = language or editions.default_language()
    rows = (
        ArticlePage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", "title", "lede", "last_published_at")[:limit]
    )
    return [Headline(pk, title, lede, published) for pk, title, lede, published in rows]


@dataclass(frozen=True)
class NewscastPlan:
    """One edition's newscast: who it announces, in which language and voice,
    and where it is heard."""

    language: str
    station: str
    voice: str
    mount: str
    slug: str = ""
    # The station's name in the stream's headers: printable ASCII (names.py).
    stream_name: str = ""


def newscast_station_name(slug: str = "", language: str | None = None) -> str:
    """Return the name the newscast announces: the given, default or first
    newscast station's of the edition, else the site's."""
    return _newscast_station(slug, language)[0]


def _newscast_station(slug: str, language: str | None) -> tuple[str, str, str]:
    """Return (name, language, name in stream headers) of the newscast station
    ``slug`` (any edition, the given one first) or of the edition's default
    newscast station."""
    stations = Station.objects.filter(kind=StationKind.NEWSCAST)
    if slug:
        stations = stations.filter(slug=slug)
        if language:
            stations = stations.filter(locale__language_code=language)
        elif stations.filter(locale__language_code=editions.default_language()):
            # A slug shared by translations: the default edition's station.
            stations = stations.filter(
                locale__language_code=editions.default_language()
            )
    else:
        language = language or editions.default_language()
        stations = stations.filter(locale__language_code=language)
    station = (
        stations.select_related("locale").order_by("-is_default", "name", "pk").first()
    )
    if station is None and slug:
        raise Station.DoesNotExist(f"There is no newscast station {slug!r}.")
    if station is None:
        name = settings.WAGTAIL_SITE_NAME + " radio"
        return name, language or "", names.stream_name(name)
    return station.name, station.locale.language_code, station.icy_name


def newscast_plan(slug: str = "", language: str | None = None) -> NewscastPlan:
    """Return what edition ``language``'s newscast (or station ``slug``'s) is.

    Raise ``NewscastError`` when the speech engine has no voice for the
    edition's language: its newscast is not made rather than read by
    another language's voice.
    """
    from .editions import edition_mount

    name, language, stream_name = _newscast_station(slug, language)
    language = language or editions.default_language()
    try:
        voice = speech.voice_for(language)
    except speech.SpeechError as error:
        raise newscast.NewscastError(str(error)) from None
    if voice is None:
        raise newscast.NewscastError(
            f"The speech engine has no voice for {language!r}: "
            "that edition has no newscast (GAZETTE_SPEECH_VOICES, docs/audio.md)."
        )
    mount = edition_mount(
        settings.GAZETTE_RADIO_MOUNT, language, editions.default_language()
    )
    return NewscastPlan(language, name, voice, mount, slug, stream_name)


def newscast_editions() -> list[str]:
    """Return the editions that have a newscast: the default edition always,
    every other one with a built-in newscast station of its own."""
    default = editions.default_language()
    others = set(
        Station.objects.filter(kind=StationKind.NEWSCAST)
        .exclude(locale__language_code=default)
        .values_list("locale__language_code", flat=True)
    )
    return [default, *sorted(others & set(editions.edition_codes()))]


def compose_plan(plan: NewscastPlan) -> newscast.Newscast:
    """Return the bulletin of ``plan``'s edition, in its language and voice."""
    return newscast.compose(
        plan.station,
        latest_headlines(language=plan.language),
        bitrate=settings.GAZETTE_RADIO_BITRATE,
        language=editions.interface_language(plan.language),
        voice=plan.voice,
    )


def compose_newscast(slug: str = "", language: str | None = None) -> newscast.Newscast:
    """Return the bulletin of an edition's latest headlines, as MP3."""
    return compose_plan(newscast_plan(slug, language))


def newscast_loader(
    slug: str = "", *, language: str | None = None, close_connections: bool = True
):
    """Return a broadcaster loader: a new bulletin when the headlines changed.

    The loader runs in the broadcaster's worker threads, minutes apart: it
    closes its database connection each time (``close_connections``), rather
    than keep one the server may have dropped meanwhile.
    """

    def load(current: str | None) -> tuple[str, bytes] | None:
        try:
            plan = newscast_plan(slug, language)
            headlines = latest_headlines(language=plan.language)
            key = fingerprint(plan.station, headlines, voice=plan.voice)
            if key == current:
                return None
            cast = newscast.compose(
                plan.station,
                headlines,
                bitrate=settings.GAZETTE_RADIO_BITRATE,
                language=editions.interface_language(plan.language),
                voice=plan.voice,
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
