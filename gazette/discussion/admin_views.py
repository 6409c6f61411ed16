"""The moderation queue in the Wagtail admin: decide, ban, and read the audit log."""

from __future__ import annotations

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
        {"comment": c, "history": history.get(c.author_id) if c.author_id else None}
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
        "actor", "subject", "comment__article"
    )
    kind = request.GET.get("kind", "")
    if kind in ModerationAction.Kind.values:
        actions = actions.filter(kind=kind)
    page = Paginator(actions, 100).get_page(request.GET.get("p"))
    return render(
        request,
        "discussion/admin/audit_log.html",
        {
            "page": page,
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
    active = Ban.objects.active().select_related("user__reader", "created_by")
    return render(request, "discussion/admin/bans.html", {"bans": active, "tabs": TABS})
