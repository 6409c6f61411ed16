"""WordPress comments, with their threads, as discussion comments: approved
ones published, pending ones held, spam and pingbacks left out; the
commenter is named, with no account made (``discussion.services``)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page

from gazette.articles.models import ArticlePage
from gazette.discussion.models import Comment, CommentStatus
from gazette.discussion.services import (
    clean_text,
    import_comment,
    refresh_comment_count,
)

from . import wxr
from .bodies import plain_text
from .models import ImportedCommentAuthor
from .records import _record, _remember
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
        changed = False
        ordered = sorted(
            item.comments,
            key=lambda c: (c.date or timezone.now(), int(c.comment_id or 0)),
        )
        for data in ordered:
            if data.approved not in ("1", "0"):
                self.report.count("skipped", "comment")
                continue
            if data.comment_type not in ("comment", ""):
                self.report.count("skipped", "comment")
                continue
            status = (
                CommentStatus.PUBLISHED if data.approved == "1" else CommentStatus.HELD
            )
            text = _comment_text(data.content)
            if not text:
                self.report.problem(
                    item.line,
                    item.label,
                    "wp:comment_content",
                    f"comment {data.comment_id} is empty; not imported",
                )
                self.report.count("skipped", "comment")
                continue
            digest = checksum([text, status, data.author, data.parent, data.date])
            record = _record(self.source, "comment", data.comment_id)
            comment = (
                Comment.objects.filter(pk=record.object_id).first()
                if record and record.object_id
                else None
            )
            if comment is not None and record is not None and record.checksum == digest:
                self.report.count("unchanged", "comment")
                continue
            parent = None
            if data.parent:
                parent_record = _record(self.source, "comment", data.parent)
                if parent_record and parent_record.object_id:
                    parent = Comment.objects.filter(pk=parent_record.object_id).first()
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
            ImportedCommentAuthor.objects.update_or_create(
                comment=comment,
                defaults={
                    "name": (data.author or "Anonymous")[:255],
                    "email": data.email[:254] if "@" in data.email else "",
                    "url": data.url[:500] if data.url.startswith("http") else "",
                },
            )
            _remember(self.source, "comment", data.comment_id, comment.pk, digest)
            changed = True
        if changed:
            refresh_comment_count(page.pk)

    # Redirects ---------------------------------------------------------------------


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
