"""What an editor is told after publishing an article: where, short link, story.

Wagtail says "Page 'X' has been updated." after "Approve and publish" and
"has been published." after "Publish"; neither says where the article went.
``after_edit_page`` and ``after_create_page`` hooks call ``tell_what_happened``,
which replaces that message with one that does, when the article was published
by this request.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import PageLogEntry

from gazette.articles.models import ArticlePage
from gazette.links.services import primary_link, short_url

# A publication this recent, by this user, of the live revision, was this request's.
JUST_NOW = datetime.timedelta(seconds=60)


def published_just_now(request, page) -> bool:
    """Return whether ``request``'s user published ``page``'s live revision just now."""
    if not page.live or page.live_revision_id is None:
        return False
    entry = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return bool(
        entry
        and entry.user_id == request.user.pk
        and entry.revision_id == page.live_revision_id
        and entry.timestamp >= timezone.now() - JUST_NOW
    )


def publication_message(request, article: ArticlePage) -> str:
    """Return what to tell the editor: where ``article`` went, short link, story."""
    article.refresh_from_db(fields=["story", "url_path"])
    parts = [
        _("“%(title)s” is published at %(url)s.")
        % {"title": article.title, "url": article.get_full_url(request)}
    ]
    link = primary_link(article)
    if link is not None:
        parts.append(
            _("Short link: %(short)s.") % {"short": short_url(link.code, request)}
        )
    story = article.story
    if story is None:
        parts.append(_("It will be placed in a running story in a moment."))
    elif story.article_count <= 1:
        parts.append(_("It starts the story “%(story)s”.") % {"story": story.title})
    else:
        parts.append(
            ngettext(
                "It joined the story “%(story)s” (%(count)d article).",
                "It joined the story “%(story)s” (%(count)d articles).",
                story.article_count,
            )
            % {"story": story.title, "count": story.article_count}
        )
    return " ".join(parts)


def tell_what_happened(request, page) -> None:
    """Replace Wagtail's success message with what publishing the article did."""
    page = page.specific
    if not isinstance(page, ArticlePage) or not published_just_now(request, page):
        return
    storage = messages.get_messages(request)
    title = page.get_admin_display_title()
    # Wagtail's message names the page, escaped when it carries buttons.
    names = (f"'{title}'", escape(f"'{title}'"))
    # Reading the storage takes the queued messages out; the others go back.
    kept = [
        message
        for message in storage
        if not (
            message.level == messages.SUCCESS
            and any(name in str(message.message) for name in names)
        )
    ]
    for message in kept:
        messages.add_message(
            request, message.level, message.message, extra_tags=message.extra_tags
        )
    messages.success(request, publication_message(request, page))
