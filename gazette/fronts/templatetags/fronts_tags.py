"""Template tags that draw a front page: ``{% front page as front %}``."""

from django import template

from gazette.articles.models import SectionPage

from ..selectors import build_front

register = template.Library()


@register.simple_tag(takes_context=True)
def front(context, page):
    """Return the filled blocks of ``page``'s front (the home page or a section)."""
    request = context.get("request")
    source = ("section", page.pk) if isinstance(page, SectionPage) else ("site", None)
    return build_front(page, request, source)
