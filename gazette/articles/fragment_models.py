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
    """One change a reader could see, as the article shells count them
    (``articles.shells``).

    The newest row's id is the current generation, which a shell drawn now
    is stored under; ``tag`` names what the change shows on
    (``core.changes``: an article, a story, a section, a translation, or
    ``*`` for anything), and a shell is stale once a row of one of its tags
    is newer than it. Rows are added in the transaction of the change, so
    they show exactly when the change does; a tag's older rows are pruned
    after the commit.
    """

    at = models.DateTimeField(auto_now_add=True)
    tag = models.CharField(max_length=96, default="*")

    class Meta:
        indexes = [models.Index(fields=["tag", "id"], name="shell_generation_tag_idx")]

    def __str__(self) -> str:
        return f"{self.pk} ({self.tag})"


class ArticleShell(models.Model):
    """An article page drawn once, with its live parts' places, kept until
    a change to something it shows (its ``tags``).

    ``shell`` holds a header line (what it was drawn for) and the page's
    markup, in which the parts drawn on every render (the clock, the related
    teasers, the discussion, the radio player) are marked by name;
    ``generation`` is the one read before it was drawn.
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


class ArticleShellTag(models.Model):
    """What a stored shell shows (``core.changes``): a newer
    ``ShellGeneration`` of the same tag makes it stale."""

    shell = models.ForeignKey(
        ArticleShell, on_delete=models.CASCADE, related_name="tags"
    )
    tag = models.CharField(max_length=96)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shell", "tag"], name="unique_shell_tag")
        ]

    def __str__(self) -> str:
        return f"{self.shell_id}: {self.tag}"
