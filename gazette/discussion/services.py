"""Every write of the discussion: posting, editing, liking, reporting, moderating.

Views, the admin queue, commands and signal receivers all come through here, so
that the rules (who may post where, what the standards let through, what the
audit log records) hold whichever door a change comes in by.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from gazette.articles.models import ArticlePage, DiscussionMode, SectionPage
from gazette.core.http import RateLimited
from gazette.core.services import retire_cached_pages, retire_tagged_pages
from gazette.core.templatetags.gazette_tags import gmt

from . import standards, toxicity
from .models import (
    Ban,
    Comment,
    CommentLike,
    CommentReport,
    CommentStatus,
    ModerationAction,
)
from .policy import policy_from_settings

Kind = ModerationAction.Kind


def _rule(code: str) -> standards.Rule | None:
    """Return the standards' rule with this code, or None."""
    return standards.rule_by_code(code) if code else None


class DiscussionError(Exception):
    """A request the discussion refuses, with a sentence the reader can act on."""


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
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return the comment as stored: plain text, newlines kept, controls gone.

    Raise DiscussionError when nothing is left or the text is too long.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
    )
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise DiscussionError(gettext("Your comment is empty."))
    limit = settings.GAZETTE_DISCUSSION_MAX_LENGTH
    if len(text) > limit:
        raise DiscussionError(
            gettext(
                "Your comment is %(length)s characters long; the limit is %(limit)s."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    return text


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


# --- Moderation -------------------------------------------------------------


def moderate_comment(
    comment: Comment, moderator, action: str, rule_code: str = "", note: str = ""
) -> Comment:
    """Approve or reject a comment; a rejection cites the rule it breaks."""
    if action not in ("approve", "reject"):
        raise DiscussionError(
            gettext("Unknown moderation action %(action)r.") % {"action": action}
        )
    if comment.status == CommentStatus.DELETED:
        raise DiscussionError(gettext("Its author deleted this comment."))
    now = timezone.now()
    with transaction.atomic():
        if action == "approve":
            comment.status = CommentStatus.PUBLISHED
            comment.reason = ""
            comment.rule_code = ""
            kind = Kind.APPROVE
        else:
            rule = _rule(rule_code)
            if rule is None:
                raise DiscussionError(
                    gettext("A rejection must cite a rule of the standards.")
                )
            comment.status = CommentStatus.REJECTED
            comment.rule_code = rule.code
            comment.reason = gettext("Rejected under rule %(number)s: %(title)s") % {
                "number": rule.number,
                "title": rule.title,
            }
            kind = Kind.REJECT
        comment.moderated_at = now
        comment.save(update_fields=["status", "reason", "rule_code", "moderated_at"])
        comment.reports.filter(resolved=False).update(resolved=True)
        ModerationAction.objects.create(
            kind=kind,
            comment=comment,
            subject=comment.author,
            actor=moderator,
            rule_code=comment.rule_code,
            note=note[:500],
        )
        refresh_comment_count(comment.article_id, comment)
    return comment


def moderate_comments(
    comments: Iterable[Comment], moderator, action: str, rule_code: str = ""
) -> int:
    """Apply one action to many comments, all or none; return how many."""
    done = 0
    with transaction.atomic():
        for comment in comments:
            if comment.status == CommentStatus.DELETED:
                continue
            moderate_comment(comment, moderator, action, rule_code)
            done += 1
    return done


def ban_reader(
    user, moderator, *, days: int | None, rule_code: str = "", note: str = ""
) -> Ban:
    """Bar a reader from commenting for ``days`` (None: permanently)."""
    if user is None:
        raise DiscussionError(gettext("That reader has deleted their account."))
    if user.is_staff:
        raise DiscussionError(
            gettext("Staff accounts cannot be banned from the discussion.")
        )
    until = timezone.now() + datetime.timedelta(days=days) if days else None
    with transaction.atomic():
        ban = Ban.objects.create(
            user=user,
            until=until,
            rule_code=rule_code,
            note=note[:500],
            created_by=moderator,
        )
        ModerationAction.objects.create(
            kind=Kind.BAN,
            subject=user,
            actor=moderator,
            rule_code=rule_code,
            note=f"{_ban_length(days)}. {note}"[:500],
        )
    return ban


def _ban_length(days: int | None) -> str:
    # Stored in English on purpose: the log page reads it back and says it in
    # the moderator's language (admin_views.ban_length).
    if not days:
        return "permanently"
    return f"for {days} day{'' if days == 1 else 's'}"


def lift_ban(ban: Ban, moderator) -> None:
    """End a ban now."""
    with transaction.atomic():
        ban.lifted_at = timezone.now()
        ban.save(update_fields=["lifted_at"])
        ModerationAction.objects.create(
            kind=Kind.LIFT_BAN, subject=ban.user, actor=moderator
        )


def discussion_tag(article_id: int) -> str:
    """Return the page-cache tag of pages showing ``article_id``'s discussion."""
    return f"discussion:{article_id}"


def reader_tag(user_id: int) -> str:
    """Return the page-cache tag of a reader's public profile."""
    return f"reader:{user_id}"


def page_tags(comment: Comment) -> list[str]:
    """Return the page-cache tags of the pages that show ``comment``."""
    tags = [discussion_tag(comment.article_id)]
    if comment.author_id:
        tags.append(reader_tag(comment.author_id))
    return tags


def refresh_comment_count(article_id: int, comment: Comment | None = None) -> None:
    """Store the article's published comment count, and retire cached pages.

    Call inside the transaction that changed a comment (``comment``, when one
    did). The article's row is locked first, so that posts committing at the
    same moment count one after the other, each seeing the comments the others
    committed. (FOR NO KEY UPDATE: a new comment's foreign key holds a KEY
    SHARE lock on the same row, which a plain FOR UPDATE would wait for: a
    deadlock between two posts.)

    A new count shows in teasers everywhere, so every cached page goes; an
    unchanged one (an edit, a reply's place kept) only retires the pages that
    show this discussion and the author's profile.
    """
    locked = ArticlePage.objects.select_for_update(no_key=True).filter(pk=article_id)
    before = list(locked.values_list("comment_count", flat=True))
    count = Comment.objects.filter(
        article_id=article_id, status=CommentStatus.PUBLISHED
    ).count()
    if before == [count]:
        tags = page_tags(comment) if comment is not None else []
        retire_tagged_pages(discussion_tag(article_id), *tags)
        return
    ArticlePage.objects.filter(pk=article_id).update(comment_count=count)
    retire_cached_pages()


def forget_reader_comments(user) -> None:
    """Before an account goes: keep its comments as "deleted reader", or remove them."""
    if settings.GAZETTE_DISCUSSION_DELETED_ACCOUNT_COMMENTS != "remove":
        return  # the foreign key's SET_NULL makes them "deleted reader"
    with transaction.atomic():
        articles = set(
            Comment.objects.filter(author=user).values_list("article_id", flat=True)
        )
        Comment.objects.filter(author=user).delete()
        for article_id in sorted(articles):
            refresh_comment_count(article_id)


def grant_moderator_permissions() -> None:
    """Let the Moderators and Editors groups use the moderation queue."""
    from django.contrib.auth.models import Group, Permission

    from gazette.core.groups import EDITORS, MODERATORS

    permission = Permission.objects.filter(
        content_type__app_label="discussion", codename="moderate_comment"
    ).first()
    if permission is None:  # migrations not yet applied
        return
    for group in Group.objects.filter(name__in=(EDITORS, MODERATORS)):
        group.permissions.add(permission)


def import_comment(
    *,
    article: ArticlePage,
    name: str,
    text: str,
    published: bool,
    parent: Comment | None = None,
    created_at=None,
    comment: Comment | None = None,
) -> Comment:
    """Store (or update) a comment imported from another platform.

    The commenter gets no account: ``name`` is kept as the comment's
    ``guest_name``. Imported comments are not judged again (their site's
    moderators already did): approved ones are published, the rest held. A
    reply to a reply joins its thread, as posted replies do. The caller
    refreshes the article's count once per article (``refresh_comment_count``).
    """
    if parent is not None and parent.parent_id:
        parent = parent.parent
    status = CommentStatus.PUBLISHED if published else CommentStatus.HELD
    guest_name = (name or "").strip()[:100] or "Anonymous"
    with transaction.atomic():
        if comment is None:
            comment = Comment.objects.create(
                article=article,
                parent=parent,
                body=clean_text(text),
                status=status,
                guest_name=guest_name,
                created_at=created_at or timezone.now(),
            )
        else:
            comment.body, comment.status, comment.parent = (
                clean_text(text),
                status,
                parent,
            )
            comment.guest_name = guest_name
            comment.save(update_fields=["body", "status", "parent", "guest_name"])
    return comment


@dataclass(frozen=True)
class NewImportedComment:
    """One comment for ``import_comments``: ``parent`` is the position in the
    same list of the comment it answers (listed before it), or ``None``."""

    article_id: int
    name: str
    text: str
    published: bool
    created_at: datetime.datetime
    parent: int | None = None


def import_comments(new: list[NewImportedComment]) -> list[Comment]:
    """Store many new imported comments at once: ``import_comment`` for a
    batch of an archive, in one insert for the threads' first comments and one
    for the replies; each article's count is refreshed once.

    Return the comments in the order given. A reply to a reply joins its
    thread, as with ``import_comment``.
    """
    comments: list[Comment] = []
    roots: list[int] = []
    for entry in new:
        root = None
        if entry.parent is not None:
            root = entry.parent if roots[entry.parent] < 0 else roots[entry.parent]
        roots.append(-1 if root is None else root)
        comments.append(
            Comment(
                article_id=entry.article_id,
                body=clean_text(entry.text),
                status=CommentStatus.PUBLISHED
                if entry.published
                else CommentStatus.HELD,
                guest_name=(entry.name or "").strip()[:100] or "Anonymous",
                created_at=entry.created_at,
            )
        )
    with transaction.atomic():
        Comment.objects.bulk_create(
            [c for c, root in zip(comments, roots, strict=True) if root < 0],
            batch_size=500,
        )
        replies = []
        for comment, root in zip(comments, roots, strict=True):
            if root >= 0:
                comment.parent = comments[root]
                replies.append(comment)
        Comment.objects.bulk_create(replies, batch_size=500)
        refresh_comment_counts({entry.article_id for entry in new})
    return comments


def refresh_comment_counts(article_ids: Iterable[int]) -> None:
    """Store the published comment counts of many articles (an import's batch)
    in a few queries, and retire cached pages once."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    counts = dict(
        Comment.objects.filter(article_id__in=ids, status=CommentStatus.PUBLISHED)
        .values_list("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    stored = dict(
        ArticlePage.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .values_list("pk", "comment_count")
    )
    changed: dict[int, list[int]] = {}
    for pk, before in stored.items():
        if counts.get(pk, 0) != before:
            changed.setdefault(counts.get(pk, 0), []).append(pk)
    for count, pks in changed.items():
        ArticlePage.objects.filter(pk__in=pks).update(comment_count=count)
    if changed:
        retire_cached_pages()
