"""The moderation queue in the Wagtail admin: decide, ban, and read the audit log."""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import services, standards
from .models import Ban, Comment, CommentReport, CommentStatus, ModerationAction

PERMISSION = "discussion.moderate_comment"

TABS = {
    "held": "Held",
    "reported": "Reported",
    "published": "Recently published",
    "rejected": "Rejected",
}

BAN_CHOICES = {"1": 1, "7": 7, "30": 30, "forever": None}

# Decisions Gazette takes itself: no actor on their audit line.
AUTOMATIC = {
    ModerationAction.Kind.AUTO_PUBLISH,
    ModerationAction.Kind.AUTO_HOLD,
    ModerationAction.Kind.AUTO_REJECT,
    ModerationAction.Kind.HIDE,
}

# How the ban service opens its audit note ("for 7 days. ..."), older lines
# included ("for 1 days").
_BAN_LENGTH = re.compile(r"^for (\d+) days?\b")


def account_name(user) -> str:
    """Return the name moderators know an account by: its display name.

    Readers sign up under an internal username ("reader-bti1wf3zhh4p") that
    nobody sees on the site; the queue, the bans and the log all use the name
    shown beside their comments. Accounts without a reader profile (staff
    who never commented) fall back to their full name, then their username.
    """
    if user is None:
        return "deleted reader"
    reader = getattr(user, "reader", None)
    if reader is not None:
        return reader.display_name
    return user.get_full_name() or user.get_username()


def rule_label(code: str) -> str:
    """Return "Rule 3: No personal attacks" for a rule code (unknown: the code)."""
    rule = standards.rule_by_code(code)
    if rule is None:
        return code
    return f"Rule {rule.number}: {rule.title}"


def ban_length(days: int | None) -> str:
    """Return "for 1 day", "for 7 days" or "for good"."""
    if days is None:
        return "for good"
    return f"for {days} day{'' if days == 1 else 's'}"


def _audit_note(action: ModerationAction) -> str:
    note = action.note.strip()
    if action.kind == ModerationAction.Kind.BAN:
        note = _BAN_LENGTH.sub(lambda m: ban_length(int(m[1])), note)
    return note


def _actor_name(action: ModerationAction) -> str:
    if action.actor_id is not None:
        return account_name(action.actor)
    if action.kind in AUTOMATIC:
        return "Gazette"
    if action.kind == ModerationAction.Kind.REPORT:
        return "deleted reader"
    return "deleted account"


def _check(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _queue(tab: str):
    comments = Comment.objects.select_related("article", "author__reader", "parent")
    if tab == "held":
        return comments.filter(status=CommentStatus.HELD).order_by("created_at")
    if tab == "reported":
        return (
            comments.filter(reports__resolved=False)
            .exclude(status=CommentStatus.DELETED)
            .distinct()
            .order_by("-report_count", "created_at")
        )
    if tab == "published":
        return comments.filter(status=CommentStatus.PUBLISHED).order_by("-created_at")
    return comments.filter(status=CommentStatus.REJECTED).order_by("-moderated_at")


def _histories(comments) -> dict[int, dict]:
    """Return each author's record: comments per status, and any ban in force."""
    authors = {c.author_id for c in comments if c.author_id}
    history: dict[int, dict] = defaultdict(
        lambda: dict.fromkeys(CommentStatus.values, 0)
    )
    for author_id, status, n in (
        Comment.objects.filter(author__in=authors)
        .values_list("author_id", "status")
        .annotate(Count("pk"))
    ):
        history[author_id][status] = n
    for ban in Ban.objects.active().filter(user__in=authors):
        history[ban.user_id]["ban"] = ban
    return history


def queue(request, tab: str = "held"):
    """List one tab of the queue; POST applies an action to the ticked comments."""
    _check(request)
    if tab not in TABS:
        raise Http404("No such tab.")
    if request.method == "POST":
        return _act(request, tab)
    page = Paginator(
        _queue(tab).prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved=False),
                to_attr="open_reports",
            )
        ),
        50,
    ).get_page(request.GET.get("p"))
    history = _histories(page.object_list)
    rows = [
        {
            "comment": c,
            "history": history.get(c.author_id) if c.author_id else None,
            "reports": [
                {"rule": rule_label(r.rule_code), "note": r.note}
                for r in c.open_reports
            ],
        }
        for c in page.object_list
    ]
    counts = {
        "held": Comment.objects.filter(status=CommentStatus.HELD).count(),
        "reported": Comment.objects.filter(reports__resolved=False)
        .exclude(status=CommentStatus.DELETED)
        .distinct()
        .count(),
    }
    return render(
        request,
        "discussion/admin/queue.html",
        {
            "tab": tab,
            "tabs": TABS,
            "counts": counts,
            "page": page,
            "rows": rows,
            "rules": standards.RULES,
            "ban_choices": BAN_CHOICES,
        },
    )


def _act(request, tab: str):
    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
    back = redirect(reverse("discussion_queue", args=[tab]))
    if not ids:
        messages.error(request, "Tick at least one comment.")
        return back
    comments = list(Comment.objects.filter(pk__in=ids).select_related("author"))
    rule_code = request.POST.get("rule", "")
    try:
        if action in ("approve", "reject"):
            done = services.moderate_comments(comments, request.user, action, rule_code)
            verb = "Approved" if action == "approve" else "Rejected"
            messages.success(
                request, f"{verb} {done} comment{'s' if done != 1 else ''}."
            )
        elif action == "ban":
            choice = request.POST.get("ban_days", "")
            if choice not in BAN_CHOICES:
                raise services.DiscussionError("Choose how long the ban lasts.")
            authors = {c.author for c in comments if c.author is not None}
            for author in authors:
                services.ban_reader(
                    author,
                    request.user,
                    days=BAN_CHOICES[choice],
                    rule_code=rule_code,
                    note=request.POST.get("note", ""),
                )
            if rule_code:
                services.moderate_comments(comments, request.user, "reject", rule_code)
            messages.success(
                request,
                f"Banned {len(authors)} reader{'s' if len(authors) != 1 else ''}.",
            )
        else:
            raise services.DiscussionError("Choose an action.")
    except services.DiscussionError as refusal:
        messages.error(request, str(refusal))
    return back


def audit_log(request):
    """Who did what, newest first: moderators' decisions and Gazette's own."""
    _check(request)
    actions = ModerationAction.objects.select_related(
        "actor__reader", "subject__reader", "comment__article"
    )
    kind = request.GET.get("kind", "")
    if kind in ModerationAction.Kind.values:
        actions = actions.filter(kind=kind)
    page = Paginator(actions, 100).get_page(request.GET.get("p"))
    rows = [
        {
            "action": action,
            "actor": _actor_name(action),
            # Every action names the reader it concerns; none left: deleted.
            "subject": account_name(action.subject),
            "rule": rule_label(action.rule_code),
            "note": _audit_note(action),
        }
        for action in page.object_list
    ]
    return render(
        request,
        "discussion/admin/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "kinds": ModerationAction.Kind.choices,
            "kind": kind,
            "tabs": TABS,
        },
    )


def bans(request):
    """Bans in force; POST lifts one."""
    _check(request)
    if request.method == "POST":
        ban = get_object_or_404(Ban.objects.active(), pk=request.POST.get("ban", 0))
        services.lift_ban(ban, request.user)
        messages.success(request, "The ban is lifted.")
        return redirect(reverse("discussion_bans"))
    rows = [
        {
            "ban": ban,
            "reader": account_name(ban.user),
            "rule": rule_label(ban.rule_code),
            "by": account_name(ban.created_by) if ban.created_by_id else "",
        }
        for ban in Ban.objects.active().select_related(
            "user__reader", "created_by__reader"
        )
    ]
    return render(request, "discussion/admin/bans.html", {"rows": rows, "tabs": TABS})
