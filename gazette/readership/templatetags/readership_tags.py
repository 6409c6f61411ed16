"""``{% most_read section as items %}``: the most read articles for a front."""

from django import template
from django.conf import settings

from gazette.readership.services import most_read as _most_read

register = template.Library()


@register.simple_tag
def most_read(section=None, limit=None):
    """Return [(article, reads)] for the site (or a section) over the set window."""
    return _most_read(
        section=section,
        days=settings.GAZETTE_MOST_READ_DAYS,
        limit=limit or settings.GAZETTE_MOST_READ_LIMIT,
    )
