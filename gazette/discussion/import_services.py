"""Comments imported from another platform (WordPress), stored as they were.

Re-exported by ``services``; the importers (``gazette.imports``) call them
there. Imported comments are not judged again: their site's moderators
already did.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gazette.articles.models import ArticlePage

from .cleaning import clean_text
from .counts import refresh_comment_counts
from .models import Comment, CommentStatus


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
