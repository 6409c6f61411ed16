"""Sign-in limits at every door; sign-up, change of address and password reset
that never tell which addresses have accounts (issue 18, items 1 and 2)."""

import re
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, RequestFactory

from gazette.accounts import limits, services, tasks
from gazette.accounts.models import Reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
PAUSED_ACCOUNT = "Too many failed sign-ins to this account"


def from_address(ip: str) -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=ip)


@pytest.fixture
def staff(db):
    """A superuser: the one account Django's admin lets in."""
    return User.objects.create_superuser(
        username="chief", email="chief@example.org", password=PASSWORD
    )


@pytest.fixture
def reader(db):
    user = services.sign_up(
        email="grace@example.org", password=PASSWORD, display_name="Grace H"
    )
    services.mark_email_confirmed(user)
    return user


def django_admin_sign_in(client, username="chief", password=PASSWORD):
    return client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": username, "password": password, "next": "/django-admin/"},
    )


def wagtail_sign_in(client, username="chief", password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def reader_sign_in(client, username="grace@example.org", password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


# Item 1: one limit, every door


def test_django_admin_sign_in_is_paused_after_repeated_failures(staff):
    """The review's finding: twelve wrong passwords, then the right one, signed in."""
    for n in range(12):
        django_admin_sign_in(from_address(f"198.51.100.{n + 1}"), password="wrong")
    client = from_address("198.51.100.99")
    response = django_admin_sign_in(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= limits.LOGIN_WINDOW_SECONDS
    assert PAUSED_ACCOUNT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_django_admin_failures_count_at_the_wagtail_admin(staff):
    for n in range(limits.LOGIN_FAILURE_LIMIT):
        django_admin_sign_in(from_address(f"198.51.100.{n + 1}"), password="wrong")
    client = from_address("198.51.100.99")
    response = wagtail_sign_in(client)
    assert response.status_code == 429
    assert PAUSED_ACCOUNT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_username_and_address_failures_count_against_one_account(staff):
    """A guesser cannot double the budget by typing the username, then the address."""
    half = limits.LOGIN_FAILURE_LIMIT // 2
    for n in range(half):
        wagtail_sign_in(from_address(f"198.51.100.{n + 1}"), password="wrong")
    for n in range(limits.LOGIN_FAILURE_LIMIT - half):
        reader_sign_in(
            from_address(f"198.51.100.{n + 50}"),
            username="chief@example.org",
            password="wrong",
        )
    response = django_admin_sign_in(from_address("198.51.100.99"))
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_address_limit_spans_the_django_admin_too(staff, settings):
    settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP = 3
    client = from_address("203.0.113.50")
    for n in range(3):
        django_admin_sign_in(client, username=f"guess{n}", password="x")
    response = reader_sign_in(client, username="chief@example.org")
    assert response.status_code == 429
    assert "internet connection" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_authenticate_itself_refuses_a_paused_account_without_hashing(staff):
    """Any code calling ``authenticate`` (an API token door, a script) is limited."""
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    for _ in range(limits.LOGIN_FAILURE_LIMIT):
        assert authenticate(request, username="chief", password="wrong") is None
    with mock.patch.object(User, "check_password") as check:
        assert authenticate(request, username="chief", password=PASSWORD) is None
    check.assert_not_called()
    refusal = getattr(request, "gazette_rate_limited", None)
    assert isinstance(refusal, limits.SignInPaused)
    assert refusal.code == "locked"


def test_a_good_sign_in_still_clears_the_account_failures(staff):
    for n in range(limits.LOGIN_FAILURE_LIMIT - 1):
        django_admin_sign_in(from_address(f"198.51.100.{n + 1}"), password="wrong")
    assert django_admin_sign_in(from_address("198.51.100.90")).status_code == 302
    for n in range(limits.LOGIN_FAILURE_LIMIT - 1):
        django_admin_sign_in(from_address(f"198.51.100.{n + 1}"), password="wrong")
    assert django_admin_sign_in(from_address("198.51.100.91")).status_code == 302


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/accounts/delete/", "password"),
        ("/accounts/password/", "old_password"),
    ],
)
def test_password_rechecks_count_as_failed_sign_ins(reader, path, field):
    """A stolen session is no way around the limit."""
    client = from_address("198.51.100.3")
    client.force_login(reader)
    for _ in range(limits.LOGIN_FAILURE_LIMIT):
        response = client.post(path, {field: "wrong", "new_password1": "x"})
        assert response.status_code == 200
    response = client.post(
        path,
        {
            field: PASSWORD,
            "new_password1": "another long secret",
            "new_password2": "another long secret",
        },
    )
    assert response.status_code == 429
    assert "Retry-After" in response
    assert PAUSED_ACCOUNT in response.content.decode()
    assert User.objects.get(pk=reader.pk).check_password(PASSWORD)
    # The sign-in page is paused for the account too.
    assert reader_sign_in(from_address("198.51.100.4")).status_code == 429


def test_the_change_of_address_password_is_limited_too(reader):
    client = from_address("198.51.100.3")
    client.force_login(reader)
    for _ in range(limits.LOGIN_FAILURE_LIMIT):
        client.post(
            "/accounts/email/", {"new_email": "x@example.net", "password": "wrong"}
        )
    response = client.post(
        "/accounts/email/", {"new_email": "x@example.net", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert PAUSED_ACCOUNT in response.content.decode()
    assert mail.outbox == []


# Item 2: sign-up tells nobody which addresses have accounts


def sign_up(client, email, name="Someone New", password=PASSWORD):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": name, "password": password},
    )


def answer(response) -> tuple:
    """What a stranger sees of a sign-up: status, where it leads, and that page."""
    client = response.client
    page = client.get(response["Location"]).content.decode()
    page = re.sub(r"(taken|free)@example\.org", "X", page, flags=re.IGNORECASE)
    # The CSRF token, nonces and the header clock differ per request anyway.
    page = "\n".join(
        line
        for line in page.splitlines()
        if not any(word in line for word in ("csrf", "nonce", "datetime="))
    )
    return (
        response.status_code,
        response["Location"],
        page,
        "_auth_user_id" in (client.session),
    )


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(reader):
    services.sign_up(
        email="taken@example.org", password=PASSWORD, display_name="Taken One"
    )
    mail.outbox.clear()
    known = sign_up(from_address("198.51.100.1"), "Taken@Example.org", "Newcomer A")
    unknown = sign_up(from_address("198.51.100.2"), "free@example.org", "Newcomer B")
    assert answer(known) == answer(unknown)
    assert known.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert not Reader.objects.filter(display_name="Newcomer A").exists()
    # The owner of the known address is told; the new one gets its link.
    [notice] = [m for m in mail.outbox if m.to == ["taken@example.org"]]
    assert "tried to create a new account" in notice.body
    assert "/accounts/password/reset/" in notice.body
    assert "/accounts/login/" in notice.body
    [link] = [m for m in mail.outbox if m.to == ["free@example.org"]]
    assert "/accounts/confirm/" in link.body


def test_sign_up_does_the_same_work_for_a_known_and_an_unknown_address(reader):
    """Equal timing, checked as equal work: one hash, one task enqueued, no mail sent
    in the request itself."""
    calls = {}
    for email in ("grace@example.org", "free@example.org"):
        with (
            mock.patch.object(tasks, "send_account_mail_task") as task,
            mock.patch.object(
                services, "send_mail", side_effect=AssertionError("sent in request")
            ),
            mock.patch(
                "django.contrib.auth.hashers.MD5PasswordHasher.encode",
                autospec=True,
                return_value="md5$x$y",
            ) as encode,
        ):
            sign_up(from_address("198.51.100.9"), email, name=f"New {len(calls)}z")
        calls[email] = (task.enqueue.call_count, encode.call_count)
    assert calls["grace@example.org"] == calls["free@example.org"] == (1, 1)


def test_sign_up_notices_to_one_owner_are_at_most_one_a_minute(reader):
    for n in range(3):
        sign_up(from_address(f"198.51.100.{n + 1}"), "grace@example.org", f"Try {n}x")
    assert len([m for m in mail.outbox if m.to == ["grace@example.org"]]) == 1


def test_sign_up_attempts_are_counted_before_validation(settings):
    """Malformed attempts cost a turn: the limit comes before any answer."""
    settings.GAZETTE_ACCOUNTS_SIGNUPS_PER_IP = 3
    client = from_address("203.0.113.30")
    for _ in range(3):
        response = sign_up(client, "not-an-address")
        assert response.status_code == 200
    response = sign_up(client, "good@example.org")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    text = response.content.decode()
    assert "Too many sign-ups have come from your internet connection" in text
    assert "Wait up to 15 minutes" in text
    assert not User.objects.filter(email="good@example.org").exists()
    assert mail.outbox == []


# Item 2: the change of address and password reset do not tell either


def change_email(client, new_email):
    return client.post(
        "/accounts/email/", {"new_email": new_email, "password": PASSWORD}
    )


def test_a_change_to_a_taken_address_answers_as_any_other(reader, make_reader):
    other = make_reader("Other One")
    client = from_address("198.51.100.5")
    client.force_login(reader)
    taken = change_email(client, other.email)
    taken_page = client.get(taken["Location"]).content.decode()
    from django.core.cache import cache

    cache.delete(f"gazette:accounts:email-change-sent:{reader.pk}")
    free = change_email(client, "free@example.net")
    free_page = client.get(free["Location"]).content.decode()
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    assert f"We sent a link to {other.email}" in taken_page
    assert "We sent a link to free@example.net" in free_page
    # The owner of the taken address gets a notice, never a link that works.
    [notice] = [m for m in mail.outbox if m.to == [other.email]]
    assert "already has an account of its own" in notice.body
    assert "/accounts/email/confirm/" not in notice.body
    assert User.objects.get(pk=reader.pk).email == "grace@example.org"


def test_a_change_to_a_taken_address_does_the_same_work(reader, make_reader):
    other = make_reader("Other Two")
    counts = []
    for address in (other.email, "free@example.net"):
        from django.core.cache import cache

        cache.clear()
        client = from_address("198.51.100.6")
        client.force_login(reader)
        with mock.patch.object(tasks, "send_account_mail_task") as task:
            change_email(client, address)
        counts.append(task.enqueue.call_count)
    assert counts == [2, 2]


def ask_reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def test_a_reset_enqueues_one_task_for_every_address_known_or_not(reader):
    with (
        mock.patch.object(tasks, "send_password_reset_task") as task,
        mock.patch(
            "django.contrib.auth.forms.PasswordResetForm.send_mail",
            side_effect=AssertionError("sent in request"),
        ),
    ):
        known = ask_reset(from_address("198.51.100.7"), "Grace@Example.org")
        unknown = ask_reset(from_address("198.51.100.7"), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [c.args for c in task.enqueue.call_args_list] == [
        ("grace@example.org", "localhost", False),
        ("nobody@example.org", "localhost", False),
    ]


def test_the_reset_task_mails_known_addresses_only(reader):
    ask_reset(from_address("198.51.100.8"), "grace@example.org")
    ask_reset(from_address("198.51.100.8"), "nobody@example.org")
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    assert "http://localhost/accounts/password/reset/" in mail.outbox[0].body


def test_the_reset_limit_answers_429_with_retry_after(reader, settings):
    settings.GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP = 1
    client = from_address("203.0.113.40")
    assert ask_reset(client, "nobody@example.org").status_code == 302
    response = ask_reset(client, "grace@example.org")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "Too many password reset requests" in response.content.decode()
    assert mail.outbox == []


def test_there_is_one_password_reset_door(staff):
    """Wagtail's own reset page mailed inside the request, unlimited: it is off."""
    assert Client().get("/admin/password_reset/").status_code == 404
    login = Client().get("/admin/login/").content.decode()
    assert "/admin/password_reset/" not in login
    # Editors reset through the readers' page, which works for any account.
    ask_reset(from_address("198.51.100.11"), "chief@example.org")
    [message] = mail.outbox
    assert message.to == ["chief@example.org"]
    assert "/accounts/password/reset/" in message.body
