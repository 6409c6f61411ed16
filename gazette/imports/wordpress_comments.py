"""WordPress comments, with their threads, as discussion comments: approved
ones published, pending ones held, spam and pingbacks left out; the
commenter is named, with no account made (``discussion.services``)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page

from gazette.articles.models import ArticlePage
from gazette.discussion.models import Comment, CommentStatus
from gazette.discussion.services import (
    NewImportedComment,
    clean_text,
    import_comment,
    import_comments,
    refresh_comment_count,
)

from . import wxr
from .bodies import plain_text
from .models import ImportedCommentAuthor, ImportedItem
from .reporting import ImportReport, checksum


class CommentsMixin:
    """The comments part of ``WordPressImport``."""

    source: str
    report: ImportReport

    def _comments(self, item: wxr.WxrItem, page: Page) -> None:
        if not item.comments:
            return
        if not isinstance(page, ArticlePage):
            self.report.note("comments on pages were not imported: pages have none")
            return
        ordered = sorted(
            item.comments,
            key=lambda c: (c.date or timezone.now(), int(c.comment_id or 0)),
        )
        # A post's comments read and remembered in a few queries, not a few
        # per comment: their records, their comments, then one write each.
        ids = {c.comment_id for c in ordered} | {c.parent for c in ordered if c.parent}
        records = {
            r.source_id: r
            for r in ImportedItem.objects.filter(
                source=self.source, kind="comment", source_id__in=ids
            )
        }
        known = Comment.objects.in_bulk(
            [r.object_id for r in records.values() if r.object_id]
        )
        stored: dict[str, Comment] = {
            source_id: known[r.object_id]
            for source_id, r in records.items()
            if r.object_id in known
        }
        remembered: list[ImportedItem] = []
        signed: list[ImportedCommentAuthor] = []
        for data in ordered:
            checked = self._importable(item, data)
            if checked is None:
                continue
            text, status, digest = checked
            record = records.get(data.comment_id)
            comment = stored.get(data.comment_id)
            if comment is not None and record is not None and record.checksum == digest:
                self.report.count("unchanged", "comment")
                continue
            parent = stored.get(data.parent) if data.parent else None
            self.report.count("created" if comment is None else "updated", "comment")
            comment = import_comment(
                article=page,
                name=data.author,
                text=text,
                published=status == CommentStatus.PUBLISHED,
                parent=parent,
                created_at=data.date or timezone.now(),
                comment=comment,
            )
            stored[data.comment_id] = comment
            signed.append(
                ImportedCommentAuthor(
                    comment=comment,
                    name=(data.author or "Anonymous")[:255],
                    email=data.email[:254] if "@" in data.email else "",
                    url=data.url[:500] if data.url.startswith("http") else "",
                )
            )
            remembered.append(
                ImportedItem(
                    source=self.source,
                    kind="comment",
                    source_id=data.comment_id,
                    object_id=comment.pk,
                    checksum=digest,
                    updated_at=timezone.now(),
                )
            )
        if not remembered:
            return
        ImportedCommentAuthor.objects.bulk_create(
            signed,
            update_conflicts=True,
            unique_fields=["comment"],
            update_fields=["name", "email", "url"],
        )
        ImportedItem.objects.bulk_create(
            remembered,
            update_conflicts=True,
            unique_fields=["source", "kind", "source_id"],
            update_fields=["object_id", "checksum", "updated_at"],
        )
        refresh_comment_count(page.pk)

    def _importable(
        self, item: wxr.WxrItem, data: wxr.WxrComment
    ) -> tuple[str, str, str] | None:
        """Return the text, status and checksum of a comment to import, or
        ``None`` (counted skipped, and reported when empty)."""
        if data.approved not in ("1", "0") or data.comment_type not in ("comment", ""):
            self.report.count("skipped", "comment")
            return None
        status = CommentStatus.PUBLISHED if data.approved == "1" else CommentStatus.HELD
        text = _comment_text(data.content)
        if not text:
            self.report.problem(
                item.line,
                item.label,
                "wp:comment_content",
                f"comment {data.comment_id} is empty; not imported",
            )
            self.report.count("skipped", "comment")
            return None
        digest = checksum([text, status, data.author, data.parent, data.date])
        return text, status, digest

    def _batch_comments(self, stored: list[tuple[wxr.WxrItem, Page]]) -> None:
        """Import the comments of a batch of new posts together: one insert
        for the threads' first comments, one for the replies, one for their
        commenters and one for their records (``discussion.import_comments``).

        Comments already imported once (their post imported again under a new
        record) go through ``_comments``, post by post, which updates them.
        """
        posts = [(item, page) for item, page in stored if item.comments]
        ids = {c.comment_id for item, _page in posts for c in item.comments}
        if not ids:
            return
        if ImportedItem.objects.filter(
            source=self.source, kind="comment", source_id__in=ids
        ).exists():
            for item, page in posts:
                self._comments(item, page)
            return
        new: list[NewImportedComment] = []
        origin: list[tuple[wxr.WxrComment, str]] = []
        for item, page in posts:
            ordered = sorted(
                item.comments,
                key=lambda c: (c.date or timezone.now(), int(c.comment_id or 0)),
            )
            # Comment id: its position in ``new``, for the replies to it.
            position: dict[str, int] = {}
            for data in ordered:
                checked = self._importable(item, data)
                if checked is None:
                    continue
                text, status, digest = checked
                self.report.count("created", "comment")
                position[data.comment_id] = len(new)
                new.append(
                    NewImportedComment(
                        article_id=page.pk,
                        name=data.author,
                        text=text,
                        published=status == CommentStatus.PUBLISHED,
                        created_at=data.date or timezone.now(),
                        parent=position.get(data.parent) if data.parent else None,
                    )
                )
                origin.append((data, digest))
        if not new:
            return
        comments = import_comments(new)
        now = timezone.now()
        ImportedCommentAuthor.objects.bulk_create(
            (
                ImportedCommentAuthor(
                    comment=comment,
                    name=(data.author or "Anonymous")[:255],
                    email=data.email[:254] if "@" in data.email else "",
                    url=data.url[:500] if data.url.startswith("http") else "",
                )
                for comment, (data, _digest) in zip(comments, origin, strict=True)
            ),
            batch_size=500,
        )
        ImportedItem.objects.bulk_create(
            (
                ImportedItem(
                    source=self.source,
                    kind="comment",
                    source_id=data.comment_id,
                    object_id=comment.pk,
                    checksum=digest,
                    updated_at=now,
                )
                for comment, (data, digest) in zip(comments, origin, strict=True)
            ),
            batch_size=500,
        )


def _comment_text(content: str) -> str:
    paragraphs = [
        " ".join(plain_text(p).split())
        for p in content.replace("\r\n", "\n").split("\n\n")
    ]
    text = "\n\n".join(p for p in paragraphs if p)
    try:
        return clean_text(text)
    except Exception:  # noqa: BLE001 - empty or too long: the caller reports it
        return ""
