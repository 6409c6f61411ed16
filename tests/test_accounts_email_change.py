"""Changing a reader's email address: nothing changes until the new address's link."""

import os
import re
import time
from unittest import mock

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client

from gazette.accounts import email_change, services
from tests.test_accounts import PASSWORD, Page, link_in, path_of

pytestmark = pytest.mark.django_db

OLD = "grace@example.org"
NEW = "grace.hopper@example.net"


@pytest.fixture
def reader(db):
    """A confirmed reader, signed up through the service."""
    user = services.sign_up(email=OLD, password=PASSWORD, display_name="Grace H")
    services.mark_email_confirmed(user)
    return user


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def ask(client, new_email=NEW, password=PASSWORD, **kwargs):
    return client.post(
        "/accounts/email/", {"new_email": new_email, "password": password}, **kwargs
    )


def mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def change_link(address=NEW) -> str:
    """The path of the newest change link sent to ``address``."""
    messages = [m for m in mail.outbox if m.to == [address]]
    return path_of(link_in(messages[-1]))


def email_of(user) -> str:
    return User.objects.get(pk=user.pk).email


def next_minute(user):
    # The one-request-a-minute limit is not what these tests are about.
    cache.delete(f"gazette:accounts:email-change-sent:{user.pk}")


# Asking for the change


def test_asking_changes_nothing_and_mails_the_new_address_a_link(signed_in, reader):
    response = ask(signed_in, new_email="  Grace.Hopper@Example.NET ", follow=True)
    text = response.content.decode()
    assert f"We sent a link to {NEW}" in text
    assert f"Your address stays {OLD} until you follow it" in text
    assert email_of(reader) == OLD
    assert len(mail.outbox) == 2
    link = mail_to(NEW)
    assert link.subject == "Confirm your new email address"
    assert "/accounts/email/confirm/" in link_in(link)
    # Signing in still takes the old address only.
    assert authenticate(username=OLD, password=PASSWORD) == reader
    assert authenticate(username=NEW, password=PASSWORD) is None


def test_the_old_address_is_told_without_the_new_one_in_full(signed_in):
    ask(signed_in)
    notice = mail_to(OLD)
    assert "g***@example.net" in notice.body
    assert NEW not in notice.body
    assert "grace.hopper" not in notice.body
    assert "/accounts/email/confirm/" not in notice.body
    assert "/accounts/password/reset/" in notice.body
    # The notice goes before the link.
    assert mail.outbox[0].to == [OLD]


def test_following_the_link_changes_and_confirms_the_address(client, reader):
    services.sign_up(email="new@example.org", password=PASSWORD, display_name="Newt")
    unconfirmed = User.objects.get(email="new@example.org")
    client.force_login(unconfirmed)
    mail.outbox.clear()
    ask(client, new_email="newt@example.org", follow=True)
    response = client.get(change_link("newt@example.org"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Email address changed" in text
    assert "Your account now uses newt@example.org" in text
    unconfirmed = User.objects.get(pk=unconfirmed.pk)
    assert unconfirmed.email == "newt@example.org"
    assert unconfirmed.reader.is_confirmed
    assert services.reader_can_post(unconfirmed)
    assert authenticate(username="newt@example.org", password=PASSWORD) is not None
    assert authenticate(username="new@example.org", password=PASSWORD) is None
    page = client.get("/accounts/").content.decode()
    assert "newt@example.org" in page
    assert "new@example.org" not in page


def test_following_the_link_twice_is_harmless(signed_in, reader):
    ask(signed_in)
    link = change_link()
    assert signed_in.get(link).status_code == 200
    again = signed_in.get(link)
    assert again.status_code == 200
    assert email_of(reader) == NEW


def test_the_link_works_without_signing_in_and_then_shows_no_address(client, reader):
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(reader)
    ask(signed_in)
    response = client.get(change_link())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sign in with it from now on" in text
    assert NEW not in text
    assert email_of(reader) == NEW


# Links that no longer hold


def test_an_old_link_cannot_be_replayed_after_a_later_change(signed_in, reader):
    ask(signed_in)
    first = change_link()
    signed_in.get(first)
    next_minute(reader)
    ask(signed_in, new_email="g@example.com")
    signed_in.get(change_link("g@example.com"))
    assert email_of(reader) == "g@example.com"
    response = signed_in.get(first)
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    assert email_of(reader) == "g@example.com"


def test_a_link_stays_dead_even_after_a_change_back(signed_in, reader):
    """old -> new and back to old: the first link for "new" must not work again."""
    ask(signed_in)
    to_new = change_link()
    next_minute(reader)
    ask(signed_in, new_email="g@example.com")
    signed_in.get(change_link("g@example.com"))
    next_minute(reader)
    ask(signed_in, new_email=OLD)
    signed_in.get(change_link(OLD))
    assert email_of(reader) == OLD
    response = signed_in.get(to_new)
    assert response.status_code == 400
    assert email_of(reader) == OLD


def test_using_one_link_retires_the_others_still_waiting(signed_in, reader):
    ask(signed_in)
    next_minute(reader)
    ask(signed_in, new_email="g@example.com")
    signed_in.get(change_link("g@example.com"))
    response = signed_in.get(change_link(NEW))
    assert response.status_code == 400
    assert email_of(reader) == "g@example.com"


def test_a_new_password_cancels_a_waiting_change(signed_in, reader):
    """What the notice tells a reader who did not ask for the change."""
    ask(signed_in)
    reader.set_password("another good secret")
    reader.save()
    response = Client(HTTP_HOST="localhost").get(change_link())
    assert response.status_code == 400
    assert "password has changed since it was sent" in response.content.decode()
    assert email_of(reader) == OLD


def test_a_link_for_an_address_taken_meanwhile_fails_clearly(signed_in, reader):
    ask(signed_in)
    services.sign_up(email=NEW.upper(), password=PASSWORD, display_name="Someone Else")
    response = signed_in.get(change_link())
    assert response.status_code == 400
    text = response.content.decode()
    assert "Another account started using this address" in text
    assert email_of(reader) == OLD
    assert User.objects.filter(email__iexact=NEW).count() == 1


def test_a_tampered_link_is_refused(signed_in, reader):
    ask(signed_in)
    token = change_link().rstrip("/").rsplit("/", 1)[1]
    confirm_token = services.make_confirmation_token(reader)
    for bad in (token[:-3] + "xyz", token[5:], confirm_token, "nonsense"):
        response = signed_in.get(f"/accounts/email/confirm/{bad}/")
        assert response.status_code == 400
        assert "is not valid" in response.content.decode()
    assert email_of(reader) == OLD


def test_an_expired_link_is_refused_and_says_how_long_links_last(
    signed_in, reader, settings
):
    settings.GAZETTE_ACCOUNT_CONFIRM_DAYS = 3
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("time.time", return_value=four_days_ago):
        token = email_change.make_email_change_token(reader, NEW)
    response = signed_in.get(f"/accounts/email/confirm/{token}/")
    assert response.status_code == 400
    text = response.content.decode()
    assert "has expired" in text
    assert "3 days" in text
    assert email_of(reader) == OLD


def test_a_link_for_a_deleted_account_is_refused(signed_in, reader):
    ask(signed_in)
    User.objects.filter(pk=reader.pk).delete()
    response = Client(HTTP_HOST="localhost").get(change_link())
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()
    assert not User.objects.filter(email=NEW).exists()


def test_the_sign_up_link_for_the_old_address_stops_working(client):
    client.post(
        "/accounts/signup/",
        {"email": "typo@exampel.org", "display_name": "Ty Po", "password": PASSWORD},
    )
    signup_link = path_of(link_in(mail.outbox[0]))
    client.force_login(User.objects.get(email="typo@exampel.org"))
    ask(client, new_email="typo@example.org")
    client.get(change_link("typo@example.org"))
    response = client.get(signup_link)
    assert response.status_code == 400
    assert "email address has changed" in response.content.decode()


# Requests the form refuses


@pytest.mark.parametrize(
    ("new_email", "password", "message"),
    [
        (NEW, "wrong", "That is not your password"),
        ("GRACE@example.ORG", PASSWORD, "This is already your email address"),
        # A taken address is not refused here: tests/test_security_auth.py.
        ("not-an-email", PASSWORD, "Enter a valid email address"),
        ("", PASSWORD, "This field is required"),
    ],
)
def test_the_form_refuses_and_says_why(signed_in, reader, new_email, password, message):
    services.sign_up(email="taken@example.org", password=PASSWORD, display_name="Tak")
    mail.outbox.clear()
    response = ask(signed_in, new_email=new_email, password=password)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert Page(text).alerts == 1
    assert 'aria-invalid="true"' in text
    assert mail.outbox == []
    assert email_of(reader) == OLD


def test_at_most_one_request_a_minute(signed_in):
    ask(signed_in)
    response = ask(signed_in, new_email="g@example.com")
    assert "less than a minute ago" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_is_logged_and_changes_nothing(signed_in, reader, caplog):
    """The emails go through the task queue: the page never waits on the server."""
    with mock.patch.object(services, "send_mail", side_effect=OSError("down")):
        response = ask(signed_in)
    assert response.status_code == 302
    assert "Could not send the email_change" in caplog.text
    assert email_of(reader) == OLD


def test_the_page_form_has_labels_and_the_get_goes_back_to_the_account(signed_in):
    page = signed_in.get("/accounts/")
    text = page.content.decode()
    assert 'action="/accounts/email/"' in text
    assert "New email address" in text
    assert signed_in.get("/accounts/email/")["Location"] == "/accounts/"
    assert "no-store" in signed_in.get("/accounts/email/")["Cache-Control"]


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = client.post("/accounts/email/", {"new_email": NEW, "password": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert mail.outbox == []


def test_a_forged_post_without_a_csrf_token_is_refused(reader):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.force_login(reader)
    assert ask(client).status_code == 403
    assert mail.outbox == []


# The address stays private


def test_other_readers_never_see_the_new_address(signed_in, reader, make_article):
    from gazette.discussion import services as discussion

    ask(signed_in)
    signed_in.get(change_link())
    article = make_article("Border talks resume")
    discussion.post_comment(article=article, author=reader, text="A fair point.")
    other = services.sign_up(
        email="other@example.org", password=PASSWORD, display_name="Other One"
    )
    services.mark_email_confirmed(other)
    client = Client(HTTP_HOST="localhost")
    client.force_login(other)
    for path in ("/", article.url, "/accounts/"):
        text = client.get(path).content.decode()
        assert NEW not in text
        assert "hopper" not in text.lower()
    assert "Grace H" in client.get(article.url).content.decode()


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jo@example.org", "j***@example.org"),
        ("J@x.io", "J***@x.io"),
        ("a.b@c@d.org", "a***@d.org"),
        ("nonsense", "***"),
        ("@example.org", "***"),
    ],
)
def test_mask_email(email, masked):
    assert email_change.mask_email(email) == masked


@pytest.mark.skipif(
    not os.environ.get("GAZETTE_TEST_DB", "").startswith("postgres"),
    reason="PostgreSQL only: threads cannot share in-memory SQLite",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_links_and_sign_ups_racing_for_one_address_leave_one_account_with_it():
    """Three readers follow links to one address while three others sign up with it."""
    import threading

    from django.db import connections

    wanted = "Same@Example.org"
    tokens = []
    for n in range(3):
        user = services.sign_up(
            email=f"r{n}@example.org", password=PASSWORD, display_name=f"Racer {n}"
        )
        tokens.append(email_change.make_email_change_token(user, wanted))
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def follow(token):
        try:
            barrier.wait()
            email_change.confirm_email_change(token)
            outcomes.append("won")
        except services.EmailTakenMeanwhile:
            outcomes.append("lost")
        finally:
            connections.close_all()

    def sign_up(n):
        try:
            barrier.wait()
            services.sign_up(email=wanted, password=PASSWORD, display_name=f"Twin {n}")
            outcomes.append("won")
        except services.AccountError:
            outcomes.append("lost")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=follow, args=(t,)) for t in tokens] + [
        threading.Thread(target=sign_up, args=(n,)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * 5 + ["won"]
    assert User.objects.filter(email__iexact=wanted).count() == 1


def test_the_link_is_one_url_in_its_email(signed_in):
    ask(signed_in)
    assert re.search(r"/accounts/email/confirm/[^/\s]+/$", link_in(mail_to(NEW)))
