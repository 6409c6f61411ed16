"""Stories: membership, live counts, date range, the story page."""

import pytest

from gazette.articles import services as articles
from gazette.stories import services as stories
from gazette.stories.models import Story

pytestmark = pytest.mark.django_db


def count(story):
    return Story.objects.get(pk=story.pk).article_count


def test_publishing_into_a_story_counts_the_article(story, make_article):
    make_article(story=story)
    make_article(story=story)
    assert count(story) == 2


def test_drafts_are_not_counted(story, make_article):
    make_article(story=story)
    make_article(story=story, publish=False)
    assert count(story) == 1


def test_unpublishing_and_deleting_lower_the_count(story, make_article):
    first, second, third = (make_article(story=story) for _ in range(3))
    articles.unpublish_article(first)
    assert count(story) == 2
    second.delete()
    assert count(story) == 1


def test_moving_an_article_to_another_story_recounts_both(
    story, make_story, make_article
):
    other = make_story("Floods in Ilsen")
    article = make_article(story=story)
    make_article(story=story)
    stories.set_article_story(article, other)
    assert (count(story), count(other)) == (1, 1)
    stories.set_article_story(article, None)
    assert (count(story), count(other)) == (1, 0)


def test_a_closed_story_takes_no_new_article(make_story, make_article):
    closed = make_story("Finished cup run", is_open=False)
    article = make_article()
    with pytest.raises(ValueError, match="closed"):
        stories.set_article_story(article, closed)


def test_story_dates_span_its_live_articles(story, make_article):
    make_article(story=story, hours=5)
    make_article(story=story, hours=1)
    story.refresh_from_db()
    assert (story.first_published_at.hour, story.last_published_at.hour) == (9, 13)


def test_story_page_lists_articles_newest_first_with_count_and_dates(
    client, story, make_article
):
    make_article("Older report", story=story, hours=0)
    make_article("Newer report", story=story, hours=30)
    make_article("Unrelated report", hours=40)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index("Newer report") < html.index("Older report")
    assert "Unrelated report" not in html
    assert "2 articles" in html
    assert "1 October 2026" in html and "2 October 2026" in html


def test_story_page_is_paginated(client, story, make_article, settings):
    settings.GAZETTE_ARTICLES_PER_PAGE = 2
    for hour in range(5):
        make_article(f"Report {hour}", story=story, hours=hour)
    first = client.get(story.get_absolute_url()).content.decode()
    last = client.get(story.get_absolute_url() + "?page=3").content.decode()
    assert "Report 4" in first and "Report 0" not in first
    assert "Report 0" in last and "Page 3" in last and 'rel="next"' not in last


def test_unknown_story_is_a_404(client, db):
    assert client.get("/stories/no-such-story/").status_code == 404


def test_story_index_lists_stories_with_counts(client, story, make_article):
    make_article(story=story)
    make_article(story=story)
    html = client.get("/stories/").content.decode()
    assert story.title in html and "2 articles" in html


def test_story_index_leaves_out_one_article_stories_the_engine_started(
    client, story, make_story, make_article
):
    """Threading starts a story, titled with the headline, for every article it
    cannot place: listed, they repeated the latest headlines (8 of 14 entries
    in the demo newsroom after a morning's publishing)."""
    make_article(story=story)
    make_article(story=story)
    single = make_story(
        "Halvard opens its first night tram line", title_is_proposed=True
    )
    make_article(story=single)
    named = make_story("Halvard transport plan")
    make_article(story=named)
    html = client.get("/stories/").content.decode()
    assert story.title in html and single.title not in html
    # An editor's story of one article is meant: it is listed.
    assert named.title in html
    # Its page still answers, but asks search engines not to index it.
    single_page = client.get(single.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in single_page
    named_page = client.get(named.get_absolute_url()).content.decode()
    assert 'name="robots"' not in named_page


def test_one_article_story_the_engine_started_has_no_tag_until_a_second_joins(
    client, make_story, make_article
):
    """Its tag would repeat the article's own headline with "(1)"."""
    single = make_story(
        "Halvard opens its first night tram line", title_is_proposed=True
    )
    first = make_article(title="Halvard opens its first night tram line", story=single)
    html = client.get(first.url).content.decode()
    assert 'class="story-tag"' not in html
    assert single.get_absolute_url() not in client.get("/").content.decode()
    second = make_article(title="Night tram carries 4,000 in first week", story=single)
    html = client.get(second.url).content.decode()
    assert html.count('<span class="story-tag__count">(2)</span>') == 2


@pytest.mark.parametrize(
    ("count", "proposed", "listed"),
    [
        (0, False, False),
        (0, True, False),
        (1, True, False),
        (1, False, True),
        (2, True, True),
        (146, True, True),
    ],
)
def test_listed_stories(make_story, count, proposed, listed):
    story = make_story(title_is_proposed=proposed, article_count=count)
    assert story.is_listed is listed
    assert Story.objects.listed().filter(pk=story.pk).exists() is listed


def test_the_story_tag_of_a_one_article_story_says_article(client, story, make_article):
    """Screen readers heard "(1) articles"."""
    article = make_article(story=story)
    html = client.get(article.url).content.decode()
    assert '(1)</span><span class="visually-hidden"> article</span>' in html
    make_article(story=story)
    html = client.get(article.url).content.decode()
    assert '(2)</span><span class="visually-hidden"> articles</span>' in html


def test_a_story_without_slug_gets_one_from_its_title(make_story):
    first = Story.objects.create(title="Floods in Ilsen")
    second = Story.objects.create(title="Floods in Ilsen")
    assert (first.slug, second.slug) == ("floods-in-ilsen", "floods-in-ilsen-2")
