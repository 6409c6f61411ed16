"""Wagtail's own search index written in large chunks during an import.

Inside ``deferred_search_index()``, ``articles.services.add_to_search_index``
does not write: it reads each object's search fields (their values, not the
object) and keeps them; they are written ``CHUNK`` objects an insert, when
``FLUSH_AT`` wait at the end of a batch (``flush_if_due``) and when the block
ends. The PostgreSQL backend recomputes its title norms over the whole index
table after each write: once a flush instead of once a batch of articles and
once a batch of pictures (or once a chunk).

The rows are those an immediate write makes (the same fields, read at the
same moment), but for ``title_norm``, which the backend derives from the
table's average title length when it writes: computed once a flush, not
once a batch.

An object rolled back after it was deferred (its batch failed) is left out
when the chunk is written. Entries still waiting when the process dies are
lost: the import's next run finds the articles (live, no short link yet) and
indexes those without an index entry, with the source's pictures
(``index_missing``); ``gazette update_index`` rebuilds the whole index too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

CHUNK = 1000
FLUSH_AT = 2000

_waiting: ContextVar[dict[Any, dict[Any, Any]] | None] = ContextVar(
    "gazette_deferred_search_index", default=None
)


class _Read:
    """An object's key and its search fields with their values read: all the
    database backends' indexers ask of an object."""

    __slots__ = ("pk", "fields")

    def __init__(self, pk: Any, fields: list[Any]) -> None:
        self.pk = pk
        self.fields = fields

    def get_search_fields(self) -> list[Any]:
        return list(self.fields)


@contextmanager
def deferred_search_index() -> Iterator[None]:
    """Defer Wagtail's search index writes of ``add_to_search_index`` until
    ``FLUSH_AT`` objects wait or the block ends (written then; dropped if the
    block raises, see the module's note)."""
    if _waiting.get() is not None:
        yield
        return
    token = _waiting.set({})
    try:
        yield
        flush()
    finally:
        _waiting.reset(token)


def defer(model: Any, objects: Sequence[Any], read: Any) -> bool:
    """Keep ``objects``' search fields (``read(obj)`` gives them) for a later
    write (``flush_if_due``, the block's end), if a deferral is on; return
    whether it was."""
    waiting = _waiting.get()
    if waiting is None:
        return False
    rows = waiting.setdefault(model, {})
    for obj in objects:
        rows[obj.pk] = _Read(obj.pk, read(obj))
    return True


def flush_if_due() -> None:
    """Write what waits if ``FLUSH_AT`` objects do. Called by the importer
    between batches, outside their transactions: a write inside a batch's
    transaction would be rolled back with it, taking earlier batches' rows."""
    waiting = _waiting.get()
    if waiting and sum(len(rows) for rows in waiting.values()) >= FLUSH_AT:
        flush()


def flush() -> None:
    """Write what waits, ``CHUNK`` objects an insert per model, leaving out the
    objects that no longer exist (rolled back with their batch)."""
    from wagtail.search.backends import get_search_backends

    waiting = _waiting.get()
    if not waiting:
        return
    models = list(waiting.items())
    waiting.clear()
    backends = list(get_search_backends(with_auto_update=True))
    written: dict[Any, Any] = {}
    for model, rows in models:
        keys = list(rows)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            alive = set(
                model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
            )
            objects = [rows[k] for k in chunk if k in alive]
            if not objects:
                continue
            for index in write(backends, model, objects, refresh=False):
                written.setdefault(index.write_connection.alias, index)
    # The title norms of the whole table, once a flush (each refresh reads
    # every row of the index: once a chunk, a long import's writes grew
    # with the square of its size).
    for index in written.values():
        index._refresh_title_norms()


def write(
    backends: Sequence[Any],
    model: Any,
    objects: Sequence[Any],
    *,
    refresh: bool = True,
) -> list[Any]:
    """Write ``objects`` (one model) to each backend's index, in one insert.

    Return the PostgreSQL indexes written, whose title norms are refreshed
    (over the whole table, as the backend does after a write) unless
    ``refresh`` is false: the caller then refreshes them once for many writes.

    For the PostgreSQL backend, the statement its ``add_items`` builds,
    written here from each object's texts without building and compiling
    three Django expressions of search vectors per object (most of its time);
    other backends write it themselves. The rows are the same (tested
    against Wagtail's own writing in ``tests/test_imports_batch.py``).
    """
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    written = []
    for backend in backends:
        index = backend.get_index_for_model(model)
        if type(index) is PostgresIndex and model.get_search_fields():
            if _postgres_insert(index, backend, model, objects):
                written.append(index)
                if refresh:
                    index._refresh_title_norms()
        else:
            backend.add_bulk(model, objects)
    return written


def _postgres_insert(index: Any, backend: Any, model: Any, objects: Any) -> bool:
    """``PostgresIndex.add_items``: the same statement, built directly, but
    for the title norms' refresh (``write``); return whether a row was."""
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        ObjectIndexer,
    )
    from modelsearch.index import AutocompleteField, SearchField
    from modelsearch.utils import balanced_reduce, get_content_type_pk

    content_type = get_content_type_pk(model)
    rows: list[str] = []
    params: list[Any] = []
    for obj in objects:
        indexer = ObjectIndexer(obj, backend)
        title: list[tuple[str, str]] = []
        body: list[tuple[str, str]] = []
        autocomplete: list[tuple[str, str]] = []
        for field in indexer.search_fields:
            for current, weight, value in indexer.prepare_field(obj, field):
                if isinstance(current, SearchField):
                    (title if current.field_name == "title" else body).append(
                        (value, weight)
                    )
                elif isinstance(current, AutocompleteField):
                    autocomplete.append((value, weight))
        params.extend((content_type, indexer.id))
        sql = []
        for texts, config in (
            (title, indexer.config),
            (autocomplete, indexer.autocomplete_config),
            (body, indexer.config),
        ):
            vector_sql, vector_params = _vector(texts, config, balanced_reduce)
            sql.append(vector_sql)
            params.extend(vector_params)
        params.append(" ".join(t.strip() for t, _w in title if t.strip()))
        params.append(" ".join(t.strip() for t, _w in body if t.strip()))
        rows.append(f"(%s, %s, {sql[0]}, {sql[1]}, {sql[2]}, 1.0, %s, %s)")
    if not rows:
        return False
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,  # noqa: E501 - the backend's own statement
            params,
        )
    return True


def _vector(
    texts: list[tuple[str, str]], config: str | None, reduce: Any
) -> tuple[str, list[Any]]:
    """The SQL and parameters Django compiles for the backend's ``as_vector``:
    ``setweight(to_tsvector(config, COALESCE(text, '')), weight)`` per text,
    joined by ``||`` as ``balanced_reduce`` pairs them; an empty vector
    without texts."""
    texts = [(text.strip(), weight) for text, weight in texts]
    texts = [(text, weight) for text, weight in texts if text]
    if not texts:
        return "to_tsvector(COALESCE(%s, %s))", ["", ""]
    parts = []
    for text, weight in texts:
        if config:
            parts.append(
                (
                    "setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)",
                    [config, text, "", weight],
                )
            )
        else:
            parts.append(
                ("setweight(to_tsvector(COALESCE(%s, %s)), %s)", [text, "", weight])
            )
    return reduce(lambda a, b: (f"({a[0]} || {b[0]})", a[1] + b[1]), parts)


def index_missing(model: Any, keys: Sequence[Any]) -> int:
    """Index those of ``model``'s objects ``keys`` that have no entry in
    Wagtail's database search index (left by a run that died before its
    deferred write); return how many."""
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.conf import get_app_config

    from gazette.articles.services import add_to_search_index

    IndexEntry = get_app_config().get_model("IndexEntry")
    keys = list(keys)
    if not keys:
        return 0
    missing = set(keys)
    content_type = ContentType.objects.get_for_model(model)
    for start in range(0, len(keys), CHUNK):
        chunk = [str(k) for k in keys[start : start + CHUNK]]
        indexed = IndexEntry.objects.filter(
            content_type=content_type, object_id__in=chunk
        ).values_list("object_id", flat=True)
        missing -= {int(k) for k in indexed}
    if not missing:
        return 0
    objects = list(model._default_manager.filter(pk__in=missing))
    add_to_search_index(model, objects)
    return len(objects)
