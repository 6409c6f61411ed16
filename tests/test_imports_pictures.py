"""A batch's new pictures are inserted together, and still behave as if each
was stored with its post: every reference resolved, none left by a post that
failed, the same picture reused by a later post stored at once."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazette.articles.models import ArticlePage
from gazette.core.models import GazetteImage
from gazette.imports import wordpress_services, wxr
from gazette.imports.models import ImportedItem
from gazette.imports.services import import_wordpress
from gazette.imports.wordpress_survey import _survey

BENCH = Path(__file__).resolve().parents[1] / "bench" / "import.py"


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """bench/import.py's export of 24 posts: a featured picture each, shown
    inline too in every third."""
    spec = importlib.util.spec_from_file_location("bench_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_export(24, tmp_path_factory.mktemp("export"))


def _image_inserts(queries) -> int:
    table = GazetteImage._meta.db_table
    return sum(
        1
        for query in queries
        if query["sql"].lstrip().upper().startswith(f'INSERT INTO "{table}"'.upper())
    )


def _body_images(article: ArticlePage) -> list[int]:
    return [b.value["image"].pk for b in article.body if b.block_type == "image"]


@pytest.mark.django_db
def test_a_batch_s_pictures_are_inserted_together_and_referenced(
    home, export, monkeypatch
):
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
    with CaptureQueriesContext(connection) as queries:
        report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    stored = GazetteImage.objects.count()
    # One featured picture a post, shown again inline in every third.
    assert stored == report.created["image"] == 24
    # 24 posts in batches of 5: five inserts, not one per picture.
    assert _image_inserts(queries.captured_queries) == 5
    records = ImportedItem.objects.filter(kind="attachment")
    assert set(records.values_list("object_id", flat=True)) == set(
        GazetteImage.objects.values_list("pk", flat=True)
    )
    inline = 0
    for article in ArticlePage.objects.live():
        assert article.image is not None
        assert records.filter(object_id=article.image.pk).exists()
        inline += len(_body_images(article))
        assert set(_body_images(article)) <= {article.image.pk}
    assert inline == 8


@pytest.mark.django_db
def test_a_post_failing_before_its_batch_leaves_no_picture(home, export, monkeypatch):
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    real = wordpress_services.WordPressImport._section_for
    seen = []

    def fail_the_third(self, item):
        seen.append(item.post_id)
        if len(seen) == 3:
            raise RuntimeError("no section for this one")
        return real(self, item)

    monkeypatch.setattr(
        wordpress_services.WordPressImport, "_section_for", fail_the_third
    )
    path, media = export
    report = import_wordpress(path, media_dir=media)
    assert report.failed == {"post": 1}
    failed = seen[2]
    assert ArticlePage.objects.live().count() == 23
    # Its featured picture was its own: neither stored nor recorded.
    own = str(1_000_000 + int(failed))
    assert not ImportedItem.objects.filter(kind="attachment", source_id=own).exists()
    assert (
        GazetteImage.objects.count()
        == ImportedItem.objects.filter(kind="attachment").count()
    )
    for article in ArticlePage.objects.live():
        assert GazetteImage.objects.filter(pk=article.image_id).exists()


@pytest.mark.django_db
def test_a_waiting_picture_used_outside_a_batch_is_stored_first(home, export):
    path, media = export
    run = wordpress_services.WordPressImport(
        path, media_dir=media, section_map={}, dry_run=False, progress=print
    )
    run.survey = _survey(path)
    run.source = "wordpress:test"
    item = next(
        r
        for r in wxr.read_wxr(path)
        if isinstance(r, wxr.WxrItem) and r.post_type == wxr.POST
    )
    run.deferring = True
    waiting = run._image(item.thumbnail_id, "", item)
    assert waiting is not None and waiting.pk is None
    assert run.waiting == [waiting]
    run.deferring = False
    # A draft, a page or an update needs the picture's key at once.
    again = run._image(item.thumbnail_id, "", item)
    assert again is waiting and again.pk is not None
    assert GazetteImage.objects.filter(pk=again.pk).exists()
    assert run.waiting == []


@pytest.mark.django_db
def test_inserted_pictures_are_stored_as_save_would_without_measuring_again(
    home, export, monkeypatch, settings, tmp_path
):
    """``insert_images`` commits each file under the name ``save()`` gives it,
    with its measured size, and never opens the stored file to measure it."""
    from django.core.files import images as django_images

    from gazette.imports import media

    settings.MEDIA_ROOT = str(tmp_path)
    _, folder = export
    path = next(p for p in Path(folder).rglob("*") if p.is_file())
    saved = media.new_image(path, title="saved", alt="an alt")
    saved.save()
    inserted = media.new_image(path, title="inserted", alt="an alt")

    def measured(*args, **kwargs):
        raise AssertionError("the stored file was opened to measure it")

    monkeypatch.setattr(django_images, "get_image_dimensions", measured)
    media.insert_images([inserted])
    inserted.refresh_from_db()
    saved.refresh_from_db()
    assert inserted.pk and inserted.file.name != saved.file.name
    assert inserted.file.name.startswith("original_images/")
    assert Path(inserted.file.path).read_bytes() == path.read_bytes()
    assert (inserted.width, inserted.height) == (saved.width, saved.height) > (0, 0)
    assert inserted.file_size == saved.file_size == path.stat().st_size
    assert inserted.file_hash == saved.file_hash
