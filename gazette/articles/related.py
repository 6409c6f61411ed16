"""The related list under an article: the stories app's stored rows first,
padded with the newest articles of the same story, then of the section.

One query, compiled once per process (its ``FilteredRelation`` and ``CASE``
ordering cost more to compile than to run: ``gazette.core.kept``). The
stored rows are read through their related name (``related_to_rows``), so
this module never imports the stories app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, F, FilteredRelation, IntegerField, Q, Value, When

from gazette.core import kept

if TYPE_CHECKING:
    from .models import ArticlePage, ArticlePageQuerySet

# Placeholders of the kept query: values no real key or path takes.
_PK = -917_351_001
_STORY = -917_351_002
_SECTION_PATH = "\x00gazette-path\x00"


def related_articles(page: ArticlePage, limit: int) -> list[ArticlePage]:
    """Return up to ``limit`` related articles of ``page``, in reading order."""
    section_path = page.path[: -page.steplen]
    story = page.story_id is not None
    query = kept.kept(
        ("articles:related", page.depth, story, limit),
        lambda: related_query(
            page.depth, _PK, _SECTION_PATH, _STORY if story else None, limit
        ),
        {"pk": _PK, "path": _SECTION_PATH, **({"story": _STORY} if story else {})},
    )
    if query is None:
        return list(
            related_query(page.depth, page.pk, section_path, page.story_id, limit)
        )
    values = {"pk": page.pk, "path": section_path}
    if story:
        values["story"] = page.story_id
    return query.run(**values)


def related_query(
    depth: int, pk: int, section_path: str, story_id: int | None, limit: int
) -> ArticlePageQuerySet:
    """Return the query of ``related_articles`` for article ``pk`` at ``depth``."""
    from .models import ArticlePage

    in_section = Q(path__startswith=section_path, depth=depth)
    wanted = Q(stored__isnull=False) | in_section
    same_story: Case | Value = Value(0)
    if story_id is not None:
        wanted |= Q(story_id=story_id)
        same_story = Case(
            When(story_id=story_id, then=1),
            default=0,
            output_field=IntegerField(),
        )
    related = (
        ArticlePage.objects.live()
        .exclude(pk=pk)
        .annotate(
            # The stories app's RelatedArticle rows, by their related name.
            stored=FilteredRelation(
                "related_to_rows",
                condition=Q(related_to_rows__article_id=pk),
            ),
            same_story=same_story,
            # Whether the row is one the stories app stored (else padding):
            # a shell of a padded list shows the section's newest articles.
            stored_row=F("stored__pk"),
        )
        .filter(wanted)
        .filter(Q(stored__isnull=True) | Q(stored__excluded=False))
        .select_related("story", "image")
        .order_by(
            F("stored__pinned").desc(nulls_last=True),
            F("stored__rank").asc(nulls_last=True),
            "-same_story",
            "-first_published_at",
            "-pk",
        )
    )
    return related[:limit]
