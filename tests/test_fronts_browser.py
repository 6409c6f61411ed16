"""Editors run the front page in the admin; readers see it, in Debian's Chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    # Serialized: the flush after each test must leave the migrations' data
    # (home page, groups) for the next test, as the other browser tests do.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "front-desk-password"


@pytest.fixture
def desk_editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "desk", "desk@example.invalid", PASSWORD
    )


def sign_in(page, site_url, user):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")


def test_an_editor_puts_an_older_article_in_the_lead_slot(
    site_url, browser_page, home, make_article, picture, desk_editor
):
    older = make_article("The archive's best story", hours=1, image=picture)
    make_article("Fresh picture story", hours=8, image=picture)
    page = browser_page
    page.goto(site_url + "/")
    assert "Fresh picture story" in page.locator(".front-lead").inner_text()

    sign_in(page, site_url, desk_editor)
    page.goto(f"{site_url}/admin/pages/{home.pk}/edit/")
    front = page.locator("#panel-child-content-front-section")
    front.locator("button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Lead").click()
    lead = front.locator("[data-streamfield-child]").first
    lead.locator("button[data-streamfield-list-add]").click()
    lead.locator(
        "[data-streamfield-list-container] [data-chooser-action-choose]"
    ).click()
    chooser = page.locator(".modal-dialog")
    chooser.locator("#id_q").fill("archive")
    chooser.get_by_role("link", name=older.title).click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published", timeout=15000)

    page.goto(site_url + "/")
    lead_text = page.locator(".front-lead").inner_text()
    assert older.title in lead_text and "Fresh picture story" not in lead_text


def test_an_expired_slot_falls_back_to_the_rule(
    site_url, browser_page, home, make_article, picture
):
    from gazette.fronts.services import arrange_front, slot

    chosen = make_article("Evening special", hours=1, image=picture)
    make_article("Newest picture story", hours=5, image=picture)
    soon = timezone.now() + datetime.timedelta(seconds=3)
    arrange_front(home, [("lead", {"pinned": [slot(chosen, soon)]})])
    page = browser_page
    page.goto(site_url + "/")
    assert "Evening special" in page.locator(".front-lead").inner_text()
    page.wait_for_timeout(max(0, (soon - timezone.now()).total_seconds() * 1000) + 500)
    page.reload()
    assert "Newest picture story" in page.locator(".front-lead").inner_text()
