"""Sign-up shows every problem in one submission, in the reader's own words."""

import html
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from gazette.accounts import services

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def sign_up(client, email="ada@example.org", name="Ada L", password=PASSWORD):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": name, "password": password},
    )


def field_errors(response) -> dict[str, str]:
    """Return each field's error paragraph, as a reader sees it, by field id."""
    found = re.findall(
        r'<p class="form-field__error" id="id_(\w+)_error">(.*?)</p>',
        response.content.decode(),
        flags=re.DOTALL,
    )
    return {
        field: html.unescape(re.sub(r"<[^>]+>", "", text)).replace("Error:", "").strip()
        for field, text in found
    }


def test_one_submission_shows_the_email_name_and_password_errors(client):
    response = sign_up(client, email="bad", name="x", password="123")
    assert response.status_code == 200
    errors = field_errors(response)
    assert set(errors) == {"email", "display_name", "password"}
    assert "Enter a valid email address" in errors["email"]
    assert "at least 2 characters" in errors["display_name"]
    assert "too short" in errors["password"]
    assert "entirely numeric" in errors["password"]
    # The summary at the top lists them all too.
    summary = response.content.decode().split('class="form-errors"')[1]
    summary = html.unescape(summary.split("</ul>")[0])
    for text in ("Enter a valid email address", "at least 2 characters", "too short"):
        assert text in summary
    assert not User.objects.exists()


def test_a_taken_name_is_said_but_a_taken_address_never_is(client):
    """Names are public; whether an address has an account is not."""
    services.sign_up(
        email="grace@example.org", password=PASSWORD, display_name="Grace H"
    )
    response = sign_up(client, email="Grace@example.org", name="grace h")
    errors = field_errors(response)
    assert "email" not in errors
    assert "Another reader already goes by “grace h”" in errors["display_name"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "name", "password", "says"),
    [
        ("ada@example.org", "Ada L", "example123", "your email address"),
        ("ada@example.org", "Ada Lovelace", "adalovelace", "your display name"),
        ("ada@example.org", "Lovelace", "lovelace1", "your display name"),
        # Compared with what was typed even when that is refused.
        ("adalove@example", "x", "adalove@example", "your email address"),
    ],
)
def test_a_password_like_the_readers_details_says_which(
    client, email, name, password, says
):
    errors = field_errors(sign_up(client, email=email, name=name, password=password))
    assert f"This password is too similar to {says}." in errors["password"]
    assert "username" not in errors["password"]
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["bookreader", "reader2024", "readers!"])
def test_a_password_like_the_internal_username_is_accepted(client, password):
    # Readers' usernames are "reader-" and random letters, which they never
    # see: passwords are compared with the email and display name only.
    response = sign_up(client, password=password)
    assert response.status_code == 302
    assert "username" not in response.content.decode().lower()
    assert User.objects.filter(email="ada@example.org").exists()


def test_the_service_still_refuses_what_the_form_would(client):
    with pytest.raises(services.AccountError) as refused:
        services.sign_up(email="ada@example.org", password="123", display_name="x")
    assert refused.value.field == "display_name"


def test_a_good_sign_up_still_goes_through(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert User.objects.get().reader.display_name == "Ada L"
    assert len(mail.outbox) == 1
