"""The spoken version of an article: one MP3 per article, made in the background."""

from django.db import models
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gazette.articles.models import ArticlePage

from .text import audio_version, clock_duration, duration_parts


class AudioStatus(models.TextChoices):
    PENDING = "pending", _("Pending: queued, never made yet")
    READY = "ready", _("Ready: readers can listen")
    FAILED = "failed", _("Failed: the speech engine or encoder failed")
    NO_VOICE = (
        "no_voice",
        _("No voice: the speech engine cannot read the article's language"),
    )


class ArticleAudioQuerySet(models.QuerySet):
    def ready(self):
        """Return the audio readers may hear: made, of a live article."""
        return self.filter(status=AudioStatus.READY, article__live=True)

    def public(self):
        """Return ready audio of articles without view restrictions."""
        return self.ready().filter(
            article__in=ArticlePage.objects.live().public().values("pk")
        )


class ArticleAudio(models.Model):
    """The MP3 of one article's headline, lede and body, and what it says.

    ``text_hash`` is the SHA-256 of the spoken text the file was made from and
    ``voice`` the voice that read it (chosen by the article's language): a
    publish whose text hashes the same, read by the same voice, makes no new
    file.
    """

    article = models.OneToOneField(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="audio",
    )
    file = models.FileField(_("file"), upload_to="audio/articles/", blank=True)
    size = models.PositiveIntegerField(
        _("size"), default=0, help_text=_("Bytes of the MP3.")
    )
    duration = models.FloatField(_("duration"), default=0, help_text=_("Seconds."))
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True)
    voice = models.CharField(
        _("voice"),
        max_length=64,
        blank=True,
        help_text=_("The speech engine's voice that read it (espeak-ng: es, ar...)."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AudioStatus.choices,
        default=AudioStatus.PENDING,
    )
    error = models.TextField(_("error"), blank=True)
    generated_at = models.DateTimeField(_("made at"), null=True, blank=True)

    objects = ArticleAudioQuerySet.as_manager()

    class Meta:
        verbose_name = _("article audio")
        # Translators: the MP3s of several articles.
        verbose_name_plural = pgettext_lazy("plural", "article audio")
        indexes = [models.Index(fields=["status"], name="audio_status_idx")]

    def __str__(self) -> str:
        # Translators: %(status)s is pending, ready or failed.
        return gettext("Audio of article %(article)s (%(status)s)") % {
            "article": self.article_id,
            "status": self.status,
        }

    @property
    def is_ready(self) -> bool:
        return self.status == AudioStatus.READY and bool(self.file)

    @property
    def version(self) -> str:
        """A short tag that changes whenever the file does (for caches)."""
        return audio_version(self.text_hash, self.voice)

    @property
    def spoken_duration(self) -> str:
        """Return the duration in the page's language ("4 min 12 s")."""
        hours, minutes, seconds = duration_parts(self.duration)
        values = {"hours": hours, "minutes": minutes, "seconds": seconds}
        if hours:
            return pgettext("a duration", "%(hours)d h %(minutes)d min") % values
        if minutes and seconds:
            return pgettext("a duration", "%(minutes)d min %(seconds)d s") % values
        if minutes:
            return pgettext("a duration", "%(minutes)d min") % values
        return pgettext("a duration", "%(seconds)d s") % values

    @property
    def clock_duration(self) -> str:
        return clock_duration(self.duration)
