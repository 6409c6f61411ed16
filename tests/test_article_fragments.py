"""An article's body and byline, drawn once per published version and stored.

``articles.fragments`` keeps them (``ArticleFragment``) and the routing query
reads them back only while they are current; these tests change what a
stored fragment shows in every way an editor can and check that the next
reader never gets the old one: an edit, a correction (a re-publication), a
picture's caption, a picture deleted, an author renamed, a byline changed,
an unpublication, a translation and a preview.
"""

import json
import re
from unittest import mock

import pytest
from django.test import override_settings
from wagtail.models import Locale

from gazette.articles import fragments, shells
from gazette.articles import services as articles
from gazette.articles.models import ArticleFragment, ArticlePage, Author
from tests.editions import make_editions, translate_page

pytestmark = pytest.mark.django_db

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}


@pytest.fixture(autouse=True)
def _no_caches():
    # Every request draws the page: only the stored fragment could be stale.
    # The page's stored shell (articles.shells, tests/test_article_shells.py)
    # is off, so that every render goes through the parts tested here.
    with (
        override_settings(**NO_CACHES),
        mock.patch.object(shells, "usable", return_value=False),
    ):
        yield


def body_of(html: str) -> str:
    body = html.split('<div class="article__body prose">', 1)[1]
    # Up to the article's own end (a card in the body is an <article> too).
    return re.split(r"\n</article>\n(?!\s*</aside>)", body, maxsplit=1)[0]


def byline_of(html: str) -> str:
    return html.split('<div class="article-byline">', 1)[1].split("</div>", 1)[0]


def page(client, article) -> str:
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content.decode()


def edit(article, **fields):
    """Save a new revision with ``fields`` changed and publish it, as an editor."""
    latest = article.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(latest, name, value)
    latest.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def article(make_article, author, picture):
    body = [
        {"type": "paragraph", "value": "<p>The talks resumed at dawn.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
    ]
    return make_article("Talks resume", authors=[author], body=body, image=picture)


def test_the_first_render_stores_the_parts_and_the_next_reads_them(
    client, article, django_assert_num_queries
):
    """The stored parts give the same page, two queries cheaper (the body's
    pictures and the bylines)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page(client, article)  # the renditions are made on a first view
    ArticleFragment.objects.all().delete()
    with CaptureQueriesContext(connection) as drawing:
        first = page(client, article)
    stored = ArticleFragment.objects.get(article=article)
    assert stored.language == "en"
    assert stored.revision_id == article.live_revision_id
    # The second render costs the first's reads, less the body's pictures
    # and the bylines (the first also wrote the fragment).
    reads = [
        q
        for q in drawing.captured_queries
        if q["sql"].startswith("SELECT")
        and not q["sql"].startswith('SELECT "articles_articlefragment')
    ]
    with django_assert_num_queries(len(reads) - 2):
        second = page(client, article)
    # The same page, but for the header's clock.
    clock = re.compile(r"\d\d:\d\d(:\d\d)?")
    assert clock.sub("", second) == clock.sub("", first)
    assert "The talks resumed at dawn." in body_of(second)
    assert "Mira Castell" in byline_of(second)


def test_an_edit_is_shown_at_once(client, article):
    page(client, article)
    article = edit(
        article,
        body=[{"type": "paragraph", "value": "<p>The talks broke down.</p>"}],
    )
    html = page(client, article)
    assert "The talks broke down." in body_of(html)
    assert "resumed at dawn" not in html


def test_a_body_changed_without_a_new_version_is_shown(client, article):
    """A script or bulk update that rewrites the row (no revision, no
    signal) does not get the parts drawn from the old body."""
    page(client, article)
    ArticlePage.objects.filter(pk=article.pk).update(
        body=[{"type": "paragraph", "value": "<p>Fixed by a script.</p>"}]
    )
    html = page(client, article)
    assert "Fixed by a script." in body_of(html) and "resumed at dawn" not in html


def test_a_correction_republished_with_a_new_time_is_shown(client, article):
    """A re-publication moves the byline's dates even without a new revision."""
    import datetime

    page(client, article)
    later = article.first_published_at + datetime.timedelta(hours=5)
    articles.publish_article(
        article, published_at=article.first_published_at, updated_at=later
    )
    html = page(client, ArticlePage.objects.get(pk=article.pk))
    assert "updated" in byline_of(html)
    assert later.isoformat(timespec="seconds") in byline_of(html)


def test_a_pictures_new_caption_and_credit_are_shown(client, article, picture):
    page(client, article)
    picture.caption = "The bridge, rebuilt"
    picture.credit = "Photo desk"
    picture.save()
    html = body_of(page(client, article))
    assert "The bridge, rebuilt" in html and "Photo desk" in html
    assert "Ana Lund" not in html


def test_a_deleted_picture_leaves_the_body(client, article, picture):
    page(client, article)
    picture.delete()
    html = body_of(page(client, ArticlePage.objects.get(pk=article.pk)))
    assert "<picture" not in html and "The talks resumed at dawn." in html


def test_an_authors_new_name_and_role_are_shown(client, article, author):
    page(client, article)
    Author.objects.filter(pk=author.pk).update(name="unused")  # no signal
    author.name, author.role = "Mira Castell-Ruiz", "Foreign editor"
    author.save()
    html = page(client, article)
    assert "Mira Castell-Ruiz" in byline_of(html) and "Foreign editor" in html
    # The head's metadata takes the stored authors too.
    assert '"name": "Mira Castell-Ruiz"' in html or "Mira Castell-Ruiz</" in html


def test_a_new_byline_is_shown(client, article):
    page(client, article)
    other = Author.objects.create(name="Tomas Berg", slug="tomas-berg")
    latest = article.get_latest_revision_as_object()
    from gazette.articles.models import ArticlePageAuthor

    latest.article_authors = [ArticlePageAuthor(author=other, sort_order=0)]
    latest.save_revision().publish()
    html = page(client, ArticlePage.objects.get(pk=article.pk))
    assert "Tomas Berg" in byline_of(html) and "Mira Castell" not in byline_of(html)


def test_an_unpublished_article_is_gone_and_comes_back_as_republished(client, article):
    page(client, article)
    articles.unpublish_article(article)
    assert not ArticleFragment.objects.filter(article=article).exists()
    assert client.get(article.url).status_code == 404
    article = edit(
        ArticlePage.objects.get(pk=article.pk),
        body=[{"type": "paragraph", "value": "<p>Back, rewritten.</p>"}],
    )
    html = page(client, article)
    assert "Back, rewritten." in body_of(html) and "resumed at dawn" not in html


def test_a_preview_of_a_draft_is_never_stored(client, article, admin_user):
    """An editor's preview draws the draft; readers keep the live body."""
    page(client, article)
    draft = article.get_latest_revision_as_object()
    draft.body = [{"type": "paragraph", "value": "<p>Unpublished draft.</p>"}]
    draft.save_revision()
    ArticleFragment.objects.all().delete()
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert preview.status_code == 200
    client.logout()
    assert "Unpublished draft." not in "".join(
        ArticleFragment.objects.values_list("parts", flat=True)
    )
    html = page(client, ArticlePage.objects.get(pk=article.pk))
    assert "Unpublished draft." not in html and "resumed at dawn" in html


def test_a_related_article_card_is_drawn_on_every_render(client, make_article):
    """A card in the body shows another article's headline: when that one
    changes, the stored body does not keep the old headline."""
    other = make_article("Old headline", hours=1)
    body = [
        {"type": "paragraph", "value": "<p>Before the card.</p>"},
        {"type": "related_article", "value": {"article": other.pk, "label": ""}},
        {"type": "paragraph", "value": "<p>After the card.</p>"},
    ]
    host = make_article("Host", body=body, hours=2)
    page(client, host)
    assert ArticleFragment.objects.filter(article=host).exists()
    edit(other, title="New headline")
    html = body_of(page(client, host))
    assert "New headline" in html and "Old headline" not in html
    assert html.index("Before the card.") < html.index("New headline")
    assert html.index("New headline") < html.index("After the card.")


def test_rich_text_linking_another_page_is_drawn_on_every_render(client, make_article):
    other = make_article("Linked", hours=1)
    text = f'<p>See <a linktype="page" id="{other.pk}">this</a>.</p>'
    host = make_article("Host", body=[{"type": "paragraph", "value": text}], hours=2)
    page(client, host)
    other = ArticlePage.objects.get(pk=other.pk)
    other.slug = "moved-elsewhere"
    other.save_revision().publish()
    assert "/moved-elsewhere/" in body_of(page(client, host))


@pytest.fixture
def spanish(section, article):
    homes = make_editions(("es",))
    spanish = translate_page(
        article,
        Locale.objects.get(language_code="es"),
        title="Se reanudan las conversaciones",
        body=[{"type": "paragraph", "value": "<p>Las conversaciones siguen.</p>"}],
    )
    yield homes, ArticlePage.objects.get(pk=spanish.pk)
    from gazette.core import editions

    editions.forget()


def test_each_edition_has_its_own_parts(client, article, spanish):
    """The Spanish version is drawn in Spanish and never gets the English
    fragment, nor the English page the Spanish one."""
    _, translated = spanish
    english = page(client, ArticlePage.objects.get(pk=article.pk))
    es = page(client, translated)
    assert "Las conversaciones siguen." in body_of(es)
    assert "resumed at dawn" not in body_of(es)
    assert re.search(r"Publicado|Publicada", byline_of(es))
    assert "Published" in byline_of(english)
    languages = dict(ArticleFragment.objects.values_list("article_id", "language"))
    # With two editions, addresses carry the edition: kept apart from the
    # parts drawn before, whose author links had none.
    assert languages == {article.pk: "en/", translated.pk: "es/"}
    # And again, from what is stored.
    assert "Las conversaciones siguen." in body_of(page(client, translated))
    assert "resumed at dawn" in body_of(
        page(client, ArticlePage.objects.get(pk=article.pk))
    )


@pytest.mark.parametrize(
    "change",
    [
        {"language": "es"},
        {"language": "en/"},  # drawn while addresses carried the edition
        {"build": "0123456789abcdef"},
        {"revision_id": 0},
        {"published_at": "2020-01-01T00:00:00Z"},
        {},  # the control: the row as stored is what readers get
    ],
)
def test_only_a_current_row_is_read(client, article, change):
    """The routing query reads a row drawn from the live version, in the
    language shown, with the same addressing and build, and no other."""
    page(client, article)
    parts = json.loads(ArticleFragment.objects.get().parts)
    parts.update(body=["STALE"], byline="STALE")
    ArticleFragment.objects.update(parts=json.dumps(parts), **change)
    html = page(client, article)
    assert ("STALE" in html) is (not change)


def test_the_build_key_follows_the_templates():
    key = fragments.build_key()
    assert re.fullmatch(r"[0-9a-f]{16}", key)
    assert fragments.build_key() == key
