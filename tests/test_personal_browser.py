"""The personal fragment in headless Chromium: it fills the reader's part of the
shared page after it is shown, without moving what is already there."""

import pytest
from django.test import Client

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = "/tmp/gazette-personal"  # noqa: S108 - looked at by hand, never read


@pytest.fixture
def discussed(make_article, make_reader, lenient_classifier):
    from gazette.discussion import services

    article = make_article("Harbour fees rise in the autumn")
    author = make_reader("Bo Harbour")
    for n in range(3):
        services.post_comment(
            article=article, author=author, text=f"Point {n} on the harbour fees."
        )
    return article


def sign_in(page, site_url, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": site_url,
            }
        ]
    )


def positions(page) -> dict[str, float]:
    """Return where the discussion's landmarks are, from the top of the page."""
    return page.evaluate(
        """() => Object.fromEntries(
            [".site-header__masthead", "#main", "#discussion", "#discussion-form",
             "#comment-list"].map(
                (s) => [s, document.querySelector(s).getBoundingClientRect().top
                    + window.scrollY]))"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_fragment_fills_the_page_without_moving_it(
    site_url, browser_page, discussed, make_reader, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    url = site_url + discussed.url
    page.goto(url)
    page.screenshot(path=f"{SCREENSHOTS}-{width}-anonymous.png", full_page=True)
    assert page.locator("#account-menu").inner_text().strip() == "Sign in"

    sign_in(page, site_url, make_reader("Ada Reader"))
    # The shared page as it is before its fragment arrives.
    page.route("**/me/**", lambda route: route.abort())
    page.goto(url)
    before = positions(page)
    assert page.locator("#comment-text").count() == 0
    page.unroute("**/me/**")

    page.goto(url)
    page.locator("#comment-text").wait_for()
    page.locator(".comment__like button").first.wait_for()
    after = positions(page)
    page.screenshot(path=f"{SCREENSHOTS}-{width}-signed-in.png", full_page=True)
    # (Phones show "Your account" and "Sign out"; the name from 48rem.)
    assert "Ada Reader" in page.locator("#account-menu").text_content()
    assert page.get_by_role("button", name="Sign out").count() == 1
    moved = {k: after[k] - top for k, top in before.items() if abs(after[k] - top) > 1}
    assert not moved, moved


def test_a_like_from_the_fragment_works_in_place(
    site_url, browser_page, discussed, make_reader
):
    from gazette.discussion.models import CommentLike

    page = browser_page
    sign_in(page, site_url, make_reader("Cy Reader"))
    page.goto(site_url + discussed.url)
    button = page.locator(".comment__like button").first
    button.wait_for()
    button.click()
    page.locator('.comment__like button[aria-pressed="true"]').wait_for()
    assert CommentLike.objects.count() == 1
