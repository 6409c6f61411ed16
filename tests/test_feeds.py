"""RSS 2.0 and Atom feeds of the site, sections, stories and authors."""

import feedparser
import pytest

from gazette.articles import services as articles
from gazette.feeds import feeds

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed_carries_every_field_of_an_article(
    client, kind, make_article, story, author, picture
):
    article = make_article(
        "Talks collapse at the border",
        story=story,
        authors=[author],
        image=picture,
        lede="Negotiators left the table after six hours & no deal.",
    )
    response, parsed = parse(client, f"/feeds/{kind}/")
    expected_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected_type)
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    (entry,) = parsed.entries
    url = f"http://localhost{article.url}"
    assert entry.title == "Talks collapse at the border"
    assert entry.link == url
    assert entry.id == url
    assert entry.summary == "Negotiators left the table after six hours & no deal."
    assert entry.author == "Mira Castell"
    assert {tag.term for tag in entry.tags} == {"World", story.title}
    assert entry.published_parsed[:4] == (2026, 10, 1, 8)
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith("http://localhost/media/images/")
    assert enclosure.type == "image/png"
    rendition = picture.get_rendition(feeds.ENCLOSURE_FILTER)
    assert enclosure.href.endswith(rendition.url)
    assert int(enclosure.length) == rendition.file.size > 0


def test_rss_guid_is_the_canonical_url_and_a_permalink(client, make_article):
    article = make_article()
    body = client.get("/feeds/rss/").content.decode()
    assert f'<guid isPermaLink="true">http://localhost{article.url}</guid>' in body


def test_items_are_newest_first_and_limited(client, make_article, monkeypatch):
    made = [make_article(f"Item {hour}", hours=hour) for hour in range(5)]
    monkeypatch.setattr(feeds.ArticleFeed, "limit", 3)
    _, parsed = parse(client, "/feeds/rss/")
    assert [entry.title for entry in parsed.entries] == [
        a.title for a in reversed(made)
    ][:3]


def test_drafts_withdrawn_and_protected_articles_are_left_out(
    client, make_article, make_section
):
    from wagtail.models import PageViewRestriction

    make_article("Published")
    make_article("Draft", publish=False)
    withdrawn = make_article("Withdrawn")
    articles.unpublish_article(withdrawn)
    members = make_section("Members")
    make_article("Members only", in_section=members)
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for url in ["/feeds/rss/", "/feeds/atom/"]:
        _, parsed = parse(client, url)
        assert [entry.title for entry in parsed.entries] == ["Published"]


def test_section_story_and_author_feeds_hold_only_their_articles(
    client, make_article, make_section, story, author
):
    politics = make_section("Politics")
    make_article("In world, in story", story=story, hours=1)
    make_article("In politics, by author", in_section=politics, authors=[author])
    make_article("Elsewhere", hours=2)
    cases = {
        "/feeds/section/politics/rss/": ["In politics, by author"],
        "/feeds/section/world/atom/": ["Elsewhere", "In world, in story"],
        f"/feeds/story/{story.slug}/rss/": ["In world, in story"],
        f"/feeds/story/{story.slug}/atom/": ["In world, in story"],
        "/feeds/author/mira-castell/rss/": ["In politics, by author"],
        "/feeds/author/mira-castell/atom/": ["In politics, by author"],
    }
    for url, titles in cases.items():
        _, parsed = parse(client, url)
        assert [entry.title for entry in parsed.entries] == titles, url
    _, parsed = parse(client, f"/feeds/story/{story.slug}/rss/")
    assert parsed.feed.title == f"{story.title} | Gazette"
    assert parsed.feed.link == f"http://localhost{story.get_absolute_url()}"


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/section/nowhere/rss/",
        "/feeds/story/nowhere/atom/",
        "/feeds/author/nobody/rss/",
    ],
)
def test_unknown_subjects_are_404(client, url, db):
    assert client.get(url).status_code == 404


def test_several_authors_share_one_byline(client, make_article, author):
    from gazette.articles.models import Author

    other = Author.objects.create(name="Jon Beck", slug="jon-beck")
    make_article(authors=[author, other])
    _, parsed = parse(client, "/feeds/rss/")
    assert parsed.entries[0].author == "Mira Castell and Jon Beck"


def test_feed_queries_do_not_grow_with_the_items(
    client, make_article, story, author, picture, django_assert_max_num_queries
):
    for hour in range(12):
        make_article(story=story, authors=[author], image=picture, hours=hour)
    client.get("/feeds/rss/")  # the enclosure's rendition is made once
    for url in ["/feeds/rss/", f"/feeds/story/{story.slug}/atom/"]:
        from django.core.cache import cache

        cache.clear()
        # 9, and with editions (issue 19), after the cache is cleared: the
        # editions read again, and Wagtail's site root paths with their
        # translations.
        with django_assert_max_num_queries(11):
            assert client.get(url).status_code == 200


def test_every_page_head_links_the_site_feed_and_its_own(
    client, make_article, story, author, section
):
    article = make_article(story=story, authors=[author])
    site = (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Gazette: Latest articles" href="http://localhost/feeds/rss/">'
    )
    own = {
        "/": None,
        section.url: "http://localhost/feeds/section/world/rss/",
        story.get_absolute_url(): f"http://localhost/feeds/story/{story.slug}/rss/",
        author.get_absolute_url(): "http://localhost/feeds/author/mira-castell/rss/",
        article.url: f"http://localhost/feeds/story/{story.slug}/rss/",
    }
    for url, feed in own.items():  # each page offers its subject's feed
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert site in head, url
        links = head.count('type="application/rss+xml"')
        podcasts = 2 if url == section.url else 1  # the site's, the section's
        assert links == (2 if feed else 1) + podcasts, url
        assert 'href="http://localhost/audio/podcast/"' in head, url
        if feed:
            assert f'href="{feed}"' in head, url
    assert (
        'href="http://localhost/audio/podcast/world/"'
        in client.get(section.url).content.decode().split("</head>")[0]
    )
    for feed in [
        *filter(None, own.values()),
        "/audio/podcast/",
        "/audio/podcast/world/",
    ]:
        assert client.get(feed.removeprefix("http://localhost")).status_code == 200
