"""The site's own address, and the small things every page of it answers.

The default site's host and port are what canonical links, sitemaps, short
link redirects and the API's ``url`` fields are built from: ``load_demo``
moves the site to ``GAZETTE_BASE_URL`` and ``gazette set-site-url`` does it
on a real site. Also here: the favicon, the front page's title, the API's
root and the search page at a phone's width.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Site

from gazette.articles.models import ArticlePage
from gazette.core.services import SiteUrlError, set_site_url, site_address
from gazette.links import services as links
from gazette.links.models import ShortLink
from tests.test_browser import NEEDS_CHROMIUM

DEMO_URL = "http://demo.example:8123"
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def test_load_demo_moves_the_site_to_the_base_url_it_is_served_on(
    client, settings, demo_newsroom
):
    """Short links, canonical links, og:url, sitemaps and the API lead to the demo.

    Loaded again over the shared demo (tests/conftest.py): a load moves the
    site whether or not it creates anything."""
    settings.WAGTAILADMIN_BASE_URL = DEMO_URL
    call_command("load_demo", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("demo.example", 8123)
    # The English original: its translations may keep its slug.
    article = ArticlePage.objects.get(
        slug="opinion-general-stenvik", locale=Locale.get_default()
    )
    # The demo has three editions, so its addresses carry the edition.
    article_url = f"{DEMO_URL}/en/politics/opinion-general-stenvik/"

    code = ShortLink.objects.generated().get(page=article).code
    # The visit is counted in memory; no flusher thread, and nothing left for exit.
    settings.GAZETTE_LINK_FLUSH_SECONDS = 0
    response = client.get(f"/s/{code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0")
    links.BUFFER.drain()
    assert response.status_code == 301
    assert response["Location"] == article_url

    html = client.get(article.url).content.decode()
    assert canonical(html) == article_url
    assert f'<meta property="og:url" content="{article_url}">' in html

    sitemap = ET.fromstring(client.get("/sitemap-articles.xml").content)
    locs = [loc.text for loc in sitemap.iterfind("sm:url/sm:loc", SITEMAP)]
    assert article_url in locs
    assert all(loc.startswith(f"{DEMO_URL}/") for loc in locs)

    api = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert api["article"]["url"] == article_url


@pytest.mark.django_db
def test_set_site_url_command_gives_the_site_its_public_address(
    client, make_article, settings
):
    article = make_article("Talks resume")
    call_command("set_site_url", "https://news.example.org/", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("news.example.org", 443)
    html = client.get(article.url).content.decode()
    assert canonical(html) == f"https://news.example.org{article.url}"


@pytest.mark.django_db
def test_set_site_url_without_an_address_uses_gazette_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("set_site_url", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_set_site_url_explains_an_address_the_site_cannot_have():
    with pytest.raises(CommandError, match="only links to https on port 443"):
        call_command("set_site_url", "https://news.example.org:8443", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


@pytest.mark.django_db
def test_an_address_another_site_has_is_refused(home):
    Site.objects.create(hostname="other.example", port=80, root_page=home)
    with pytest.raises(SiteUrlError, match="Another site already answers"):
        set_site_url("http://other.example")
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://news.example.org", ("news.example.org", 443)),
        ("https://News.Example.org/", ("news.example.org", 443)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://localhost", ("localhost", 80)),
        ("https://news.example.org:443/", ("news.example.org", 443)),
    ],
)
def test_site_address_reads_host_and_port(url, address):
    assert site_address(url) == address


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("news.example.org", "not a web address"),
        ("ftp://news.example.org", "not a web address"),
        ("https://news.example.org/gazette/", "without a path"),
        ("https://news.example.org:8443", "https on port 443"),
        ("http://news.example.org:443", "port 443 is https"),
        ("http://news.example.org:port", "not a number"),
        ("http://[::1]:8000", "not an IPv6 address"),
    ],
)
def test_site_address_refuses_what_wagtail_cannot_link_to(url, message):
    with pytest.raises(SiteUrlError, match=message):
        site_address(url)


# The icon, the front page's title, the API's root.


@pytest.mark.django_db
def test_every_page_names_the_svg_icon_and_favicon_ico_leads_to_it(client, home):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon and icon.group(1).endswith("gazette/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == icon.group(1)
    assert "max-age=86400" in response["Cache-Control"]


def test_the_icon_is_an_svg_drawing():
    from django.contrib.staticfiles import finders

    root = ET.parse(finders.find("gazette/favicon.svg")).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 32 32"


@pytest.mark.django_db
def test_the_front_page_title_is_the_site_name_once(client, make_article):
    from gazette.core.models import NewsroomSettings

    newsroom = NewsroomSettings.objects.get()
    newsroom.name = "The Halvard Courier"
    newsroom.save()
    article = make_article("Talks resume")
    front = client.get("/").content.decode()
    assert "<title>The Halvard Courier</title>" in front
    page = client.get(article.url).content.decode()
    assert "<title>Talks resume | The Halvard Courier</title>" in page


@pytest.mark.django_db
def test_the_api_root_lists_its_endpoints_and_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    index = response.json()["api"]
    assert index["docs"] == "http://localhost/api/v1/docs/"
    assert index["openapi"] == "http://localhost/api/v1/openapi.json"
    for kind, url in index["endpoints"].items():
        assert client.get(url).status_code == 200, kind
    assert set(index["endpoints"]) == {"articles", "stories", "sections", "authors"}
    assert client.get(index["docs"]).status_code == 200
    assert json.loads(client.get(index["openapi"]).content)["openapi"]


# The search page at a phone's width (needs a browser: layout).


@pytest.mark.browser
@NEEDS_CHROMIUM
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_page_does_not_scroll_sideways_at_360_px_with_long_story_titles(
    site_url, browser_page, make_story, make_article
):
    for number in range(3):
        story = make_story(
            f"Aldermark–Vesperland relations hit a new low after the border "
            f"incident at the Vell crossing, part {number}"
        )
        make_article(f"Border report {number}", story=story)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site_url}/search/?q=border")
    assert page.locator("select#id_story").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
