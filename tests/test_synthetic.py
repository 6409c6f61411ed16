"""The synthetic newsroom: sizes, a sound page tree, true counts, served pages."""

import io
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape
from wagtail.models import Locale, Page

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core.models import HomePage
from gazette.demo import synthetic
from gazette.stories.models import Story
from tests.conftest import SYNTHETIC_END as END
from tests.conftest import SYNTHETIC_SIZES as SIZES


@pytest.fixture(autouse=True)
def fresh_cache():
    # Whole pages are cached per process: never let one test read another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom(synthetic_newsroom):
    """300 articles in 10 stories, generated in batches of 64 once for the
    tests that read them (tests/conftest.py)."""
    return synthetic_newsroom


def assert_tree_is_sound():
    assert Page.find_problems() == ([], [], [], [], [])
    out = io.StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    assert out.getvalue().count("No problems found.") == 2, out.getvalue()


def test_generates_the_sizes_asked_for(newsroom):
    assert newsroom.prefix == "syn1"
    assert ArticlePage.objects.live().count() == 300
    assert Story.objects.count() == 10
    assert Author.objects.count() == 12
    assert SectionPage.objects.count() == 4
    bylines = Counter(ArticlePageAuthor.objects.values_list("page_id", flat=True))
    assert len(bylines) == 300
    assert set(bylines.values()) <= {1, 2, 3}


def test_articles_are_searchable_as_generated(newsroom):
    """The generator writes each article's search row with it, as
    ``index_articles`` would have: no rebuild before searching."""
    from gazette.search.models import ArticleSearchDocument
    from gazette.search.query import Filters, RankedResults
    from gazette.search.services import index_articles
    from gazette.search.snippets import body_text

    article = ArticlePage.objects.order_by("pk")[150]
    rows = ArticleSearchDocument.objects.order_by("pk")
    assert [row.pk for row in rows] == list(
        ArticlePage.objects.order_by("pk").values_list("pk", flat=True)
    )
    row = ArticleSearchDocument.objects.get(pk=article.pk)
    assert row.title == article.title
    assert row.body == body_text(article.body.raw_data)
    assert row.section_id == article.get_parent().pk
    assert row.story_id == article.story_id
    assert row.published_at == article.first_published_at
    assert article.pk in [
        hit.pk for hit in RankedResults(f'"{article.title}"', Filters())[0:10]
    ]
    generated = list(
        rows.values_list(
            "section_id",
            "locale_id",
            "config",
            "path",
            "story_id",
            "title",
            "lede",
            "body",
        )
    )
    assert index_articles([row.pk for row in rows]) == 300
    assert (
        list(
            rows.values_list(
                "section_id",
                "locale_id",
                "config",
                "path",
                "story_id",
                "title",
                "lede",
                "body",
            )
        )
        == generated
    )


def test_the_page_tree_is_sound(newsroom):
    assert_tree_is_sound()
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()


def test_articles_are_served_by_the_site(newsroom, client):
    for article in ArticlePage.objects.order_by("pk")[::60]:
        response = client.get(article.url, HTTP_HOST="localhost")
        assert response.status_code == 200
        html = response.content.decode()
        assert escape(article.title) in html
        assert escape(article.story.title) in html
        assert escape(article.authors[0].name) in html
    section = SectionPage.objects.first()
    assert client.get(section.url, HTTP_HOST="localhost").status_code == 200
    assert client.get("/", HTTP_HOST="localhost").status_code == 200


def test_articles_are_published_as_wagtail_would_publish_them(newsroom):
    default_locale = Locale.get_default()
    for article in ArticlePage.objects.select_related("locale"):
        section = article.get_parent()
        assert article.url_path == f"{section.url_path}{article.slug}/"
        assert article.live and not article.has_unpublished_changes
        assert article.draft_title == article.title
        assert article.locale == default_locale
        first, last = article.first_published_at, article.last_published_at
        assert END - synthetic.SPAN <= first <= last <= END
        assert 150 <= synthetic.ArticleText("", "", article.body.raw_data).words <= 500


def test_story_counts_equal_live_article_counts(newsroom):
    for story in Story.objects.all():
        live = ArticlePage.objects.live().filter(story=story)
        assert story.article_count == live.count() > 0
        dates = sorted(live.values_list("first_published_at", flat=True))
        assert (story.first_published_at, story.last_published_at) == (
            dates[0],
            dates[-1],
        )


def test_slugs_are_unique_within_each_section(newsroom):
    for section in SectionPage.objects.all():
        slugs = list(section.get_children().values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
        assert all(slug.startswith("syn1-") for slug in slugs)


def test_articles_continue_after_a_sections_existing_children(db, client):
    home = HomePage.objects.get()
    world = articles.create_section(home, title="World", slug="world")
    existing = articles.create_article(
        world, title="An editor's piece", lede="Written by hand.", body=[]
    )
    articles.publish_article(existing)
    synthetic.generate_newsroom(articles=40, stories=3, sections=1, authors=2)
    existing.refresh_from_db()
    assert existing.path == world.path + "0001"
    assert world.get_children().count() == 41
    assert_tree_is_sound()
    response = client.get(existing.url, HTTP_HOST="localhost")
    assert response.status_code == 200


def test_a_second_run_adds_a_batch_with_the_next_prefix(newsroom):
    again = synthetic.generate_newsroom(**SIZES, seed=7, end=END, batch_size=100)
    assert again.prefix == "syn2"
    assert ArticlePage.objects.count() == 600
    assert SectionPage.objects.count() == 4
    assert_tree_is_sound()

    def titles(prefix):
        pages = ArticlePage.objects.filter(slug__startswith=f"{prefix}-")
        return list(pages.order_by("pk").values_list("title", flat=True))

    assert titles("syn1") == titles("syn2")


def test_an_interrupted_run_leaves_whole_batches_only(db, monkeypatch):
    calls = []

    def refresh_then_fail(story_ids):
        calls.append(story_ids)
        if len(calls) == 3:
            raise KeyboardInterrupt
        refresh_stories(story_ids)

    refresh_stories = synthetic.refresh_stories
    monkeypatch.setattr(synthetic, "refresh_stories", refresh_then_fail)
    with pytest.raises(KeyboardInterrupt):
        synthetic.generate_newsroom(**SIZES, seed=7, end=END, batch_size=64)
    assert ArticlePage.objects.count() == 128
    assert Page.objects.filter(depth=4).count() == 128
    assert ArticlePageAuthor.objects.values("page").distinct().count() == 128
    assert_tree_is_sound()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"articles": 0}, "at least 1 article"),
        ({"articles": 10, "stories": 0}, "at least 1 story"),
        ({"articles": 5, "stories": 6}, "at most as many stories as articles"),
        ({"sections": 0}, "1 to 12 sections"),
        ({"sections": 13}, "1 to 12 sections"),
        ({"authors": 0}, "at least 1 author"),
        ({"seed": -1}, "seed must be 0 or more"),
        ({"prefix": "Bench-1"}, "lower-case letter"),
    ],
)
def test_bad_arguments_are_refused(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_newsroom", **options)
    assert not Story.objects.exists()
    assert not SectionPage.objects.exists()


def test_a_prefix_in_use_is_refused(newsroom):
    with pytest.raises(CommandError, match="“syn1-” are already in use"):
        call_command("generate_newsroom", articles=5, stories=1, prefix="syn1")


def test_refuses_a_site_without_a_home_page(db):
    HomePage.objects.all().delete()
    with pytest.raises(CommandError, match="run `gazette migrate`"):
        call_command("generate_newsroom", articles=5)


def test_the_command_reports_progress_and_a_summary(db):
    out = io.StringIO()
    call_command("generate_newsroom", articles=50, stories=5, seed=3, stdout=out)
    output = out.getvalue()
    assert "articles 50/50 (" in output
    assert "Generated 50 articles in 5 stories, 8 sections, 50 authors" in output
    assert ArticlePage.objects.live().count() == 50


# The text, without a database.


def plan(**changes):
    sizes = {**SIZES, "articles": 200, "seed": 7, "end": END} | changes
    return synthetic.plan_newsroom(**sizes)


def texts(newsroom_plan):
    return synthetic.write_texts(newsroom_plan, 0, len(newsroom_plan.articles))


def test_the_text_is_deterministic_from_the_seed():
    first, again, other = plan(), plan(), plan(seed=8)
    assert first == again
    assert [t.title for t in texts(first)] == [t.title for t in texts(again)]
    assert [t.lede for t in texts(first)] == [t.lede for t in texts(again)]
    assert [t.title for t in texts(first)] != [t.title for t in texts(other)]


def test_articles_come_in_publication_order_within_three_years():
    dates = [article.published for article in plan().articles]
    assert dates == sorted(dates)
    assert END - synthetic.SPAN <= dates[0] <= dates[-1] <= END


def test_bodies_are_150_to_500_words_of_paragraphs():
    for text in texts(plan()):
        assert 150 <= text.words <= 500
        assert text.body[-1]["type"] == "paragraph"
        assert {block["type"] for block in text.body} <= {"paragraph", "heading"}


def test_each_story_has_its_own_vocabulary():
    newsroom_plan = plan()
    places = {story.number: story.place for story in newsroom_plan.stories}
    for article, text in zip(newsroom_plan.articles, texts(newsroom_plan), strict=True):
        words = set(re.findall(r"[A-Z][a-z]+", " ".join(b["value"] for b in text.body)))
        own = newsroom_plan.stories[article.story]
        assert own.place in words
        others = {place for number, place in places.items() if number != own.number}
        assert not words & others


@pytest.mark.parametrize("step", [1, 9, 10, 35, 36, 1295, 1296, 36**4 - 1])
def test_tree_steps_are_the_ones_treebeard_would_give(step):
    assert synthetic.encode_step(step) == Page._get_path("", 1, step)


@pytest.mark.parametrize("step", [0, 36**4])
def test_a_section_cannot_take_more_children_than_its_path_allows(step):
    with pytest.raises(synthetic.NewsroomError, match="at most 1,679,615 children"):
        synthetic.encode_step(step)
