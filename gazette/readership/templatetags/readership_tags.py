"""``{% most_read section as items %}``: the most read articles for a front."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from gazette.readership.services import most_read as _most_read

register = template.Library()

# A list of counts moves slowly: the query runs at most once a minute a list.
CACHE_SECONDS = 60


@register.simple_tag
def most_read(section=None, limit=None):
    """Return [(article, reads)] for the site (or a section) over the set window."""
    limit = limit or settings.GAZETTE_MOST_READ_LIMIT
    days = settings.GAZETTE_MOST_READ_DAYS
    key = "gazette:most-read:{}:{}:{}:{}".format(
        getattr(section, "pk", "site"), timezone.now().date(), days, limit
    )
    items = cache.get(key)
    if items is None:
        items = _most_read(section=section, days=days, limit=limit)
        cache.set(key, items, CACHE_SECONDS)
    return items
