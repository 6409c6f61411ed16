"""`gazette import wordpress`: a WordPress export becomes articles, pages,
authors, sections, images, comments and redirects; again, nothing twice."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage, StandardPage
from gazette.discussion.models import Comment, CommentStatus
from gazette.imports.models import ImportedItem
from gazette.imports.services import ImportError_, import_wordpress

DATA = Path(__file__).parent / "data" / "imports"
MEDIA = DATA / "uploads"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "import"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def _imported_once(django_db_setup, django_db_blocker):
    """Import small.xml once for a class of tests that only read the result.

    Every test still runs in its own savepoint inside this transaction, which
    is rolled back when the class is done.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield import_wordpress(DATA / "small.xml", media_dir=MEDIA)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def imported(_imported_once, db):
    return _imported_once


def _article(slug):
    return ArticlePage.objects.get(slug=slug)


class TestImportedSite:
    """What one import of small.xml made (one import, read by every test)."""

    def test_posts_become_articles_with_their_fields(self, imported):
        assert imported.ok, imported.messages
        ferry = _article("ferry-timetable-changes")
        assert ferry.live and ferry.title == "Ferry timetable changes"
        assert ferry.lede == "Earlier boats, and no late one."
        assert ferry.first_published_at == datetime.datetime(
            2020, 1, 10, 9, tzinfo=datetime.UTC
        )
        assert ferry.last_published_at == datetime.datetime(
            2020, 1, 11, 10, tzinfo=datetime.UTC
        )
        assert [a.name for a in ferry.authors] == ["Mara Quill"]
        assert ferry.get_parent().slug == "port"
        kinds = [block.block_type for block in ferry.body]
        assert kinds[:5] == ["paragraph", "paragraph", "heading", "paragraph", "quote"]
        assert kinds.count("image") == 3  # the caption's picture and the gallery's two

    def test_markup_is_sanitised(self, imported):
        body = str(_article("ferry-timetable-changes").body.raw_data).lower()
        for bad in ("script", "onclick", "onmouseover", "javascript", "steal"):
            assert bad not in body
        assert "https://port.example/notice" in body

    def test_images_carry_caption_credit_and_alt(self, imported):
        ferry = _article("ferry-timetable-changes")
        assert ferry.image.title == "Harbour picture"
        assert ferry.image.caption == "The harbour at dawn."
        assert ferry.image.credit == "Ana Lund"
        assert ferry.image.description == "Boats moored in the harbour"
        captions = [b.value["caption"] for b in ferry.body if b.block_type == "image"]
        assert captions[0] == "Boats wait for the new timetable."
        # The same attachment used three times is stored once.
        assert GazetteImage.objects.count() == 2

    def test_what_could_not_be_kept_is_reported(self, imported):
        text = "\n".join(imported.messages)
        assert "unknown shortcode [poll]" in text
        assert "2019/12/lost.jpg not found in --media" in text
        assert f"{DATA / 'small.xml'}:" in text
        assert any("wp:latest-posts" in note for note in imported.notes)
        assert any("sticky" in note for note in imported.notes)

    def test_authors_are_deduplicated_by_login_and_email(self, imported, home):
        assert sorted(Author.objects.values_list("slug", flat=True)) == [
            "mara",
            "tobias",
        ]
        assert ImportedItem.objects.filter(kind="author").count() == 4

    def test_categories_become_sections(self, imported, home):
        assert set(SectionPage.objects.values_list("slug", flat=True)) >= {
            "port",
            "city",
        }
        assert _article("second-ferry-story").get_parent().slug == "city"

    def test_statuses(self, imported):
        draft = ArticlePage.objects.get(title="Draft budget notes")
        assert not draft.live
        scheduled = _article("scheduled-regatta")
        assert not scheduled.live
        assert scheduled.latest_revision.approved_go_live_at == datetime.datetime(
            2099, 6, 1, 9, tzinfo=datetime.UTC
        )
        assert not _article("private-memo").live
        members = _article("members-briefing")
        assert members.live
        restriction = PageViewRestriction.objects.get(page=members)
        assert restriction.restriction_type == PageViewRestriction.PASSWORD
        assert restriction.password == "harbour"

    def test_pages_become_standard_pages(self, imported, home):
        about = StandardPage.objects.get(slug="about")
        assert about.live and about.get_parent().pk == home.pk
        assert [b.block_type for b in about.body] == ["heading", "paragraph"]

    def test_menu_items_are_skipped(self, imported):
        assert imported.skipped["nav_menu_item"] == 1

    def test_comments_keep_threads_names_and_statuses(self, imported):
        ferry = _article("ferry-timetable-changes")
        comments = {
            c.imported_author.name: c for c in Comment.objects.filter(article=ferry)
        }
        assert set(comments) == {"Jo Commuter", "Sam", "Lee", "Pending Pat"}
        assert all(c.author_id is None for c in comments.values())
        assert comments["Jo Commuter"].status == CommentStatus.PUBLISHED
        assert "bad()" not in comments["Jo Commuter"].body
        assert comments["Pending Pat"].status == CommentStatus.HELD
        # One level of replies: a reply to a reply joins the thread.
        assert comments["Sam"].parent == comments["Jo Commuter"]
        assert comments["Lee"].parent == comments["Jo Commuter"]
        assert comments["Jo Commuter"].imported_author.url == "https://jo.example.org"
        assert imported.skipped["comment"] == 1  # the spam
        ferry.refresh_from_db()
        assert ferry.comment_count == 3

    def test_readers_see_the_commenters_names(self, imported, client):
        html = client.get(_article("ferry-timetable-changes").url).content.decode()
        assert '<span class="comment__author"><bdi>Jo Commuter</bdi></span>' in html
        assert "deleted reader" not in html

    @pytest.mark.parametrize(
        "old",
        [
            "/2020/01/10/ferry-timetable-changes/",
            "/?p=10",
            "/2020/01/10/ferry-timetable-changes/harbour/",
            "/?attachment_id=21",
        ],
    )
    def test_old_addresses_redirect_permanently(self, imported, client, old):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"].endswith(_article("ferry-timetable-changes").url)

    def test_archive_addresses_redirect(self, imported, client):
        port = SectionPage.objects.get(slug="port")
        response = client.get("/category/city/port/")
        assert response.status_code == 301 and response["Location"].endswith(port.url)
        assert client.get("/?cat=4")["Location"].endswith(port.url)
        response = client.get("/tag/ferries/")
        assert response.status_code == 301
        assert response["Location"] == "/search/?q=Ferries"
        assert client.get("/?page_id=30")["Location"].endswith(
            StandardPage.objects.get(slug="about").url
        )

    def test_the_home_page_itself_is_untouched(self, imported, client):
        assert client.get("/").status_code == 200
        assert client.get("/?q=1").status_code == 200

    def test_running_again_creates_nothing_twice(self, imported):
        before = (
            ArticlePage.objects.count(),
            GazetteImage.objects.count(),
            Comment.objects.count(),
            Author.objects.count(),
            Redirect.objects.count(),
        )
        again = import_wordpress(DATA / "small.xml", media_dir=MEDIA)
        assert again.ok
        assert again.total("created") == 0 and again.total("updated") == 0
        assert again.unchanged["post"] == 6
        after = (
            ArticlePage.objects.count(),
            GazetteImage.objects.count(),
            Comment.objects.count(),
            Author.objects.count(),
            Redirect.objects.count(),
        )
        assert after == before

    def test_a_changed_item_is_updated(self, imported, tmp_path):
        changed = tmp_path / "changed.xml"
        changed.write_text(
            (DATA / "small.xml")
            .read_text()
            .replace("Commuters praise the ferry timetable.", "Commuters love it.")
        )
        again = import_wordpress(changed, media_dir=MEDIA)
        assert again.updated == {"post": 1}
        story = _article("second-ferry-story")
        assert "Commuters love it." in str(story.body.raw_data)
        assert ArticlePage.objects.filter(slug="second-ferry-story").count() == 1


def test_dry_run_changes_nothing(home):
    counts = (ArticlePage.objects.count(), ImportedItem.objects.count())
    report = import_wordpress(DATA / "small.xml", media_dir=MEDIA, dry_run=True)
    assert report.created["post"] == 6 and report.dry_run
    assert "dry run" in report.summary()
    assert (ArticlePage.objects.count(), ImportedItem.objects.count()) == counts
    assert not Redirect.objects.exists() and not GazetteImage.objects.exists()


def test_a_malformed_file_imports_what_is_valid(home):
    report = import_wordpress(DATA / "malformed.xml")
    assert ArticlePage.objects.filter(slug="a-good-post", live=True).exists()
    assert report.skipped["post"] == 2
    text = "\n".join(report.messages)
    assert "malformed.xml:16: post ? “No id here”: wp:post_id: missing" in text
    assert ": title: missing" in text
    assert "not well-formed" in text
    assert not report.ok


def test_the_command_prints_a_summary_and_fails_on_failure(home, capsys):
    with pytest.raises(CommandError, match="failed"):
        call_command("import", "wordpress", str(DATA / "malformed.xml"))
    out = capsys.readouterr().out
    assert "created 2" in out and "failed 1" in out


def test_the_command_refuses_bombs_and_unknown_versions(home, capsys):
    for name in ("bomb.xml", "version.xml"):
        with pytest.raises(CommandError):
            call_command("import", "wordpress", str(DATA / name))
    assert not ArticlePage.objects.exists()
    out = capsys.readouterr().out
    assert "refused" in out and "9.9" in out


def test_bad_arguments_are_clear(home, tmp_path):
    with pytest.raises(ImportError_, match="no such file"):
        import_wordpress(tmp_path / "missing.xml")
    bad_map = tmp_path / "map.json"
    bad_map.write_text("[1, 2]")
    with pytest.raises(ImportError_, match="category slugs to section slugs"):
        import_wordpress(DATA / "small.xml", section_map=bad_map)


def test_a_section_map_chooses_sections(home, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text('{"port": "harbour", "*": "local"}')
    report = import_wordpress(DATA / "small.xml", media_dir=MEDIA, section_map=mapping)
    assert _article("ferry-timetable-changes").get_parent().slug == "harbour"
    assert _article("second-ferry-story").get_parent().slug == "local"
    assert any("“City” (city) is not in the section map" in n for n in report.notes)


def test_imported_articles_are_threaded_and_shortened(
    home, django_capture_on_commit_callbacks
):
    from gazette.links.models import ShortLink

    with django_capture_on_commit_callbacks(execute=True):
        import_wordpress(DATA / "small.xml", media_dir=MEDIA)
    ferry = _article("ferry-timetable-changes")
    second = _article("second-ferry-story")
    assert ferry.story_id is not None and second.story_id is not None
    assert ShortLink.objects.filter(page=ferry).exists()


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/import is absent")
def test_the_real_theme_unit_test_export(home):
    # The first items of the real file (the whole file takes a minute; the
    # pure tests read all of it).
    report = import_wordpress(
        SHARED / "wordpress" / "themeunittestdata.wordpress.xml", limit=12
    )
    assert report.ok, report.messages[:5]
    assert report.created["post"] + report.created.get("page", 0) == 12
    assert ArticlePage.objects.filter(live=True).count() >= 5
    assert Redirect.objects.filter(old_path__startswith="/?p=").count() >= 5
