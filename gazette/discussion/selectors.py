"""What the discussion shows: comments for a reader, figures for moderators."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from dataclasses import dataclass, field
from inspect import getsource

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from gazette.accounts.services import reader_can_post
from gazette.articles.models import ArticlePage

from . import services, standards
from .models import (
    Ban,
    Comment,
    CommentLike,
    CommentReport,
    CommentStatus,
    ModerationAction,
)
from .policy import policy_from_settings

ORDERS = {
    "newest": pgettext_lazy("comments' order", "Newest"),
    "oldest": pgettext_lazy("comments' order", "Oldest"),
    "liked": pgettext_lazy("comments' order", "Most liked"),
}


@dataclass(frozen=True)
class PostingBlock:
    """Why a signed-in reader may not post, told before they write anything.

    The questions are services.check_can_post's, asked when the page is drawn
    so that the forms give way to the reason instead of refusing on submit.
    """

    unconfirmed: bool = False
    ban: Ban | None = None

    @property
    def rule(self) -> standards.Rule | None:
        """Return the rule the ban cites, if it cites one."""
        if self.ban is None or not self.ban.rule_code:
            return None
        return standards.rule_by_code(self.ban.rule_code)


def posting_block_for(user) -> PostingBlock | None:
    """Return why a signed-in ``user`` may not post anywhere, or None if they may."""
    if not reader_can_post(user):
        return PostingBlock(unconfirmed=True)
    ban = services.active_ban(user)
    return PostingBlock(ban=ban) if ban is not None else None


def has_reported(comment: Comment, user) -> bool:
    """Return whether ``user`` has already reported ``comment``."""
    if user is None or not user.is_authenticated:
        return False
    return CommentReport.objects.filter(comment=comment, reporter=user).exists()


@dataclass
class DiscussionListing:
    article: ArticlePage
    state: services.DiscussionState
    order: str
    page: int
    comments: list[Comment]
    has_more: bool
    liked: set[int] = field(default_factory=set)
    own_pending: list[Comment] = field(default_factory=list)
    user: object = None
    posting_block: PostingBlock | None = None

    @property
    def can_post(self) -> bool:
        """Return whether the reader gets the comment and reply forms."""
        return (
            getattr(self.user, "is_authenticated", False)
            and not self.state.is_closed
            and self.posting_block is None
        )

    def as_context(self) -> dict:
        return {
            "article": self.article,
            "state": self.state,
            "order": self.order,
            "orders": ORDERS,
            "comments_page": self.page,
            "next_page": self.page + 1,
            "previous_page": self.page - 1,
            "comments": self.comments,
            "has_more": self.has_more,
            "liked": self.liked,
            "own_pending": self.own_pending,
            "user": self.user,
            "can_post": self.can_post,
            "posting_block": self.posting_block,
            "login_url": settings.LOGIN_URL,
            "max_length": settings.GAZETTE_DISCUSSION_MAX_LENGTH,
        }


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def discussion_for(
    article: ArticlePage, *, user=None, order: str = "", page="", section=None
) -> DiscussionListing:
    """Return one page of the article's discussion, replies attached.

    Two queries for everyone (the page of comments, their replies); more for a
    signed-in reader: their likes, their comments awaiting review, and while
    the discussion is open whether they may post (confirmed address, no ban).
    """
    order = order if order in ORDERS else "newest"
    number = _page_number(page)
    size = settings.GAZETTE_DISCUSSION_PAGE_SIZE
    start = (number - 1) * size
    top = list(
        Comment.objects.filter(article=article)
        .visible()
        .top_level()
        .for_listing()
        .ordered(order)[start : start + size + 1]
    )
    has_more = len(top) > size
    top = top[:size]
    replies: dict[int, list[Comment]] = {}
    if top:
        for reply in (
            Comment.objects.visible()
            .filter(parent__in=[c.pk for c in top])
            .for_listing()
            .order_by("created_at", "pk")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    comments = []
    for comment in top:
        comment.visible_replies = replies.get(comment.pk, [])
        # A deleted comment keeps its place only to hold up its replies.
        if comment.status == CommentStatus.DELETED and not comment.visible_replies:
            continue
        comments.append(comment)
    listing = DiscussionListing(
        article=article,
        state=services.discussion_state(article, section=section),
        order=order,
        page=number,
        comments=comments,
        has_more=has_more,
        user=user,
    )
    if user is not None and user.is_authenticated:
        shown = [c.pk for c in comments] + [
            r.pk for c in comments for r in c.visible_replies
        ]
        listing.liked = set(
            CommentLike.objects.filter(user=user, comment__in=shown).values_list(
                "comment_id", flat=True
            )
        )
        listing.own_pending = list(
            Comment.objects.filter(
                article=article,
                author=user,
                status__in=(CommentStatus.HELD, CommentStatus.REJECTED),
            ).order_by("-created_at")[:10]
        )
        if not listing.state.is_closed:
            listing.posting_block = posting_block_for(user)
    return listing


# --- The moderators' figures --------------------------------------------------


@dataclass(frozen=True)
class HeldRate:
    """How many of the comments posted in the last ``days`` the check held or
    rejected by itself: the figure moderators tune the thresholds by."""

    days: int
    total: int
    held: int
    rejected: int

    @staticmethod
    def _percent(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 0.0

    @property
    def held_percent(self) -> float:
        return self._percent(self.held, self.total)

    @property
    def rejected_percent(self) -> float:
        return self._percent(self.rejected, self.total)


def held_rate(*, days: int = 7, now: datetime.datetime | None = None) -> HeldRate:
    """Return the share of comments posted in the last ``days`` held or rejected
    automatically (one query).

    A comment counts once whatever happened to it later: approved or rejected by
    a moderator, it was still held when posted (or after an edit). Holds by
    readers' reports are not the check's and do not count.
    """
    until = now or timezone.now()
    since = until - datetime.timedelta(days=days)
    kinds = ModerationAction.Kind
    window = Comment.objects.filter(created_at__gte=since, created_at__lt=until)
    counts = window.aggregate(
        total=Count("pk", distinct=True),
        held=Count("pk", filter=Q(actions__kind=kinds.AUTO_HOLD), distinct=True),
        rejected=Count("pk", filter=Q(actions__kind=kinds.AUTO_REJECT), distinct=True),
    )
    return HeldRate(days=days, **counts)


@dataclass(frozen=True)
class Threshold:
    """One value of the moderation policy in force, and the setting behind it."""

    name: str
    value: str
    setting: str = ""


@functools.cache
def _settings_read_by_policy() -> frozenset[str]:
    """Return the GAZETTE_MODERATION_* names ``policy.py`` reads, with or without
    a value in the settings module (some have defaults there)."""
    from . import policy

    return frozenset(re.findall(r"GAZETTE_MODERATION_[A-Z0-9_]+", getsource(policy)))


def _shown(value) -> str:
    # A part of the policy that is code (the learned signal's scorer) is shown
    # as in use or not: its repr would print the whole model into the page.
    if callable(value):
        return pgettext("a part of the moderation policy", "on")
    if value is None:
        return pgettext("a part of the moderation policy", "off")
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value}"
    if isinstance(value, tuple | list | set | frozenset):
        items = [str(item) for item in value]
        if not items:
            return pgettext("no values in a list setting", "none")
        if len(items) > 6:
            return _("%(first)s … (%(n)d in all)") % {
                "first": ", ".join(items[:6]),
                "n": len(items),
            }
        return ", ".join(items)
    return str(value)


def policy_in_force() -> list[Threshold]:
    """Return every value of the policy the settings describe, as moderators read it.

    Read generically from the ``Policy`` that ``policy_from_settings`` builds, so
    that a threshold added or renamed there shows here without a change; the
    setting is named when a ``GAZETTE_MODERATION_<NAME>`` setting exists or
    ``policy.py`` reads one. Raise ImproperlyConfigured (from
    ``policy_from_settings``) on a bad setting.
    """
    policy = policy_from_settings()
    read = _settings_read_by_policy()
    rows = []
    for item in dataclasses.fields(policy):
        setting = f"GAZETTE_MODERATION_{item.name.upper()}"
        known = hasattr(settings, setting) or setting in read
        rows.append(
            Threshold(
                name=item.name,
                value=_shown(getattr(policy, item.name)),
                setting=setting if known else "",
            )
        )
    return rows
