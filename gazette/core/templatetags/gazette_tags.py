"""Template helpers shared by every app's templates."""

import datetime

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()

CLOCK_FORMAT = "H:i \\G\\M\\T d F Y"


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
