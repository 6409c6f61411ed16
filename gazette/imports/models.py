"""What an import brought in, so that running it again updates instead of copying."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One item of a source archive and what Gazette made of it.

    ``source`` names the archive ("wordpress:https://example.org", "ninjs"),
    ``kind`` the sort of item (post, page, attachment, author, category, tag,
    comment) and ``source_id`` its identifier there. ``object_id`` is the
    primary key of what was made (a page, an image, an author, a section, a
    comment), ``checksum`` the digest of the source fields last imported: an
    unchanged item is left alone, a changed one is updated.
    """

    source = models.CharField(_("source"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32)
    source_id = models.CharField(_("source id"), max_length=255)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, blank=True)
    # What the importer needs on a later pass or run: the planned status and
    # publication time, tags, sticky, the old addresses.
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="unique_imported_item"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_obj_idx")]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id}"


class ImportedCommentAuthor(models.Model):
    """The name an imported comment was signed with; no account is made for it.

    A reader comment without an account shows as "deleted reader"; an imported
    one keeps its commenter's name here (and their address, never shown).
    """

    comment = models.OneToOneField(
        "discussion.Comment",
        on_delete=models.CASCADE,
        related_name="imported_author",
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("imported comment author")
        verbose_name_plural = _("imported comment authors")

    def __str__(self) -> str:
        return self.name
