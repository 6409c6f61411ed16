"""Reader accounts through the site: sign-up, confirmation, sign-in, reset, deletion."""

import datetime
import os
import re
import time
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core import mail, signing
from django.test import Client

from gazette.accounts import limits, services
from gazette.accounts.models import Reader
from tests.test_personal import page_as_seen

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def sign_up(client, email="ada@example.org", name="Ada L", password=PASSWORD, **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": name, "password": password, **extra},
    )


def link_in(message) -> str:
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    return urls[0]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def reader(db):
    """A confirmed reader, signed up through the service."""
    user = services.sign_up(
        email="grace@example.org", password=PASSWORD, display_name="Grace H"
    )
    services.mark_email_confirmed(user)
    return user


class Page(HTMLParser):
    """What a reader (or screen reader) finds on a page: headings, labels, inputs."""

    def __init__(self, html):
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.inputs: list[dict] = []
        self.alerts = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        if tag == "label":
            self.labels.add(attrs.get("for"))
        if tag == "input" and attrs.get("type") not in {"hidden", "submit"}:
            self.inputs.append(attrs)
        if attrs.get("role") == "alert":
            self.alerts += 1


# Sign-up and confirmation


def test_sign_up_creates_an_unconfirmed_reader_and_emails_one_link(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/done/"
    user = User.objects.get(email="ada@example.org")
    assert user.reader.display_name == "Ada L"
    assert user.reader.email_confirmed_at is None
    assert not user.is_staff and not user.is_superuser
    assert "@" not in user.username
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/accounts/confirm/" in link_in(mail.outbox[0])
    # Not signed in: the answer is the same for an address that has an
    # account (tests/test_security_auth.py), so it cannot sign anyone in.
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/signup/done/")
    assert "ada@example.org" in page.content.decode()
    assert services.reader_can_post(user) is False


def test_the_emailed_link_confirms_the_address(client):
    sign_up(client)
    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 200
    assert "Email address confirmed" in response.content.decode()
    user = User.objects.get(email="ada@example.org")
    assert user.reader.email_confirmed_at is not None
    assert services.reader_can_post(user) is True
    # A second click is harmless.
    assert client.get(path_of(link_in(mail.outbox[0]))).status_code == 200


def test_a_tampered_link_is_refused_with_a_clear_message(client):
    sign_up(client)
    path = path_of(link_in(mail.outbox[0]))
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"u": 1, "e": "ada@example.org"}, salt="another-salt")
    for bad in (token[:-3] + "xyz", token.replace(":", "", 1), forged, "nonsense"):
        response = client.get(f"/accounts/confirm/{bad}/")
        assert response.status_code == 400
        assert "This confirmation link is not valid" in response.content.decode()
    assert not User.objects.get(email="ada@example.org").reader.is_confirmed


def test_an_expired_link_is_refused_and_says_how_long_links_last(client, settings):
    settings.GAZETTE_ACCOUNT_CONFIRM_DAYS = 3
    sign_up(client)
    user = User.objects.get(email="ada@example.org")
    client.force_login(user)
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("time.time", return_value=four_days_ago):
        token = services.make_confirmation_token(user)
    response = client.get(f"/accounts/confirm/{token}/")
    assert response.status_code == 400
    text = response.content.decode()
    assert "This confirmation link has expired" in text
    assert "3 days" in text
    assert "Send me a new link" in text
    user.reader.refresh_from_db()
    assert user.reader.email_confirmed_at is None


def test_a_link_for_a_deleted_account_is_refused(client):
    sign_up(client)
    User.objects.get(email="ada@example.org").delete()
    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()


def test_a_new_link_can_be_asked_for_once_a_minute(client):
    sign_up(client)
    client.force_login(User.objects.get(email="ada@example.org"))
    mail.outbox.clear()
    from django.core.cache import cache

    cache.clear()  # the sign-up's own email started the minute
    response = client.post("/accounts/confirm/resend/", follow=True)
    assert "We sent a new confirmation link" in response.content.decode()
    assert len(mail.outbox) == 1
    response = client.post("/accounts/confirm/resend/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "less than a minute ago" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email", "name", "field_error"),
    [
        # A taken address is not refused here: tests/test_security_auth.py.
        ("new@example.org", "grace h", "Another reader already goes by"),
        ("new@example.org", "new@example.org", "cannot be an email address"),
        ("new@example.org", "visit spam.com", "cannot be a web address"),
        ("new@example.org", "X", "at least 2 characters"),
        ("not-an-email", "Someone New", "Enter a valid email address"),
    ],
)
def test_sign_up_refuses_taken_or_bad_details(client, reader, email, name, field_error):
    response = sign_up(client, email=email, name=name)
    assert response.status_code == 200
    text = response.content.decode()
    assert field_error in text
    assert Page(text).alerts == 1
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_sign_up_refuses_a_weak_password(client):
    response = sign_up(client, password="12345678")
    assert "This password is too common" in response.content.decode()
    assert not User.objects.exists()


def test_a_race_for_one_display_name_ends_with_one_reader(reader):
    # The database's case-insensitive unique index is the last word.
    user = User.objects.create_user("someone", "s@example.org", PASSWORD)
    with (
        pytest.raises(services.AccountError, match="already goes by"),
        mock.patch.object(services, "display_name_taken", return_value=False),
    ):
        services.set_display_name(user, "GRACE H")
    assert Reader.objects.filter(display_name__iexact="grace h").count() == 1


# Signing in and out


def test_sign_in_by_email_in_any_case(client, reader):
    response = client.post(
        "/accounts/login/", {"username": "Grace@EXAMPLE.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/").context["user"] == reader


def test_a_wrong_password_is_refused_with_a_clear_message(client, reader):
    response = client.post(
        "/accounts/login/", {"username": "grace@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_still_sign_in_by_username():
    User.objects.create_user("editor", "ed@example.org", PASSWORD, is_staff=True)
    assert authenticate(username="editor", password=PASSWORD) is not None
    assert authenticate(username="ed@example.org", password=PASSWORD) is not None
    # A username shaped like an address, with another address on file.
    User.objects.create_user("mira@example.org", "m.castell@example.org", PASSWORD)
    assert authenticate(username="mira@example.org", password=PASSWORD) is not None


def test_the_wagtail_admin_still_takes_a_username(client):
    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    response = client.post("/admin/login/", {"username": "chief", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("grace@example.org", PASSWORD),
        ("grace@example.org", "wrong"),
        ("nobody@example.org", "wrong"),
        ("nobody", "wrong"),
    ],
)
def test_every_sign_in_attempt_costs_one_password_hash(reader, login, password):
    """Known or unknown address, right or wrong password: the same work."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        authenticate(username=login, password=password)
    assert encode.call_count == 1


def test_an_unconfirmed_reader_can_sign_in(client):
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="New One")
    response = client.post(
        "/accounts/login/", {"username": "new@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Not confirmed yet" in client.get("/accounts/").content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client, reader):
    client.force_login(reader)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "https:///evil.example",
    ],
)
def test_next_never_leads_off_the_site(client, reader, target):
    login = client.post(
        "/accounts/login/",
        {"username": "grace@example.org", "password": PASSWORD, "next": target},
    )
    assert login["Location"] == "/"
    logout = client.post("/accounts/logout/", {"next": target})
    assert logout["Location"] == "/"
    signup = sign_up(client, email="new@example.org", name="New One", next=target)
    assert "evil" not in signup["Location"]
    done = client.get("/accounts/signup/done/", {"next": target})
    assert "evil" not in done.content.decode()
    assert "javascript:" not in done.content.decode()


def test_next_on_the_site_is_followed(client, reader):
    response = client.post(
        "/accounts/login/",
        {"username": "grace@example.org", "password": PASSWORD, "next": "/world/x/"},
    )
    assert response["Location"] == "/world/x/"


# Password reset


def test_password_reset_end_to_end(client):
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="New One")
    response = client.post("/accounts/password/reset/", {"email": "NEW@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    link = path_of(link_in(mail.outbox[0]))
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a whole new secret", "new_password2": "a whole new secret"},
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    assert authenticate(username="new@example.org", password=PASSWORD) is None
    user = authenticate(username="new@example.org", password="a whole new secret")
    assert user is not None
    # Reading the email proved the address.
    assert services.reader_can_post(user)
    # The link works once.
    again = client.get(link, follow=True)
    assert "This password reset link is not valid" in again.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "If an account uses that address" in response.content.decode()
    assert mail.outbox == []


# The account page


def test_the_account_page_shows_the_email_and_changes_the_display_name(client, reader):
    client.force_login(reader)
    page = client.get("/accounts/")
    text = page.content.decode()
    assert "grace@example.org" in text
    assert 'value="Grace H"' in text
    response = client.post("/accounts/", {"display_name": "Grace Hopper"}, follow=True)
    assert "Your display name is saved" in response.content.decode()
    reader.reader.refresh_from_db()
    assert reader.reader.display_name == "Grace Hopper"


def test_the_account_page_refuses_a_taken_display_name(client, reader):
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="New One")
    client.force_login(reader)
    response = client.post("/accounts/", {"display_name": "NEW ONE"})
    text = response.content.decode()
    assert "Another reader already goes by" in text
    assert 'aria-invalid="true"' in text
    reader.reader.refresh_from_db()
    assert reader.reader.display_name == "Grace H"


def test_account_pages_ask_anonymous_readers_to_sign_in(client):
    for path in ("/accounts/", "/accounts/delete/", "/accounts/password/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_account_pages_are_never_cached(client, reader):
    client.force_login(reader)
    for path in ("/accounts/", "/accounts/login/", "/accounts/signup/"):
        assert "no-store" in client.get(path)["Cache-Control"]


# Deleting an account


def test_deleting_an_account_needs_the_right_password(client, reader):
    client.force_login(reader)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()


def test_deleting_an_account_removes_the_user_and_signs_out(client, reader):
    client.force_login(reader)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Reader.objects.filter(user_id=reader.pk).exists()
    assert "_auth_user_id" not in client.session
    assert authenticate(username="grace@example.org", password=PASSWORD) is None


def test_staff_cannot_delete_themselves_from_the_reader_pages(client):
    editor = User.objects.create_user(
        "editor", "ed@example.org", PASSWORD, is_staff=True
    )
    client.force_login(editor)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert "removed by an administrator" in response.content.decode()
    assert User.objects.filter(pk=editor.pk).exists()
    with pytest.raises(services.AccountError):
        services.delete_account(editor)


# CSRF


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "/accounts/signup/",
            {"email": "x@example.org", "display_name": "Xavier", "password": PASSWORD},
        ),
        ("/accounts/login/", {"username": "grace@example.org", "password": PASSWORD}),
        ("/accounts/delete/", {"password": PASSWORD}),
        ("/accounts/", {"display_name": "Forged Name"}),
        ("/accounts/password/reset/", {"email": "grace@example.org"}),
        ("/accounts/logout/", {}),
    ],
)
def test_forged_posts_without_a_csrf_token_are_refused(reader, path, data):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.force_login(reader)
    response = client.post(path, data)
    assert response.status_code == 403
    assert User.objects.filter(pk=reader.pk).exists()
    assert User.objects.count() == 1
    reader.reader.refresh_from_db()
    assert reader.reader.display_name == "Grace H"
    assert mail.outbox == []
    assert client.session.get("_auth_user_id") == str(reader.pk)


def test_a_real_form_post_with_its_token_goes_through(reader):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {
            "username": "grace@example.org",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


# Pages and header


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/",
        "/accounts/signup/",
        "/accounts/signup/done/",
        "/accounts/login/",
        "/accounts/delete/",
        "/accounts/password/",
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
    ],
)
def test_account_pages_have_one_h1_and_a_label_for_every_input(client, reader, path):
    if path not in (
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ):
        client.force_login(reader)
    response = client.get(path)
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.h1 == 1
    for field in page.inputs:
        if field.get("name") == "q":  # the header's search box has its own label
            continue
        assert field.get("id") in page.labels, field


def test_the_header_offers_sign_in_then_names_the_reader(client, reader, home):
    anonymous = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in anonymous
    assert "Your account" not in anonymous
    client.force_login(reader)
    # The page is everyone's; the reader's name comes with the personal fragment.
    assert client.get("/").content.decode() == anonymous
    signed_in = page_as_seen(client, "/")
    assert "Grace H" in signed_in
    assert "Your account" in signed_in
    assert 'action="/accounts/logout/"' in signed_in
    assert "grace@example.org" not in signed_in


def test_the_header_sign_in_link_comes_back_to_the_page(client, section):
    text = client.get(section.url).content.decode()
    assert f'href="/accounts/login/?next={section.url}"' in text


# Services the discussion relies on


def test_staff_made_in_the_admin_get_a_reader_lazily_without_their_email():
    editor = User.objects.create_user("mira@example.org", "mira@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    reader = services.get_reader(editor)
    assert "@" not in reader.display_name
    assert services.get_reader(User.objects.get(pk=editor.pk)) == reader
    assert services.reader_can_post(editor)
    named = User.objects.create_user(
        "jw", "jw@example.org", PASSWORD, first_name="Jo", last_name="West"
    )
    assert services.get_reader(named).display_name == "Jo West"


def test_fallback_display_names_never_collide(reader):
    twin = User.objects.create_user(
        "x", "x@example.org", PASSWORD, first_name="Grace", last_name="H"
    )
    assert services.get_reader(twin).display_name == f"Grace H {twin.pk}"


def test_anonymous_and_inactive_users_cannot_post(reader):
    from django.contrib.auth.models import AnonymousUser

    assert services.reader_can_post(AnonymousUser()) is False
    reader.is_active = False
    assert services.reader_can_post(reader) is False


def test_purging_unconfirmed_accounts_keeps_confirmed_and_recent_ones(reader):
    old = services.sign_up(
        email="old@example.org", password=PASSWORD, display_name="Old One"
    )
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="New One")
    Reader.objects.filter(user=old).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    Reader.objects.filter(user=reader).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert services.purge_unconfirmed(older_than_days=30) == 1
    assert set(User.objects.values_list("email", flat=True)) == {
        "grace@example.org",
        "new@example.org",
    }


def test_the_purge_command_reports_and_refuses_a_zero_age(reader):
    from io import StringIO

    from django.core.management import CommandError, call_command

    old = services.sign_up(
        email="old@example.org", password=PASSWORD, display_name="Old One"
    )
    Reader.objects.filter(user=old).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    out = StringIO()
    call_command("purge_unconfirmed_accounts", "--days", "30", stdout=out)
    assert (
        out.getvalue().strip() == "1 unconfirmed account(s) older than 30 days deleted."
    )
    with pytest.raises(CommandError, match="give 1 or more"):
        call_command("purge_unconfirmed_accounts", "--days", "0")


def test_repeated_wrong_passwords_pause_sign_ins_to_that_address(client, reader):
    for _ in range(limits.LOGIN_FAILURE_LIMIT):
        client.post(
            "/accounts/login/", {"username": "grace@example.org", "password": "x"}
        )
    response = client.post(
        "/accounts/login/", {"username": "GRACE@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other readers are not affected.
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="New One")
    other = client.post(
        "/accounts/login/", {"username": "new@example.org", "password": PASSWORD}
    )
    assert other.status_code == 302


def test_a_good_sign_in_clears_the_failures(client, reader):
    for _ in range(limits.LOGIN_FAILURE_LIMIT - 1):
        client.post(
            "/accounts/login/", {"username": "grace@example.org", "password": "x"}
        )
    client.post(
        "/accounts/login/", {"username": "grace@example.org", "password": PASSWORD}
    )
    assert not limits.login_locked("grace@example.org")


def test_password_reset_mails_an_address_at_most_once_a_minute(client, reader):
    for _ in range(3):
        response = client.post(
            "/accounts/password/reset/", {"email": "grace@example.org"}
        )
        assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1


@pytest.mark.skipif(
    not os.environ.get("GAZETTE_TEST_DB", "").startswith("postgres"),
    reason="PostgreSQL only: threads cannot share in-memory SQLite",
)
# serialized_rollback: the flush after this test must not re-run post_migrate
# (the newsroom groups), or the next serialized test finds them twice.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_sign_ups_with_one_address_make_one_account():
    """On PostgreSQL the advisory lock serialises them; SQLite has one writer anyway."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def attempt(n):
        try:
            barrier.wait()
            services.sign_up(
                email="Same@Example.org", password=PASSWORD, display_name=f"Twin {n}"
            )
            outcomes.append("created")
        except services.AccountError as error:
            outcomes.append(error.field or "")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["email"] * 5
    assert User.objects.filter(email__iexact="same@example.org").count() == 1


def test_a_display_name_with_markup_is_shown_as_text(client):
    user = services.sign_up(
        email="m@example.org", password=PASSWORD, display_name='<b onclick="x">Bo</b>'
    )
    client.force_login(user)
    for path in ("/", "/accounts/"):
        text = page_as_seen(client, path)
        assert '<b onclick="x">' not in text
        assert "&lt;b onclick=&quot;x&quot;&gt;Bo&lt;/b&gt;" in text
