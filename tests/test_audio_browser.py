"""A reader listens to an article in Debian's headless Chromium, and seeks in it."""

import os

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]

TEXT = " ".join(["The river talks went on late into the night."] * 12)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_plays_the_article_and_seeks_near_the_end(
    live_server, make_article, settings
):
    from playwright.sync_api import sync_playwright
    from wagtail.models import Site

    from gazette.audio.models import ArticleAudio

    settings.GAZETTE_AUDIO_ON_PUBLISH = True
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    # Outside a test transaction the publish commits, and its task speaks.
    article = make_article(
        "Talks go on", body=[{"type": "paragraph", "value": f"<p>{TEXT}</p>"}]
    )
    audio = ArticleAudio.objects.get(article=article)
    assert audio.duration > 20

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        page = browser.new_page()
        statuses = []
        page.on(
            "response",
            lambda response: (
                statuses.append(response.status) if ".mp3" in response.url else None
            ),
        )
        page.goto(live_server.url + article.url)
        assert page.get_by_role("heading", name="Listen to this article").is_visible()
        assert audio.spoken_duration in page.locator(".article-audio").inner_text()
        player = page.locator("audio.article-audio__player")
        player.evaluate("a => { a.muted = true; return a.play(); }")
        page.wait_for_function(
            "() => document.querySelector('audio').readyState >= 1", timeout=10000
        )
        seek_to = audio.duration - 6
        player.evaluate(f"a => {{ a.currentTime = {seek_to}; }}")
        page.wait_for_function(
            f"() => document.querySelector('audio').currentTime > {seek_to + 1}",
            timeout=10000,
        )
        browser.close()
    # Chromium asked for a part of the file, and got it.
    assert 206 in statuses, statuses
