"""The stored parts of article pages: one row per article and language,
and the pictures and authors each row shows (``articles.fragments``)."""

from django.db import models


class ArticleFragment(models.Model):
    """Parts of an article's page drawn once per published version and kept.

    The body (but for blocks that show other pages, drawn on every render)
    and the byline, in one edition's language; ``articles.fragments`` draws,
    stores, checks and retires them (docs/caching.md).
    """

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="fragments"
    )
    language = models.CharField(max_length=16)
    # What it was drawn from: the live revision, the publication time (a
    # re-publication of the same revision moves it) and the templates.
    revision_id = models.IntegerField()
    published_at = models.DateTimeField()
    build = models.CharField(max_length=32)
    parts = models.TextField()
    drawn_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="unique_article_fragment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language})"


class ArticleFragmentSource(models.Model):
    """A picture or author a stored fragment shows: a change retires it."""

    fragment = models.ForeignKey(
        ArticleFragment, on_delete=models.CASCADE, related_name="sources"
    )
    kind = models.CharField(max_length=8)
    object_id = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["kind", "object_id"], name="fragment_source_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ShellGeneration(models.Model):
    """One retirement of every stored article shell (``articles.shells``).

    The newest row's id is the current generation: a row is added, in the
    transaction of the change, by every change that retires cached pages, so
    the new generation shows exactly when the change does; older rows are
    pruned after the commit.
    """

    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.pk)


class ArticleShell(models.Model):
    """An article page drawn once per generation, with its live parts' places.

    ``shell`` holds a header line (what it was drawn for) and the page's
    markup, in which the parts drawn on every render (the clock, the related
    teasers, the discussion, the radio player) are marked by name.
    """

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="shells"
    )
    language = models.CharField(max_length=16)
    generation = models.BigIntegerField()
    build = models.CharField(max_length=32)
    shell = models.TextField()
    drawn_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="unique_article_shell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language}, {self.generation})"
