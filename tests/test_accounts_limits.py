"""Limits per client address: failed sign-ins and password reset requests."""

import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from gazette.accounts import limits, services
from tests.test_accounts import PASSWORD

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed sign-ins have come from your internet connection"


@pytest.fixture
def reader(db):
    user = services.sign_up(
        email="grace@example.org", password=PASSWORD, display_name="Grace H"
    )
    services.mark_email_confirmed(user)
    return user


def from_address(ip: str, **headers) -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=ip, **headers)


def fail(client, times: int, start: int = 0) -> None:
    """Fail ``times`` sign-ins, each to another address (no address's own limit)."""
    for n in range(start, start + times):
        response = client.post(
            "/accounts/login/", {"username": f"guess{n}@example.org", "password": "x"}
        )
        assert "do not match an account" in response.content.decode()


def sign_in(client, email="grace@example.org", password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_the_51st_sign_in_from_one_address_is_refused_even_with_the_password(reader):
    client = from_address("203.0.113.7")
    fail(client, 50)
    response = sign_in(client)
    assert response.status_code == 429
    text = response.content.decode()
    assert PAUSED in text
    assert "Wait up to 15 minutes" in text
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = from_address("198.51.100.4")
    assert sign_in(other).status_code == 302
    assert "_auth_user_id" in other.session


def test_fifty_failures_still_let_the_fiftieth_attempt_through(reader):
    client = from_address("203.0.113.7")
    fail(client, 49)
    assert sign_in(client).status_code == 302


def test_a_paused_address_costs_no_password_hash(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    client = from_address("203.0.113.7")
    fail(client, 3)
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        response = sign_in(client)
    assert PAUSED in response.content.decode()
    assert encode.call_count == 0


def test_a_good_sign_in_does_not_clear_the_address_count(reader, settings):
    """Else a guesser with one account of their own could reset it at will."""
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    client = from_address("203.0.113.7")
    fail(client, 2)
    assert sign_in(client).status_code == 302
    client.post("/accounts/logout/")
    fail(client, 1, start=2)
    assert PAUSED in sign_in(client).content.decode()


def test_the_pause_ends_with_the_window(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    settings.GAZETTE_ACCOUNTS_IP_WINDOW_MINUTES = 15
    client = from_address("203.0.113.7")
    fail(client, 3)
    assert PAUSED in sign_in(client).content.decode()
    later = time.time() + 16 * 60
    with mock.patch("time.time", return_value=later):
        assert not limits.login_locked_for_ip("203.0.113.7")
        assert sign_in(client).status_code == 302


def test_the_address_pause_and_the_account_pause_work_together(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 100
    client = from_address("203.0.113.7")
    for _ in range(limits.LOGIN_FAILURE_LIMIT):
        sign_in(client, password="wrong")
    text = sign_in(from_address("198.51.100.4")).content.decode()
    assert "Too many failed sign-ins to this address" in text
    assert not limits.login_locked_for_ip("198.51.100.4")


def test_zero_turns_the_sign_in_limit_off(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 0
    client = from_address("203.0.113.7")
    fail(client, 5)
    assert not limits.login_locked_for_ip("203.0.113.7")
    assert sign_in(client).status_code == 302


def test_behind_a_proxy_the_trusted_header_names_the_reader(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    settings.GAZETTE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    # Every request comes from nginx on 127.0.0.1; the header tells them apart.
    guesser = from_address("127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    fail(guesser, 3)
    assert PAUSED in sign_in(guesser).content.decode()
    neighbour = from_address("127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert sign_in(neighbour).status_code == 302


def test_without_a_trusted_header_a_forged_one_changes_nothing(reader, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    settings.GAZETTE_CLIENT_IP_HEADER = ""
    for n in range(3):
        fail(from_address("203.0.113.7", HTTP_X_REAL_IP=f"10.0.0.{n}"), 1, start=n)
    client = from_address("203.0.113.7", HTTP_X_REAL_IP="10.0.0.99")
    assert PAUSED in sign_in(client).content.decode()


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        ("203.0.113.7", "203.0.113.7", True),
        ("203.0.113.7", "203.0.113.8", False),
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one /64
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("::ffff:203.0.113.7", "203.0.113.7", True),
        ("not an address", "not an address", True),
    ],
)
def test_which_client_addresses_share_a_count(settings, first, second, together):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 1
    limits.note_failed_login_for_ip(first)
    assert limits.login_locked_for_ip(second) is together


# Password reset requests


def ask_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_reset_requests_from_one_address_are_limited(reader, settings):
    settings.GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP = 10
    client = from_address("203.0.113.7")
    for n in range(9):
        assert ask_reset(client, f"someone{n}@example.org").status_code == 302
    assert ask_reset(client, "grace@example.org").status_code == 302
    assert len(mail.outbox) == 1
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="Newt")
    mail.outbox.clear()
    response = ask_reset(client, "new@example.org")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many password reset requests" in text
    assert 'role="alert"' in text
    assert mail.outbox == []
    # Another address is not affected.
    assert ask_reset(from_address("198.51.100.4"), "new@example.org").status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_limit_says_the_same_for_known_and_unknown_addresses(
    reader, settings
):
    settings.GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP = 1
    client = from_address("203.0.113.7")
    ask_reset(client, "x@example.org")
    known = ask_reset(client, "grace@example.org").content.decode()
    unknown = ask_reset(client, "nobody@example.org").content.decode()
    assert "Too many password reset requests" in known
    assert "Too many password reset requests" in unknown
    assert mail.outbox == []


def test_zero_turns_the_reset_limit_off(reader, settings):
    settings.GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP = 0
    client = from_address("203.0.113.7")
    for n in range(15):
        assert ask_reset(client, f"someone{n}@example.org").status_code == 302


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        username="editor", email="editor@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def admin_sign_in(client, username="editor", password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_the_admin_sign_in_shares_the_address_limit(editor, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    client = from_address("203.0.113.9")
    for n in range(2):
        response = admin_sign_in(client, username=f"guess{n}", password="x")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    fail(client, 1)  # the readers' door counts towards the same limit
    response = admin_sign_in(client)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = from_address("198.51.100.9")
    assert admin_sign_in(other).status_code == 302
    assert "_auth_user_id" in other.session


def test_an_editor_account_is_paused_after_ten_failures_at_the_admin(editor):
    for n in range(10):
        admin_sign_in(from_address(f"198.51.100.{n + 20}"), password="wrong")
    response = admin_sign_in(from_address("198.51.100.99"))
    assert response.status_code == 429
    assert "Too many failed sign-ins to this account" in response.content.decode()


def _sign_up(client, n):
    return client.post(
        "/accounts/signup/",
        {
            "email": f"new{n}@example.org",
            "password": PASSWORD,
            "display_name": f"Newcomer {n}",
        },
    )


def test_sign_ups_from_one_address_are_limited(settings):
    settings.GAZETTE_ACCOUNTS_SIGNUPS_PER_IP = 2
    for n in range(2):
        assert _sign_up(from_address("203.0.113.20"), n).status_code == 302
    refused = _sign_up(from_address("203.0.113.20"), 2)
    assert refused.status_code == 429
    assert "Too many sign-ups have come" in refused.content.decode()
    assert not get_user_model().objects.filter(email="new2@example.org").exists()
    assert _sign_up(from_address("198.51.100.20"), 3).status_code == 302
