"""Front pages run by editors: the home page and section fronts (gazette/fronts)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from gazette.articles import services as articles
from gazette.core.front_blocks import FrontBlock
from gazette.core.models import HomePage
from gazette.fronts.selectors import build_front
from gazette.fronts.services import arrange_front, slot

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}


def lead_of(html: str) -> str:
    start = html.index('class="front-lead')
    return html[start : html.index("</section>", start)]


def test_a_brief_without_a_picture_never_takes_the_default_lead(
    client, make_article, picture
):
    """The bug that started the issue: newest-first made a three-line brief the lead."""
    make_article("Bridge reopens after a year", hours=1, image=picture)
    make_article("Brief: council meets on Tuesday", hours=5)
    html = client.get("/").content.decode()
    assert "Bridge reopens after a year" in lead_of(html)
    assert "Brief: council meets on Tuesday" in html
    assert 'fetchpriority="high"' in lead_of(html)


def test_an_editor_puts_an_older_article_in_the_lead(
    client, home, make_article, picture
):
    older = make_article("The investigation, part one", hours=1, image=picture)
    make_article("Newer with a picture", hours=9, image=picture)
    arrange_front(home, [("lead", {"pinned": [slot(older)]}), ("latest", {})])
    html = client.get("/").content.decode()
    assert "The investigation, part one" in lead_of(html)
    assert "Newer with a picture" in html  # still on the front, further down
    assert html.count("The investigation, part one</a>") == 1


@pytest.mark.parametrize(
    "expires_in, leads",
    [
        (None, "Chosen by the desk"),
        (datetime.timedelta(hours=2), "Chosen by the desk"),
        (-datetime.timedelta(minutes=1), "Newest picture story"),
    ],
)
def test_a_chosen_lead_falls_back_to_the_rule_once_it_expires(
    client, home, make_article, picture, expires_in, leads
):
    chosen = make_article("Chosen by the desk", hours=1, image=picture)
    make_article("Newest picture story", hours=3, image=picture)
    expires_at = timezone.now() + expires_in if expires_in else None
    arrange_front(home, [("lead", {"pinned": [slot(chosen, expires_at)]})])
    assert leads in lead_of(client.get("/").content.decode())


def test_a_chosen_article_taken_offline_leaves_its_slot_to_the_rule(
    client, home, make_article, picture
):
    chosen = make_article("Withdrawn story", hours=5, image=picture)
    make_article("Standing story", hours=1, image=picture)
    arrange_front(home, [("lead", {"pinned": [slot(chosen)]})])
    articles.unpublish_article(chosen)
    html = client.get("/").content.decode()
    assert "Standing story" in lead_of(html) and "Withdrawn story" not in html


def test_a_draft_arrangement_is_not_shown_until_published(
    client, home, make_article, picture
):
    chosen = make_article("Held for the evening", hours=1, image=picture)
    make_article("Live now", hours=3, image=picture)
    arrange_front(home, [("lead", {"pinned": [slot(chosen)]})], publish=False)
    assert "Live now" in lead_of(client.get("/").content.decode())
    HomePage.objects.get().get_latest_revision().publish()
    assert "Held for the evening" in lead_of(client.get("/").content.decode())


def test_a_story_row_is_headed_by_the_story_short_label_and_links_to_it(
    client, home, make_story, make_article
):
    story = make_story("Relations hit new low after border incident")
    story.short_label = "Border row"
    story.save()
    for hour in range(3):
        make_article(f"Border report {hour}", story=story, hours=hour)
    make_article("Unrelated", hours=10)
    arrange_front(home, [("row", {"count": 2, "story": story})])
    html = client.get("/").content.decode()
    row = html[html.index('class="front-row"') :]
    assert "Border row" in row and story.get_absolute_url() in row
    assert "Border report 2" in row and "Border report 1" in row
    assert "Border report 0" not in html and "Unrelated" not in html


def test_a_section_front_leads_with_its_own_newest_picture_story(
    client, section, make_section, make_article, picture
):
    world, sport = section, make_section("Sport")
    make_article("World picture story", in_section=world, hours=1, image=picture)
    make_article("World brief", in_section=world, hours=2)
    make_article("Sport picture story", in_section=sport, hours=3, image=picture)
    html = client.get(world.url).content.decode()
    assert "World picture story" in lead_of(html)
    assert "Sport picture story" not in html


def test_the_lead_block_refuses_an_article_without_a_picture(make_article):
    """The editor is told in the admin, before the front is published."""
    brief = make_article("A picture-less brief")
    lead = FrontBlock().child_blocks["lead"]
    value = lead.to_python(
        {"pinned": [{"type": "item", "id": "1", "value": {"article": brief.pk}}]}
    )
    with pytest.raises(ValidationError) as error:
        lead.clean(value)
    errors = error.value.block_errors["pinned"].block_errors
    message = " ".join(errors[0].block_errors["article"].messages)
    assert "“A picture-less brief” has no picture" in message


def test_the_front_fills_from_a_fixed_number_of_queries(
    client,
    home,
    section,
    make_section,
    make_story,
    make_article,
    picture,
    django_assert_max_num_queries,
):
    world, sport = section, make_section("Sport")
    story = make_story("A long-running story")
    chosen = [
        make_article(f"Chosen {n}", in_section=world, hours=n, image=picture)
        for n in range(6)
    ]
    for n in range(18):
        make_article(
            f"Filler {n}",
            in_section=sport if n % 2 else world,
            story=story,
            hours=10 + n,
            image=picture if n % 3 else None,
        )
    blocks = [
        ("lead", {"pinned": [slot(chosen[0])]}),
        ("row", {"count": 4, "pinned": [slot(a) for a in chosen[1:4]]}),
        ("row", {"count": 4, "section": world}),
        ("row", {"count": 4, "section": sport, "pinned": [slot(chosen[5])]}),
        ("row", {"count": 3, "story": story}),
        ("running_stories", {}),
        ("latest", {}),
    ]
    arrange_front(home, blocks)
    with override_settings(**NO_CACHES):
        client.get("/")  # renditions are made on the first view
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        # 8, Wagtail's two site lookups for the blocks' links (made once per
        # request: a page's routing has already made them), the site's root
        # pages in every edition, and the editions themselves (read from the
        # cache, which is off here, and once per request).
        with django_assert_max_num_queries(12):
            front = build_front(HomePage.objects.get(), request)
            shown = [article.pk for block in front.blocks for article in block.articles]
    # 24 articles: the lead, three rows of 4 and one of 3, and the 8 left.
    assert len(shown) == len(set(shown)) == 24


def test_the_home_page_editor_offers_the_front(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Lead",
        "Row of stories",
        "Running stories",
        "Latest news",
        "Most read",
    ):
        assert label in html


@pytest.mark.parametrize("expires_in, second_view", [(3600, "hit"), (3, "miss")])
def test_the_page_cache_keeps_a_front_no_longer_than_its_next_expiry(
    client, home, make_article, picture, expires_in, second_view
):
    import time

    chosen = make_article("Until tonight", hours=1, image=picture)
    expires_at = timezone.now() + datetime.timedelta(seconds=expires_in)
    arrange_front(home, [("lead", {"pinned": [slot(chosen, expires_at)]})])
    first = client.get("/")
    assert first["X-Gazette-Cache"] == "miss"
    # Rendered while the editor's choice still held (seconds to spare even on
    # a loaded machine), so the cache must keep it no longer than its expiry.
    assert "Until tonight" in lead_of(first.content.decode())
    if expires_in < 60:
        time.sleep(max(0.0, (expires_at - timezone.now()).total_seconds()) + 0.2)
    assert client.get("/")["X-Gazette-Cache"] == second_view


def test_preview_shows_the_front_being_edited(rf, home, make_article, picture):
    """Preview renders a page built from the editor's form, never saved: no raw data."""
    chosen = make_article("Preview lead", hours=1, image=picture)
    make_article("Newer picture story", hours=5, image=picture)
    page = HomePage.objects.get()
    lead = page.front.stream_block.child_blocks["lead"]
    value = lead.to_python(
        {"pinned": [{"type": "item", "id": "1", "value": {"article": chosen.pk}}]}
    )
    page.front = [("lead", value)]
    request = rf.get("/", HTTP_HOST="localhost")
    response = page.make_preview_request(request)
    assert "Preview lead" in lead_of(response.content.decode())


# "Most read", a block editors place


def most_read_of(html: str) -> str:
    assert html.count('<section class="most-read') == 1, "one list, not two"
    start = html.index('<section class="most-read')
    return html[start : html.index("</section>", start)]


def titles_in(block: str) -> list[str]:
    links = block.split('class="most-read__link"')[1:]
    return [link.split(">", 1)[1].split("</a>")[0] for link in links]


@pytest.fixture
def read_counts():
    from gazette.readership.services import write_reads

    def write(*pairs, days_ago=0):
        day = timezone.now().date() - datetime.timedelta(days=days_ago)
        write_reads({(article.pk, day): n for article, n in pairs})

    return write


def test_an_editor_places_most_read_on_the_home_page(
    client, home, make_article, read_counts
):
    first, second, third = (make_article(f"Story {n}") for n in "ABC")
    read_counts((first, 5), (second, 9), (third, 1))
    read_counts((first, 30), days_ago=1)
    arrange_front(home, [("latest", {}), ("most_read", {"count": 2, "days": 2})])
    block = most_read_of(client.get("/").content.decode())
    assert 'class="most-read most-read--in-front"' in block
    assert ">Most read <span" in block and "Last 2 days" in block
    assert titles_in(block) == ["Story A", "Story B"]  # 35 and 9 reads


def test_today_s_list_with_its_own_heading(client, home, make_article, read_counts):
    article = make_article("Read today")
    read_counts((article, 3))
    read_counts((make_article("Read yesterday"), 50), days_ago=1)
    arrange_front(home, [("most_read", {"heading": "Popular now", "days": 1})])
    block = most_read_of(client.get("/").content.decode())
    assert ">Popular now <span" in block and "Today" in block
    assert titles_in(block) == ["Read today"]


def test_a_most_read_block_can_name_a_section(
    client, home, section, make_section, make_article, read_counts
):
    sport = make_section("Sport")
    match = make_article("Cup final", in_section=sport)
    read_counts((make_article("Elsewhere", in_section=section), 99), (match, 4))
    arrange_front(home, [("most_read", {"section": sport})])
    block = most_read_of(client.get("/").content.decode())
    assert "Most read in Sport" in block
    assert f'href="{sport.url}"' in block
    assert titles_in(block) == ["Cup final"]


def test_a_section_front_ranks_its_own_articles_by_default(
    client, section, make_section, make_article, read_counts
):
    read_counts(
        (make_article("Ours", in_section=section), 2),
        (make_article("Theirs", in_section=make_section("Sport")), 80),
    )
    block = most_read_of(client.get(section.url).content.decode())
    assert titles_in(block) == ["Ours"]
    assert "Most read in" not in block  # the front's own section


def test_a_front_without_the_block_keeps_the_list_under_it(
    client, home, make_article, read_counts
):
    read_counts((make_article("Still listed"), 1))
    arrange_front(home, [("latest", {})])
    block = most_read_of(client.get("/").content.decode())
    assert "most-read--in-front" not in block
    assert titles_in(block) == ["Still listed"]


def test_no_reads_no_block(client, home, make_article):
    make_article("Unread")
    arrange_front(home, [("most_read", {})])
    assert 'class="most-read' not in client.get("/").content.decode()


def test_most_read_costs_one_query_then_none_for_a_minute(
    home, make_article, read_counts, django_assert_num_queries
):
    read_counts((make_article("Counted"), 1))
    arrange_front(home, [("most_read", {"count": 3})])
    page = HomePage.objects.get()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    # Every front reads the site's newest articles once (selectors.WINDOW);
    # the ranking is one query more, then none while the cache keeps it.
    with django_assert_num_queries(2):
        front = build_front(page, request)
    assert [article.title for article, _ in front.blocks[0].reads] == ["Counted"]
    with django_assert_num_queries(1):
        assert build_front(page, request).blocks[0].reads == front.blocks[0].reads


@pytest.mark.parametrize(
    "value", [{"count": 0}, {"count": 11}, {"days": 0}, {"days": 32}]
)
def test_the_most_read_block_refuses_counts_out_of_range(value):
    block = FrontBlock().child_blocks["most_read"]
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"count": 5, "days": 1, **value}))


@pytest.fixture
def two_editions(section):
    from gazette.core import editions
    from tests.editions import make_editions

    homes = make_editions(("es",))
    yield homes
    editions.forget()


def test_each_edition_front_shows_only_its_own_articles_and_stories(
    two_editions, section, make_article, make_story
):
    from wagtail.models import Locale

    from gazette.articles.models import SectionPage
    from gazette.stories.models import Story

    spanish = Locale.objects.get(language_code="es")
    seccion = SectionPage.objects.get(
        translation_key=section.translation_key, locale=spanish
    )
    english_story = make_story("Harbour strike")
    spanish_story = Story.objects.create(
        title="Huelga del puerto", slug="huelga-del-puerto", locale=spanish
    )
    # Two articles each: a running story has two or more.
    make_article("Dockers walk out", story=english_story, hours=1)
    make_article("Talks at the port", story=english_story, hours=3)
    make_article(
        "Los estibadores paran", in_section=seccion, story=spanish_story, hours=2
    )
    make_article(
        "Negociación en el puerto", in_section=seccion, story=spanish_story, hours=4
    )
    home = two_editions["en"]
    casa = two_editions["es"]
    for page, own, foreign in (
        (home, "Dockers walk out", "Los estibadores paran"),
        (casa, "Los estibadores paran", "Dockers walk out"),
    ):
        front = build_front(HomePage.objects.get(pk=page.pk))
        titles = {a.title for block in front.blocks for a in block.articles}
        stories = {s.title for block in front.blocks for s in block.stories}
        assert own in titles, (page.locale, titles)
        assert foreign not in titles, (page.locale, titles)
        assert stories and all(
            s.locale_id == page.locale_id
            for block in front.blocks
            for s in block.stories
        ), (page.locale, stories)


def test_most_read_counts_one_edition_at_a_time(two_editions, section, make_article):
    from wagtail.models import Locale

    from gazette.articles.models import SectionPage
    from gazette.readership.models import ArticleReadDay
    from gazette.readership.services import most_read

    spanish = Locale.objects.get(language_code="es")
    seccion = SectionPage.objects.get(
        translation_key=section.translation_key, locale=spanish
    )
    english = make_article("Dockers walk out")
    spanish_article = make_article("Los estibadores paran", in_section=seccion)
    today = timezone.now().date()
    for article, count in ((english, 5), (spanish_article, 9)):
        ArticleReadDay.objects.create(article=article, day=today, count=count)
    assert [a.title for a, _ in most_read(locale_id=english.locale_id)] == [
        "Dockers walk out"
    ]
    assert [a.title for a, _ in most_read(locale_id=spanish.pk)] == [
        "Los estibadores paran"
    ]
    assert len(most_read()) == 2
