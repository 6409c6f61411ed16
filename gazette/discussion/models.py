"""Comments, likes, reports, bans and the moderators' audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("a comment's status", "Published")
    HELD = "held", _("Held for review")
    REJECTED = "rejected", pgettext_lazy("a comment's status", "Rejected")
    DELETED = "deleted", _("Deleted by its author")


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
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="reader_comments",
        verbose_name=_("article"),
    )
    # Null once the author deleted their account and the comments stayed.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("text"))
    # The name a comment without an account was signed with: comments imported
    # from another platform (gazette.imports), whose commenters get no account.
    guest_name = models.CharField(_("guest's name"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommentStatus.choices,
        default=CommentStatus.PUBLISHED,
    )
    # The rule of the community standards behind the last decision, and the
    # sentence the author sees ("Held for review under rule 3: ...").
    rule_code = models.CharField(_("rule"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    # What the automatic check matched, for moderators only ("threat: 'should
    # shoot' aimed at 'the referee'"); never shown to the author.
    detail = models.CharField(_("what the check found"), max_length=255, blank=True)
    toxicity = models.FloatField(_("toxicity"), default=0.0)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

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
        permissions = [("moderate_comment", _("Can moderate reader comments"))]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.article_id}"

    @property
    def author_name(self) -> str:
        if self.author_id is None:
            return self.guest_name or str(_("deleted reader"))
        reader = getattr(self.author, "reader", None)
        return reader.display_name if reader else self.author.get_username()

    @property
    def is_published(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    @property
    def is_deleted(self) -> bool:
        return self.status == CommentStatus.DELETED


class CommentLike(models.Model):
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="likes",
        verbose_name=_("comment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reader"),
    )
    created_at = models.DateTimeField(_("liked at"), default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
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
        Comment,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reporter"),
    )
    rule_code = models.CharField(_("rule"), max_length=40)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_bans",
        verbose_name=_("reader"),
    )
    until = models.DateTimeField(_("until"), null=True, blank=True)
    rule_code = models.CharField(_("rule"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("banned by"),
    )
    created_at = models.DateTimeField(_("banned at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self) -> str:
        length = f"until {self.until}" if self.until else "permanently"
        return f"Ban of {self.user_id} {length}"


class ModerationAction(models.Model):
    """One line of the audit log: who (a moderator, or Gazette itself) did what."""

    class Kind(models.TextChoices):
        AUTO_PUBLISH = "auto-publish", _("Published automatically")
        AUTO_HOLD = "auto-hold", _("Held automatically")
        AUTO_REJECT = "auto-reject", _("Rejected automatically")
        HIDE = "hide", _("Hidden after reports")
        APPROVE = "approve", pgettext_lazy("a moderator's action", "Approved")
        REJECT = "reject", pgettext_lazy("a moderator's action", "Rejected")
        BAN = "ban", _("Banned the author")
        LIFT_BAN = "lift-ban", _("Lifted a ban")
        REPORT = "report", pgettext_lazy("a reader's action", "Reported")

    kind = models.CharField(_("action"), max_length=16, choices=Kind.choices)
    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("comment"),
    )
    # The reader acted upon (a ban), kept when the comment is gone.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reader"),
    )
    # Null: Gazette's automatic moderation.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )
    rule_code = models.CharField(_("rule"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("done at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor_name}"

    @property
    def actor_name(self) -> str:
        return self.actor.get_username() if self.actor_id else "Gazette"
