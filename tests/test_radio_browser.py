"""A reader presses Listen Live in Debian's headless Chromium and keeps
listening while moving from article to article."""

import asyncio
import os
import shutil
import subprocess
import threading

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) and shutil.which("ffmpeg")),
        reason=f"Chromium at {CHROMIUM} and ffmpeg are needed",
    ),
]


@pytest.fixture
def live_stream():
    """Broadcast a minute of tone on a free port, in a thread; yield its URL."""
    from gazette.radio import broadcaster

    programme = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"]
        + ["sine=frequency=440:duration=60", "-ar", "22050", "-ac", "1"]
        + ["-b:a", "64k", "-f", "mp3", "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    address: list[str] = []

    async def main():
        radio = broadcaster.Broadcaster(
            lambda current: None if current else ("tone", programme),
            check_seconds=3600,
        )
        await radio.start()
        server = await radio.serve("127.0.0.1", 0)
        address.append(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}")
        ready.set()
        try:
            await asyncio.Event().wait()
        finally:
            await radio.stop()

    task_holder = []

    def run():
        task_holder.append(loop.create_task(main()))
        try:
            loop.run_until_complete(task_holder[0])
        except asyncio.CancelledError:
            pass  # stopped at the end of the test
        finally:
            loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the broadcaster did not start"
    yield address[0] + "/newscast.mp3"
    loop.call_soon_threadsafe(task_holder[0].cancel)
    thread.join(10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listen_live_keeps_playing_from_article_to_article(
    live_server, make_article, settings, live_stream
):
    from playwright.sync_api import sync_playwright
    from wagtail.models import Site

    from gazette.radio import services

    settings.GAZETTE_AUDIO_ON_PUBLISH = False
    settings.GAZETTE_RADIO_STREAM_URL = live_stream
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    services.load_demo_station()
    first = make_article("Harbour closed by storm", hours=1)
    second = make_article("Budget passes after long night", hours=2)

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        page = browser.new_page()
        page.goto(live_server.url + first.url)
        player = page.locator("#radio-player")
        assert player.is_hidden()

        page.get_by_role("link", name="Listen Live").click()
        assert player.is_visible()
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').currentTime > 0.5",
            timeout=15000,
        )
        toggle = page.locator("[data-radio-toggle]")
        assert toggle.inner_text() == "Pause"
        assert "Playing Gazette Radio live" in page.locator(
            "[data-radio-status]"
        ).inner_text(timeout=5000)
        assert "On now" in player.inner_text() or "Live" in player.inner_text()
        # Mark this very element: after navigating it must be the same one.
        page.evaluate("document.querySelector('[data-radio-audio]').dataset.mark = 1")

        # Home from the header, then the other article from the front page.
        page.locator(".site-nav").get_by_role("link", name="Home").click()
        page.wait_for_url(live_server.url + "/")
        page.get_by_role("link", name=second.title).first.click()
        page.wait_for_url(live_server.url + second.url)
        assert page.locator("h1").inner_text() == second.title
        assert page.title().startswith(second.title)

        audio = page.locator("[data-radio-audio]")
        assert audio.get_attribute("data-mark") == "1", "the player was replaced"
        before = audio.evaluate("a => a.currentTime")
        page.wait_for_function(
            f"() => document.querySelector('[data-radio-audio]').currentTime > "
            f"{before + 1}",
            timeout=15000,
        )
        assert audio.evaluate("a => a.paused") is False

        # Keyboard: the toggle is a real button; Space pauses.
        toggle.focus()
        page.keyboard.press("Space")
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').paused"
        )
        assert toggle.inner_text() == "Play"
        assert toggle.get_attribute("aria-label") == "Play Gazette Radio"
        browser.close()


@pytest.fixture
def edition_streams():
    """Broadcast the default edition's and the Spanish edition's newscasts
    (two tones) on one free port, as radio-broadcast does; yield the default
    edition's URL (the Spanish one is under /es/)."""
    from gazette.radio import broadcaster

    def tone(frequency):
        return subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"]
            + [f"sine=frequency={frequency}:duration=60", "-ar", "22050"]
            + ["-ac", "1", "-b:a", "64k", "-f", "mp3", "pipe:1"],
            capture_output=True,
            check=True,
        ).stdout

    programmes = {"/newscast.mp3": tone(440), "/es/newscast.mp3": tone(660)}
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    address: list[str] = []
    radios = []

    async def main():
        for mount, programme in programmes.items():
            radio = broadcaster.Broadcaster(
                lambda current, data=programme: None if current else ("t", data),
                mount=mount,
                check_seconds=3600,
            )
            await radio.start()
            radios.append(radio)
        board = broadcaster.Switchboard(radios)
        server = await board.serve("127.0.0.1", 0)
        address.append(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}")
        ready.set()
        try:
            await asyncio.Event().wait()
        finally:
            await board.stop()

    holder = []

    def run():
        holder.append(loop.create_task(main()))
        try:
            loop.run_until_complete(holder[0])
        except asyncio.CancelledError:
            pass
        finally:
            loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the broadcasters did not start"
    yield address[0] + "/newscast.mp3", radios
    loop.call_soon_threadsafe(holder[0].cancel)
    thread.join(10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_radio_keeps_playing_across_an_edition_change_then_tunes_to_its_station(
    live_server, make_article, settings, edition_streams
):
    from playwright.sync_api import sync_playwright
    from wagtail.models import Site

    from gazette.radio import services
    from tests.editions import make_editions

    stream, radios = edition_streams
    settings.GAZETTE_AUDIO_ON_PUBLISH = False
    settings.GAZETTE_RADIO_STREAM_URL = stream
    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(is_default_site=True).update(hostname=host, port=int(port))
    article = make_article("Harbour closed by storm", hours=1)
    make_editions(("es",))
    english, _ = services.load_demo_station()
    services.translate_station(english, "es", name="Radio Correo")
    article.refresh_from_db()

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        page = browser.new_page()
        page.goto(live_server.url + article.url)
        assert article.url.startswith("/en/")
        page.get_by_role("link", name="Listen Live").click()
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').currentTime > 0.5",
            timeout=15000,
        )
        page.evaluate("document.querySelector('[data-radio-audio]').dataset.mark = 1")
        audio = page.locator("[data-radio-audio]")
        assert audio.evaluate("a => a.currentSrc") == stream

        # To the Spanish edition by a link in the page (the header's edition
        # switcher is such a link), followed by boosted navigation.
        page.evaluate(
            """() => {
              const link = document.createElement('a');
              link.href = '/es/'; link.id = 'to-spanish'; link.textContent = 'es';
              document.querySelector('#main').prepend(link);
              window.htmx.process(link);
            }"""
        )
        page.locator("#to-spanish").click()
        page.wait_for_url(live_server.url + "/es/")
        assert page.locator("html").get_attribute("lang") == "es"
        # Still the same element, still the English station, still playing.
        assert audio.get_attribute("data-mark") == "1", "the player was replaced"
        before = audio.evaluate("a => a.currentTime")
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').currentTime > "
            f"{before + 1}",
            timeout=15000,
        )
        assert audio.evaluate("a => a.currentSrc") == stream
        assert page.locator(".radio-player__station").inner_text() == "Gazette Radio"

        # The Spanish page's Listen Live tunes the bar to the Spanish station.
        page.locator("[data-radio-listen]").click()
        spanish = stream.replace("/newscast.mp3", "/es/newscast.mp3")
        page.wait_for_function(
            f"() => document.querySelector('[data-radio-audio]').currentSrc == "
            f"'{spanish}' && document.querySelector('[data-radio-audio]')"
            ".currentTime > 0.5",
            timeout=15000,
        )
        assert audio.get_attribute("data-mark") == "1"
        bar = page.locator("#radio-player")
        assert bar.get_attribute("lang") == "es"
        assert page.locator(".radio-player__station").inner_text() == "Radio Correo"
        toggle = page.locator("[data-radio-toggle]")
        assert toggle.inner_text() == "Pausa"
        assert "Radio Correo" in page.locator("[data-radio-status]").inner_text(
            timeout=5000
        )
        # The buttons still work after the bar was tuned.
        toggle.click()
        page.wait_for_function(
            "() => document.querySelector('[data-radio-audio]').paused"
        )
        browser.close()
    assert radios[1].stats.listeners_total >= 1
