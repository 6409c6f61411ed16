"""The discussion under an article, and comment text rendered safely."""

from __future__ import annotations

from django import template
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from gazette.core.cache import changes_at, depend_on

from .. import personal, selectors, services

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
    """Render the discussion under ``article``, the same for every reader.

    Nothing here reads the reader: their form, standing and controls come
    from the personal fragment, which the section asks for naming the
    comments it shows (``discussion.personal``).
    """
    request = context["request"]
    depend_on(request, services.discussion_tag(article.pk))
    order, page = request.GET.get("order", ""), request.GET.get("comments", "")
    if article.comment_count:
        listing = selectors.discussion_for(
            article, order=order, page=page, section=context.get("section")
        )
    else:
        # No published comment (the count is kept with the article): nothing
        # to list, not even a deleted comment's place, so no query.
        listing = selectors.DiscussionListing(
            article=article,
            state=services.discussion_state(article, section=context.get("section")),
            order=order if order in selectors.ORDERS else "newest",
            page=1,
            comments=[],
            has_more=False,
        )
    if listing.state.closes_at and not listing.state.is_closed:
        # The page says "closed" by itself when the time comes.
        changes_at(request, listing.state.closes_at)
    return {
        **listing.as_context(),
        "request": request,
        "settings": context.get("settings"),
        "personal_query": personal.query_for(
            article.pk, personal.shown_ids(listing.comments)
        ),
    }
