"""Template helpers shared by every app's templates."""

import datetime
import functools
from collections.abc import Sequence

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext, pgettext

from . import live_tags

register = template.Library()

# Named formats of the ``gmt`` filter, in the active language; any other
# argument is a Django date format used as it is.
CLOCK_FORMAT = "clock"
CLOCK_TIME = "time"
CLOCK_DATE = "date"


def _clock_date(value: datetime.datetime) -> str:
    # Translators: Django date format of the header's date and article dates,
    # e.g. "28 January 2021": d day, F month name, Y year. Letters to print as
    # they are take a backslash. See
    # https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
    return date_format(value, pgettext("clock date format", "d F Y"))


def _clock_time(value: datetime.datetime) -> str:
    # Translators: a time of day on the 24-hour clock, e.g. "06:49 GMT".
    return gettext("%(time)s GMT") % {"time": date_format(value, "H:i")}


@register.filter
def gmt(value, fmt: str = CLOCK_FORMAT) -> str:
    """Format a datetime in GMT as the header does: ``06:49 GMT 28 January 2021``.

    ``time`` gives ``06:49 GMT``, ``date`` gives ``28 January 2021``, both in
    the active language; any other argument is a Django date format.
    """
    if not value:
        return ""
    # Kept per process by time, format and language: a page shows the same
    # few times (its teasers', the header's minute) render after render, and
    # formatting one with a month's name costs a fifth of a millisecond.
    return _gmt(value.astimezone(datetime.UTC), fmt, get_language())


@functools.lru_cache(maxsize=4096)
def _gmt(value: datetime.datetime, fmt: str, language: str | None) -> str:
    if fmt == CLOCK_TIME:
        return _clock_time(value)
    if fmt == CLOCK_DATE:
        return _clock_date(value)
    if fmt == CLOCK_FORMAT:
        # Translators: the header clock and article times: "06:49 GMT" then
        # "28 January 2021".
        return gettext("%(time)s %(date)s") % {
            "time": _clock_time(value),
            "date": _clock_date(value),
        }
    return date_format(value, fmt)


@register.filter
def isoformat(value) -> str:
    """Return the datetime as ISO 8601 in UTC, for ``<time datetime>``."""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""


@register.filter
def ago(value, now: datetime.datetime | None = None) -> str:
    """Say how long ago ``value`` was, briefly: "3 hours ago", else "6 Dec 2026".

    The duration comes from Django's ``timesince`` (and its catalogues, plural
    forms included) in the active language. Teasers print this with the full
    GMT time in the ``title``; pages are cached for seconds
    (GAZETTE_PAGE_CACHE_SECONDS), not long enough to go stale.
    """
    if not value:
        return ""
    if now is None and (mark := live_tags.mark_time(value)) is not None:
        return mark  # a stored page draws it at every render (articles.shells)
    now = now or timezone.now()
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return gettext("Just now")
    if seconds < 7 * 24 * 3600:
        # Translators: %(time)s is a duration such as "3 hours".
        return gettext("%(time)s ago") % {"time": timesince(value, now, depth=1)}
    # Translators: Django date format of an older teaser's date, e.g.
    # "6 Dec 2026": j day, M month's abbreviation, Y year.
    return date_format(
        value.astimezone(datetime.UTC), pgettext("short date format", "j M Y")
    )


@register.simple_tag(takes_context=True)
def teaser_url(context, page) -> str:
    """Return the page's URL as ``{% pageurl %}`` does, inside ``only`` includes too.

    A component included with ``only`` loses the ``request`` variable but its
    context keeps ``context.request``; with it Wagtail reads the site's root
    paths once per request instead of once per teaser.
    """
    request = getattr(context, "request", None) or context.get("request")
    return page.get_url(request=request)


def names_list(names: Sequence[str]) -> str:
    """Join names as a sentence does, in the active language: "A, B and C".

    Each name is used as it is (escape it first when it goes into HTML).
    """
    if len(names) <= 1:
        return "".join(names)
    # Translators: the separator between names of a list but the last two.
    separator = pgettext("list of names", ", ")
    # Translators: the last two names of a list: "Ana, Ben and Cy".
    return gettext("%(first)s and %(last)s") % {
        "first": separator.join(names[:-1]),
        "last": names[-1],
    }


@register.simple_tag
def byline_names(authors) -> SafeString:
    """Return the authors' linked names, with their roles, as one phrase.

    The byline then says ``{% blocktranslate %}By {{ names }}{% endblocktranslate %}``.
    """
    names = []
    for author in authors:
        link = format_html(
            '<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name
        )
        if author.role:
            # Translators: a name in a byline followed by the person's role,
            # e.g. "Ana Ruiz, Health editor"; keep the <span> around the role.
            phrase = pgettext(
                "byline", '%(name)s<span class="article-byline__role">, %(role)s</span>'
            )
            link = mark_safe(  # noqa: S308 (the translation's own HTML, both parts escaped)
                phrase % {"name": link, "role": conditional_escape(author.role)}
            )
        names.append(link)
    return mark_safe(names_list(names))  # noqa: S308 (every name escaped above)


@register.filter
def html_lang(code: str) -> str:
    """Return Django's language code as a BCP 47 tag for ``<html lang>``.

    Django writes codes in lower case ("en-gb", "zh-hans"); the HTML
    convention, which screen readers and validators show, capitalises the
    region and the script: "en-GB", "zh-Hans".
    """
    language, *subtags = code.replace("_", "-").split("-")
    tags = [language.lower()]
    for subtag in subtags:
        if len(subtag) == 2:
            tags.append(subtag.upper())
        elif len(subtag) == 4:
            tags.append(subtag.title())
        else:
            tags.append(subtag.lower())
    return "-".join(tags)
