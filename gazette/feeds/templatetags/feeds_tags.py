"""``{% feed_links %}``: the feeds a page offers, for the ``<head>``."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core import masthead
from gazette.stories.models import Story

register = template.Library()


def page_feed(context) -> tuple[str, str] | None:
    """Return (title, URL) of the feed about what the page shows, if any.

    Reads only what the page has already loaded: never a query.
    """
    page = context.get("page")
    if isinstance(page, SectionPage):
        return page.title, reverse("feeds:section_rss", args=[page.slug])
    story = page.story if isinstance(page, ArticlePage) else context.get("story")
    if isinstance(story, Story):
        return story.title, reverse("feeds:story_rss", args=[story.slug])
    author = context.get("author")
    if page is None and isinstance(author, Author):
        return author.name, reverse("feeds:author_rss", args=[author.slug])
    return None


@register.inclusion_tag("feeds/feed_links.html", takes_context=True)
def feed_links(context):
    request = context.get("request")
    feeds = [(_("Latest articles"), reverse("feeds:rss"))]
    specific = page_feed(context)
    if specific:
        feeds.append(specific)
    # The podcast of article audio (the audio app's feeds), for podcast apps:
    # the edition's own, under its prefix like the page.
    feeds.append((pgettext("podcast feed", "Podcast"), reverse("podcasts:site")))
    page = context.get("page")
    if isinstance(page, SectionPage):
        feeds.append(
            (
                _("%(section)s podcast") % {"section": page.title},
                reverse("podcasts:section", args=[page.slug]),
            )
        )
    if request is not None:
        # The edition's masthead, kept on the request for the header.
        name = masthead.for_request(request).name
        feeds = [
            (
                _("%(newsroom)s: %(feed)s") % {"newsroom": name, "feed": title},
                request.build_absolute_uri(url),
            )
            for title, url in feeds
        ]
    return {"feeds": feeds}
