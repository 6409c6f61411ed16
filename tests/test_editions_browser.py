"""Editions in Debian's Chromium: the Arabic edition laid out right to left,
the language switcher, and the radio playing on across an edition change."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.core import editions
from tests.editions import make_editions
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM
from tests.test_radio_browser import live_stream  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def newsroom(site_url, section, make_section, make_article):
    """Three editions and an English article translated into Spanish and Arabic."""
    make_section("Politics")
    make_editions(("es", "ar"))
    original = make_article("Harbour reopens after the storm", hours=1)
    versions = {Locale.get_default().language_code: original}
    words = {
        "es": ("Reabre el puerto tras la tormenta", "Los barcos vuelven al muelle."),
        "ar": ("إعادة فتح الميناء بعد العاصفة", "عادت السفن إلى الرصيف."),
    }
    for n, (code, (title, lede)) in enumerate(words.items(), start=2):
        copy = original.copy_for_translation(Locale.objects.get(language_code=code))
        copy.title, copy.lede = title, lede
        copy.save_revision()
        articles.publish_article(
            copy,
            published_at=original.first_published_at + datetime.timedelta(hours=n),
        )
        copy.refresh_from_db()
        versions[code] = copy
    yield site_url, versions
    editions.forget()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_arabic_article_is_laid_out_right_to_left(browser_page, newsroom):
    site_url, versions = newsroom
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + versions["ar"].url)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    headline = page.locator("h1#headline")
    assert headline.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The sections run from the right: Home is the rightmost item.
    items = [i.bounding_box()["x"] for i in page.locator(".site-nav__item").all()]
    assert items[0] > items[1] > items[-1]
    # The English page's runs the other way.
    page.goto(site_url + versions[Locale.get_default().language_code].url)
    items = [i.bounding_box()["x"] for i in page.locator(".site-nav__item").all()]
    assert items[0] < items[1] < items[-1]
    # The "Read in" list names each language in its own words and direction.
    spanish = page.locator(".read-in a[hreflang=es]")
    assert spanish.inner_text() == "Español"
    arabic = page.locator(".read-in a[hreflang=ar]")
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_switcher_goes_to_the_translation(browser_page, newsroom):
    site_url, versions = newsroom
    page = browser_page
    english = versions[Locale.get_default().language_code]
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(site_url + english.url)
        if size is PHONE:
            # A globe by the search icon opens the list (the bar has no room).
            assert page.locator(".editions--header").is_hidden()
            page.locator(".editions__toggle").click()
            switcher = page.locator(".editions--masthead")
        else:
            switcher = page.locator(".editions--header")
        switcher.get_by_role("link", name="العربية").click()
        page.wait_for_url(site_url + versions["ar"].url)
        assert page.locator("h1").inner_text() == versions["ar"].title
        assert page.locator("html").get_attribute("dir") == "rtl"
        # Nothing scrolls sideways, the switcher included.
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is needed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_radio_keeps_playing_across_an_edition_change(
    newsroom,
    settings,
    live_stream,  # noqa: F811 - the fixture imported above
):
    from playwright.sync_api import sync_playwright

    from gazette.radio import services

    site_url, versions = newsroom
    settings.GAZETTE_RADIO_STREAM_URL = live_stream
    services.load_demo_station()
    english = versions[Locale.get_default().language_code]
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        page = browser.new_page(viewport=DESKTOP)
        page.goto(site_url + english.url)
        page.get_by_role("link", name="Listen Live").click()
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').currentTime > 0.5",
            timeout=15000,
        )
        page.evaluate("document.querySelector('[data-radio-audio]').dataset.mark = 1")
        page.locator(".editions--header").get_by_role("link", name="العربية").click()
        page.wait_for_url(site_url + versions["ar"].url)
        assert page.locator("h1").inner_text() == versions["ar"].title
        # The same <audio> element, still playing, on a page laid out right to left.
        audio = "document.querySelector('[data-radio-audio]')"
        assert page.evaluate(f"{audio}.dataset.mark") == "1"
        before = page.evaluate(f"{audio}.currentTime")
        page.wait_for_function(f"() => {audio}.currentTime > {before} + 0.5")
        assert not page.evaluate(f"{audio}.paused")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        browser.close()


SHOTS = os.environ.get("GAZETTE_EDITION_SHOTS")


@pytest.mark.skipif(not SHOTS, reason="set GAZETTE_EDITION_SHOTS=<folder> to save")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_screenshots_of_the_three_editions(browser_page, newsroom):
    """Save each edition's front and article page at 1280 and 390 px."""
    site_url, versions = newsroom
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page = browser_page
    for code, article in versions.items():
        for name, size in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(size)
            for kind, url in (("home", f"/{code}/"), ("article", article.url)):
                page.goto(site_url + url)
                page.screenshot(
                    path=folder / f"editions-{code}-{kind}-{name}.png", full_page=True
                )
