"""Every write to the search table: one article after a save, or the whole archive.

The signal handlers call ``index_article`` after every save of an article
(publish, edit, withdrawal, a move); ``rebuild_index`` (``gazette
rebuild_search_index``) fills the table for articles written without saving
pages, such as ``gazette generate_newsroom`` makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import transaction

from gazette.articles.models import ArticlePage, SectionPage

from . import fulltext
from .models import ArticleSearchDocument
from .snippets import body_text

# The article fields a search row is made from; a save of other fields only
# (a comment count, a draft's revision pointer) leaves the row as it is.
INDEXED_FIELDS = frozenset(
    {"title", "lede", "body", "story", "story_id", "first_published_at", "live"}
    | {"path", "depth", "url_path"}
)
BATCH = 2000
_COLUMNS = ("pk", "title", "lede", "body", "path", "story_id", "first_published_at")


def needs_index(update_fields: Iterable[str] | None) -> bool:
    """Return whether a save of ``update_fields`` (None: all) can change a row."""
    return update_fields is None or bool(INDEXED_FIELDS & set(update_fields))


def _sections() -> dict[str, int]:
    return dict(SectionPage.objects.values_list("path", "pk"))


def _documents(rows: Iterable[tuple], sections: dict[str, int]):
    for pk, title, lede, body, path, story_id, published_at in rows:
        yield ArticleSearchDocument(
            article_id=pk,
            section_id=sections.get(path[: -ArticlePage.steplen]),
            path=path,
            story_id=story_id,
            published_at=published_at,
            title=title,
            lede=lede or "",
            body=body_text(getattr(body, "raw_data", body) or []),
        )


def _write(documents: Sequence[ArticleSearchDocument]) -> None:
    ArticleSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=[
            "section",
            "path",
            "story",
            "published_at",
            "title",
            "lede",
            "body",
        ],
    )


@transaction.atomic
def index_article(article_id: int) -> bool:
    """Write the search row of article ``article_id`` as it stands; return
    whether it has one (live and published) or was removed."""
    rows = list(
        ArticlePage.objects.live()
        .filter(pk=article_id, first_published_at__isnull=False)
        .values_list(*_COLUMNS)
    )
    if not rows:
        ArticleSearchDocument.objects.filter(article_id=article_id).delete()
        return False
    _write(list(_documents(rows, _sections())))
    return True


def index_articles(article_ids: Iterable[int]) -> int:
    """Write the search rows of these articles; return how many are indexed."""
    return sum(index_article(pk) for pk in article_ids)


def _batches(ids: Sequence[int], size: int = BATCH) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rebuild_index(progress: Callable[[int, int], None] | None = None) -> int:
    """Write a row for every live article and drop the rows of the others.

    Rows are written in batches of ``BATCH``, each its own transaction, so a
    search during a rebuild finds every article indexed before it began.
    Return how many articles are indexed.
    """
    live = ArticlePage.objects.live().filter(first_published_at__isnull=False)
    ids = list(live.order_by("pk").values_list("pk", flat=True))
    sections = _sections()
    done = 0
    for batch in _batches(ids):
        rows = live.filter(pk__in=batch).values_list(*_COLUMNS)
        with transaction.atomic():
            _write(list(_documents(rows, sections)))
        done += len(batch)
        if progress is not None:
            progress(done, len(ids))
    with transaction.atomic():
        ArticleSearchDocument.objects.exclude(article__in=live.values("pk")).delete()
    fulltext.forget_cutoffs()
    return len(ids)
