"""Template tags that draw a front page: ``{% front page as front %}``."""

from django import template

from gazette.articles.models import SectionPage
from gazette.core.cache import changes_at

from ..selectors import build_front

register = template.Library()


@register.simple_tag(takes_context=True)
def front(context, page, loaded=()):
    """Return the filled blocks of ``page``'s front (the home page or a section).

    ``loaded``: teasers the page already has (not read twice).
    """
    request = context.get("request")
    source = ("section", page.pk) if isinstance(page, SectionPage) else ("site", None)
    filled = build_front(page, request, source, loaded)
    if request is not None and filled.changes_at is not None:
        changes_at(request, filled.changes_at)
    return filled
