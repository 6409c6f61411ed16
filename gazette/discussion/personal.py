"""The reader's own part of a page: the personal fragment at ``/me/``.

Reader pages (articles, stories, sections, the home page, search) are the same
bytes for every reader, so that the app's page cache and nginx serve them to
signed-in readers too (docs/caching.md). Whatever belongs to one reader comes
from here, fetched by htmx once the page is shown and never cached: the
account menu, the outcome of their last post, the comment form or why they
may not post, their comments awaiting a decision, and on each comment the page
shows their like button, reply form, edit and delete links or report link,
and a moderator's "Remove". Each piece is an element with ``hx-swap-oob``
replacing the placeholder of the same id in the page, so one answer fills
them all and the page needs no script of its own.

The discussion app owns it because nearly all of it is the discussion's; the
account menu it draws needs only ``accounts`` (which the discussion imports
already).
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from gazette.accounts.services import get_reader
from gazette.articles.models import ArticlePage, SectionPage
from gazette.core.cache import get_generation

from . import personal_cache, selectors, services
from .admin_views import PERMISSION as MODERATE_PERMISSION
from .models import Comment, CommentLike, CommentStatus

# The most comments one request asks about: a page of top comments and their
# replies is far fewer; anything longer is cut, never refused.
MAX_COMMENTS = 200
ARTICLE_PARAM = "article"
COMMENTS_PARAM = "c"
# "only=comments": a page of comments loaded by "Load more" asks for its
# controls alone, leaving the form (and whatever the reader typed) untouched.
ONLY_PARAM = "only"
# The reader's comments awaiting a decision, or refused, listed above the rest.
PENDING = (CommentStatus.HELD, CommentStatus.REJECTED)
MAX_PENDING = 10


def query_for(article_id: int, comment_ids: list[int], *, only: str = "") -> str:
    """Return the query string a page's loader sends to the fragment."""
    parts = [f"{ARTICLE_PARAM}={article_id}"]
    if comment_ids:
        parts.append(f"{COMMENTS_PARAM}={'.'.join(map(str, comment_ids))}")
    if only:
        parts.append(f"{ONLY_PARAM}={only}")
    return "&".join(parts)


def shown_ids(comments) -> list[int]:
    """Return the ids of ``comments`` and their replies, as a page shows them."""
    return [c.pk for c in comments] + [
        r.pk for c in comments for r in getattr(c, "visible_replies", [])
    ]


def parse_ids(value: str, limit: int = MAX_COMMENTS) -> list[int]:
    """Return the comment ids of ``c=12.15.16``, ignoring anything that is not one.

    >>> parse_ids("12.15.x.16.99999999999999999999")
    [12, 15, 16]
    """
    ids = []
    for part in value.split(".")[:limit]:
        if re.fullmatch(r"[0-9]{1,18}", part) and int(part) > 0:
            ids.append(int(part))
    return ids


def parse_article(value: str) -> int | None:
    """Return the article id of ``article=42``, or None if it names none."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


@dataclasses.dataclass
class Controls:
    """What one reader may do with one comment shown on the page."""

    comment: Comment
    liked: bool = False
    own: bool = False
    can_reply: bool = False
    can_edit: bool = False
    can_report: bool = False
    can_remove: bool = False


# What the fragment needs of an article, kept in the cache under the content
# generation (which any publish, move or restriction moves on): the fields
# the discussion's state is computed from, and whether a view restriction
# applies, in which case it is checked on every request.
FACT_FIELDS = (
    "id",
    "path",
    "depth",
    "title",
    "url_path",
    "first_published_at",
    "discussion_mode",
    "alias_of",
)


def _article(article_id: int | None, request) -> ArticlePage | None:
    """Return the live article the reader may see, or None.

    From the cache when it can be (no database query); otherwise one query
    for the article and its section's discussion settings, one for its view
    restrictions.
    """
    if article_id is None:
        return None
    key = f"gazette:personal:article:{get_generation()}:{article_id}"
    facts = cache.get(key)
    if facts is None:
        article = _load_article(article_id)
        restrictions = list(article.get_view_restrictions()) if article else []
        facts = (
            {
                "fields": {
                    name: getattr(
                        article, name if name != "alias_of" else "alias_of_id"
                    )
                    for name in FACT_FIELDS
                },
                "section": (
                    article.section_id,
                    article.section_mode,
                    article.section_days,
                ),
                "restricted": bool(restrictions),
            }
            if article is not None
            else {}
        )
        cache.set(key, facts, settings.GAZETTE_PAGE_CACHE_SECONDS or 30)
    if not facts:
        return None
    fields = dict(facts["fields"])
    fields["alias_of_id"] = fields.pop("alias_of")
    # An unsaved instance with the stored fields: its pk is the page pointer.
    article = ArticlePage(page_ptr_id=fields["id"], **fields)
    article.section_id, article.section_mode, article.section_days = facts["section"]
    # A page behind a password or a login shows nothing of its discussion to
    # anyone the page itself would refuse. Whether it accepts this reader
    # hangs on the session's contents (a password given), which no version
    # follows: such an answer is never kept (personal_cache).
    if facts["restricted"]:
        request.META[personal_cache.UNKEPT] = True
        for restriction in article.get_view_restrictions():
            if not restriction.accept_request(request):
                return None
    return article


def _load_article(article_id: int) -> ArticlePage | None:
    # The section is the article's parent: its path less the last step.
    section = SectionPage.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    return (
        ArticlePage.objects.live()
        .filter(pk=article_id)
        .only(*FACT_FIELDS)
        .annotate(
            section_mode=Subquery(section.values("discussion_mode")[:1]),
            section_days=Subquery(section.values("discussion_close_after_days")[:1]),
            section_id=Subquery(section.values("pk")[:1]),
        )
        .first()
    )


def _section_of(article) -> SectionPage | None:
    """Return the section's settings read with the article, as a SectionPage."""
    if article.section_id is None:
        return None
    return SectionPage(
        pk=article.section_id,
        discussion_mode=article.section_mode,
        discussion_close_after_days=article.section_days,
    )


def controls_for(
    comments: list[Comment], user, *, can_post: bool, moderator: bool
) -> list[Controls]:
    """Return the reader's controls on each of ``comments`` (one query: likes)."""
    liked = set(
        CommentLike.objects.filter(
            user=user, comment__in=[c.pk for c in comments]
        ).values_list("comment_id", flat=True)
    )
    now = timezone.now()
    rows = []
    for comment in comments:
        if comment.status != CommentStatus.PUBLISHED:
            continue
        own = comment.author_id == user.pk
        thread = comment.parent if comment.parent_id else None
        rows.append(
            Controls(
                comment=comment,
                liked=comment.pk in liked,
                own=own,
                # A reply to a reply joins the top comment's thread
                # (services.post_comment); a deleted top comment takes no more.
                can_reply=can_post and not (thread is not None and thread.is_deleted),
                can_edit=own and can_post and services.can_edit(comment, user, now),
                can_report=not own,
                can_remove=moderator,
            )
        )
    return rows


@dataclasses.dataclass(frozen=True)
class Standing:
    """What the fragment needs to know of a reader whatever the page: kept
    in the cache under the reader's version (personal_cache)."""

    display_name: str
    admin: bool
    moderator: bool
    block: selectors.PostingBlock | None

    def lasts(self, now) -> bool:
        """Return whether time alone leaves it as it is (no ban ran out)."""
        ban = self.block.ban if self.block is not None else None
        return ban is None or ban.until is None or ban.until > now


def _standing(user, versions: dict | None, stored) -> Standing:
    """Return the reader's standing: from the cache when it still holds, else
    read (the reader, their permissions, any ban) and kept for next time.

    A reader who must still confirm their address is never kept: the
    confirmation (accounts.services.mark_email_confirmed) moves no version on.
    """
    now = timezone.now()
    key = personal_cache.standing_versions(versions, user.pk) if versions else None
    if (
        stored is not None
        and stored[0] == key
        and isinstance(stored[1], Standing)
        and stored[1].lasts(now)
    ):
        return stored[1]
    standing = Standing(
        display_name=get_reader(user).display_name,
        admin=user.has_perm("wagtailadmin.access_admin"),
        moderator=user.has_perm(MODERATE_PERMISSION),
        block=selectors.posting_block_for(user),
    )
    if versions is not None and not (standing.block and standing.block.unconfirmed):
        personal_cache.store_standing(user.pk, versions, standing)
    return standing


@require_GET
def fragment(request):
    """Return the reader's own part of the page, as out-of-band htmx swaps.

    A reader without a session cookie and without a message waiting gets
    ``204 No Content`` at once, without a query: the page already shows them
    all there is ("Sign in"). Always ``Cache-Control: private, no-store``.
    With a shared cache the answer is kept for the reader's next request
    (personal_cache), until anything it was drawn from changes.
    """
    cache_on = personal_cache.lifetime() > 0
    signed_in_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
    if not signed_in_cookie and "messages" not in request.COOKIES:
        if cache_on:
            personal_cache.note(request, None, personal_cache.lifetime())
        return _no_store(HttpResponse(status=204))
    user = request.user
    # A cookie naming no session (forged, expired; SessionMiddleware deletes
    # it): nothing to add to the page but a message left for a reader who
    # just signed out (len() looks without marking them read).
    if not user.is_authenticated and not len(get_messages(request)):
        return _no_store(HttpResponse(status=204))
    article_id = parse_article(request.GET.get(ARTICLE_PARAM, ""))
    versions = standing = None
    if user.is_authenticated:
        # The versions first, then what they guard: a change committed while
        # this renders leaves the kept answer stale at once.
        stored = None
        if cache_on:
            versions, stored = personal_cache.read_versions(user.pk, article_id)
        standing = _standing(user, versions, stored)
    article = _article(article_id, request)
    only_comments = request.GET.get(ONLY_PARAM) == "comments"
    context: dict = {"request": request, "user": user, "article": article}
    if standing is not None and not only_comments:
        context["display_name"] = standing.display_name
        context["admin_edit_url"] = (
            reverse("wagtailadmin_pages:edit", args=[article.pk])
            if article is not None and standing.admin
            else ""
        )
    if article is None and not user.is_authenticated:
        return _no_store(HttpResponse(status=204))
    if article is not None:
        context.update(
            _discussion_context(request, article, user, only_comments, standing)
        )
    context["only_comments"] = only_comments
    html = render_to_string("discussion/personal_fragment.html", context, request)
    if (
        versions is not None
        and standing is not None
        and not request.META.get(personal_cache.UNKEPT)
    ):
        seconds = _keep_for(request, context, standing)
        if seconds >= 1:
            personal_cache.note(request, versions, seconds)
    return _no_store(HttpResponse(html))


def _keep_for(request, context: dict, standing: Standing) -> float:
    """Return how long this answer stays right by itself (0: never keep it).

    Bounded by the cache's lifetime, the session's, the discussion closing,
    a ban running out and the edit window of the reader's comments shown.
    """
    if context.get("messages") or (standing.block and standing.block.unconfirmed):
        return 0
    now = timezone.now()
    ends = []
    state = context.get("state")
    if state is not None and not state.is_closed and state.closes_at is not None:
        ends.append(state.closes_at)
    ban = standing.block.ban if standing.block is not None else None
    if ban is not None and ban.until is not None:
        ends.append(ban.until)
    window = datetime.timedelta(minutes=settings.GAZETTE_DISCUSSION_EDIT_MINUTES)
    ends += [
        row.comment.created_at + window
        for row in context.get("controls", [])
        if row.can_edit
    ]
    seconds = min(
        [
            float(personal_cache.lifetime()),
            float(request.session.get_expiry_age()),
            *((end - now).total_seconds() for end in ends),
        ]
    )
    return max(0.0, seconds)


def _discussion_context(
    request, article, user, only_comments: bool, standing: Standing | None
) -> dict:
    state = services.discussion_state(article, section=_section_of(article))
    context: dict = {"state": state, "can_post": False, "controls": []}
    if not only_comments:
        # The outcome of the reader's last post ("Held for review under rule
        # 3: ..."), shown once, as the discussion showed it before.
        context["messages"] = list(get_messages(request))
    if standing is None:
        return context
    block = None if state.is_closed else standing.block
    can_post = not state.is_closed and block is None
    context.update(
        can_post=can_post,
        posting_block=block,
        max_length=settings.GAZETTE_DISCUSSION_MAX_LENGTH,
    )
    ids = parse_ids(request.GET.get(COMMENTS_PARAM, ""))
    # One query for the comments shown and the reader's own awaiting a
    # decision (a handful on one article).
    wanted = Q(pk__in=ids)
    if not only_comments:
        # At most MAX_PENDING of them, however many a reader had refused.
        pending = (
            Comment.objects.filter(article=article, author=user, status__in=PENDING)
            .order_by("-created_at", "-pk")
            .values("pk")[:MAX_PENDING]
        )
        wanted |= Q(pk__in=Subquery(pending))
    found = (
        list(
            Comment.objects.filter(wanted, article=article)
            .select_related("author__reader", "parent")
            .order_by("-created_at", "-pk")
        )
        if ids or not only_comments
        else []
    )
    shown = set(ids)
    context["own_pending"] = [
        c for c in found if c.author_id == user.pk and c.status in PENDING
    ][:MAX_PENDING]
    comments = [c for c in found if c.pk in shown]
    if comments:
        context["controls"] = controls_for(
            comments,
            user,
            can_post=can_post,
            moderator=standing.moderator,
        )
        # What like_button.html reads, as the like view gives it.
        context["liked"] = {row.comment.pk for row in context["controls"] if row.liked}
    return context


def _no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


# What moves a reader's version on (their comments, likes, bans, account,
# signing in and out, permissions): until the discussion app's ready()
# connects them, importing the fragment does (the URL map, gazette/wsgi.py).
personal_cache.connect()
