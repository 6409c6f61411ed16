"""A reader opens "Get short URL" on an article, sees the field and QR, and copies."""

import os

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_gets_the_short_url_and_copies_it(site_url, make_article):
    from playwright.sync_api import sync_playwright

    from gazette.links.models import ShortLink

    article = make_article(title="Talks resume at the border")
    code = ShortLink.objects.get(page=article).code
    short_url = f"{site_url}/s/{code}"

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = browser.new_context()
        context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=site_url
        )
        page = context.new_page()
        page.goto(site_url + article.url)

        field = page.get_by_label("Short URL")
        assert not field.is_visible()
        page.get_by_text("Get short URL").click()
        assert field.is_visible()
        assert field.input_value() == short_url
        assert field.get_attribute("readonly") is not None
        assert page.locator("svg.short-url__qr").is_visible()

        page.get_by_role("button", name="Copy").click()
        status = page.locator("[data-copy-status]")
        status.filter(has_text="Copied").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == short_url

        # The short URL itself takes the reader back to the article.
        page.goto(short_url)
        assert page.url == site_url + article.url
        assert page.locator("h1").inner_text() == article.title
        browser.close()
