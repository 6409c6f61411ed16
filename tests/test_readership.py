"""Most read: reads counted without cookies, robots left out, cached pages too."""

import datetime

import pytest
from django.utils import timezone

from gazette.readership import services
from gazette.readership.models import ArticleReadDay

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


@pytest.fixture(autouse=True)
def counting(settings):
    settings.GAZETTE_READS_COUNTING = "app"
    settings.GAZETTE_READS_FLUSH_SECONDS = 0  # written by flush_reads() only
    services.BUFFER.drain()
    yield
    services.BUFFER.drain()


def read(client, article, times=1, agent=BROWSER):
    for _ in range(times):
        response = client.get(article.url, HTTP_USER_AGENT=agent)
        assert response.status_code == 200


def reads_of(article):
    return sum(
        ArticleReadDay.objects.filter(article=article).values_list("count", flat=True)
    )


def test_reads_are_counted_per_day_without_a_cookie(client, make_article):
    article = make_article("Harbour strike ends")
    response = client.get(article.url, HTTP_USER_AGENT=BROWSER)
    read(client, article, times=2)

    assert response["X-Gazette-Article"] == str(article.pk)
    assert "Set-Cookie" not in response
    assert ArticleReadDay.objects.count() == 0  # nothing written in the request
    assert services.flush_reads() == 3
    row = ArticleReadDay.objects.get(article=article)
    assert (row.day, row.count) == (timezone.now().date(), 3)


def test_cached_pages_are_counted_too(client, make_article, settings):
    article = make_article("Cached story")
    read(client, article)  # rendered, and stored by the page cache
    response = client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert response["X-Gazette-Cache"] == "hit"
    services.flush_reads()
    assert reads_of(article) == 2


@pytest.mark.parametrize(
    "agent",
    ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0"],
)
def test_robots_and_scripts_are_not_counted(client, make_article, agent):
    article = make_article("Not for robots")
    read(client, article, times=2, agent=agent)
    services.flush_reads()
    assert reads_of(article) == 0


def test_only_article_pages_count(client, make_article, home):
    make_article("Somewhere")
    client.get("/", HTTP_USER_AGENT=BROWSER)
    client.get("/search/?q=strike", HTTP_USER_AGENT=BROWSER)
    assert services.flush_reads() == 0


def test_counting_off_counts_nothing(client, make_article, settings):
    settings.GAZETTE_READS_COUNTING = "off"
    article = make_article("Uncounted")
    read(client, article, times=2)
    assert services.flush_reads() == 0


def test_most_read_ranks_by_reads_in_the_window_live_articles_only(
    make_article, make_section
):
    sport = make_section("Sport")
    today = timezone.now().date()
    first = make_article("First")
    second = make_article("Second", in_section=sport)
    old = make_article("Read last week")
    gone = make_article("Unpublished since")
    services.write_reads(
        {
            (first.pk, today): 40,
            (second.pk, today): 25,
            (second.pk, today - datetime.timedelta(days=1)): 30,
            (old.pk, today - datetime.timedelta(days=7)): 500,
            (gone.pk, today): 90,
        }
    )
    gone.unpublish()

    assert services.most_read(days=1) == [(first, 40), (second, 25)]
    assert services.most_read(days=2) == [(second, 55), (first, 40)]
    assert services.most_read(days=1, section=sport) == [(second, 25)]
    assert services.most_read(days=1, limit=1) == [(first, 40)]


def test_writes_add_up_and_skip_deleted_articles(make_article):
    article = make_article("Counted twice")
    today = timezone.now().date()
    services.write_reads({(article.pk, today): 2})
    services.write_reads({(article.pk, today): 3, (999_999, today): 7})
    assert reads_of(article) == 5
    assert ArticleReadDay.objects.count() == 1


def test_the_home_page_and_the_section_front_show_most_read(
    client, make_article, section
):
    article = make_article("The most read story")
    services.write_reads({(article.pk, timezone.now().date()): 12})

    home = client.get("/").content.decode()
    front = client.get(section.url).content.decode()

    for html in (home, front):
        assert html.count('<section class="most-read') == 1
        block = html.split('<section class="most-read')[1].split("</section>")[0]
        assert "Most read" in block
        assert f'href="{article.url}">The most read story</a>' in block


def test_the_dashboard_lists_today_s_most_read(client, make_article, django_user_model):
    article = make_article("Top of the day")
    services.write_reads({(article.pk, timezone.now().date()): 321})
    client.force_login(
        django_user_model.objects.create_superuser("chief", "c@example.org", "pw")
    )
    html = client.get("/admin/").content.decode()
    panel = html.split('id="desk-most-read-content"')[1].split("</section>")[0]
    assert "Top of the day" in panel
    assert "321 reads" in panel
