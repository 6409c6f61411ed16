"""The moderation queue in the Wagtail admin: decide, ban, and read the audit log."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import selectors, services, standards
from .models import Ban, Comment, CommentReport, CommentStatus, ModerationAction

PERMISSION = "discussion.moderate_comment"

TABS = {
    "held": gettext_lazy("Held"),
    "reported": gettext_lazy("Reported"),
    "published": gettext_lazy("Recently published"),
    "rejected": gettext_lazy("Rejected"),
}

BAN_CHOICES = {"1": 1, "7": 7, "30": 30, "forever": None}
# What a one-click ban proposes before the moderator picks another length.
DEFAULT_BAN = "7"

# The window of the held-rate figure above the queue.
HELD_RATE_DAYS = 7

# Database keys are positive 64-bit integers: 19 digits at most.
MAX_ID = 2**63 - 1
# ASCII digits only: str.isdigit() also accepts "²" and "١", which int()
# rejects or reads as another number.
_ID = re.compile(r"[0-9]{1,19}")

# Decisions Gazette takes itself: no actor on their audit line.
AUTOMATIC = {
    ModerationAction.Kind.AUTO_PUBLISH,
    ModerationAction.Kind.AUTO_HOLD,
    ModerationAction.Kind.AUTO_REJECT,
    ModerationAction.Kind.HIDE,
}

# How the ban service opens its audit note ("for 7 days. ..." or
# "permanently. ..."), older lines included ("for 1 days"), and permanent
# ones, "for good" in lines before.
_BAN_LENGTH = re.compile(r"^(?:for (?:(\d+) days?\b|good\b)|permanently\b)")


class BadId(ValueError):
    """A comment or ban number in a request that no database key can be."""


def parse_id(value: str) -> int:
    """Return ``value`` as a database key, or raise BadId saying why it is not one.

    Accept ASCII digits only, from 1 to the largest 64-bit key.
    """
    if not _ID.fullmatch(value):
        shown = value if len(value) <= 24 else f"{value[:24]}…"
        raise BadId(_("“%(value)s” is not a number such as 42.") % {"value": shown})
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise BadId(_("%(value)s is not a comment’s number.") % {"value": value})
    return number


def account_name(user) -> str:
    """Return the name moderators know an account by: its display name.

    Readers sign up under an internal username ("reader-bti1wf3zhh4p") that
    nobody sees on the site; the queue, the bans and the log all use the name
    shown beside their comments. Accounts without a reader profile (staff
    who never commented) fall back to their full name, then their username.
    """
    if user is None:
        return _("deleted reader")
    reader = getattr(user, "reader", None)
    if reader is not None:
        return reader.display_name
    return user.get_full_name() or user.get_username()


def rule_label(code: str) -> str:
    """Return "Rule 3: No personal attacks" for a rule code (unknown: the code)."""
    rule = standards.rule_by_code(code)
    if rule is None:
        return code
    return _("Rule %(number)d: %(title)s") % {
        "number": rule.number,
        "title": rule.title,
    }


def ban_length(days: int | None) -> str:
    """Return "for 1 day", "for 7 days" or "permanently"."""
    if days is None:
        return _("permanently")
    return ngettext("for %(days)d day", "for %(days)d days", days) % {"days": days}


def ban_choices() -> list[tuple[str, str]]:
    """Return the ban lengths a moderator picks from: value and label."""
    return [
        (
            value,
            _("permanently")
            if days is None
            else ngettext("%(days)d day", "%(days)d days", days) % {"days": days},
        )
        for value, days in BAN_CHOICES.items()
    ]


def _audit_note(action: ModerationAction) -> str:
    note = action.note.strip()
    if action.kind == ModerationAction.Kind.BAN:
        note = _BAN_LENGTH.sub(lambda m: ban_length(int(m[1]) if m[1] else None), note)
    return note


def _actor_name(action: ModerationAction) -> str:
    if action.actor_id is not None:
        return account_name(action.actor)
    if action.kind in AUTOMATIC:
        return "Gazette"
    if action.kind == ModerationAction.Kind.REPORT:
        return _("deleted reader")
    return _("deleted account")


def _check(request) -> None:
    """Refuse a request from an account that is not a moderator.

    A page (GET) raises PermissionDenied, which Wagtail turns into a return to
    the dashboard with its "no permission" message; an action (POST) answers
    403 itself, as plain text or JSON, so that nothing mistakes it for success.
    """
    if request.user.has_perm(PERMISSION):
        return
    if request.method == "POST":
        raise _Refused
    raise PermissionDenied


class _Refused(Exception):
    """A POST from an account that may not moderate."""


def _forbidden(request) -> HttpResponse:
    message = _("Only moderators can do that.")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "message": message}, status=403)
    return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")


def moderators_only(view):
    """Wrap a view so that its POSTs from non-moderators get a 403."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused:
            return _forbidden(request)

    return wrapped


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
    """Return each author's record: comments per status, standing, any ban in force."""
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
    for record in history.values():
        # As services.reader_standing counts it, which moves the thresholds.
        record["standing"] = (
            record[CommentStatus.PUBLISHED] - record[CommentStatus.REJECTED]
        )
    for ban in Ban.objects.active().filter(user__in=authors):
        history[ban.user_id]["ban"] = ban
    return history


def _counts() -> dict[str, int]:
    """Return how many comments wait on the Held and Reported tabs."""
    return {
        "held": Comment.objects.filter(status=CommentStatus.HELD).count(),
        "reported": Comment.objects.filter(reports__resolved=False)
        .exclude(status=CommentStatus.DELETED)
        .distinct()
        .count(),
    }


def _proposed_rule(comment: Comment) -> str:
    """Return the rule a rejection cites unless the moderator picks another:
    the automatic check's, else the one most reports cite."""
    if comment.rule_code and standards.rule_by_code(comment.rule_code):
        return comment.rule_code
    # open_reports: prefetched by the queue (Prefetch(..., to_attr=...)).
    cited = [r.rule_code for r in getattr(comment, "open_reports", ())]
    return max(cited, key=cited.count) if cited else ""


def _held_figures() -> dict:
    rate = selectors.held_rate(days=HELD_RATE_DAYS)
    try:
        policy, policy_error = selectors.policy_in_force(), ""
    except ImproperlyConfigured as error:
        policy, policy_error = [], str(error)
    return {"rate": rate, "policy": policy, "policy_error": policy_error}


def _page_number(request) -> int:
    try:
        return parse_id(request.POST.get("p") or request.GET.get("p") or "1")
    except BadId:
        return 1


@moderators_only
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
            "rule": rule_label(c.rule_code) if c.rule_code else "",
            "proposed_rule": _proposed_rule(c),
            "reports": [
                {"rule": rule_label(r.rule_code), "note": r.note}
                for r in c.open_reports
            ],
        }
        for c in page.object_list
    ]
    return render(
        request,
        "discussion/admin/queue.html",
        {
            "tab": tab,
            "tabs": TABS,
            "counts": _counts(),
            "page": page,
            "rows": rows,
            "rules": standards.RULES,
            "ban_choices": ban_choices(),
            "default_ban": DEFAULT_BAN,
            "figures": _held_figures(),
        },
    )


def _bad_request(message: str) -> HttpResponse:
    # Plain text: the message repeats what was sent, never as HTML.
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _act(request, tab: str):
    action = request.POST.get("action", "")
    try:
        ids = [parse_id(value) for value in request.POST.getlist("comment")]
    except BadId as error:
        return _bad_request(_("Comment numbers: %(error)s") % {"error": error})
    back = redirect(reverse("discussion_queue", args=[tab]))
    if not ids:
        messages.error(request, _("Tick at least one comment."))
        return back
    comments = list(Comment.objects.filter(pk__in=ids).select_related("author"))
    rule_code = request.POST.get("rule", "")
    try:
        if action in ("approve", "reject"):
            done = services.moderate_comments(comments, request.user, action, rule_code)
            if action == "approve":
                text = ngettext(
                    "Approved %(n)d comment.", "Approved %(n)d comments.", done
                )
            else:
                text = ngettext(
                    "Rejected %(n)d comment.", "Rejected %(n)d comments.", done
                )
            messages.success(request, text % {"n": done})
        elif action == "ban":
            choice = request.POST.get("ban_days", "")
            if choice not in BAN_CHOICES:
                raise services.DiscussionError(_("Choose how long the ban lasts."))
            authors = {c.author for c in comments if c.author is not None}
            with transaction.atomic():
                for author in authors:
                    services.ban_reader(
                        author,
                        request.user,
                        days=BAN_CHOICES[choice],
                        rule_code=rule_code,
                        note=request.POST.get("note", ""),
                    )
                if rule_code:
                    services.moderate_comments(
                        comments, request.user, "reject", rule_code
                    )
            messages.success(
                request,
                ngettext("Banned %(n)d reader.", "Banned %(n)d readers.", len(authors))
                % {"n": len(authors)},
            )
        else:
            raise services.DiscussionError(_("Choose an action."))
    except services.DiscussionError as refusal:
        messages.error(request, str(refusal))
    return back


def _decide(comment: Comment, moderator, action: str, post) -> str:
    """Apply one moderator's action to one comment; return what happened, in a
    sentence. Raise DiscussionError when the request cannot be done."""
    rule_code = post.get("rule", "")
    who = comment.author_name
    if action == "approve":
        services.moderate_comment(comment, moderator, "approve")
        return _("Approved the comment by %(who)s.") % {"who": who}
    if action == "reject":
        services.moderate_comment(comment, moderator, "reject", rule_code)
        return _("Rejected the comment by %(who)s under %(rule)s.") % {
            "who": who,
            "rule": rule_label(rule_code),
        }
    if action == "ban":
        choice = post.get("ban_days", "")
        if choice not in BAN_CHOICES:
            raise services.DiscussionError(_("Choose how long the ban lasts."))
        if standards.rule_by_code(rule_code) is None:
            raise services.DiscussionError(
                _("Choose the rule the comment breaks: a ban cites it.")
            )
        days = BAN_CHOICES[choice]
        # The ban and the comment's rejection stand or fall together.
        with transaction.atomic():
            services.ban_reader(
                comment.author, moderator, days=days, rule_code=rule_code
            )
            services.moderate_comment(comment, moderator, "reject", rule_code)
        return _("Banned %(who)s %(length)s under %(rule)s.") % {
            "who": who,
            "length": ban_length(days),
            "rule": rule_label(rule_code),
        }
    raise services.DiscussionError(_("Choose an action."))


@require_POST
@moderators_only
def decide(request, pk: int):
    """Approve, reject or ban the author of one comment: the queue's one-click
    buttons. Answer a script (``Accept: application/json``) with JSON; anyone
    else goes back to the queue with a message."""
    _check(request)
    if pk > MAX_ID:
        raise Http404("No such comment.")
    comment = get_object_or_404(Comment.objects.select_related("author__reader"), pk=pk)
    tab = request.POST.get("tab", "")
    tab = tab if tab in TABS else "held"
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        done = _decide(
            comment, request.user, request.POST.get("action", ""), request.POST
        )
    except services.DiscussionError as refusal:
        if wants_json:
            return JsonResponse({"ok": False, "message": str(refusal)}, status=400)
        messages.error(request, str(refusal))
    else:
        if wants_json:
            return JsonResponse(
                {
                    "ok": True,
                    "message": done,
                    # Approving a published comment leaves it on its tab.
                    "stays": _queue(tab).filter(pk=comment.pk).exists(),
                    "counts": _counts(),
                }
            )
        messages.success(request, done)
    back = reverse("discussion_queue", args=[tab])
    page = _page_number(request)
    return redirect(f"{back}?p={page}#queue" if page > 1 else f"{back}#queue")


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
            "counts": _counts(),
        },
    )


@moderators_only
def bans(request):
    """Bans in force; POST lifts one."""
    _check(request)
    if request.method == "POST":
        try:
            pk = parse_id(request.POST.get("ban", ""))
        except BadId as error:
            return _bad_request(_("Ban number: %(error)s") % {"error": error})
        ban = get_object_or_404(Ban.objects.active(), pk=pk)
        services.lift_ban(ban, request.user)
        messages.success(request, _("The ban is lifted."))
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
    return render(
        request,
        "discussion/admin/bans.html",
        {"rows": rows, "tabs": TABS, "counts": _counts()},
    )
