"""The admin's import page in Chromium: upload a WordPress export, read the
report, then follow an old WordPress address to its new page (a 301)."""

from pathlib import Path

import pytest

from gazette.articles.models import ArticlePage
from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DATA = Path(__file__).parent / "data" / "imports"
PASSWORD = "import-browser-password"


def test_upload_a_wxr_read_the_report_and_follow_an_old_address(
    site_url, browser_page, home, django_user_model
):
    editor = django_user_model.objects.create_superuser(
        "importer", "importer@example.org", PASSWORD
    )
    page = browser_page
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")

    page.goto(site_url + "/admin/imports/")
    page.select_option("#id_format", "wordpress")
    page.set_input_files("#id_file", str(DATA / "small.xml"))
    page.uncheck("#id_dry_run")
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    # The import runs in the request (threading included): give it time.
    page.wait_for_load_state("load", timeout=120_000)
    assert page.locator("#import-report").count() == 1, page.inner_text("main")
    summary = page.inner_text(".import-summary")
    assert summary.startswith("created ") and "failed 0" in summary
    assert "post 6" in summary and "comment 4" in summary
    # The messages name the file by the name it was uploaded with.
    messages = page.inner_text(".import-messages")
    assert "small.xml:" in messages and "/tmp/" not in messages

    article = ArticlePage.objects.live().get(title="Ferry timetable changes")
    # The old permalink answers a permanent redirect to the new page.
    old = "/2020/01/10/ferry-timetable-changes/"
    response = page.request.get(site_url + old, max_redirects=0)
    assert response.status == 301
    assert response.headers["location"].rstrip("/").endswith(article.url.rstrip("/"))
    # And so does WordPress's ?p= address, on the home page.
    response = page.request.get(site_url + "/?p=10", max_redirects=0)
    assert response.status == 301
    # A reader following the old address lands on the article.
    page.goto(site_url + old)
    assert page.url.rstrip("/").endswith(article.url.rstrip("/"))
    assert "Ferry timetable changes" in page.inner_text("h1")
