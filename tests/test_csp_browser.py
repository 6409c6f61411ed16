"""Every page works under the Content-Security-Policy, in Debian's headless
Chromium: reader pages (the article's audio, a comment posted and a like
through htmx, a story, search, the API's documentation, Listen Live from
another host) and the admin (dashboard, an article's editor, the image
chooser, the moderation queue).

Any violation, whether Chromium says it on the console or the page hears a
``securitypolicyviolation`` event, fails the test.
"""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_radio_browser import live_stream  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) and shutil.which("ffmpeg")),
        reason=f"Chromium at {CHROMIUM} and ffmpeg are needed",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long reader password"
EDITOR_PASSWORD = "a long editor password"
TEXT = " ".join(["The harbour talks went on late into the night."] * 10)

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.gazetteCspViolation({
    page: location.pathname,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


class Violations(list):
    """Violations heard in the browser, and reports it posted to the site."""

    def __init__(self):
        super().__init__()
        self.reports = []

    def console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.append({"console": text})


@pytest.fixture
def csp_page(site_url):
    """A Chromium page that records every CSP violation; closed after."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    violations = Violations()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        page = browser.new_page()
        # Bindings and init scripts go in through the DevTools protocol, which
        # the page's policy does not govern: the listener is always there.
        page.expose_function("gazetteCspViolation", lambda v: violations.append(v))
        page.add_init_script(LISTEN)
        page.on("console", violations.console)
        page.on(
            "request",
            lambda request: (
                violations.reports.append(request.url)
                if "/csp-report/" in request.url
                else None
            ),
        )
        page.violations = violations
        yield page
        browser.close()


def settle(page, streaming=False):
    """Let late scripts, styles and pictures load before violations are read.

    A live stream never lets the network go idle: then a second's wait.
    """
    if streaming:
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)
    else:
        page.wait_for_load_state("networkidle")


def assert_clean(page, where, streaming=False):
    settle(page, streaming)
    assert not page.violations, f"CSP violations on {where}: {page.violations}"


def test_the_listener_hears_a_violation_and_the_site_logs_its_report(
    site_url, csp_page, make_article, caplog, settings
):
    """The harness itself: an inline script is refused on a reader page, the
    listener hears it, and the browser's report reaches /csp-report/, which
    logs it. (Without this, a broken listener would pass every test below.)

    Chromium sends ``report-to`` reports in batches about a minute apart, and
    ignores ``report-uri`` when ``report-to`` is present: this test leaves
    ``report-to`` out so that the report arrives at once; the Reporting API's
    format is tested in test_security_settings.py.
    """
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    del directives["report-to"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    article = make_article("Harbour reopens")
    page = csp_page
    page.goto(site_url + article.url)
    settle(page)
    assert page.violations == []
    with caplog.at_level("WARNING", logger="gazette.csp"):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.head.append(s); }"
        )
        page.wait_for_function("() => true")
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.injected === undefined")
        assert any(
            v.get("directive", "").startswith("script-src") for v in page.violations
        ), page.violations
        page.wait_for_timeout(1500)
    assert page.violations.reports, "Chromium sent no report to /csp-report/"
    logged = [r.getMessage() for r in caplog.records if r.name == "gazette.csp"]
    assert any("script-src" in line for line in logged), logged


def test_reader_pages_work_under_the_policy(
    site_url,
    csp_page,
    settings,
    make_article,
    story,
    make_reader,
    lenient_classifier,
    live_stream,  # noqa: F811
):
    from gazette.audio.models import ArticleAudio
    from gazette.discussion import services as discussion
    from gazette.radio import services as radio

    settings.GAZETTE_AUDIO_ON_PUBLISH = True
    # The stream is on another origin (its own port): only the setting lets
    # the player reach it.
    settings.GAZETTE_RADIO_STREAM_URL = live_stream
    radio.load_demo_station()
    article = make_article(
        "Harbour talks go on",
        story=story,
        body=[{"type": "paragraph", "value": f"<p>{TEXT}</p>"}],
    )
    make_article("Ferry timetable changes", story=story, hours=1)
    assert ArticleAudio.objects.filter(article=article).exists()
    other = make_reader("Bo Harbour")
    theirs = discussion.post_comment(
        article=article, author=other, text="The ferry figures look right to me."
    )
    assert theirs.is_published, theirs.reason
    page = csp_page

    # The home page twice: rendered, then from the page cache, whose copy
    # keeps the header (and its style hash) it was rendered with.
    for _ in range(2):
        response = page.goto(site_url + "/")
        assert response.status == 200
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert_clean(page, "the home page")
    assert response.headers.get("x-gazette-cache") == "hit"

    # The article, and its audio played.
    page.goto(site_url + article.url)
    player = page.locator("audio.article-audio__player")
    player.evaluate("a => { a.muted = true; return a.play(); }")
    page.wait_for_function(
        "() => document.querySelector('audio.article-audio__player').currentTime > 0.3",
        timeout=15000,
    )
    assert_clean(page, "an article playing its audio")

    # Sign in, post a comment, like the other reader's one through htmx.
    reader = make_reader("Cleo Quay")
    page.goto(site_url + "/accounts/login/")
    page.get_by_label("Email address").fill(reader.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(site_url + article.url)
    page.get_by_label("Your comment").fill(
        "Thanks for spelling out what the vote means for the ferry."
    )
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    # The outcome arrives with the personal fragment, after the page.
    expect(page.locator("#discussion")).to_contain_text("Your comment is published.")
    like = page.locator(f"#comment-{theirs.pk} .comment__like button")
    with page.expect_response(lambda r: "/like" in r.url and r.ok):
        like.click()
    page.wait_for_selector(
        f"#comment-{theirs.pk} .comment__like button[aria-pressed=true]"
    )
    assert_clean(page, "posting a comment and liking one through htmx")

    page.goto(site_url + story.get_absolute_url())
    assert_clean(page, "a story page")
    page.goto(site_url + "/search/?q=harbour")
    assert page.locator("main").get_by_text("Harbour talks go on").count() >= 1
    assert_clean(page, "search")
    page.goto(site_url + "/api/v1/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert_clean(page, "the API's documentation")

    # Listen Live: the stream plays from its own host, then a boosted
    # navigation keeps it playing.
    page.goto(site_url + article.url)
    page.get_by_role("link", name="Listen Live").click()
    page.wait_for_function(
        "() => document.querySelector('[data-radio-audio]').currentTime > 0.5",
        timeout=15000,
    )
    page.locator(".site-nav").get_by_role("link", name="Home").click()
    page.wait_for_url(site_url + "/")
    assert page.evaluate("document.querySelector('[data-radio-audio]').paused") is False
    assert_clean(page, "the radio player", streaming=True)
    assert page.violations.reports == []


def test_the_admin_works_under_its_policy(
    site_url, csp_page, django_user_model, make_article, picture
):
    editor = django_user_model.objects.create_superuser(
        "desk", "desk@example.invalid", EDITOR_PASSWORD
    )
    # No picture yet: the editor offers "Choose an image".
    article = make_article("Harbour talks go on")
    assert picture.pk
    page = csp_page
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")
    assert_clean(page, "the dashboard")

    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    page.get_by_role("tab", name="Settings").click()
    page.get_by_role("tab", name="Content").click()
    assert_clean(page, "an article's editor")

    page.get_by_role("button", name="Choose an image").first.click()
    chooser = page.locator(".modal-dialog")
    chooser.get_by_text(picture.title).first.wait_for()
    assert_clean(page, "the image chooser")

    response = page.goto(site_url + "/admin/discussion/")
    assert response.status == 200
    assert_clean(page, "the moderation queue")
    page.goto(site_url + article.url)
    assert_clean(page, "an article with the editor's user bar")
    assert page.violations.reports == []
