"""The article page's parts drawn once per published version (articles.fragments)."""

from django import template
from django.utils.safestring import SafeString

from .. import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def article_parts(context, page) -> dict[str, SafeString]:
    """Return the article's ``byline`` and ``body`` markup.

    Taken from the stored parts the routing query read, else drawn now (and
    stored when ``page`` is the live version, never in a preview).
    """
    parts = getattr(page, "stored_fragment", None)
    if parts is None:
        parts = fragments.draw(context, page)
        if fragments.may_store(context.get("request"), page):
            fragments.store(page, parts)
    # A body with parts drawn on every render keeps its page out of the
    # stored shells (articles.shells).
    page.body_has_live_parts = any(isinstance(piece, int) for piece in parts["body"])
    return fragments.assemble(context, page, parts)
