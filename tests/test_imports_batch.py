"""New published posts are stored in batches (``articles.create_articles``) and
threaded together (``stories.batch``): an editor finds them exactly as if they
had been typed in, and a run stopped in the middle is completed by the next."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageLogEntry, Revision

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, SectionPage
from gazette.imports import wordpress_services
from gazette.imports.models import ImportedItem
from gazette.imports.services import import_wordpress
from gazette.links.models import ShortLink
from gazette.search.models import ArticleSearchDocument
from gazette.stories import batch as stories_batch
from gazette.stories.models import RelatedArticle, Story, ThreadingDecision

BENCH = Path(__file__).resolve().parents[1] / "bench" / "import.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_import", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A generated WordPress export of 24 posts (6 sections, stories, comments,
    pictures), as bench/import.py writes it."""
    folder = tmp_path_factory.mktemp("export")
    return _bench().write_export(24, folder)


def _check_tree():
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    for section in SectionPage.objects.all():
        assert section.numchild == Page.objects.child_of(section).count()


@pytest.mark.django_db
def test_a_batch_is_what_an_editor_would_have_made(home, export, client, monkeypatch):
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    assert report.created["post"] == 24
    live = ArticlePage.objects.live()
    assert live.count() == 24
    _check_tree()
    # Dates from the archive, in one save: no publish "now".
    article = live.order_by("pk").first()
    record = ImportedItem.objects.get(kind="post", object_id=article.pk)
    assert article.first_published_at.isoformat() == record.data["date"]
    assert article.last_published_at >= article.first_published_at
    assert article.live_revision_id == article.latest_revision_id
    assert not article.has_unpublished_changes
    revision = Revision.objects.get(pk=article.live_revision_id)
    assert revision.content["title"] == article.title
    assert revision.as_object().lede == article.lede
    actions = set(
        PageLogEntry.objects.filter(page=article).values_list("action", flat=True)
    )
    assert {"wagtail.create", "wagtail.edit", "wagtail.publish"} <= actions
    assert [a.author.slug for a in article.article_authors.all()]
    # Threaded in publication order, with related lists, short links, search.
    assert live.filter(story__isnull=True).count() == 0
    assert ThreadingDecision.objects.filter(article_id__in=live).count() == 24
    assert Story.objects.filter(article_count__gt=0).count() == Story.objects.count()
    assert ShortLink.objects.filter(page__in=live).count() == 24
    assert ArticleSearchDocument.objects.count() == 24
    assert RelatedArticle.objects.exists()
    for row in RelatedArticle.objects.select_related("article", "related"):
        # Ranked among what was published before it, as at the time.
        assert row.related.first_published_at <= row.article.first_published_at
    # The reader's page, search, feeds and sitemaps, and the admin's tree,
    # edit view and history.
    assert client.get(article.url).status_code == 200
    section = article.get_parent()
    found = client.get("/search/", {"q": article.title}).content.decode()
    assert article.url in found
    feed = client.get(f"/feeds/section/{section.slug}/rss/").content.decode()
    assert article.full_url in feed or article.url in feed
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert article.url in sitemap or article.full_url in sitemap
    admin = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    listing = client.get(f"/admin/pages/{section.pk}/")
    assert listing.status_code == 200 and article.title in listing.content.decode()
    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{article.pk}/history/").status_code == 200
    # An editor's change is published as any other.
    article = article.specific
    first = article.first_published_at
    article.title = "Corrected headline"
    article.save_revision(user=admin).publish(user=admin)
    article.refresh_from_db()
    assert article.title == "Corrected headline" and article.first_published_at == first
    assert client.get(article.url).status_code == 200


@pytest.mark.django_db
def test_running_again_changes_nothing(home, export, monkeypatch):
    monkeypatch.setattr(wordpress_services, "BATCH", 7)
    path, media = export
    import_wordpress(path, media_dir=media)
    again = import_wordpress(path, media_dir=media)
    assert again.ok and not again.created.get("post"), again.summary()
    assert again.unchanged["post"] == 24
    assert ArticlePage.objects.count() == 24
    assert ShortLink.objects.count() == 24


@pytest.mark.django_db
def test_a_batch_s_comments_references_and_admin_search(home, export, monkeypatch):
    """Comments stored for a whole batch at once keep their threads, statuses,
    commenters and records; pictures and articles are in Wagtail's reference
    index (the image's usage) and its admin search, as if saved one by one."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backend

    from gazette.core.models import GazetteImage
    from gazette.discussion.models import Comment, CommentStatus
    from gazette.imports.models import ImportedCommentAuthor

    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    comments = Comment.objects.all()
    assert comments.count() == report.created["comment"] > 0
    assert ImportedItem.objects.filter(kind="comment").count() == comments.count()
    assert ImportedCommentAuthor.objects.count() == comments.count()
    assert comments.filter(status=CommentStatus.HELD).exists()
    replies = comments.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.parent_id is None
        assert reply.parent.article_id == reply.article_id
    for article in ArticlePage.objects.all():
        published = comments.filter(article=article, status=CommentStatus.PUBLISHED)
        assert article.comment_count == published.count()
    image = GazetteImage.objects.order_by("pk").first()
    users = {ref.object_id for ref in ReferenceIndex.get_references_to(image)}
    assert str(ArticlePage.objects.get(image=image).pk) in users
    assert ReferenceIndex.get_references_for_object(image).exists()
    assert image in GazetteImage.objects.search(image.title)
    article = ArticlePage.objects.order_by("pk").first()
    assert article in ArticlePage.objects.search(article.title)
    # Stories made while threading, in Wagtail's search (the snippet chooser).
    story = Story.objects.order_by("pk").first()
    found = get_search_backend().search(story.title, Story.objects.all())
    assert story.slug and story in list(found)


@pytest.mark.django_db
def test_the_search_index_is_what_wagtail_writes(home, export, monkeypatch):
    """Articles, pictures and stories indexed with their fields read once
    (``articles.add_to_search_index``) have the index rows Wagtail's own
    indexing gives them."""
    from wagtail.search.backends import get_search_backends
    from wagtail.search.models import IndexEntry

    from gazette.core.models import GazetteImage

    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
    assert import_wordpress(path, media_dir=media).ok

    def rows():
        # Not PostgreSQL's title_norm: the average title length of the whole
        # index when the row was written, whichever way it is written.
        return [
            {key: str(value) for key, value in row.items() if key != "title_norm"}
            for row in IndexEntry.objects.order_by("pk").values()
        ]

    ours = rows()
    assert len(ours) >= 24 + 24 + Story.objects.count()
    for model in (ArticlePage, GazetteImage, Story):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, list(model.objects.all()))
    assert rows() == ours


class Stop(BaseException):
    """A crash: not an error an import reports and goes on from."""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_stopped_mid_batch_is_completed_by_the_next(home, export, monkeypatch):
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
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
    with pytest.raises(Stop):
        import_wordpress(path, media_dir=media)
    stored = ArticlePage.objects.count()
    assert stored == 10  # the two batches before the crash, whole
    assert not ShortLink.objects.exists()  # threading comes after storing
    _check_tree()
    monkeypatch.setattr(wordpress_services.WordPressImport, "_store_batch", real)
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    assert report.unchanged["post"] == stored
    live = ArticlePage.objects.live()
    assert live.count() == 24 == ArticlePage.objects.count()
    assert ShortLink.objects.filter(page__in=live).count() == 24
    assert live.filter(story__isnull=True).count() == 0
    assert ArticleSearchDocument.objects.count() == 24
    _check_tree()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_stopped_while_threading_is_completed_by_the_next(
    home, export, monkeypatch
):
    path, media = export
    real = stories_batch.thread_imported_articles

    def crash(ids, digests=None):
        raise Stop

    monkeypatch.setattr(stories_batch, "thread_imported_articles", crash)
    with pytest.raises(Stop):
        import_wordpress(path, media_dir=media)
    assert ArticlePage.objects.live().count() == 24
    assert not ThreadingDecision.objects.exists() and not ShortLink.objects.exists()
    monkeypatch.setattr(stories_batch, "thread_imported_articles", real)
    report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    assert ShortLink.objects.count() == 24
    assert ThreadingDecision.objects.count() == 24
    assert ArticlePage.objects.live().filter(story__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_failing_batch_is_stored_item_by_item(
    home, export, monkeypatch, django_capture_on_commit_callbacks
):
    path, media = export

    def refuse(section, new, **kwargs):
        raise ValueError("no batch today")

    monkeypatch.setattr(articles, "create_articles", refuse)
    # One by one, each article is published, and threaded once that commits.
    with django_capture_on_commit_callbacks(execute=True):
        report = import_wordpress(path, media_dir=media)
    assert report.ok, report.messages
    assert ArticlePage.objects.live().count() == 24
    assert ArticlePage.objects.filter(story__isnull=True).count() == 0
    _check_tree()


@pytest.mark.django_db
def test_create_articles_after_existing_children(section):
    existing = articles.create_article(
        section, title="Harbour", slug="harbour", lede="A lede.", body=[]
    )
    when = datetime.datetime(2024, 5, 1, 8, tzinfo=datetime.UTC)
    pages = articles.create_articles(
        section,
        [
            articles.NewArticle(
                title=f"Harbour {n}",
                lede="A lede.",
                body=[{"type": "paragraph", "value": "<p>Words.</p>"}],
                slug="harbour",
                published_at=when + datetime.timedelta(hours=n),
            )
            for n in range(3)
        ]
        + [articles.NewArticle(title="Draft", lede="A lede.", body=[], slug="draft")],
    )
    assert [p.slug for p in pages] == ["harbour-2", "harbour-3", "harbour-4", "draft"]
    paths = [existing.path, *(p.path for p in pages)]
    assert paths == sorted(paths) and len(set(paths)) == 5
    _check_tree()
    fresh = ArticlePage.objects.get(pk=pages[0].pk)
    assert fresh.live and fresh.first_published_at == when
    assert fresh.url_path == f"{section.url_path}harbour-2/"
    draft = ArticlePage.objects.get(pk=pages[3].pk)
    assert not draft.live and draft.has_unpublished_changes
    assert draft.live_revision_id is None and draft.latest_revision_id
    # Wagtail's own next child goes after them.
    later = articles.create_article(section, title="Later", lede="A lede.", body=[])
    assert later.path > pages[-1].path
    _check_tree()


@pytest.mark.django_db
def test_create_articles_asks_no_more_of_the_database_for_more_articles(
    section, author, picture
):
    """Storing a batch costs the same queries for 2 articles as for 6 (no
    question per article: bylines, lead pictures, editors' comments are
    known; a picture inside a body is still read to index the body's words)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    when = datetime.datetime(2024, 5, 1, 8, tzinfo=datetime.UTC)

    def batch(n, name):
        return [
            articles.NewArticle(
                title=f"{name} {i}",
                lede="A lede.",
                body=[{"type": "paragraph", "value": "<p>Words.</p>"}],
                slug=f"{name}-{i}",
                authors=[author],
                image=picture,
                published_at=when + datetime.timedelta(hours=i),
            )
            for i in range(n)
        ]

    articles.create_articles(section, batch(1, "warm"))
    counts = []
    for n, name in ((2, "small"), (6, "large")):
        with CaptureQueriesContext(connection) as queries:
            articles.create_articles(section, batch(n, name))
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    revision = Revision.objects.filter(object_id=str(ArticlePage.objects.last().pk))
    assert revision.get().content["wagtail_admin_comments"] == []


@pytest.mark.django_db
def test_the_story_chosen_is_in_every_revision_since_the_live_one(
    home, export, monkeypatch
):
    """Placing a batch's articles writes the story into their revisions (on
    PostgreSQL in one statement, elsewhere revision by revision), so that the
    next edit of an imported article keeps its story."""
    monkeypatch.setattr(wordpress_services, "BATCH", 5)
    path, media = export
    assert import_wordpress(path, media_dir=media).ok
    live = ArticlePage.objects.live()
    assert live.filter(story__isnull=False).count() == 24
    for article in live:
        revisions = Revision.objects.filter(
            content_type_id=article.content_type_id,
            object_id=str(article.pk),
            pk__gte=article.live_revision_id,
        )
        assert revisions.exists()
        assert {r.content["story"] for r in revisions} == {article.story_id}


@pytest.mark.django_db
def test_an_import_binds_parameters_on_the_server_for_its_run_only(
    home, export, monkeypatch
):
    """On PostgreSQL the run's queries carry their parameters apart from the
    SQL (Django's ServerBindingCursor), never prepared; the connection is
    given back as it was."""
    from django.db import connection

    from gazette.imports import batch_publish

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the other databases bind on the server")
    from psycopg.adapt import PyFormat

    connection.ensure_connection()
    raw = connection.connection
    before = raw.cursor_factory, raw.prepare_threshold
    lists = raw.adapters.get_dumper(list, PyFormat.AUTO)
    seen = []
    real = batch_publish.finish_published

    def spy(ids):
        seen.append((raw.cursor_factory.__name__, raw.prepare_threshold))
        seen.append(raw.adapters.get_dumper(list, PyFormat.AUTO).__name__)
        return real(ids)

    monkeypatch.setattr(batch_publish, "finish_published", spy)
    path, media = export
    assert import_wordpress(path, media_dir=media).ok
    assert seen and set(seen) == {("ServerBindingCursor", None), "FastListDumper"}
    assert (raw.cursor_factory, raw.prepare_threshold) == before
    assert raw.adapters.get_dumper(list, PyFormat.AUTO) is lists


LISTS = [
    ["a", 'b"c', "d\\e", "", None, "NULL", "null", "x y", "{}", "a,b", "é\u2028"],
    [["1", "2"], ["3", None]],
    [[1, 2], [3, None]],
    [],
    [None],
    [1, -2, 3],
    [datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), None],
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", LISTS + ["json"])
def test_the_run_s_list_dumper_sends_what_psycopg_s_does(value):
    """The import's dumper of lists (``UNNEST`` arrays) writes psycopg's text
    byte for byte, and the server reads back the values sent."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from psycopg.adapt import PyFormat, Transformer
    from psycopg.types.array import ListDumper
    from psycopg.types.json import Jsonb

    from gazette.imports.reporting import _list_dumper

    if value == "json":
        content = {"title": 'a "b" \\ c', "body": [{"type": "p", "value": "<p>x</p>"}]}
        value = [Jsonb(content), Jsonb({"é": "\u3000"}), None]
    connection.ensure_connection()
    tx = Transformer(connection.connection)
    psycopg_s = ListDumper(list, tx).upgrade(value, PyFormat.TEXT).dump(value)
    ours = _list_dumper()(list, tx).upgrade(value, PyFormat.TEXT).dump(value)
    assert bytes(ours) == bytes(psycopg_s)
    if value and isinstance(value[0], str):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::text[]", [value])
            assert cursor.fetchone()[0] == value
