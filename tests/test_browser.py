"""The reader's path through the demo newsroom, in Debian's headless Chromium."""

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("GAZETTE_CHROMIUM", "/usr/bin/chromium")
# Every browser module skips, with this reason, where Debian's Chromium is missing.
NEEDS_CHROMIUM = pytest.mark.skipif(
    not shutil.which(CHROMIUM),
    reason=f"no Chromium at {CHROMIUM}: apt-get install chromium",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # The machine has no network: without these Chromium keeps dialling out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def demo_site(live_server, settings):
    from django.core.management import call_command
    from wagtail.models import Site

    call_command("load_demo", verbosity=0)
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    return live_server.url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_opens_the_demo_article_sees_the_clock_and_follows_the_story_tag(
    demo_site, browser_page
):
    from gazette.articles.models import ArticlePage

    article = ArticlePage.objects.get(slug="opinion-general-stenvik")
    page = browser_page
    page.goto(demo_site + article.url)

    clock = page.locator("time[data-clock]")
    assert re.fullmatch(r"\d\d:\d\d GMT \d\d [A-Z][a-z]+ \d{4}", clock.inner_text())
    first_tick = clock.get_attribute("datetime")
    page.wait_for_timeout(1500)
    assert clock.get_attribute("datetime") != first_tick, "the clock did not tick"

    assert page.locator("h1").inner_text() == article.title
    story = article.story
    tags = page.locator(".story-tag a")
    assert tags.count() == 2
    assert f"({story.article_count})" in tags.first.inner_text()

    # Keyboard first: the skip link is the first stop and is visible when focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    tags.first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == story.title
    assert (
        f"{story.article_count} articles" in page.locator(".story-count").inner_text()
    )
    assert page.locator(".timeline > li").count() == min(story.article_count, 20)
