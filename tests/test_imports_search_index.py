"""Wagtail's search index of an import's articles and pictures is written in
large chunks after storing (``search.bulk``): nothing is missed, nothing rolled
back is indexed, and a run that died before the write is completed by the
next."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from wagtail.search.models import IndexEntry

from gazette.articles.models import ArticlePage
from gazette.core.models import GazetteImage
from gazette.imports import wordpress_batches, wordpress_services
from gazette.imports.services import import_wordpress
from gazette.links.models import ShortLink
from gazette.search import bulk

BENCH = Path(__file__).resolve().parents[1] / "bench" / "import.py"


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A generated export of 24 posts with pictures (bench/import.py's)."""
    spec = importlib.util.spec_from_file_location("bench_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_export(24, tmp_path_factory.mktemp("export"))


def _indexed(model) -> set[int]:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    return {
        int(key)
        for key in IndexEntry.objects.filter(content_type=content_type).values_list(
            "object_id", flat=True
        )
    }


def _all_found():
    """Every article and picture is found by Wagtail's admin search."""
    articles = list(ArticlePage.objects.all())
    images = list(GazetteImage.objects.all())
    assert len(articles) == 24 and images
    assert _indexed(ArticlePage) == {a.pk for a in articles}
    assert _indexed(GazetteImage) == {i.pk for i in images}
    for article in articles:
        assert article in ArticlePage.objects.search(article.title), article.title
    for image in images:
        assert image in GazetteImage.objects.search(image.title), image.title


@pytest.mark.django_db
def test_the_deferred_index_misses_no_article_or_picture(home, export, monkeypatch):
    """Written in chunks of 3, when 7 wait and at the end of storing: every
    article and picture is in the index and found by the admin's search, and
    no write happened while a batch was stored."""
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    monkeypatch.setattr(bulk, "FLUSH_AT", 7)
    monkeypatch.setattr(bulk, "CHUNK", 3)
    writes: list[tuple[str, int]] = []
    real = bulk.write

    def spy(backends, model, objects, **options):
        writes.append((model.__name__, len(objects)))
        return real(backends, model, objects, **options)

    monkeypatch.setattr(bulk, "write", spy)
    flushes: list[list[bool] | None] = []
    real_flush = bulk.flush

    def spy_flush():
        flushes.append([])
        try:
            return real_flush()
        finally:
            flushes.append(None)

    monkeypatch.setattr(bulk, "flush", spy_flush)
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresIndex

        real_refresh = PostgresIndex._refresh_title_norms

        def spy_refresh(index, full=False):
            # Those of the flushes only (Wagtail's own writes refresh too).
            if flushes and flushes[-1] is not None:
                flushes[-1].append(full)
            return real_refresh(index, full)

        monkeypatch.setattr(PostgresIndex, "_refresh_title_norms", spy_refresh)
    direct = []
    real_insert = bulk._postgres_insert

    def spy_insert(index, backend, model, objects):
        direct.append(model.__name__)
        return real_insert(index, backend, model, objects)

    monkeypatch.setattr(bulk, "_postgres_insert", spy_insert)
    path, media = export
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    _all_found()
    article_writes = [n for name, n in writes if name == "ArticlePage"]
    assert sum(article_writes) == 24
    assert max(article_writes) <= 3
    # On PostgreSQL, the backend's statement built directly (same rows:
    # tests/test_imports_batch.py compares them with Wagtail's own).
    assert ("ArticlePage" in direct) == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        # The title norms (a read of the whole index table) once a flush of
        # several chunks, not once a chunk.
        done = [calls for calls in flushes if calls is not None]
        assert len(done) >= 2 and len(writes) > len(done)
        assert all(calls in ([], [False]) for calls in done)
        assert sum(len(calls) for calls in done) >= 2


@pytest.mark.django_db
def test_a_batch_rolled_back_leaves_no_index_rows(home, export, monkeypatch):
    """A batch whose articles were stored, deferred and then rolled back (a
    later step failed) is stored again item by item: the deferred rows of the
    rolled-back pages are not written."""
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    real = wordpress_batches.add_redirects
    calls = []

    def fail_second(entries):
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("no redirects today")
        return real(entries)

    monkeypatch.setattr(wordpress_batches, "add_redirects", fail_second)
    path, media = export
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    _all_found()


class Stop(BaseException):
    """A crash: not an error an import reports and goes on from."""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_that_died_before_the_index_is_completed_by_the_next(
    home, export, monkeypatch
):
    """Stopped after storing two batches, before the deferred write: those
    articles and pictures have no index rows and no short link; the next run
    indexes them with the rest."""
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    real = wordpress_services.WordPressImport._store_batch
    batches = []

    def crash_on_third(run, queued):
        batches.append(len(queued))
        if len(batches) == 3:
            raise Stop
        return real(run, queued)

    monkeypatch.setattr(
        wordpress_services.WordPressImport, "_store_batch", crash_on_third
    )
    path, media = export
    with pytest.raises(Stop):
        import_wordpress(path, media_dir=media)
    assert ArticlePage.objects.count() == 10
    assert not _indexed(ArticlePage) and not _indexed(GazetteImage)
    assert GazetteImage.objects.exists() and not ShortLink.objects.exists()
    monkeypatch.setattr(wordpress_services.WordPressImport, "_store_batch", real)
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    _all_found()
