"""The discussion under an article, and comment text rendered safely."""

from __future__ import annotations

from django import template
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from gazette.core.cache import depend_on

from .. import selectors, services

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """Return plain comment text as paragraphs, with web addresses linked.

    ``urlize`` escapes every character that is not part of a web address it
    links; the paragraphs and line breaks are the only other markup.
    """
    paragraphs = [p for p in str(text).split("\n\n") if p.strip()]
    html = []
    for paragraph in paragraphs:
        lines = [
            urlize(line, trim_url_limit=60, nofollow=True, autoescape=True)
            for line in paragraph.split("\n")
        ]
        html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 - built from escaped parts


@register.filter
def editable_by(comment, user) -> bool:
    """Return whether ``user`` may still edit ``comment``."""
    return services.can_edit(comment, user)


@register.inclusion_tag("discussion/includes/discussion.html", takes_context=True)
def article_discussion(context, article):
    """Render the discussion under ``article`` for the reader making the request."""
    request = context["request"]
    depend_on(request, services.discussion_tag(article.pk))
    listing = selectors.discussion_for(
        article,
        user=request.user,
        order=request.GET.get("order", ""),
        page=request.GET.get("comments", ""),
        section=context.get("section"),
    )
    return {
        **listing.as_context(),
        "request": request,
        "settings": context.get("settings"),
        # Inclusion tags start a fresh context: the outcome of the reader's
        # last post ("Held for review under rule 3: ...") comes from here.
        "messages": context.get("messages"),
    }
