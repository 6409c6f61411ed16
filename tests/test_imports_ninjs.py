"""`gazette import ninjs` and `gazette export ninjs`: agency items become
articles; the whole site goes out and comes back the same."""

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage
from gazette.imports.models import ImportedItem
from gazette.imports.services import (
    ImportError_,
    export_ninjs,
    import_ninjs,
    store_image,
)
from gazette.stories.models import Story

DATA = Path(__file__).parent / "data" / "imports"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "import"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/data/import is absent (real ninjs files)"
)

pytestmark = pytest.mark.django_db


def test_hostile_items_are_sanitised_and_reported(home):
    report = import_ninjs(DATA / "hostile.ninjs.json")
    council = ArticlePage.objects.get(title="Council meets")
    body = str(council.body.raw_data).lower()
    for bad in ("script", "onload", "javascript", "iframe", "evil"):
        assert bad not in body
    assert council.live
    assert [a.name for a in council.authors] == ["Ana Lund", "Tobias Reed"]
    text = "\n".join(report.messages)
    assert "hostile.ninjs.json:1: item ? “No uri”: uri: missing" in text
    assert "versioncreated: not a date" in text
    bad_date = ArticlePage.objects.get(title="A 1.x item with a bad date")
    assert [b.block_type for b in bad_date.body] == ["paragraph", "paragraph"]
    assert report.created["article"] == 2 and report.skipped["item"] == 1
    assert report.ok


def test_not_json_fails_the_file_and_the_command(home, capsys):
    report = import_ninjs(DATA / "not-json.json")
    assert not report.ok and "not JSON" in report.messages[0]
    with pytest.raises(CommandError, match="failed"):
        call_command("import", "ninjs", str(DATA / "not-json.json"))
    assert "not-json.json: line 2: not JSON" in capsys.readouterr().out


def test_a_missing_path_is_a_clear_error(home, tmp_path):
    with pytest.raises(ImportError_, match="no such file or directory"):
        import_ninjs(tmp_path / "nothing")


def test_running_again_creates_nothing_twice(home):
    import_ninjs(DATA / "hostile.ninjs.json")
    counts = (ArticlePage.objects.count(), Author.objects.count())
    again = import_ninjs(DATA / "hostile.ninjs.json")
    assert again.total("created") == 0 and again.unchanged["article"] == 2
    assert (ArticlePage.objects.count(), Author.objects.count()) == counts


def test_dry_run_changes_nothing(home):
    report = import_ninjs(DATA / "hostile.ninjs.json", dry_run=True)
    assert report.created["article"] == 2
    assert not ArticlePage.objects.exists() and not ImportedItem.objects.exists()


@needs_shared
def test_the_real_samples(home):
    report = import_ninjs(SHARED / "ninjs")
    assert report.ok
    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert "Captain of wrecked cruise ship on trial in Italy" in titles
    assert "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?" in titles
    text = "\n".join(report.messages)
    # The invalid sample: an unknown property and no headline, both named.
    assert "008_extension.json:1:" in text and "embargoedreason" in text
    assert report.skipped["video"] == 1 and report.skipped["audio"] == 1
    # The same item (one uri) in several versions' folders is one article:
    # its other copies carry the same version with other words, so they are
    # skipped and named (wire updates need a higher version).
    assert report.skipped["old version"] > 0
    assert "version 1 is already stored (article" in text
    assert (
        ArticlePage.objects.count() == ImportedItem.objects.filter(kind="item").count()
    )


# --- Round trip ---------------------------------------------------------------


def _when(day, hour=9):
    return datetime.datetime(2024, 3, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def newsroom(home):
    world = articles.create_section(home, title="World", slug="world")
    opinion = articles.create_section(home, title="Opinion", slug="opinion")
    ana = Author.objects.create(
        name="Ana Lund", slug="ana-lund", role="Port reporter", bio="Covers ships."
    )
    tobias = Author.objects.create(name="Tobias Reed", slug="tobias-reed")
    story = Story.objects.create(title="The harbour strike", slug="harbour-strike")
    harbour = store_image(
        DATA / "uploads" / "2020" / "01" / "harbour.png",
        title="Harbour",
        alt="Boats moored",
        caption="The harbour at dawn.",
        credit="Ana Lund",
    )
    # Alt text but no caption.
    quay = store_image(
        DATA / "uploads" / "2020" / "01" / "quay.png", title="Quay", alt="The quay"
    )
    first = articles.create_article(
        world,
        title="Dockers walk out",
        slug="dockers-walk-out",
        lede="The port stops.",
        body=[
            {"type": "paragraph", "value": '<p>It <b>began</b> at <a href="https://x.org/">six</a>.</p>'},
            {"type": "heading", "value": "Why"},
            {"type": "quote", "value": {"quote": "Enough.", "attribution": "A docker"}},
            {"type": "image", "value": {"image": quay.pk, "caption": "The quay"}},
        ],
        authors=[ana, tobias],
        story=story,
        image=harbour,
    )  # fmt: skip
    articles.publish_article(first, published_at=_when(1), updated_at=_when(2))
    second = articles.create_article(
        world,
        title="Talks resume",
        slug="talks-resume",
        lede="Both sides meet.",
        body=[{"type": "paragraph", "value": "<p>They met.</p>"}],
        authors=[ana],
        story=story,
        image=harbour,
    )
    articles.publish_article(second, published_at=_when(3))
    column = articles.create_article(
        opinion,
        title="Pay the dockers",
        slug="pay-the-dockers",
        lede="A column.",
        # A picture in the body and no lead picture.
        body=[
            {"type": "paragraph", "value": "<p>They earned it.</p>"},
            {"type": "image", "value": {"image": quay.pk, "caption": ""}},
        ],
        authors=[tobias],
    )
    column.genre = "opinion"
    column.save_revision()
    articles.publish_article(column, published_at=_when(4))
    articles.create_article(
        opinion,
        title="Unfinished draft",
        slug="unfinished-draft",
        lede="Not yet.",
        body=[{"type": "paragraph", "value": "<p>Draft.</p>"}],
    )


def _image(image):
    if image is None:
        return None
    with image.file.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return (image.title, image.caption, image.credit, image.description, digest)


def _snapshot():
    """Return the site's articles as plain data, free of primary keys."""
    site = []
    for article in ArticlePage.objects.order_by("slug"):
        article = article.get_latest_revision_as_object()
        body = []
        for block in article.body:
            value = block.value
            if block.block_type == "image":
                value = (_image(value["image"]), value["caption"])
            elif block.block_type == "quote":
                value = (value["quote"], value["attribution"])
            elif block.block_type == "paragraph":
                value = value.source
            body.append((block.block_type, value))
        site.append(
            {
                "title": article.title,
                "slug": article.slug,
                "section": article.get_parent().slug,
                "lede": article.lede,
                "genre": article.genre,
                "live": ArticlePage.objects.get(pk=article.pk).live,
                "first": article.first_published_at,
                "last": article.last_published_at if article.live else None,
                "story": (article.story.slug, article.story.title)
                if article.story
                else None,
                "authors": [
                    (
                        link.author.name,
                        link.author.slug,
                        link.author.role,
                        link.author.bio,
                    )
                    for link in article.article_authors.all()
                ],
                "image": _image(article.image),
                "body": body,
            }
        )
    return site


def test_export_then_import_into_an_empty_site_gives_the_same_site(
    newsroom, home, tmp_path
):
    before = _snapshot()
    assert len(before) == 4
    out = tmp_path / "archive"
    assert export_ninjs(out) == 4
    lines = (out / "articles.jsonl").read_text().splitlines()
    assert len(lines) == 4
    assert all(json.loads(line)["standard"]["name"] == "ninjs" for line in lines)
    assert len(list((out / "media").iterdir())) == 2

    for section in SectionPage.objects.all():
        section.delete()
    Story.objects.all().delete()
    Author.objects.all().delete()
    GazetteImage.objects.all().delete()
    assert not ArticlePage.objects.exists()

    report = import_ninjs(out)
    assert report.ok, report.messages
    assert report.messages == []
    assert report.created["article"] == 4 and report.created["image"] == 2
    assert GazetteImage.objects.count() == 2
    assert Story.objects.count() == 1 and Author.objects.count() == 2
    assert _snapshot() == before


def test_the_export_command(newsroom, tmp_path, capsys):
    call_command("export", "ninjs", str(tmp_path / "out"))
    assert "4 article(s) written" in capsys.readouterr().out
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        call_command("export", "ninjs", str(target))


def test_blocks_ninjs_has_no_form_for_keep_their_words(home, tmp_path):
    section = articles.create_section(home, title="World", slug="world")
    article = articles.create_article(
        section,
        title="Fleet facts",
        slug="fleet-facts",
        lede="Numbers.",
        body=[
            {"type": "paragraph", "value": "<p>Intro.</p>"},
            {
                "type": "fact_box",
                "value": {"title": "The fleet", "body": "<p>Ships: 40</p>"},
            },
        ],
    )
    articles.publish_article(article)
    export_ninjs(tmp_path)
    (line,) = (tmp_path / "articles.jsonl").read_text().splitlines()
    body = json.loads(line)["bodies"][0]["value"]
    assert body.startswith("<p>Intro.</p>")
    assert "The fleet" in body and "Ships: 40" in body


def test_an_items_story_is_in_the_articles_edition(home, tmp_path):
    """A wire item's story is made in its article's edition (``Story.locale``),
    never taken from another edition at the same address."""
    from wagtail.models import Locale, Page

    spanish = Locale.objects.create(language_code="es")
    Page.objects.filter(pk=home.pk).update(locale=spanish)
    english = Story.objects.create(title="Floods", slug="floods")
    assert english.locale_id != spanish.pk
    item = {
        "uri": "urn:test:floods-1",
        "type": "text",
        "headline": "Inundaciones en el norte",
        "body_html": "<p>El río se desbordó.</p>",
        "firstcreated": "2024-03-01T09:00:00Z",
        "subjects": [{"uri": "gazette:story:floods", "name": "Inundaciones"}],
    }
    path = tmp_path / "floods.json"
    path.write_text(json.dumps(item))
    report = import_ninjs(path)
    assert report.ok, report.messages
    article = ArticlePage.objects.get(title="Inundaciones en el norte")
    assert article.locale_id == spanish.pk
    assert article.story_id != english.pk
    assert article.story.locale_id == spanish.pk
    assert article.story.slug == "floods-es"
    # Imported again, updated: the same story.
    item["headline"] = "Inundaciones en el norte del país"
    item["version"] = "2"
    path.write_text(json.dumps(item))
    assert import_ninjs(path).ok
    article.refresh_from_db()
    assert article.story.slug == "floods-es"
    assert Story.objects.filter(locale=spanish).count() == 1
