"""The running story and how it is read."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class StoryQuerySet(models.QuerySet):
    def running(self):
        """Return open stories with published articles, most recently active first."""
        return self.filter(is_open=True, article_count__gt=0).order_by(
            "-last_published_at"
        )


class Story(index.Indexed, models.Model):
    """A running story. Its count and dates are kept by ``services.refresh_stories``."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        help_text="The story's address, /stories/<slug>/. Empty: made from the title.",
    )
    summary = models.TextField(blank=True)
    is_open = models.BooleanField(
        "open",
        default=True,
        help_text="Closed stories stay readable but take no new articles.",
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
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("is_open"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
    ]

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:240] or "story"
        slug, n = base, 1
        while Story.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug
