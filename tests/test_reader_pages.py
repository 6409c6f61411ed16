"""The reader pages as a reader sees them: the article in reading order, its
lead picture, related teasers with pictures, the story and author pages, and
the search page's folded filters."""

import re

import pytest

from gazette.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def position(html: str, marker: str) -> int:
    """Return where ``marker`` first appears, failing clearly when it is missing."""
    index = html.find(marker)
    assert index >= 0, f"{marker!r} is not on the page"
    return index


def tag(html: str, start: str) -> str:
    """Return the whole opening tag that begins with ``start``."""
    begin = position(html, start)
    return html[begin : html.index(">", begin) + 1]


@pytest.fixture
def illustrated_article(make_article, story, author, picture):
    body = [
        {"type": "paragraph", "value": "<p>The talks opened at nine.</p>"},
        {"type": "heading", "value": "What was agreed"},
        {
            "type": "quote",
            "value": {"quote": "The river is quiet.", "attribution": "Piet Harlow"},
        },
        {"type": "image", "value": {"image": picture.pk, "caption": "At the bridge"}},
    ]
    article = make_article(
        "Talks open in Pellmarch",
        story=story,
        authors=[author],
        image=picture,
        body=body,
        lede="Both sides sat down for the first time since September.",
    )
    ArticlePage.objects.filter(pk=article.pk).update(genre="analysis")
    return article


def test_the_article_reads_kicker_headline_standfirst_picture_byline_tools_body(
    client, illustrated_article
):
    html = client.get(illustrated_article.url).content.decode()
    order = [
        'class="story-tag"',
        'class="article__kicker"',
        '<h1 id="headline">',
        'class="lede"',
        "<picture",
        'class="article-byline"',
        'class="article-toolbar"',
        'class="article__body',
        'class="article__footer"',
        'id="discussion"',
    ]
    positions = [position(html, marker) for marker in order]
    assert positions == sorted(positions)


def test_the_kicker_names_the_kind_then_the_section(client, illustrated_article):
    html = client.get(illustrated_article.url).content.decode()
    kicker = html[position(html, 'class="article__kicker"') :]
    kicker = kicker[: kicker.index("</p>")]
    assert kicker.index("Analysis") < kicker.index('href="/world/">World</a>')


def test_the_lead_picture_is_responsive_sized_and_fetched_first(
    client, illustrated_article
):
    html = client.get(illustrated_article.url).content.decode()
    figure = html[position(html, 'class="article__picture"') :]
    figure = figure[: figure.index("</figure>")]
    img = tag(figure, "<img")
    assert 'fetchpriority="high"' in img
    assert 'loading="lazy"' not in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert re.search(r'srcset="[^"]+ \d+w', figure)
    assert 'type="image/webp"' in figure
    assert 'alt="A steel bridge over a wide river at dusk"' in img
    assert "The Vell bridge at dusk" in figure
    assert '<span class="credit">Ana Lund / The Courier</span>' in figure


def test_pictures_in_the_body_wait_until_they_are_scrolled_to(
    client, illustrated_article
):
    html = client.get(illustrated_article.url).content.decode()
    figure = html[position(html, 'class="article-figure"') :]
    figure = figure[: figure.index("</figure>")]
    img = tag(figure, "<img")
    assert 'loading="lazy"' in img and "fetchpriority" not in img
    assert re.search(r'srcset="[^"]+ \d+w', figure)
    assert "At the bridge" in figure and "Ana Lund / The Courier" in figure


def test_a_pull_quote_shows_the_words_and_who_said_them(client, illustrated_article):
    html = client.get(illustrated_article.url).content.decode()
    quote = html[position(html, 'class="pull-quote"') :]
    quote = quote[: quote.index("</figure>")]
    assert "<blockquote><p>The river is quiet.</p></blockquote>" in quote
    assert 'class="pull-quote__attribution">Piet Harlow<' in quote


def test_the_toolbar_links_to_the_discussion_and_shares_without_outside_hosts(
    client, illustrated_article
):
    html = client.get(illustrated_article.url).content.decode()
    toolbar = html[position(html, 'class="article-toolbar"') :]
    toolbar = toolbar[: toolbar.index('class="article__body')]
    assert 'href="#discussion"' in toolbar and "0 comments" in toolbar
    assert "<summary>Get short URL</summary>" in toolbar
    assert 'href="mailto:?subject=Talks%20open%20in%20Pellmarch&amp;body=http' in (
        toolbar
    )
    # The native share button shows only where the browser has a share sheet.
    assert re.search(r"<button [^>]*hidden data-share", toolbar)
    assert re.search(r'<script src="[^"]*articles/share\.js" defer>', toolbar)
    assert not re.findall(r'(?:src|href)="https?://(?!localhost)', toolbar)


def test_related_teasers_carry_their_pictures(
    client, illustrated_article, story, picture, make_article
):
    make_article("Ferries resume on the Vell", story=story, image=picture, hours=-2)
    make_article("Quiet night on the border", story=story, hours=-1)
    html = client.get(illustrated_article.url).content.decode()
    related = html[position(html, 'id="related-heading"') :]
    related = related[: related.index("</aside>")]
    items = related.split('class="article-related__item"')[1:]
    by_title = {
        re.search(r'class="teaser__link"[^>]*>([^<]+)<', item)[1]: item
        for item in items
    }
    assert set(by_title) == {"Ferries resume on the Vell", "Quiet night on the border"}
    assert "<picture" in by_title["Ferries resume on the Vell"]
    assert 'loading="lazy"' in by_title["Ferries resume on the Vell"]
    assert "<picture" not in by_title["Quiet night on the border"]
    # The standfirst is left out in the narrow column.
    assert "teaser__lede" not in related


def test_the_story_page_shows_the_full_title_and_teasers_the_short_label(
    client, make_story, make_article, picture, author
):
    story = make_story(
        "Aldermark and Vesperland relations hit a new low after the border incident",
        short_label="Border crisis",
        summary="A shooting on the Vell and what followed.",
    )
    make_article("First shots", story=story, authors=[author], hours=1)
    make_article("Talks agreed", story=story, authors=[author], image=picture, hours=5)
    html = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r'<h1 [^>]*id="story-heading">Aldermark and Vesperland', html)
    assert "Running story" in html and "2 articles" in html
    assert "A shooting on the Vell and what followed." in html
    # The latest article leads the timeline with its picture, eagerly loaded.
    latest = html[position(html, "timeline__item--latest") :]
    latest = latest[: latest.index("</li>")]
    assert "Talks agreed" in latest and 'fetchpriority="high"' in latest
    assert html.count('class="timeline__item') == 2
    # Elsewhere the story goes by its short label.
    author_page = client.get(author.get_absolute_url()).content.decode()
    assert ">Border crisis</a>" in author_page
    assert "relations hit a new low" not in author_page
    article_page = client.get(story.articles.first().url).content.decode()
    assert 'class="story-tag__label">Border crisis<' in article_page


def test_story_cards_show_the_newest_picture(
    client, story, make_article, picture, django_assert_max_num_queries
):
    make_article("Older, illustrated", story=story, image=picture, hours=1)
    make_article("Newest, no picture", story=story, hours=2)
    client.get("/stories/")  # renditions are made once
    with django_assert_max_num_queries(8):
        html = client.get("/stories/").content.decode()
    card = html[position(html, 'class="story-card') :]
    card = card[: card.index("</li>")]
    assert story.title in card and "2 articles" in card
    assert "<picture" in card and 'alt="A steel bridge over a wide river at dusk"' in (
        card
    )
    assert "Updated <time" in card


def test_authors_without_a_photo_show_their_initials(client, author, make_article):
    make_article(authors=[author])
    html = client.get("/authors/").content.decode()
    card = html[position(html, 'class="author-card"') :]
    card = card[: card.index("</li>")]
    assert 'class="author-card__initials" aria-hidden="true">MC<' in card
    assert "Mira Castell" in card and "Diplomatic correspondent" in card
    assert "1 article<" in card
    profile = client.get(author.get_absolute_url()).content.decode()
    assert 'class="author-profile__initials" aria-hidden="true">MC<' in profile


@pytest.mark.parametrize(
    "params, is_open",
    [
        ({"q": "talks"}, False),
        ({}, False),
        ({"q": "talks", "section": "SECTION"}, True),
        ({"since": "2026-10-02"}, True),
        # A form error shows where it is.
        ({"since": "2026-10-05", "until": "2026-10-01"}, True),
    ],
)
def test_the_search_filters_fold_away_unless_one_is_set(
    client, section, make_article, params, is_open
):
    make_article("Talks resume", body=[{"type": "paragraph", "value": "<p>Talks</p>"}])
    params = {k: section.pk if v == "SECTION" else v for k, v in params.items()}
    html = client.get("/search/", params).content.decode()
    details = tag(html, '<details class="search-filters__panel"')
    assert ("open" in details) is is_open
    # Every filter is inside the folded part; the query field is not.
    folded = html[position(html, details) : html.index("</details>")]
    for name in ["section", "story", "author", "since", "until"]:
        assert f'name="{name}"' in folded
    assert 'name="q"' not in folded


def test_search_results_have_pictures_highlights_and_a_spoken_count(
    client, make_article, picture, story
):
    text = [{"type": "paragraph", "value": "<p>The lighthouse keeper spoke.</p>"}]
    make_article("Keeper speaks", body=text, image=picture, story=story)
    make_article("Keeper leaves", body=text, hours=1)
    html = client.get("/search/", {"q": "lighthouse"}).content.decode()
    assert re.search(r'<p class="search-count" role="status">2 results for', html)
    results = html[position(html, 'class="search-results"') :]
    items = results.split('<li class="search-result')[1:]
    assert len(items) == 2
    pictured = next(item for item in items if "Keeper speaks" in item)
    assert "<picture" in pictured and 'loading="lazy"' in pictured
    assert "<mark>lighthouse</mark>" in pictured
    assert f">{story.label}</a>" in pictured


def test_no_results_offers_help(client, make_article):
    make_article("Harbour")
    html = client.get("/search/", {"q": "zzzz"}).content.decode()
    assert "0 results" in html
    help_box = html[position(html, 'class="search-help"') :]
    assert "No articles match “zzzz”" in help_box
    assert "Check the spelling" in help_box and 'href="/stories/"' in help_box


def test_the_byline_shows_an_authors_photo_when_there_is_one(
    client, make_article, author, picture
):
    author.photo = picture
    author.save()
    html = client.get(make_article(authors=[author]).url).content.decode()
    byline = html[position(html, 'class="article-byline"') :]
    byline = byline[: byline.index("</div>")]
    img = tag(byline, "<img")
    assert 'class="article-byline__photo"' in img and 'alt="A steel bridge' in img
    assert byline.index("<img") < byline.index('rel="author">Mira Castell</a>')
    cards = client.get("/authors/").content.decode()
    assert 'class="author-card__photo"' in cards and "author-card__initials" not in (
        cards
    )
