"""The moderators' writes: approving and rejecting comments, bans, permissions.

Re-exported by ``services`` (the admin queue, its bulk actions and the
commands call them there); each action is written to the audit log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import standards
from .counts import refresh_comment_count
from .errors import DiscussionError
from .models import Ban, Comment, CommentStatus, ModerationAction

Kind = ModerationAction.Kind


def _rule(code: str) -> standards.Rule | None:
    return standards.rule_by_code(code) if code else None


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
