"""A newsroom in Arabic is laid out right to left, in Debian's Chromium.

``GAZETTE_LANGUAGE=ar`` sets ``LANGUAGE_CODE``; the live server reads it on
every request, so the test switches it with the ``settings`` fixture (and
empties the page cache, whose keys do not carry the language: one newsroom,
one language).
"""

import pytest
from django.core.cache import cache

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The faces Chromium drew an element's text with (its own fonts, not the
# ones the stylesheet asked for), from the DevTools protocol.
USED_FONTS = "CSS.getPlatformFontsForNode"


def used_fonts(page, selector: str) -> dict[str, int]:
    """Return {family: glyphs} of the faces that drew ``selector``'s text."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send(USED_FONTS, {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def arabic_faces_loaded(page) -> list[str]:
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter(f => f.family.includes('Arabic') && f.status === 'loaded')
                .map(f => f.family);
        }"""
    )


def boxes(page, selector: str) -> list[dict]:
    return [item.bounding_box() for item in page.locator(selector).all()]


@pytest.fixture
def newsroom(site_url, section, make_section, make_article, make_reader):
    from gazette.discussion import services as discussion

    make_section("Politics")
    make_section("Business")
    article = make_article("Talks in Pellmarch")
    discussion.post_comment(
        article=article,
        author=make_reader("Omar K."),
        text="The boats were 2.5 km inside the line. Who gave the order?",
    )
    return site_url, article


def open_in(page, language, url, settings, viewport):
    settings.LANGUAGE_CODE = language
    cache.clear()
    page.set_viewport_size(viewport)
    page.goto(url)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_arabic_newsroom_reads_right_to_left(newsroom, browser_page, settings):
    site_url, article = newsroom
    page = browser_page
    open_in(page, "ar", site_url + "/", settings, DESKTOP)

    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    # The header's first item (the clock) sits on the right, its tools on the
    # left; the sections run from the right: Home first, Stories last.
    clock = page.locator(".site-header__clock").bounding_box()
    tools = page.locator(".site-header__tools").bounding_box()
    assert clock["x"] + clock["width"] > DESKTOP["width"] / 2 > tools["x"]
    assert clock["x"] > tools["x"]
    sections = boxes(page, ".site-nav__link")
    assert len(sections) == 5
    assert [box["x"] for box in sections] == sorted(
        (box["x"] for box in sections), reverse=True
    )
    assert page.locator(".site-nav__link").first.inner_text() == "الرئيسية"

    # Arabic words are drawn with the Arabic face the site serves.
    assert "Noto Sans Arabic Variable" in arabic_faces_loaded(page)
    assert "Noto Sans Arabic" in used_fonts(page, ".site-nav__link")

    # The header clock ticks in Arabic.
    clock_text = page.locator("[data-clock-time]")
    assert "بتوقيت غرينتش" in clock_text.inner_text()

    # A phone: nothing runs off the side.
    for path in ("/", article.url):
        open_in(page, "ar", site_url + path, settings, PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways: {width} px"

    # An English comment on an Arabic page reads left to right, its author's
    # name ("Omar K.") whole.
    body = page.locator(".comment__body").first
    assert body.evaluate("el => getComputedStyle(el).direction") == "ltr"
    author = page.locator(".comment__author bdi").first
    assert author.inner_text() == "Omar K."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_english_newsroom_is_unchanged(newsroom, browser_page, settings):
    site_url, article = newsroom
    page = browser_page
    open_in(page, "en-gb", site_url + "/", settings, DESKTOP)

    html = page.locator("html")
    assert html.get_attribute("lang") == "en-GB"
    assert html.get_attribute("dir") == "ltr"
    clock = page.locator(".site-header__clock").bounding_box()
    tools = page.locator(".site-header__tools").bounding_box()
    assert clock["x"] < DESKTOP["width"] / 2 < tools["x"]
    sections = [box["x"] for box in boxes(page, ".site-nav__link")]
    assert sections == sorted(sections)
    assert page.locator(".site-nav__link").first.inner_text() == "Home"
    # No Arabic on the page: the Arabic faces are never downloaded.
    assert arabic_faces_loaded(page) == []
    assert "Noto Sans Arabic" not in used_fonts(page, ".site-nav__link")

    open_in(page, "en-gb", site_url + article.url, settings, PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    body = page.locator(".comment__body").first
    assert body.evaluate("el => getComputedStyle(el).direction") == "ltr"
