"""Readers' side of the discussion: post, reply, edit, delete, like, report.

Every form posts normally and redirects back to the article (no JavaScript
needed); htmx only loads more comments and swaps the like button in place.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gazette.articles.models import ArticlePage
from gazette.core.cache import depend_on
from gazette.core.http import (
    RateLimited,
    client_ip,
    count_request,
    too_many_requests,
)

from . import personal, selectors, services, standards
from .models import Comment, CommentStatus

# Likes and reports are cheap to send and costly to receive (every like
# retires the cached pages showing it; every report lands in the moderators'
# queue): a fixed window per reader bounds a script, never a person.
LIKES_PER_MINUTE = 60
REPORTS_PER_HOUR = 30

# The largest id a BigAutoField holds: a longer number names no comment.
MAX_ID = 2**63 - 1

OUTCOME_MESSAGES = {
    CommentStatus.PUBLISHED: gettext_lazy("Your comment is published."),
    CommentStatus.HELD: gettext_lazy("Your comment is held for review."),
    CommentStatus.REJECTED: gettext_lazy("Your comment was not published."),
}


def _article(request, article_id: int) -> ArticlePage:
    article = get_object_or_404(ArticlePage.objects.live(), pk=article_id)
    for restriction in article.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404("No such article.")
    return article


def _comment(comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("article", "author__reader"), pk=comment_id
    )


def _back_to(request, article: ArticlePage, anchor: str = "discussion"):
    return redirect(f"{article.get_url(request)}#{anchor}")


def parse_id(value: str) -> int | None:
    """Return the id a form field names, or None if it names none.

    ASCII digits only: ``str.isdigit`` also accepts "²" and other Unicode
    digits that ``int`` refuses; and never more than a database id holds.
    """
    if not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _rate_limited_page(request, refusal: RateLimited, article: ArticlePage):
    """Answer 429: a page saying why (or, for htmx, back to the article)."""
    if request.htmx:
        messages.error(request, refusal.message)
        response = HttpResponse(status=429)
        # htmx swaps nothing on an error status but follows HX-Redirect: the
        # reader lands on the article, where the message shows.
        response["HX-Redirect"] = f"{article.get_url(request)}#discussion"
    else:
        response = render(
            request,
            "discussion/rate_limited.html",
            {
                "message": refusal.message,
                "article": article,
                "article_url": article.get_url(request),
            },
        )
    return too_many_requests(response, refusal)


def _count(request, kind: str, limit: int, window_seconds: int, message: str):
    """Count one ``kind`` request of the signed-in reader; raise RateLimited."""
    count_request(
        f"discussion:{kind}:user:{request.user.pk}",
        limit=limit,
        window_seconds=window_seconds,
        message=message,
    )


def _login(request, article: ArticlePage | None = None):
    target = f"{article.get_url(request)}#discussion" if article else request.path
    return redirect_to_login(target)


@require_GET
def comments(request, article_id: int):
    """Return one more page of comments, for "Load more" (htmx) or plain paging."""
    article = _article(request, article_id)
    depend_on(request, services.discussion_tag(article.pk))
    listing = selectors.discussion_for(
        article,
        order=request.GET.get("order", ""),
        page=request.GET.get("comments", ""),
    )
    if not request.htmx:
        response = redirect(
            f"{article.get_url(request)}?order={listing.order}"
            f"&comments={listing.page}#discussion"
        )
    else:
        # The same for every reader (cached like the page); the reader's
        # controls on these comments come from the personal fragment.
        response = render(
            request,
            "discussion/includes/comment_page.html",
            {
                **listing.as_context(),
                "loader": True,
                "personal_query": personal.query_for(
                    article.pk, personal.shown_ids(listing.comments), only="comments"
                ),
            },
        )
    # A fragment for htmx, a redirect for everyone else: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def write(request, article_id: int):
    """The comment page: the form, or why the reader may not post, on a page of
    its own (never cached), for readers without JavaScript and for replies
    (``?reply=<comment id>``)."""
    article = _article(request, article_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = services.discussion_state(article)
    block = None if state.is_closed else selectors.posting_block_for(request.user)
    parent = None
    reply_to = parse_id(request.GET.get("reply", ""))
    if reply_to is not None:
        parent = (
            Comment.objects.published()
            .filter(pk=reply_to, article=article)
            .select_related("author__reader")
            .first()
        )
    return render(
        request,
        "discussion/comment_write.html",
        {
            "article": article,
            "article_url": article.get_url(request),
            "state": state,
            "posting_block": block,
            "can_post": not state.is_closed and block is None,
            "parent": parent,
            "max_length": settings.GAZETTE_DISCUSSION_MAX_LENGTH,
        },
    )


@require_POST
def post(request, article_id: int):
    """Post a comment or a reply; on a refusal, show the form again with the text."""
    article = _article(request, article_id)
    if not request.user.is_authenticated:
        return _login(request, article)
    text = request.POST.get("text", "")
    parent = None
    parent_id = request.POST.get("parent", "")
    try:
        if parent_id:
            number = parse_id(parent_id)
            if number is not None:
                parent = Comment.objects.filter(pk=number).first()
            if parent is None:
                raise services.DiscussionError(gettext("That comment does not exist."))
        comment = services.post_comment(
            article=article,
            author=request.user,
            text=text,
            parent=parent,
            ip=client_ip(request),
        )
    except services.DiscussionError as error:
        response = render(
            request,
            "discussion/comment_form.html",
            {
                "article": article,
                "article_url": article.get_url(request),
                "error": str(error),
                "text": text,
                "parent": parent,
                "action": "post",
            },
            status=400,
        )
        if isinstance(error, RateLimited):
            # The form again, with the reader's text, and when to send it.
            too_many_requests(response, error)
        return response
    message = OUTCOME_MESSAGES[comment.status]
    if comment.reason:
        message = comment.reason
    level = messages.SUCCESS if comment.is_published else messages.WARNING
    messages.add_message(request, level, message)
    anchor = f"comment-{comment.pk}" if comment.is_published else "discussion"
    return _back_to(request, article, anchor)


@require_http_methods(["GET", "POST"])
def edit(request, comment_id: int):
    """Let the author correct their comment for a few minutes after posting."""
    comment = _comment(comment_id)
    article = comment.article
    if not request.user.is_authenticated:
        return _login(request, article)
    error, text = "", comment.body
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.edit_comment(comment, request.user, text)
        except services.DiscussionError as refusal:
            error = str(refusal)
        else:
            if comment.is_published:
                messages.success(request, gettext("Your comment is updated."))
                return _back_to(request, article, f"comment-{comment.pk}")
            messages.warning(
                request, comment.reason or gettext("Your comment is held.")
            )
            return _back_to(request, article)
    elif not services.can_edit(comment, request.user):
        error = services.edit_window_message()
    return render(
        request,
        "discussion/comment_form.html",
        {
            "article": article,
            "article_url": article.get_url(request),
            "comment": comment,
            "error": error,
            "text": text,
            "action": "edit",
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def delete(request, comment_id: int):
    """Ask, then delete the author's own comment."""
    comment = _comment(comment_id)
    article = comment.article
    if not request.user.is_authenticated:
        return _login(request, article)
    if comment.author_id != request.user.pk:
        raise Http404("No such comment of yours.")
    if request.method == "POST":
        services.delete_comment(comment, request.user)
        messages.success(request, gettext("Your comment is deleted."))
        return _back_to(request, article)
    return render(
        request,
        "discussion/comment_delete.html",
        {
            "comment": comment,
            "article": article,
            "article_url": article.get_url(request),
        },
    )


@require_POST
def like(request, comment_id: int):
    """Like a comment or take the like back."""
    comment = _comment(comment_id)
    if not request.user.is_authenticated:
        return _login(request, comment.article)
    try:
        _count(
            request,
            "like",
            LIKES_PER_MINUTE,
            60,
            gettext("You are liking too fast. Wait a minute and try again."),
        )
    except RateLimited as refusal:
        return _rate_limited_page(request, refusal, comment.article)
    try:
        liked = services.toggle_like(comment, request.user)
    except services.DiscussionError as refusal:
        if request.htmx:
            return HttpResponse(str(refusal), status=400)
        messages.error(request, str(refusal))
        return _back_to(request, comment.article)
    if request.htmx:
        return render(
            request,
            "discussion/includes/like_button.html",
            {"comment": comment, "liked": {comment.pk} if liked else set()},
        )
    return _back_to(request, comment.article, f"comment-{comment.pk}")


@require_http_methods(["GET", "POST"])
def report(request, comment_id: int):
    """Report a comment as breaking a rule of the community standards."""
    comment = _comment(comment_id)
    article = comment.article
    if not request.user.is_authenticated:
        return _login(request, article)
    if comment.status != CommentStatus.PUBLISHED:
        raise Http404("No such comment.")
    error = ""
    rule_code = request.POST.get("rule", "")
    note = request.POST.get("note", "")
    if request.method == "POST":
        try:
            _count(
                request,
                "report",
                REPORTS_PER_HOUR,
                3600,
                gettext(
                    "You have sent many reports in the last hour. Thank you: "
                    "wait a while before sending more."
                ),
            )
        except RateLimited as refusal:
            return _rate_limited_page(request, refusal, article)
        try:
            services.report_comment(comment, request.user, rule_code, note)
        except services.DiscussionError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, gettext("Thank you: a moderator will look at your report.")
            )
            return _back_to(request, article)
    return render(
        request,
        "discussion/comment_report.html",
        {
            "comment": comment,
            "article": article,
            "article_url": article.get_url(request),
            "rules": standards.RULES,
            "rule_code": rule_code,
            "note": note,
            "error": error,
            # The form again would only be refused on submit.
            "already_reported": selectors.has_reported(comment, request.user),
        },
        status=400 if error else 200,
    )


@require_GET
def reader(request, user_id: int):
    """A reader's public profile: display name and published comments."""
    depend_on(request, services.reader_tag(user_id))
    user = get_object_or_404(
        get_user_model().objects.select_related("reader"), pk=user_id, is_active=True
    )
    comments = (
        Comment.objects.published()
        .filter(author=user, article__live=True)
        .select_related("article")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, 20).get_page(request.GET.get("page"))
    name = Comment(author=user).author_name
    return render(
        request,
        "discussion/reader_profile.html",
        {"reader_name": name, "comments": page, "profile_user": user},
    )
