"""``{% most_read section as items %}``: the most read articles under a front."""

from django import template
from django.conf import settings

from gazette.readership.services import cached_most_read

register = template.Library()


@register.simple_tag(takes_context=True)
def most_read(context, section=None, limit=None):
    """Return [(article, reads)] for the site (or a section) over the set window.

    Nothing when the page's front already shows a "Most read" block (the
    ``front`` the fronts app's ``{% front %}`` tag put in the context): the
    editors placed the list, so it is not drawn twice.
    """
    if getattr(context.get("front"), "shows_most_read", False):
        return []
    return cached_most_read(
        section=section,
        days=settings.GAZETTE_MOST_READ_DAYS,
        limit=limit or settings.GAZETTE_MOST_READ_LIMIT,
    )
