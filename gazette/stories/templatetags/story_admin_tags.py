"""Template filters of the stories admin (the threading panel)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def story_link(story) -> SafeString:
    """Return the admin link to ``story`` with its article count.

    A filter, not an include, so that a translated sentence can hold the link
    as one of its variables (``{% blocktranslate with link=story|story_link %}``).
    """
    return mark_safe(  # noqa: S308 -- the template escapes the story's title
        render_to_string("stories/admin/story_link.html", {"story": story}).strip()
    )
