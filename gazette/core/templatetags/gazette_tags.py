"""Template helpers shared by every app's templates."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext

register = template.Library()

CLOCK_FORMAT = "H:i \\G\\M\\T d F Y"
CLOCK_TIME = "H:i \\G\\M\\T"
CLOCK_DATE = "d F Y"


@register.filter
def gmt(value, fmt: str = CLOCK_FORMAT) -> str:
    """Format a datetime in GMT as the header does: ``06:49 GMT 28 January 2021``."""
    if not value:
        return ""
    return date_format(value.astimezone(datetime.UTC), fmt)


@register.filter
def isoformat(value) -> str:
    """Return the datetime as ISO 8601 in UTC, for ``<time datetime>``."""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""


@register.filter
def ago(value, now: datetime.datetime | None = None) -> str:
    """Say how long ago ``value`` was, briefly: "3 hours ago", else "6 Dec 2026".

    Teasers print this with the full GMT time in the ``title``; pages are cached
    for seconds (GAZETTE_PAGE_CACHE_SECONDS), not long enough to go stale.
    """
    if not value:
        return ""
    now = now or timezone.now()
    seconds = (now - value).total_seconds()
    if seconds < 60:
        return gettext("Just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return ngettext("%d minute ago", "%d minutes ago", minutes) % minutes
    hours = minutes // 60
    if hours < 24:
        return ngettext("%d hour ago", "%d hours ago", hours) % hours
    days = hours // 24
    if days < 7:
        return ngettext("%d day ago", "%d days ago", days) % days
    return date_format(value.astimezone(datetime.UTC), "j M Y")


@register.simple_tag(takes_context=True)
def teaser_url(context, page) -> str:
    """Return the page's URL as ``{% pageurl %}`` does, inside ``only`` includes too.

    A component included with ``only`` loses the ``request`` variable but its
    context keeps ``context.request``; with it Wagtail reads the site's root
    paths once per request instead of once per teaser.
    """
    request = getattr(context, "request", None) or context.get("request")
    return page.get_url(request=request)
