"""Every write of the discussion: posting, editing, liking, reporting, moderating.

Views, the admin queue, commands and signal receivers all come through here, so
that the rules (who may post where, what the standards let through, what the
audit log records) hold whichever door a change comes in by.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from gazette.articles.models import ArticlePage, DiscussionMode, SectionPage
from gazette.core.http import RateLimited
from gazette.core.services import retire_tagged_pages
from gazette.core.templatetags.gazette_tags import gmt

from . import standards, toxicity

# The services of each concern live in their own module; callers keep
# importing them from here.
from .cleaning import clean_text  # noqa: F401
from .counts import (  # noqa: F401
    discussion_tag,
    page_tags,
    reader_tag,
    refresh_comment_count,
    refresh_comment_counts,
)
from .errors import DiscussionError
from .import_services import (  # noqa: F401
    NewImportedComment,
    import_comment,
    import_comments,
)
from .models import (
    Ban,
    Comment,
    CommentLike,
    CommentReport,
    CommentStatus,
    ModerationAction,
)
from .moderation_services import (  # noqa: F401
    ban_reader,
    forget_reader_comments,
    grant_moderator_permissions,
    lift_ban,
    moderate_comment,
    moderate_comments,
)
from .policy import policy_from_settings

Kind = ModerationAction.Kind


def _rule(code: str) -> standards.Rule | None:
    """Return the standards' rule with this code, or None."""
    return standards.rule_by_code(code) if code else None


@dataclass(frozen=True)
class DiscussionState:
    """Whether an article takes comments, and how."""

    mode: str  # one of DiscussionMode
    closes_at: datetime.datetime | None = None

    @property
    def is_closed(self) -> bool:
        return self.mode == DiscussionMode.CLOSED

    @property
    def is_premoderated(self) -> bool:
        return self.mode == DiscussionMode.PREMODERATED


# --- Reading the rules that apply -------------------------------------------


def section_of(article: ArticlePage) -> SectionPage | None:
    """Return the article's section, without a query when routing already knows it."""
    parent = getattr(article, "_cached_parent_obj", None)
    if isinstance(parent, SectionPage):
        return parent
    parent_path = article.path[: -article.steplen]
    return SectionPage.objects.filter(path=parent_path).first()


def discussion_state(
    article: ArticlePage,
    *,
    section: SectionPage | None = None,
    now: datetime.datetime | None = None,
) -> DiscussionState:
    """Return the article's discussion mode, closing it when its time is up."""
    section = section if section is not None else section_of(article)
    mode = article.discussion_mode or (
        section.discussion_mode if section else DiscussionMode.OPEN
    )
    if mode == DiscussionMode.CLOSED:
        return DiscussionState(mode)
    days = settings.GAZETTE_DISCUSSION_CLOSE_AFTER_DAYS
    if section is not None and section.discussion_close_after_days is not None:
        days = section.discussion_close_after_days
    published = article.first_published_at
    if days and published:
        closes_at = published + datetime.timedelta(days=days)
        if (now or timezone.now()) >= closes_at:
            return DiscussionState(DiscussionMode.CLOSED, closes_at)
        return DiscussionState(mode, closes_at)
    return DiscussionState(mode)


def active_ban(user) -> Ban | None:
    return Ban.objects.active().filter(user=user).order_by("-until").first()


def reader_standing(user) -> int:
    """Return the author's published comments minus their rejected ones."""
    counts = dict.fromkeys(CommentStatus.values, 0)
    rows = (
        Comment.objects.filter(author=user).values_list("status").annotate(Count("pk"))
    )
    for status, n in rows:
        counts[status] = n
    return counts[CommentStatus.PUBLISHED] - counts[CommentStatus.REJECTED]


# --- Text -------------------------------------------------------------------

# Bidirectional overrides and isolates can make a comment read differently
# from what it says (and spoof names or links); zero-width characters hide
# words from the standards' word lists.
# --- Rate limits ------------------------------------------------------------


class PostingTooFast(DiscussionError, RateLimited):
    """A post refused for the rate: the views answer 429 with ``Retry-After``."""


def check_rate(user, ip: str | None) -> None:
    """Count one post against the account's and the address's budget per minute.

    A fixed one-minute window on Django's cache (Redis in production, shared by
    every app server) is enough here: it bounds floods, not single posts.
    """
    minute = int(timezone.now().timestamp() // 60)
    budgets = [(f"user:{user.pk}", settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE)]
    if ip:
        budgets.append(
            (f"ip:{ip}", settings.GAZETTE_DISCUSSION_POSTS_PER_MINUTE_PER_IP)
        )
    for who, limit in budgets:
        if not limit:
            continue
        key = f"gazette:rate:{who}:{minute}"
        cache.add(key, 0, 90)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, 90)
            count = 1
        if count > limit:
            raise PostingTooFast(
                ngettext(
                    "You are posting too fast (more than %(limit)d comment a "
                    "minute). Wait a minute and try again.",
                    "You are posting too fast (more than %(limit)d comments a "
                    "minute). Wait a minute and try again.",
                    limit,
                )
                % {"limit": limit},
                retry_after=60 - timezone.now().timestamp() % 60,
            )


# --- Posting ----------------------------------------------------------------


def _score(text: str) -> float:
    return float(toxicity.score(text))


def _reader_can_post(user) -> bool:
    from gazette.accounts.services import reader_can_post

    return bool(reader_can_post(user))


def check_can_post(article: ArticlePage, user, *, state=None) -> DiscussionState:
    """Return the discussion state, or raise DiscussionError saying why not."""
    if user is None or not user.is_authenticated:
        raise DiscussionError(gettext("Sign in to join the discussion."))
    if not article.live:
        raise DiscussionError(gettext("This article is not published."))
    state = state or discussion_state(article)
    if state.is_closed:
        raise DiscussionError(gettext("This discussion is closed."))
    if not _reader_can_post(user):
        raise DiscussionError(
            gettext("Confirm your email address first: follow the link we sent you.")
        )
    ban = active_ban(user)
    if ban is not None:
        raise DiscussionError(_ban_message(ban))
    return state


def _ban_message(ban: Ban) -> str:
    rule = _rule(ban.rule_code)
    values = {
        "until": gmt(ban.until),
        "number": rule.number if rule else "",
        "title": rule.title if rule else "",
    }
    if ban.until and rule:
        message = gettext(
            "You are barred from commenting until %(until)s under rule "
            "%(number)s: %(title)s."
        )
    elif ban.until:
        message = gettext("You are barred from commenting until %(until)s.")
    elif rule:
        message = gettext(
            "You are barred from commenting permanently under rule "
            "%(number)s: %(title)s."
        )
    else:
        message = gettext("You are barred from commenting permanently.")
    return message % values


def _outcome_status(outcome: str) -> str:
    return {
        "publish": CommentStatus.PUBLISHED,
        "hold": CommentStatus.HELD,
        "reject": CommentStatus.REJECTED,
    }[outcome]


_AUTO_KIND = {
    CommentStatus.PUBLISHED: Kind.AUTO_PUBLISH,
    CommentStatus.HELD: Kind.AUTO_HOLD,
    CommentStatus.REJECTED: Kind.AUTO_REJECT,
}


# How reasons name the rules, in the reader's language (``standards.RULES``
# holds them in English, for the pure module and the logs).
_RULE_LABELS = {
    "off-topic": gettext_lazy("off-topic comments"),
    "hate-speech": gettext_lazy("hate speech and slurs"),
    "personal-attacks": gettext_lazy("personal attacks"),
    "threats": gettext_lazy("threats of violence"),
    "spam": gettext_lazy("spam"),
    "personal-data": gettext_lazy("personal information"),
    "off-limits-words": gettext_lazy("off-limits words"),
}


def verdict_reason(verdict: standards.Verdict) -> str:
    """Return the sentence the author is shown for a verdict, translated."""
    rule = verdict.rule
    if verdict.outcome == standards.PUBLISH:
        return ""
    if rule is None:
        if verdict.unchecked_language:
            return gettext(
                "Held for review: comments in this language are not checked "
                "automatically, so a moderator reads each one."
            )
        return verdict.reason
    values = {"number": rule.number, "label": _RULE_LABELS.get(rule.code, rule.label)}
    if verdict.outcome == standards.HOLD:
        return gettext("Held for review under rule %(number)s: %(label)s") % values
    return gettext("Rejected under rule %(number)s: %(label)s") % values


def article_language(article: ArticlePage) -> str:
    """Return the language of the article's edition ("en", "es", "ar")."""
    locale = getattr(article, "locale", None)
    return locale.language_code if locale is not None else ""


def _judge(
    text: str,
    user,
    state: DiscussionState,
    exclude_pk=None,
    *,
    language: str | None = None,
):
    """Return (status, rule_code, reason, score, detail) for ``text`` by ``user``.

    ``language`` is the article's edition's: the standards hold for a
    moderator what they cannot read in it (``languages.py``).
    """
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Comment.objects.filter(author=user, created_at__gte=since)
    if exclude_pk:
        recent = recent.exclude(pk=exclude_pk)
    recent_texts = list(
        recent.order_by("-created_at").values_list("body", flat=True)[:10]
    )
    score = _score(text)
    verdict = standards.check_comment(
        text,
        toxicity=score,
        recent_texts=recent_texts,
        standing=reader_standing(user),
        policy=policy_from_settings(),
        language=language,
    )
    status = _outcome_status(verdict.outcome)
    rule_code = verdict.rule.code if verdict.rule else ""
    reason = verdict_reason(verdict)
    if status == CommentStatus.PUBLISHED and state.is_premoderated:
        status = CommentStatus.HELD
        reason = gettext("Held for review: a moderator approves every comment here.")
    return status, rule_code, reason, score, verdict.detail[:255]


def post_comment(
    *,
    article: ArticlePage,
    author,
    text: str,
    parent: Comment | None = None,
    ip: str | None = None,
) -> Comment:
    """Post a comment (or a reply) and judge it by the community standards.

    Return the stored comment: published, held for a moderator or rejected,
    with the rule and the reason the author is shown.
    """
    state = check_can_post(article, author)
    text = clean_text(text)
    if parent is not None:
        if parent.article_id != article.pk:
            raise DiscussionError(gettext("That comment belongs to another article."))
        # One level of replies, as in Ghost: a reply to a reply joins the thread.
        if parent.parent_id:
            parent = parent.parent
        if parent is None or parent.status != CommentStatus.PUBLISHED:
            raise DiscussionError(gettext("That comment can no longer be replied to."))
    check_rate(author, ip)
    status, rule_code, reason, score, detail = _judge(
        text, author, state, language=article_language(article)
    )
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            author=author,
            parent=parent,
            body=text,
            status=status,
            rule_code=rule_code,
            reason=reason,
            detail=detail,
            toxicity=score,
        )
        ModerationAction.objects.create(
            kind=_AUTO_KIND[status],
            comment=comment,
            subject=author,
            rule_code=rule_code,
            note=reason,
        )
        if status == CommentStatus.PUBLISHED:
            refresh_comment_count(article.pk, comment)
    return comment


def can_edit(comment: Comment, user, now=None) -> bool:
    """Return whether ``user`` may still edit ``comment`` (its author, in time)."""
    if user is None or comment.author_id != getattr(user, "pk", None):
        return False
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.HELD):
        return False
    window = datetime.timedelta(minutes=settings.GAZETTE_DISCUSSION_EDIT_MINUTES)
    return (now or timezone.now()) - comment.created_at <= window


def edit_window_message() -> str:
    """Say how long after posting a comment can be edited."""
    minutes = settings.GAZETTE_DISCUSSION_EDIT_MINUTES
    return ngettext(
        "You can edit your comment for %(minutes)d minute after posting.",
        "You can edit your comment for %(minutes)d minutes after posting.",
        minutes,
    ) % {"minutes": minutes}


def edit_comment(comment: Comment, user, text: str) -> Comment:
    """Replace the text of the author's own comment within the edit window."""
    if not can_edit(comment, user):
        raise DiscussionError(edit_window_message())
    state = check_can_post(comment.article, user)
    text = clean_text(text)
    was_published = comment.status == CommentStatus.PUBLISHED
    status, rule_code, reason, score, detail = _judge(
        text,
        user,
        state,
        exclude_pk=comment.pk,
        language=article_language(comment.article),
    )
    if not was_published and status == CommentStatus.PUBLISHED and comment.rule_code:
        # A comment held by a moderator's rule or by reports stays held.
        status = CommentStatus.HELD
    with transaction.atomic():
        comment.body = text
        comment.status = status
        comment.rule_code = rule_code or comment.rule_code
        comment.reason = reason or comment.reason
        comment.detail = detail or comment.detail
        comment.toxicity = score
        comment.edited_at = timezone.now()
        comment.save()
        if status != CommentStatus.PUBLISHED or not was_published:
            ModerationAction.objects.create(
                kind=_AUTO_KIND[status],
                comment=comment,
                subject=user,
                rule_code=rule_code,
                note=(
                    gettext("After an edit: %(reason)s") % {"reason": reason}
                    if reason
                    else gettext("After an edit")
                ),
            )
        refresh_comment_count(comment.article_id, comment)
    return comment


def delete_comment(comment: Comment, user) -> None:
    """Delete the author's own comment; its place stays if others replied to it."""
    if user is None or comment.author_id != getattr(user, "pk", None):
        raise DiscussionError(gettext("You can only delete your own comments."))
    if comment.status == CommentStatus.DELETED:
        return
    with transaction.atomic():
        comment.status = CommentStatus.DELETED
        comment.body = ""
        comment.save(update_fields=["status", "body"])
        refresh_comment_count(comment.article_id, comment)


def toggle_like(comment: Comment, user) -> bool:
    """Like the comment, or take the like back; return whether it is now liked."""
    if user is None or not user.is_authenticated:
        raise DiscussionError(gettext("Sign in to like comments."))
    if comment.status != CommentStatus.PUBLISHED:
        raise DiscussionError(gettext("That comment can no longer be liked."))
    if comment.author_id == user.pk:
        raise DiscussionError(gettext("You cannot like your own comment."))
    with transaction.atomic():
        deleted, _ = CommentLike.objects.filter(comment=comment, user=user).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - 1)
            liked = False
        else:
            CommentLike.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            liked = True
    comment.refresh_from_db(fields=["like_count"])
    # Like counts show under the article and on the author's profile only.
    retire_tagged_pages(*page_tags(comment))
    return liked


def report_comment(comment: Comment, reporter, rule_code: str, note: str = "") -> None:
    """Record a reader's report; enough reports hide the comment until a moderator
    decides."""
    if reporter is None or not reporter.is_authenticated:
        raise DiscussionError(gettext("Sign in to report a comment."))
    if comment.author_id == reporter.pk:
        raise DiscussionError(gettext("You cannot report your own comment."))
    if _rule(rule_code) is None:
        raise DiscussionError(gettext("Choose the rule the comment breaks."))
    note = clean_text(note)[:500] if note.strip() else ""
    with transaction.atomic():
        if CommentReport.objects.filter(comment=comment, reporter=reporter).exists():
            raise DiscussionError(
                gettext("You have already reported this comment. Thank you.")
            )
        CommentReport.objects.create(
            comment=comment, reporter=reporter, rule_code=rule_code, note=note
        )
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        comment.refresh_from_db(fields=["report_count", "status"])
        ModerationAction.objects.create(
            kind=Kind.REPORT,
            comment=comment,
            subject=comment.author,
            actor=reporter,
            rule_code=rule_code,
            note=note,
        )
        limit = settings.GAZETTE_DISCUSSION_REPORTS_TO_HIDE
        if (
            limit
            and comment.report_count >= limit
            and comment.status == CommentStatus.PUBLISHED
        ):
            comment.status = CommentStatus.HELD
            comment.reason = ngettext(
                "Hidden after %(count)d report, until a moderator decides.",
                "Hidden after %(count)d reports, until a moderator decides.",
                comment.report_count,
            ) % {"count": comment.report_count}
            comment.save(update_fields=["status", "reason"])
            ModerationAction.objects.create(
                kind=Kind.HIDE,
                comment=comment,
                subject=comment.author,
                note=comment.reason,
            )
            refresh_comment_count(comment.article_id, comment)
