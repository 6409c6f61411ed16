"""Search: finds live articles by their words, filters, ranks, highlights, pages."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from gazette.articles import services as articles
from gazette.articles.models import Author
from gazette.search import ranking, snippets

URL = "/search/"
# The chosen story (the form checks it); the ranked window (with the view
# restrictions; a count when the window is full); the page's articles; their
# bylines with authors; site and newsroom settings (the page's chrome). The
# filters' menus come from the cache.
MAX_QUERIES = 7


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def titles(response):
    """Return the result headlines a reader sees, in order."""
    html = response.content.decode()
    found = re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", t) for t in found]


# Pure modules: no database.


@pytest.mark.parametrize(
    "query, terms",
    [
        ("Border talks", ["border", "talk"]),
        ("talking TALKS", ["talk"]),
        ("a  <script>", ["script"]),
        ("", []),
    ],
)
def test_query_terms_are_distinct_lower_case_stems(query, terms):
    assert snippets.query_terms(query) == terms


def test_highlight_marks_matches_and_escapes_everything_else():
    out = snippets.highlight('Talks at <b>the</b> "border" & beyond', "border talks")
    assert out == (
        "<mark>Talks</mark> at &lt;b&gt;the&lt;/b&gt; &quot;<mark>border</mark>&quot;"
        " &amp; beyond"
    )


@pytest.mark.parametrize(
    "text, query",
    [
        ("Harmless text about a script.", "<script>alert(1)</script>"),
        ("<script>alert('x')</script> script kiddies", "script"),
        ("<img src=x onerror=alert(1)> image", "img onerror"),
        ("mark my words", "</mark><script>"),
    ],
)
def test_hostile_text_or_query_never_becomes_markup(text, query):
    for out in (snippets.highlight(text, query), snippets.excerpt([text], query)):
        assert "<script" not in out and "<img" not in out
        assert re.sub(r"</?mark>", "", out).count("<") == 0


def test_excerpt_centres_on_the_first_match_and_marks_cut_ends():
    text = (
        " ".join(f"word{i}" for i in range(200))
        + " the ceasefire held "
        + (" ".join(f"tail{i}" for i in range(200)))
    )
    out = snippets.excerpt(["A lede without it.", text], "ceasefire", length=120)
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>ceasefire</mark>" in out
    assert len(out) < 160


def test_excerpt_without_a_match_is_the_start_of_the_lede():
    assert snippets.excerpt(["The lede.", "The body."], "absent") == "The lede."


@pytest.mark.parametrize(
    "value",
    [
        "<p>a &amp; b</p><p>c</p>",
        '<p data-block-key="k1">x <a href="/a">link</a> y<br/>z</p>',
        "<p>1 < 2 and 3 > 2</p>",
        "<!-- note --><p>t</p>",
        "<p>a<b>b</b><i>c</i></p>",
        "<script>alert(1)</script>x",
        "<p class=x>unquoted</p>",
        '<p title="a>b">odd</p>',
        "<ul><li>one</li><li>two</li></ul>",
        "plain &lt;text&gt;",
    ],
)
def test_rich_text_words_read_as_django_strip_tags_reads_them(value):
    """The quick path for plain tags gives what the HTML parser gives."""
    import html

    from django.utils.html import strip_tags

    spaced = re.sub(r"(</[^>]+>|<br\s*/?>)", r"\1 ", value)
    assert snippets.rich_text_words(value) == html.unescape(strip_tags(spaced))


def test_body_text_reads_paragraphs_headings_quotes_and_captions():
    blocks = [
        {"type": "paragraph", "value": "<p>One &amp; two</p><p>three</p>"},
        {"type": "heading", "value": "Heading"},
        {"type": "quote", "value": {"quote": "Said", "attribution": "X"}},
        {"type": "image", "value": {"image": 1, "caption": "Caption"}},
    ]
    assert snippets.body_text(blocks) == "One & two three Heading Said Caption"


NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


@pytest.mark.parametrize(
    "candidates, expected",
    [
        # Equally relevant: the newer first.
        ([(1, 1.0, days_ago(300)), (2, 1.0, days_ago(1))], [2, 1]),
        # A much better old match beats a weak fresh one.
        ([(1, 3.0, days_ago(900)), (2, 1.0, days_ago(0))], [1, 2]),
        # A slightly better old match loses to a fresh one.
        ([(1, 1.2, days_ago(365)), (2, 1.0, days_ago(2))], [2, 1]),
        # SQLite's bm25 is negative, better more negative: sign does not matter.
        ([(1, -0.5, days_ago(10)), (2, -2.0, days_ago(10))], [2, 1]),
        # No score (the fallback backend): newest first.
        ([(1, 0.0, days_ago(5)), (2, 0.0, days_ago(3))], [2, 1]),
    ],
)
def test_rerank_combines_relevance_with_a_bounded_recency_boost(candidates, expected):
    ranked = ranking.rerank([ranking.Candidate(*c) for c in candidates], NOW)
    assert list(ranked) == expected


def test_recency_factor_halves_its_boost_every_half_life():
    assert ranking.recency_factor(NOW, NOW) == 2.0
    assert ranking.recency_factor(days_ago(ranking.HALF_LIFE_DAYS), NOW) == 1.5
    assert ranking.recency_factor(None, NOW) == 1.0


# Through the page.


@pytest.mark.django_db
def test_finds_articles_by_words_of_the_body(client, publish):
    publish("Talks resume", "Negotiators met in the lighthouse at dawn.")
    publish("Weather", "Rain all week.")
    response = client.get(URL, {"q": "lighthouse"})
    assert response.status_code == 200
    assert titles(response) == ["Talks resume"]
    assert "1 result for “lighthouse”" in response.content.decode()
    assert "<mark>lighthouse</mark>" in response.content.decode()


@pytest.mark.django_db
def test_publish_withdraw_and_edit_update_the_results(client, make_article):
    article = make_article("Harbour", body=paragraph("The ferry sank."), publish=False)
    assert titles(client.get(URL, {"q": "ferry"})) == []
    articles.publish_article(article)
    assert titles(client.get(URL, {"q": "ferry"})) == ["Harbour"]

    article = article.get_latest_revision_as_object()
    article.body = paragraph("The ferry was raised by a floating crane.")
    article.save_revision()
    articles.publish_article(article)
    assert titles(client.get(URL, {"q": "crane"})) == ["Harbour"]

    articles.unpublish_article(article)
    assert titles(client.get(URL, {"q": "ferry"})) == []
    assert titles(client.get(URL, {"q": "crane"})) == []


@pytest.mark.django_db
def test_drafts_and_withdrawn_articles_never_appear(client, make_article):
    make_article("Draft", body=paragraph("zeppelin"), publish=False)
    withdrawn = make_article("Withdrawn", body=paragraph("zeppelin"))
    articles.unpublish_article(withdrawn)
    make_article("Live", body=paragraph("zeppelin"))
    assert titles(client.get(URL, {"q": "zeppelin"})) == ["Live"]


@pytest.fixture
def archive(make_article, make_section, make_story, db):
    """Four articles about a ceasefire, each differing in one filterable way."""
    sport = make_section("Sport")
    story = make_story("Ceasefire talks")
    mira = Author.objects.create(name="Mira Castell", slug="mira")
    joe = Author.objects.create(name="Joe Park", slug="joe")
    text = paragraph("The ceasefire held overnight.")
    make_article("World one", body=text, story=story, authors=[mira], hours=0)
    make_article("World two", body=text, authors=[joe], hours=24 * 10)
    make_article("Sport one", body=text, in_section=sport, authors=[joe], hours=48)
    make_article("Unrelated", body=paragraph("Cricket."), story=story, authors=[mira])
    return {"sport": sport, "story": story, "mira": mira, "joe": joe}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"World one", "World two", "Sport one"}),
        ({"section": "sport"}, {"Sport one"}),
        ({"story": "story"}, {"World one"}),
        ({"author": "mira"}, {"World one"}),
        ({"author": "joe"}, {"World two", "Sport one"}),
        ({"since": "2026-10-03"}, {"Sport one", "World two"}),
        ({"until": "2026-10-03"}, {"World one", "Sport one"}),
        ({"since": "2026-10-02", "until": "2026-10-03"}, {"Sport one"}),
        ({"author": "joe", "section": "sport"}, {"Sport one"}),
    ],
)
def test_each_filter_narrows_the_results(client, archive, params, expected):
    query = {"q": "ceasefire"}
    for name, value in params.items():
        query[name] = archive[value].pk if value in archive else value
    response = client.get(URL, query)
    assert set(titles(response)) == expected


@pytest.mark.django_db
def test_filters_without_a_query_list_newest_first(client, archive):
    response = client.get(URL, {"author": archive["mira"].pk})
    assert titles(response) == ["Unrelated", "World one"]
    assert "2 results" in response.content.decode()


@pytest.mark.django_db
def test_equally_relevant_matches_come_newest_first(client, make_article):
    for hours in (0, 24 * 40, 24 * 20):
        make_article(
            f"Day {hours // 24}", body=paragraph("Volcano erupts."), hours=hours
        )
    assert titles(client.get(URL, {"q": "volcano"})) == ["Day 40", "Day 20", "Day 0"]


@pytest.mark.django_db
def test_results_are_paged_and_pages_keep_the_query_and_filters(
    client, make_article, section
):
    for n in range(23):
        make_article(f"Flood {n:02}", body=paragraph("Floods rise."), hours=n)
    first = client.get(URL, {"q": "floods", "section": section.pk})
    html = first.content.decode()
    assert "23 results" in html and len(titles(first)) == 10
    assert f"?q=floods&amp;section={section.pk}&amp;page=2" in html
    seen = set(titles(first))
    for page in (2, 3):
        response = client.get(URL, {"q": "floods", "section": section.pk, "page": page})
        seen |= set(titles(response))
    assert len(seen) == 23


@pytest.mark.django_db
def test_no_results_shows_help(client, make_article):
    make_article("Something", body=paragraph("Other words."))
    html = client.get(URL, {"q": "nonexistentword"}).content.decode()
    assert "0 results" in html
    assert "Check the spelling" in html


@pytest.mark.django_db
def test_a_script_in_the_query_or_body_is_never_markup(client, make_article):
    make_article(
        "Injected <script>alert(1)</script>",
        body=paragraph("&lt;script&gt;alert(2)&lt;/script&gt; payload"),
        lede="<script>alert(3)</script> payload",
    )
    # Hostile text in the results is escaped.
    response = client.get(URL, {"q": "payload"})
    html = response.content.decode()
    assert titles(response)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    # A hostile query is echoed escaped. (PostgreSQL's parser drops tag-like
    # tokens, so whether it also finds anything depends on the backend.)
    html = client.get(URL, {"q": "<script>alert(4)</script>payload"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(4)" in html


@pytest.mark.django_db
def test_query_count_is_bounded(
    client, make_article, make_story, author, django_assert_max_num_queries
):
    """Whatever the number of results: search, count, page, form choices."""
    story = make_story("Storm")
    for n in range(12):
        make_article(
            f"Storm {n}",
            body=paragraph("Storm warning."),
            story=story,
            authors=[author],
        )
    client.get(URL, {"q": "storm"})  # warm the navigation cache
    # PostgreSQL adds the search's time budget: a savepoint (inside the test's
    # transaction), the setting, its restoring and the savepoint's release.
    budget = 4 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(MAX_QUERIES + budget):
        response = client.get(URL, {"q": "storm", "story": story.pk})
    assert len(titles(response)) == 10
    with django_assert_max_num_queries(MAX_QUERIES + budget):
        client.get(URL, {"q": "storm", "page": 2})


@pytest.mark.django_db
def test_filter_menus_are_kept_until_the_content_changes(
    client, make_article, make_section, django_assert_max_num_queries
):
    """The menus are read once per content generation, not per search."""
    make_article("Flood", body=paragraph("Flood."))
    client.get(URL, {"q": "flood"})
    budget = 4 if connection.vendor == "postgresql" else 0  # as above
    with django_assert_max_num_queries(MAX_QUERIES + budget) as captured:
        client.get(URL, {"q": "flood"})
    menus = ('FROM "stories_story"', 'FROM "articles_author"')
    assert not [
        q for q in captured.captured_queries if any(m in q["sql"] for m in menus)
    ]
    make_section("Weather")  # a publish: the next search lists it
    assert ">Weather</option>" in client.get(URL, {"q": "flood"}).content.decode()


def test_menu_select_writes_what_djangos_template_writes():
    from django import forms

    from gazette.search.forms import MenuSelect

    choices = [("", "All"), (1, "Tom & Jerry <b>"), (2, "Two")]
    ours = MenuSelect(choices=choices, attrs={"class": "x", "disabled": True})
    theirs = forms.Select(choices=choices, attrs={"class": "x", "disabled": True})
    for value in ("", "1", "2", None):
        html = ours.render("story", value, attrs={"id": "id_story"})
        expected = theirs.render("story", value, attrs={"id": "id_story"})
        assert html == re.sub(r">\s+<", "><", expected)
    assert "Tom &amp; Jerry &lt;b&gt;" in html


def test_a_menu_with_nothing_chosen_is_written_once_per_key():
    from gazette.search import forms

    choices = [("", "All"), (1, "One")]
    menu = forms.MenuSelect(choices=choices)
    menu.kept = "test-generation-1"
    first = menu.render("story", None, attrs={"id": "id_story"})
    menu.choices = [("", "All"), (1, "One"), (2, "Two")]
    # The same key: the markup kept; a chosen value is written every time.
    assert menu.render("story", None, attrs={"id": "id_story"}) == first
    chosen = menu.render("story", "2", attrs={"id": "id_story"})
    assert '<option value="2" selected>Two</option>' in chosen
    # As Django's Select, nothing chosen selects the empty option.
    assert '<option value="" selected>' in menu.render("story", "", {"id": "id_story"})
    assert '<option value="" selected>' in first
    # Another key (the next generation): written again, with the new option.
    menu.kept = "test-generation-2"
    assert ">Two</option>" in menu.render("story", None, attrs={"id": "id_story"})
    # Another id: another markup.
    other = menu.render("story", None, attrs={"id": "id_other"})
    assert 'id="id_other"' in other


@pytest.mark.django_db
def test_page_is_accessible(client, make_article):
    make_article("Quake", body=paragraph("Quake hits."))
    html = client.get(URL, {"q": "quake"}).content.decode()
    assert html.count("<h1") == 1
    for match in re.finditer(r"<(input|select)[^>]*>", html):
        tag = match.group()
        if 'type="hidden"' in tag:
            continue
        control_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'for="{control_id}"' in html, tag


@pytest.mark.django_db
def test_the_header_has_a_search_box(client, home):
    html = client.get("/").content.decode()
    assert 'role="search" action="/search/"' in html
    assert 'for="site-search-q"' in html


@pytest.mark.django_db  # the editions decide the URL's prefix
def test_the_url_is_named_in_the_app_namespace():
    assert reverse("search:search") == URL
