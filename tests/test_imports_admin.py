"""The admin's import page: upload a file, read the report; bad input is a
form error, never a 500."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from gazette.articles.models import ArticlePage
from gazette.core.groups import EDITORS

DATA = Path(__file__).parent / "data" / "imports"
URL = "/admin/imports/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer_client(client, home):
    user = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", "a long boss password"
    )
    client.force_login(user)
    return client


def _upload(client, name, data, fmt="wordpress", dry_run=True):
    form = {"format": fmt, "file": SimpleUploadedFile(name, data)}
    if dry_run:
        form["dry_run"] = "on"
    return client.post(URL, form)


def test_the_page_shows_the_form(importer_client):
    response = importer_client.get(URL)
    assert response.status_code == 200
    assert b"Import archive" in response.content
    assert b'type="file"' in response.content


def test_a_dry_run_reports_and_changes_nothing(importer_client):
    response = _upload(importer_client, "site.xml", (DATA / "small.xml").read_bytes())
    assert response.status_code == 200
    text = response.content.decode()
    assert "dry run, nothing saved" in text
    assert "site.xml:" in text and "unknown shortcode [poll]" in text
    assert not ArticlePage.objects.exists()


def test_an_import_creates_articles(importer_client):
    data = (DATA / "hostile.ninjs.json").read_bytes()
    response = _upload(importer_client, "items.json", data, fmt="ninjs", dry_run=False)
    assert response.status_code == 200
    assert "created: article 2" in response.content.decode()
    assert ArticlePage.objects.filter(title="Council meets", live=True).exists()


@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("site.txt", b"hello", "wordpress"),
        ("items.xml", b"{}", "ninjs"),
        ("site.xml", b"", "wordpress"),
    ],
)
def test_bad_uploads_are_form_errors(importer_client, name, data, fmt):
    response = _upload(importer_client, name, data, fmt=fmt)
    assert response.status_code == 400
    assert b"help-critical" in response.content or b"error" in response.content


def test_garbage_is_reported_not_a_500(importer_client):
    response = _upload(importer_client, "site.xml", b"<rss><channel>\x00\xff")
    assert response.status_code == 200
    assert "failed 1" in response.content.decode()


def test_an_editor_without_the_permission_is_refused(client, home):
    user = get_user_model().objects.create_user(
        "ed", "ed@example.invalid", "a long editor password"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="add_importeditem"))
    user = get_user_model().objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(URL).status_code == 200
