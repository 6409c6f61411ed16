"""The admin calls no outside host: every request of its main pages, in Chromium.

The dashboard, an article's editor, the image library and chooser, and the
moderation queue with a held comment.
"""

from urllib.parse import urlsplit

import pytest

from gazette.discussion.models import Comment, CommentStatus
from tests.test_browser import NEEDS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    NEEDS_CHROMIUM,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "desk-browser-password"


def test_dashboard_editor_and_image_chooser_ask_only_the_newsroom_host(
    site_url, browser_page, make_article, picture, django_user_model, make_reader
):
    editor = django_user_model.objects.create_superuser(
        "deskchief", "deskchief@example.org", PASSWORD
    )
    article = make_article("Harbour strike enters second week", image=picture)
    Comment.objects.create(
        article=article,
        author=make_reader("Pat"),
        body="Held for a moderator to look at.",
        status=CommentStatus.HELD,
    )
    own_host = urlsplit(site_url).hostname
    requested = []
    page = browser_page
    page.on("request", lambda request: requested.append(request.url))

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")
    page.wait_for_load_state("networkidle")

    page.goto(f"{site_url}/admin/pages/{article.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{site_url}/admin/images/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{site_url}/admin/images/chooser/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{site_url}/admin/discussion/")
    page.wait_for_load_state("networkidle")
    assert "Held for a moderator to look at." in page.content()

    pages_seen = {urlsplit(url).path for url in requested}
    assert "/admin/" in pages_seen
    assert f"/admin/pages/{article.pk}/edit/" in pages_seen
    assert "/admin/discussion/" in pages_seen
    outside = sorted(
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).hostname != own_host
    )
    assert outside == []
