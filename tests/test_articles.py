"""The article page and the listings a reader sees."""

import datetime
import re

import pytest
from django.test import override_settings
from wagtail.models import Site

from gazette.articles import services as articles
from gazette.core.models import NewsroomSettings, StandardPage

pytestmark = pytest.mark.django_db

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}


@pytest.fixture
def full_article(make_article, story, author, picture):
    body = [
        {"type": "paragraph", "value": "<p>First paragraph of the piece.</p>"},
        {"type": "heading", "value": "What the general wants"},
        {
            "type": "paragraph",
            "value": "<ul><li>Bullet one</li><li>Bullet two</li></ul>",
        },
        {"type": "paragraph", "value": "<ol><li>Step one</li><li>Step two</li></ol>"},
        {
            "type": "quote",
            "value": {"quote": "We will not yield.", "attribution": "Orla"},
        },
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
    ]
    return make_article(
        "Opinion: the general's gamble",
        story=story,
        authors=[author],
        body=body,
        image=picture,
        lede="The commander has staked everything on the river.",
    )


def test_article_page_shows_every_element_of_the_reference_page(
    client, full_article, story, author
):
    response = client.get(full_article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="headline">Opinion: the general&#x27;s gamble</h1>' in html
    assert "The commander has staked everything on the river." in html
    assert f'href="/authors/{author.slug}/" rel="author">Mira Castell</a>' in html
    assert (
        'Published <time datetime="2026-10-01T08:00:00+00:00">08:00 GMT 01 October 2026'
        in html
    )
    # The story tag, above and below, with its count and link.
    tag = f'href="/stories/{story.slug}/">'
    assert html.count(tag) == 2
    assert html.count('<span class="story-tag__count">(1)</span>') == 2
    # The body: subheading, bullet and numbered lists, quote, image with credit.
    assert "<h2>What the general wants</h2>" in html
    assert "<ul><li>Bullet one</li>" in html and "<ol><li>Step one</li>" in html
    assert "<blockquote><p>We will not yield.</p></blockquote>" in html
    assert 'alt="A steel bridge over a wide river at dusk"' in html
    assert '<span class="credit">Ana Lund / The Courier</span>' in html
    # The header clock.
    assert "data-clock>" in html and " GMT " in html


def test_updated_time_shows_only_after_a_real_update(client, make_article):
    article = make_article("Fresh")
    assert "updated" not in client.get(article.url).content.decode()
    articles.publish_article(
        article,
        published_at=datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2026, 10, 1, 11, 30, tzinfo=datetime.UTC),
    )
    html = client.get(article.url).content.decode()
    assert "updated <time" in html and "11:30 GMT 01 October 2026" in html


def test_related_lists_story_then_section_articles_never_itself_or_drafts(
    client, story, make_article, make_section
):
    article = make_article("Main piece", story=story, hours=10)
    make_article("Same story older", story=story, hours=1)
    make_article("Same section newer", hours=20)
    make_article("Draft in story", story=story, publish=False)
    make_article("Other section", in_section=make_section("Sport"), hours=30)
    related = [a.title for a in article.related_articles()]
    assert related == ["Same story older", "Same section newer"]
    html = client.get(article.url).content.decode()
    assert 'aria-labelledby="related-heading"' in html
    assert "Draft in story" not in html


def test_related_articles_are_limited(story, make_article, settings):
    settings.GAZETTE_RELATED_ARTICLES = 3
    article = make_article(story=story)
    for hour in range(5):
        make_article(story=story, hours=hour)
    assert len(article.related_articles()) == 3


def test_community_standards_link_under_the_article(client, home, make_article):
    standards = StandardPage(title="Community standards", slug="community-standards")
    home.add_child(instance=standards)
    standards.save_revision().publish()
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.community_standards_page = standards
    newsroom.save()
    article = make_article()
    html = client.get(article.url).content.decode()
    assert '<a href="/community-standards/">Community standards</a>' in html
    assert client.get("/community-standards/").status_code == 200


def test_unpublished_article_is_not_served(client, make_article):
    article = make_article()
    url = article.url
    articles.unpublish_article(article)
    assert client.get(url).status_code == 404


def test_section_front_is_paginated_newest_first(
    client, section, make_article, settings
):
    settings.GAZETTE_ARTICLES_PER_PAGE = 6
    for hour in range(8):
        make_article(f"Section report {hour}", hours=hour)
    first = client.get(section.url).content.decode()
    # The front's blocks (a lead and a row of three) take the four newest;
    # the archive under them goes on with the rest of the first page.
    archive = first[first.index('id="section-archive-heading"') :]
    assert "Section report 7" in first and "Section report 7" not in archive
    assert archive.index("Section report 3") < archive.index("Section report 2")
    assert "Section report 1" not in first
    second = client.get(section.url + "?page=2").content.decode()
    assert "Section report 1" in second and "Section report 0" in second
    assert 'class="front"' not in second


def test_home_page_shows_latest_articles_and_running_stories(
    client, story, make_story, make_article
):
    single = make_story("Single-article story")
    make_article("Lead article", story=story, hours=5)
    make_article("Earlier in the story", story=story, hours=2)
    make_article("Second article", story=single, hours=1)
    html = client.get("/").content.decode()
    assert "Lead article" in html and "Second article" in html
    running = html[html.index('id="stories-heading"') :]
    assert story.title in running and "Single-article story" not in running
    assert 'aria-label="Sections"' in html and ">World</a>" in html


def test_author_page_lists_their_articles(client, author, make_article):
    make_article("By Mira", authors=[author])
    make_article("By nobody")
    response = client.get(author.get_absolute_url())
    html = response.content.decode()
    assert "Diplomatic correspondent" in html
    assert "By Mira" in html and "By nobody" not in html
    assert client.get("/authors/").status_code == 200


# With every cache off (bench/render.py and bench/pages.py's (d)): the
# editions, the sites, the edition's home page, the edition's sections (the
# navigation's too), the article (story, lead picture, audio, short link
# code, restrictions, its stored body and byline), the related articles, the
# pictures' renditions, the newsroom settings (the masthead's too) and the
# radio station of the header: 9, under the bound of 10.
# docs/caching.md lists them.
MAX_QUERIES_CACHES_OFF = 10


@pytest.mark.parametrize("story_size", [1, 30])
def test_article_page_query_count_is_bounded_whatever_the_story_size(
    client,
    story,
    make_article,
    author,
    picture,
    story_size,
    django_assert_max_num_queries,
):
    """With every cache off, an article with pictures (a lead picture, one in
    the body, related teasers') costs at most 10 queries, however long its
    story; none for a discussion without comments (the count is stored with
    the article)."""
    body = [
        {"type": "paragraph", "value": "<p>Text.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
    ]
    with override_settings(**NO_CACHES):
        article = make_article(story=story, authors=[author], image=picture, body=body)
        for hour in range(story_size - 1):
            make_article(story=story, authors=[author], hours=hour, image=picture)
        # The first view makes the renditions and stores the body and byline.
        client.get(article.url)
        with django_assert_max_num_queries(MAX_QUERIES_CACHES_OFF):
            response = client.get(article.url)
    assert response.status_code == 200


@pytest.fixture
def other_picture(db):
    import io

    from django.core.files.images import ImageFile

    from gazette.core.models import GazetteImage
    from gazette.demo.images import draw_picture

    image = GazetteImage(title="Harbour", description="Cranes over a harbour")
    png = draw_picture("harbour", ["#283618", "#fefae0"], "harbour")
    image.file = ImageFile(io.BytesIO(png), name="harbour.png")
    image.save()
    return image


def test_the_pictures_renditions_come_in_one_query(
    client, story, make_article, picture, other_picture
):
    """The lead picture's, the body's and the related teasers' renditions are
    read together, not once per picture (by a full render: a stored shell,
    articles.shells, reads none)."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gazette.articles import shells

    body = [{"type": "image", "value": {"image": other_picture.pk, "caption": ""}}]
    make_article(story=story, image=other_picture, hours=1)
    article = make_article(story=story, image=picture, body=body)
    with (
        override_settings(**NO_CACHES),
        mock.patch.object(shells, "usable", return_value=False),
    ):
        client.get(article.url)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(article.url).content.decode()
    renditions = [
        q for q in ctx.captured_queries if 'FROM "core_gazetterendition"' in q["sql"]
    ]
    assert len(renditions) == 1
    assert html.count("<img") >= 3


def test_an_edition_article_is_routed_without_wagtails_locale_lookups(
    client, make_article
):
    """On another edition the site and the edition's home page cost two
    queries (Wagtail's routing asks the active Locale, the root's
    translation and its class), and the footer's standing pages come with
    the newsroom's settings (Wagtail's ``localized`` asks two a page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale

    from gazette.core import editions
    from tests.editions import make_editions, translate_page

    homes = make_editions(("es",))
    try:
        standards = StandardPage(title="Community standards", slug="standards")
        homes[editions.default_language()].add_child(instance=standards)
        standards.save_revision().publish()
        spanish = translate_page(
            standards, Locale.objects.get(language_code="es"), title="Normas"
        )
        newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
        newsroom.about_page = newsroom.community_standards_page = standards
        newsroom.save()
        article = make_article()
        translation = translate_page(
            article, Locale.objects.get(language_code="es"), title="Reabre el puerto"
        )
        with override_settings(**NO_CACHES):
            client.get(translation.url)
            with CaptureQueriesContext(connection) as ctx:
                html = client.get(translation.url).content.decode()
        # The footer links the Spanish standards, once as "About us" too.
        assert html.count(f'href="{spanish.url}"') >= 2
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert not [sql for sql in sqls if 'FROM "wagtailcore_locale" WHERE' in sql]
        assert len([sql for sql in sqls if 'FROM "wagtailcore_site"' in sql]) == 1
        footer = [sql for sql in sqls if re.search(r'"locale_id" = \d', sql)]
        assert len(footer) == 1 and 'FROM "core_newsroomsettings"' in footer[0]
    finally:
        editions.forget()


def test_the_short_link_code_comes_with_the_routed_article(client, make_article):
    """The "Get short URL" control reads the code the routing query brought
    (the generated one, never an editor's alias): no query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gazette.links.models import ShortLink

    article = make_article()
    code = ShortLink.objects.generated().get(page=article).code
    ShortLink.objects.create(page=article, code="editors-alias", is_alias=True)
    with override_settings(**NO_CACHES), CaptureQueriesContext(connection) as ctx:
        html = client.get(article.url).content.decode()
    assert f'value="http://localhost/s/{code}"' in html
    assert "editors-alias" not in html
    own = [q for q in ctx.captured_queries if q["sql"].startswith('SELECT "links_')]
    assert not own


@pytest.mark.parametrize("comments", [0, 3])
def test_an_article_render_makes_at_most_seven_queries(
    client,
    story,
    make_article,
    author,
    picture,
    make_reader,
    comments,
    django_assert_max_num_queries,
):
    """What a page-cache miss costs in production (the app's own caches on):
    at most 7 queries (the sites, the edition's home page, the section, the
    article with its stored body and byline, the related articles, the
    pictures' renditions, the newsroom settings); with comments to list, two
    more (their page and their replies: discussion.selectors.discussion_for)."""
    from gazette.discussion import services as discussion

    body = [
        {"type": "paragraph", "value": "<p>Text.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": ""}},
    ]
    article = make_article(story=story, authors=[author], image=picture, body=body)
    for n in range(comments):
        discussion.post_comment(
            article=article, author=make_reader(), text=f"Comment {n} here."
        )
    with override_settings(GAZETTE_PAGE_CACHE_SECONDS=0):
        client.get(article.url)
        with django_assert_max_num_queries(7 + 2 * bool(comments)):
            response = client.get(article.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="comment"') == comments


def test_listing_pages_query_count_is_bounded(
    client, story, section, make_article, django_assert_max_num_queries
):
    with override_settings(**NO_CACHES):
        for hour in range(25):
            make_article(story=story, hours=hour)
        client.get("/")
        # 14: the home page and section fronts' "Most read" list adds one
        # query when the cache is off (readership; cached a minute otherwise),
        # and so does the edition's masthead (core.masthead).
        for url in ["/", section.url, story.get_absolute_url(), "/stories/"]:
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == 200


def test_a_password_on_the_section_protects_its_articles(client, section, make_article):
    from wagtail.models import PageViewRestriction

    article = make_article("Members only")
    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    html = client.get(article.url).content.decode()
    assert 'type="password"' in html and "Body text of article" not in html
    assert list(article.get_view_restrictions()) == list(
        super(type(article), article).get_view_restrictions()
    )


def test_a_password_on_the_article_itself_protects_it(client, make_article):
    """The routing query tells the article whether it may be restricted; a
    restriction on the article itself counts as one on its section does."""
    from wagtail.models import PageViewRestriction

    article = make_article("Embargoed until noon")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    html = client.get(article.url).content.decode()
    assert 'type="password"' in html and "Body text of article" not in html
    # The discussion is not shown to anyone the page refuses, nor its fragment.
    assert client.get(f"/discussion/{article.pk}/comment/").status_code in (302, 404)
