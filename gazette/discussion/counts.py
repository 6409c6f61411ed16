"""Published comment counts on articles, and the cached pages a comment retires.

Writes called by the discussion's services (posting, moderating, importing)
inside the transaction that changed a comment.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from gazette.articles.models import ArticlePage
from gazette.core import changes
from gazette.core.services import retire_cached_pages, retire_tagged_pages

from .models import Comment, CommentStatus


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

    A new count shows in teasers everywhere, so every cached page goes (and
    the stored article pages showing this article: ``core.changes``); an
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
    # The count shows on the article and its teasers (changes.article).
    retire_cached_pages(changed=[changes.article(article_id)])


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
        retire_cached_pages(
            changed=[changes.article(pk) for pks in changed.values() for pk in pks]
        )
