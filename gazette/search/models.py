"""The search index of live articles: one row per live, public article.

A row holds what search matches on (headline, lede, body as plain text) and
what it filters on (edition, section, tree path, story, publication time), so
that a search reads this table alone. The full-text part lives beside it in
each database's own machinery, added by the migrations and kept in step by the
database itself, with the text search configuration of the article's language
(``config``, see ``languages``):

- PostgreSQL: a stored, generated ``tsvector`` column ``vector`` (headline
  weighted A, lede B, body C, each ``to_tsvector(config, ...)``) with a GIN
  index;
- SQLite: two FTS5 tables filled by triggers on this table: English rows in
  ``search_articlesearchdocument_fts`` (Porter stemmer), every other
  language's in ``search_articlesearchdocument_fts_words`` (unicode61,
  diacritics removed).

Only ``search.services`` writes rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from gazette.articles.models import ArticlePage, SectionPage


class ConfigField(models.CharField):
    """A text search configuration's name: PostgreSQL's ``regconfig`` there
    (the stored vector is generated from it, which a text column cannot be),
    text elsewhere."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "regconfig"
        return super().db_type(connection)


class ArticleSearchDocument(models.Model):
    article = models.OneToOneField(
        ArticlePage,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    section = models.ForeignKey(
        SectionPage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The article's edition: searches read one edition's rows.
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    # The text search configuration of the article's language.
    config = ConfigField(max_length=63, default="simple")
    # The article's tree path: pages under a view restriction are left out at
    # query time by their path, so a restriction added later needs no reindex.
    path = models.CharField(max_length=255)
    story = models.ForeignKey(
        "stories.Story", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    title = models.TextField()
    lede = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("article search document")
        indexes = [
            models.Index(
                fields=["-published_at", "-article"], name="search_doc_newest_idx"
            ),
            models.Index(
                fields=["locale", "-published_at", "-article"],
                name="search_doc_locale_newest_idx",
            ),
            models.Index(
                fields=["section", "-published_at"], name="search_doc_section_idx"
            ),
            models.Index(
                fields=["story", "-published_at"], name="search_doc_story_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title
