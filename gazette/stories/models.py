"""The running story and how it is read."""

import uuid
import zlib
from typing import Any

import orjson
import zstandard
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from gazette.core import changes

# A story the engine started for one article it could not place is not yet a
# running story: its tag would repeat the headline with "(1)" and its page would
# list that one article. It is shown to readers once a second article joins, or
# once an editor names it (an editor's story of one article is meant).
LISTED = models.Q(article_count__gte=2) | models.Q(
    article_count=1, title_is_proposed=False
)


def default_locale_id() -> int | None:
    """Return the default edition's ``Locale`` id (the site's ``LANGUAGE_CODE``).

    A story or an engine state made without an edition belongs to it. Falls
    back to the first locale when none matches the setting.
    """
    from wagtail.models import Locale

    try:
        return Locale.get_default().pk
    except (Locale.DoesNotExist, LookupError):
        return Locale.objects.order_by("pk").values_list("pk", flat=True).first()


class StoryQuerySet(models.QuerySet):
    def in_edition(self, locale):
        """Return the stories of one edition (a ``Locale`` or its id)."""
        return self.filter(locale_id=getattr(locale, "pk", locale))

    def listed(self):
        """Return the stories readers see: tags, story index, sitemap, search."""
        return self.filter(LISTED)

    def running(self):
        """Return open stories of two articles or more, most recently active first."""
        return self.filter(is_open=True, article_count__gte=2).order_by(
            "-last_published_at"
        )


class Story(index.Indexed, models.Model):
    """A running story. Its count and dates are kept by ``services.refresh_stories``.

    A story belongs to one edition (``locale``) and gathers articles of that
    edition only; the same story told in another edition is another ``Story``
    (``across.other_editions`` finds it through the articles' translations).
    """

    title = models.CharField(max_length=255)
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_locale_id,
        verbose_name=_("edition"),
        help_text=_("The edition whose articles this story gathers."),
    )
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=_(
            "The story's address, /stories/<slug>/. Empty: made from the title."
        ),
    )
    short_label = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "A few words for teasers and story tags, e.g. “Pellmarch talks”. "
            "Empty: the title. The story page always shows the full title."
        ),
    )
    summary = models.TextField(blank=True)
    title_is_proposed = models.BooleanField(
        _("title proposed from its articles"),
        default=False,
        editable=False,
        help_text=_(
            "The engine's title, proposed again as the story's first "
            "articles arrive, until an editor renames the story."
        ),
    )
    is_open = models.BooleanField(
        _("open"),
        default=True,
        help_text=_("Closed stories stay readable but take no new articles."),
    )
    # Denormalised from the live articles, so that every story tag reads it
    # without counting: kept up to date on every publish, unpublish, move and delete.
    article_count = models.PositiveIntegerField(default=0, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StoryQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("locale"),
        FieldPanel("short_label"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("is_open"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.FilterField("locale"),
    ]

    class Meta:
        verbose_name_plural = _("stories")
        ordering = ["-last_published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """Return the story's address in its own edition (``/es/stories/...``
        when the site's addresses carry the edition)."""
        if not editions().prefixes_on():
            # One address scheme for every edition: no language to look up.
            return reverse("stories:detail", kwargs={"slug": self.slug})
        code = locale_code(self.locale_id)
        if code is None or translation.get_language() == code:
            return reverse("stories:detail", kwargs={"slug": self.slug})
        with translation.override(code):
            return reverse("stories:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.pk is None:
            return
        before = Story.objects.filter(pk=self.pk).values_list("locale_id", flat=True)
        if before.first() not in (None, self.locale_id) and self.has_articles():
            raise ValidationError(
                {
                    "locale": _(
                        "A story with articles stays in its edition: its "
                        "articles belong to that edition."
                    )
                }
            )

    def has_articles(self) -> bool:
        """Whether any article (live or not) is in this story."""
        from django.apps import apps

        article_model = apps.get_model("articles", "ArticlePage")
        return article_model.objects.filter(story_id=self.pk).exists()

    def other_editions(self) -> list[Any]:
        """Return the same story in the other editions (``across.OtherEdition``),
        read once per story object: the article page shows its tag twice."""
        from .across import cached_other_editions

        return cached_other_editions(self)

    @property
    def language_code(self) -> str | None:
        """Return the language code of the story's edition (no query)."""
        return locale_code(self.locale_id)

    def content_tags(self) -> list[str]:
        """Return the content tags a change to this story shows on
        (``core.changes``): its members' pages and the teasers naming it."""
        return [changes.story(self.pk)]

    @property
    def label(self) -> str:
        """Return the short label teasers and tags show (the title if none is set)."""
        return self.short_label or self.title

    @property
    def is_listed(self) -> bool:
        """Whether readers see this story (``StoryQuerySet.listed``)."""
        return self.article_count >= 2 or (
            self.article_count == 1 and not self.title_is_proposed
        )

    def _unique_slug(self) -> str:
        base = slugify(self.title, allow_unicode=True)[:240] or "story"
        slug, n = base, 1
        while Story.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


def editions() -> Any:
    """Return ``gazette.core.editions`` (the site's editions, kept per request)."""
    from gazette.core import editions as module

    return module


def locale_code(locale_id: int | None) -> str | None:
    """Return the language code of the ``Locale`` ``locale_id`` without a query
    (the editions' state, cached and pinned per request), else from the table."""
    if locale_id is None:
        return None
    code = editions().state().code_of(locale_id)
    if code is not None:
        return code
    from wagtail.models import Locale

    found = Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True)
    return found.first()


# Translators: the admin shows each label up to its colon alone ("Automatic"):
# keep one colon after the short name.
class ThreadingMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic: join when confident, else start a story")
    SUGGEST = "suggest", _("Suggest: the editor sees the suggestion")
    OFF = "off", _("Off")


class Granularity(models.TextChoices):
    RUNNING = "running", _("Running stories: follow-ups on one situation join it")
    EVENT = "event", _("Events: each distinct event is a story of its own")


# Every Zstandard frame starts with these bytes; a zlib stream never does.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class ThreadingState(models.Model):
    """The threading engine's saved state: one row per edition, a snapshot and a log.

    Each edition (``locale``) has an engine of its own, so that an article is
    only ever threaded into a story of its own edition, with its language's
    document frequencies.

    The snapshot is ``ThreadingEngine.to_dict()`` as of ``snapshot_version``
    (``read_snapshot``/``write_snapshot``); the ``ThreadingOperation`` rows after
    it replay the changes since, so that a decision writes one small row instead
    of the whole state.
    """

    # A new row (a reset database) is a new epoch: no process may reuse an
    # engine it kept in memory from another.
    epoch = models.UUIDField(default=uuid.uuid4, editable=False)
    # No default: a state is always made for an edition (engine_store), and a
    # row built in memory (tests, benches) asks the database nothing.
    locale = models.OneToOneField(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)
    # Compressed JSON, not a JSON column: PostgreSQL would parse tens of
    # megabytes into jsonb on every save, for a value only ever read whole.
    # Zstandard (``pack``); a zlib snapshot written before is still read.
    snapshot_data = models.BinaryField(null=True, blank=True, editable=False)
    snapshot_version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "threading state"

    def __str__(self) -> str:
        return f"threading state of locale {self.locale_id} v{self.version}"

    def read_snapshot(self) -> dict[str, Any] | None:
        """Return the saved engine state, or ``None`` when there is none."""
        if not self.snapshot_data:
            return None
        data = bytes(self.snapshot_data)
        if data.startswith(_ZSTD_MAGIC):
            # A streamed frame (``pack``) does not state its size up front.
            text = zstandard.ZstdDecompressor().decompressobj().decompress(data)
        else:
            text = zlib.decompress(data)
        return orjson.loads(text)

    def write_snapshot(self, state: dict[str, Any]) -> None:
        """Keep ``state`` (``ThreadingEngine.to_dict()``) as the snapshot."""
        self.snapshot_data = self.pack(state)

    @staticmethod
    def pack(state: dict[str, Any]) -> bytes:
        """Return ``state`` as ``snapshot_data`` holds it."""
        # At 100,000 stored articles (83 MB of JSON), orjson and Zstandard's
        # level 1 take 0.63 s where the standard library's json and zlib take
        # 2.07 s, and the result is 27 MB instead of 31
        # (bench/threading_snapshot.py, docs/threading.md). Compressed a
        # story at a time: the whole JSON text (hundreds of megabytes for a
        # large archive) is never held at once, only its compressed bytes.
        compressor = zstandard.ZstdCompressor(level=1).compressobj()
        stories = state.get("stories")
        if not isinstance(stories, dict):
            return compressor.compress(orjson.dumps(state)) + compressor.flush()
        head = orjson.dumps({k: v for k, v in state.items() if k != "stories"})
        parts = [compressor.compress(head[:-1] + (b',"' if len(head) > 2 else b'"'))]
        parts.append(compressor.compress(b'stories":{'))
        separator = b""
        dumps = orjson.dumps
        for key, story in stories.items():
            parts.append(
                compressor.compress(separator + dumps(key) + b":" + dumps(story))
            )
            separator = b","
        parts.append(compressor.compress(b"}}"))
        parts.append(compressor.flush())
        return b"".join(parts)


class ThreadingOperation(models.Model):
    """One change to an edition's engine, replayed in ``version`` order."""

    state = models.ForeignKey(
        ThreadingState, on_delete=models.CASCADE, related_name="operations"
    )
    version = models.PositiveBigIntegerField()
    # observe | remove | close | reopen | merge
    op = models.CharField(max_length=16)
    story_key = models.CharField(max_length=64, blank=True)
    other_key = models.CharField(max_length=64, blank=True)
    # The article as the engine saw it (id, title, text, published).
    article = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "version"], name="unique_threading_operation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.op} {self.story_key}"


class DecidedBy(models.TextChoices):
    ENGINE = "engine", "Engine"
    EDITOR = "editor", "Editor"


class ThreadingDecision(models.Model):
    """Where an article was placed (or suggested), by the engine or an editor.

    The newest row of an article is its current decision; an editor's is final.
    """

    article = models.ForeignKey(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="threading_decisions",
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(null=True, blank=True)
    # [[story_id, score], ...], the next best candidates, best first.
    candidates = models.JSONField(default=list, blank=True)
    mode = models.CharField(max_length=16, choices=ThreadingMode.choices)
    # How broad a story the engine looked for (blank: an editor's decision, or
    # decided before granularities existed).
    granularity = models.CharField(
        max_length=16, choices=Granularity.choices, blank=True
    )
    decided_by = models.CharField(max_length=8, choices=DecidedBy.choices)
    # False for a suggestion the editor has not accepted.
    applied = models.BooleanField(default=True)
    new_story = models.BooleanField(default=False)
    # For a new story: the title it gets (or got), proposed from the article.
    proposed_title = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-id"], name="decision_article_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.story_id} ({self.decided_by})"


class SectionThreadingMode(models.Model):
    """A section's own threading settings, overriding the site's.

    ``mode`` overrides ``GAZETTE_THREADING_MODE`` and ``granularity`` overrides
    ``GAZETTE_THREADING_GRANULARITY``; blank keeps the site's setting.
    """

    section = models.OneToOneField(
        "articles.SectionPage",
        on_delete=models.CASCADE,
        related_name="threading_mode",
    )
    mode = models.CharField(
        max_length=16,
        choices=ThreadingMode.choices,
        blank=True,
        help_text=_("Blank: the site's setting (GAZETTE_THREADING_MODE)."),
    )
    granularity = models.CharField(
        max_length=16,
        choices=Granularity.choices,
        blank=True,
        help_text=_(
            "How broad this section's stories are. Blank: the site's setting "
            "(GAZETTE_THREADING_GRANULARITY)."
        ),
    )

    panels = [FieldPanel("section"), FieldPanel("mode"), FieldPanel("granularity")]

    class Meta:
        verbose_name = _("section threading mode")

    def __str__(self) -> str:
        # Short: it titles the admin's messages ("Politics: mode suggest, ...").
        mode = self.mode or "as the site"
        granularity = self.granularity or "as the site"
        return f"{self.section}: mode {mode}, granularity {granularity}"


class RelatedArticle(models.Model):
    """One stored entry of an article's related list, computed on publish.

    Editors pin (kept first, never recomputed away) and exclude (never shown).
    """

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_rows"
    )
    related = models.ForeignKey(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="related_to_rows",
    )
    score = models.FloatField(default=0.0)
    rank = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    excluded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-pinned", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="unique_related_article"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id}"


class ArticleProfile(models.Model):
    """An article's similarity profile, kept so that ranking need not make it again.

    ``data`` is ``similarity.dump_packed``'s bytes. It is up to date while
    ``digest`` is ``similarity.digest`` of the article's title and text and
    ``format`` is ``similarity.PROFILE_FORMAT``; otherwise it is made again when
    next needed (``services.article_profiles``).
    """

    article = models.OneToOneField(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="similarity_profile",
    )
    digest = models.CharField(max_length=32)
    format = models.CharField(max_length=16)
    data = models.BinaryField()

    class Meta:
        verbose_name = "article similarity profile"

    def __str__(self) -> str:
        return f"profile of {self.article_id}"
