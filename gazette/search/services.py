"""Every write to the search table: one article after a save, or the whole archive.

The signal handlers call ``article_changed`` after every save of an article
(publish, edit, withdrawal, a move), which indexes it at once, or, inside
``deferred_indexing()`` (an import), notes it and indexes every noted article
in one pass at the end. ``rebuild_index`` (``gazette rebuild_search_index``)
fills the table for articles written without saving pages, such as
``gazette generate_newsroom`` makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from wagtail.models import Locale

from gazette.articles.models import ArticlePage, SectionPage

from . import fulltext
from .models import ArticleSearchDocument
from .snippets import body_text

# The article fields a search row is made from; a save of other fields only
# (a comment count, a draft's revision pointer) leaves the row as it is.
INDEXED_FIELDS = frozenset(
    {"title", "lede", "body", "story", "story_id", "first_published_at", "live"}
    | {"path", "depth", "url_path", "locale", "locale_id"}
)
BATCH = 2000
_COLUMNS = (
    "pk",
    "title",
    "lede",
    "body",
    "path",
    "story_id",
    "first_published_at",
    "locale_id",
)


def needs_index(update_fields: Iterable[str] | None) -> bool:
    """Return whether a save of ``update_fields`` (None: all) can change a row."""
    return update_fields is None or bool(INDEXED_FIELDS & set(update_fields))


def _sections() -> dict[str, int]:
    return dict(SectionPage.objects.values_list("path", "pk"))


def _configs() -> dict[int, str]:
    """Return each edition's text search configuration, by its key."""
    return {
        pk: fulltext.config_for(code)
        for pk, code in Locale.objects.values_list("pk", "language_code")
    }


def _documents(rows: Iterable[tuple], sections: dict[str, int]):
    configs = _configs()
    for pk, title, lede, body, path, story_id, published_at, locale_id in rows:
        yield ArticleSearchDocument(
            article_id=pk,
            locale_id=locale_id,
            config=configs[locale_id],
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
            "locale",
            "config",
            "section",
            "path",
            "story",
            "published_at",
            "title",
            "lede",
            "body",
        ],
    )


def add_documents(rows: Iterable[tuple]) -> int:
    """Write the search rows of articles just written in bulk, none indexed
    yet; return how many.

    For writers that hold the articles' fields already (``gazette
    generate_newsroom``): ``rows`` are tuples of ``_COLUMNS`` (the body as its
    raw StreamField data), so nothing is read back. On PostgreSQL the rows go
    in by ``COPY`` and the database computes each vector; elsewhere by a bulk
    insert. Run it inside the transaction that wrote the articles.
    """
    documents = list(_documents(rows, _sections()))
    if not documents:
        return 0
    if connection.vendor != "postgresql":
        _write(documents)
        return len(documents)
    # The vector is no model field: the database generates it.
    fields = ArticleSearchDocument._meta.local_concrete_fields
    quote = connection.ops.quote_name
    # Concrete fields always have a column.
    columns = ", ".join(quote(str(field.column)) for field in fields)
    table = quote(ArticleSearchDocument._meta.db_table)
    # Django's cursor wraps psycopg's, whose copy() this uses.
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for document in documents:
            copy.write_row([getattr(document, f.attname) for f in fields])
    return len(documents)


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
    """Write the search rows of these articles and drop the rows of those no
    longer live; return how many are indexed.

    In batches of ``BATCH``, each its own transaction: per batch one read of
    the articles, one upsert and one delete, whatever the batch's size.
    """
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    live = ArticlePage.objects.live().filter(first_published_at__isnull=False)
    sections = _sections()
    indexed = 0
    for batch in _batches(ids):
        with transaction.atomic():
            rows = list(live.filter(pk__in=batch).values_list(*_COLUMNS))
            if rows:
                _write(list(_documents(rows, sections)))
            kept = {row[0] for row in rows}
            gone = [pk for pk in batch if pk not in kept]
            if gone:
                ArticleSearchDocument.objects.filter(article_id__in=gone).delete()
        indexed += len(rows)
    return indexed


# The articles saved inside ``deferred_indexing()`` in this thread (or task),
# None outside it.
_deferred: ContextVar[set[int] | None] = ContextVar("search_deferred", default=None)


def article_changed(article_id: int) -> None:
    """Index article ``article_id`` now, or at the end of ``deferred_indexing()``."""
    touched = _deferred.get()
    if touched is None:
        index_article(article_id)
    else:
        touched.add(article_id)


def articles_changed(article_ids: Iterable[int]) -> None:
    """Index these articles now, or at the end of ``deferred_indexing()``."""
    touched = _deferred.get()
    if touched is None:
        index_articles(article_ids)
    else:
        touched.update(article_ids)


@contextmanager
def deferred_indexing() -> Iterator[set[int]]:
    """Index the articles saved inside this block once, in bulk, at its end.

    For imports and other writers of many articles: a save inside the block
    is noted rather than indexed, and on leaving it every noted article is
    indexed in one pass (``index_articles``: three statements a batch of
    2,000). The state is a context variable, so other threads and requests
    keep indexing as they save. Nested blocks leave the work to the
    outermost one. Yields the set of noted article keys.

    On an exception the articles are indexed as the database holds them
    (what was rolled back is not), then the exception goes on; if the block
    ends inside a transaction that is already doomed to roll back, nothing
    it noted will remain, and the rows are left as they are.
    """
    if _deferred.get() is not None:
        yield _deferred.get()  # type: ignore[misc]
        return
    touched: set[int] = set()
    token = _deferred.set(touched)
    try:
        yield touched
    finally:
        _deferred.reset(token)
        if touched and not (connection.in_atomic_block and connection.needs_rollback):
            index_articles(touched)
            fulltext.forget_cutoffs()


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
