"""Comments, likes, reports, bans and the moderators' audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HELD = "held", "Held for review"
    REJECTED = "rejected", "Rejected"
    DELETED = "deleted", "Deleted by its author"


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommentStatus.PUBLISHED)

    def visible(self):
        """Return what readers see: published comments and deleted ones' places."""
        return self.filter(status__in=(CommentStatus.PUBLISHED, CommentStatus.DELETED))

    def top_level(self):
        return self.filter(parent__isnull=True)

    def for_listing(self):
        return self.select_related("author__reader")

    def ordered(self, order: str):
        """Return comments in a reader's chosen order: newest, oldest or liked."""
        if order == "oldest":
            return self.order_by("created_at", "pk")
        if order == "liked":
            return self.order_by("-like_count", "-created_at", "-pk")
        return self.order_by("-created_at", "-pk")


class Comment(models.Model):
    """A reader's comment on an article, or a reply to one (one level deep)."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    # Null once the author deleted their account and the comments stayed.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField()
    # The name a comment without an account was signed with: comments imported
    # from another platform (gazette.imports), whose commenters get no account.
    guest_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )
    # The rule of the community standards behind the last decision, and the
    # sentence the author sees ("Held for review under rule 3: ...").
    rule_code = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    # What the automatic check matched, for moderators only ("threat: 'should
    # shoot' aimed at 'the referee'"); never shown to the author.
    detail = models.CharField(max_length=255, blank=True)
    toxicity = models.FloatField(default=0.0)
    like_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_idx"
            ),
            models.Index(fields=["status", "created_at"], name="comment_status_idx"),
            models.Index(fields=["author", "created_at"], name="comment_author_idx"),
        ]
        permissions = [("moderate_comment", "Can moderate reader comments")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.article_id}"

    @property
    def author_name(self) -> str:
        if self.author_id is None:
            return self.guest_name or "deleted reader"
        reader = getattr(self.author, "reader", None)
        return reader.display_name if reader else self.author.get_username()

    @property
    def is_published(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    @property
    def is_deleted(self) -> bool:
        return self.status == CommentStatus.DELETED


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="one_like_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"Like of comment {self.comment_id}"


class CommentReport(models.Model):
    """A reader's report that a comment breaks a rule of the standards."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_code = models.CharField(max_length=40)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"Report of comment {self.comment_id} under {self.rule_code}"


class BanQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            Q(until__isnull=True) | Q(until__gt=now)
        )


class Ban(models.Model):
    """A reader barred from commenting, for a time (until) or permanently (no until)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_bans"
    )
    until = models.DateTimeField(null=True, blank=True)
    rule_code = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        length = f"until {self.until}" if self.until else "permanently"
        return f"Ban of {self.user_id} {length}"


class ModerationAction(models.Model):
    """One line of the audit log: who (a moderator, or Gazette itself) did what."""

    class Kind(models.TextChoices):
        AUTO_PUBLISH = "auto-publish", "Published automatically"
        AUTO_HOLD = "auto-hold", "Held automatically"
        AUTO_REJECT = "auto-reject", "Rejected automatically"
        HIDE = "hide", "Hidden after reports"
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        BAN = "ban", "Banned the author"
        LIFT_BAN = "lift-ban", "Lifted a ban"
        REPORT = "report", "Reported"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    # The reader acted upon (a ban), kept when the comment is gone.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Null: Gazette's automatic moderation.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_code = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor_name}"

    @property
    def actor_name(self) -> str:
        return self.actor.get_username() if self.actor_id else "Gazette"
