"""A reader signs up, confirms, signs out and in again, in headless Chromium."""

import re

import pytest
from django.core import mail

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
]

PASSWORD = "correct horse battery"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_confirm_sign_out_and_back_in(site_url, browser_page):
    page = browser_page
    page.goto(site_url + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    assert page.locator("h1").inner_text() == "Create an account"

    # A mistake first: the error is announced and tied to its field.
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Display name").fill("https://spam.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert "cannot be a web address" in page.get_by_role("alert").inner_text()
    name_field = page.get_by_label("Display name")
    assert name_field.get_attribute("aria-invalid") == "true"

    name_field.fill("Ada L")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your email"
    assert "ada@example.org" in page.locator("main").inner_text()
    # Not signed in: the page is the same whether or not the address had an
    # account, so it cannot sign anyone in.
    assert page.locator(".account-link__name").count() == 0

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Email address confirmed"

    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".account-link__name").inner_text() == "Ada L"
    page.get_by_role("link", name="Your account").click()
    assert "Confirmed on" in page.locator("main").inner_text()
    page.locator(".site-header").get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").is_visible()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("ADA@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".account-link__name").inner_text() == "Ada L"
    assert "ada@example.org" not in page.locator("header").inner_text()
