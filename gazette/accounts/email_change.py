"""A reader's change of email address: a signed link to the new address,
confirmed by a click, retired by any later change of address or password."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext

from .limits import verify_password
from .models import Reader
from .services import (
    EMAIL_CHANGE_SALT,
    AccountError,
    EmailTakenMeanwhile,
    InvalidConfirmation,
    email_taken,
    get_reader,
    load_link,
    normalize_email,
    once_a_minute,
    send_template_mail,
    serialize_on,
)


def mask_email(email: str) -> str:
    """Return ``email`` with all but the first letter before the @ hidden.

    "jo@example.org" becomes "j***@example.org": enough for its owner to
    recognise, too little for anyone else to write to.
    """
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[:1]}***@{domain}"


def _email_state(user: User, reader: Reader) -> str:
    """Return a digest of what a change link depends on.

    The current address, the time of the last change and the password hash:
    a later change of address retires every earlier link (even one back to an
    old address), and so does a new password, the way a reader who did not ask
    for the change cancels it.
    """
    changed = reader.email_changed_at
    stamp = changed.astimezone(datetime.UTC).isoformat() if changed else ""
    state = f"{user.email.lower()}|{stamp}|{user.password}"
    return salted_hmac(EMAIL_CHANGE_SALT, state).hexdigest()


def make_email_change_token(user: User, new_email: str) -> str:
    """Return a signed, timestamped token that moves ``user`` to ``new_email``."""
    return signing.dumps(
        {
            "u": user.pk,
            "e": normalize_email(new_email),
            "s": _email_state(user, get_reader(user)),
        },
        salt=EMAIL_CHANGE_SALT,
    )


def request_email_change(
    user: User,
    *,
    new_email: str,
    password: str,
    base_url: str,
    ip: str | None = None,
) -> str:
    """Email a link that moves ``user`` to ``new_email``; tell the old address.

    Nothing changes until the link is followed. Return the new address, as it
    will be stored. Raise AccountError (with the field at fault) for a wrong
    password, an address that is not valid or is already the reader's,
    SignInPaused while the password may not be tried, and TooSoon for a
    second request within a minute (counted before the address is looked up).

    An address another account uses gets a notice instead of the link, and
    the answer is the same: the form tells nobody which addresses have
    accounts. Both emails go through the task queue; the old address is told
    first, so no link goes out that its owner was not warned about.
    """
    new = normalize_email(new_email)
    try:
        validate_email(new)
    except ValidationError:
        raise AccountError(
            gettext("Enter a valid email address."), field="new_email"
        ) from None
    if not verify_password(user, password, ip=ip):
        raise AccountError(
            gettext("That is not your password. Your email address has not changed."),
            field="password",
        )
    if new == normalize_email(user.email):
        raise AccountError(
            gettext("This is already your email address."), field="new_email"
        )
    once_a_minute(
        f"gazette:accounts:email-change-sent:{user.pk}",
        gettext(
            "We sent you a link less than a minute ago: look in the new address's "
            "inbox (and its spam folder) before asking again."
        ),
    )
    path = reverse(
        "accounts:confirm_email_change",
        kwargs={"token": make_email_change_token(user, new)},
    )
    context: dict[str, Any] = {
        "display_name": get_reader(user).display_name,
        "url": base_url.rstrip("/") + path,
        "reset_url": base_url.rstrip("/") + reverse("accounts:password_reset"),
        "masked_new_email": mask_email(new),
        "days": settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
    }
    if user.email:
        send_template_mail("email_change_notice", context, user.email)
    if email_taken(new):
        send_template_mail(
            "email_change_taken", {"reset_url": context["reset_url"]}, new
        )
    else:
        send_template_mail("email_change", context, new)
    return new


def confirm_email_change(token: str) -> User:
    """Move the account named by ``token`` to the address it names; return its user.

    Following the same link again once it worked is harmless. Raise
    ExpiredConfirmation or InvalidConfirmation (the link was altered, the
    account deleted, or its address or password changed since the link was
    sent), or EmailTakenMeanwhile, each with a message for the reader.
    """
    data = load_link(
        token,
        salt=EMAIL_CHANGE_SALT,
        expired=ngettext(
            "This link to change your email address has expired: links work for "
            "%(days)d day. Sign in and ask for the change again from your "
            "account page.",
            "This link to change your email address has expired: links work for "
            "%(days)d days. Sign in and ask for the change again from your "
            "account page.",
            settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
        ),
        invalid=gettext(
            "This link to change your email address is not valid: it may have "
            "been cut short or changed. Copy the whole link from the email, or "
            "sign in and ask for the change again from your account page."
        ),
    )
    user_id, new = data.get("u"), data.get("e")
    if not isinstance(user_id, int) or not isinstance(new, str):
        raise InvalidConfirmation(
            gettext("This link to change your email address is not valid.")
        )
    with transaction.atomic():
        # The lock sign-up takes on an address: one of the two gets it.
        serialize_on(f"gazette.accounts.email:{new}")
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            raise InvalidConfirmation(
                gettext("This link is for an account that no longer exists.")
            )
        get_reader(user)  # accounts made in the admin may have none yet
        reader = Reader.objects.select_for_update().get(user=user)
        if normalize_email(user.email) == new:
            return user
        if data.get("s") != _email_state(user, reader):
            raise InvalidConfirmation(
                gettext(
                    "This link is no longer valid: the account's email address or "
                    "password has changed since it was sent. Sign in and ask for "
                    "the change again from your account page if you still want it."
                )
            )
        if User.objects.filter(email__iexact=new).exclude(pk=user.pk).exists():
            raise EmailTakenMeanwhile(
                gettext(
                    "Another account started using this address after you asked "
                    "for the change, so your address stays as it was. Choose "
                    "another one from your account page."
                )
            )
        now = timezone.now()
        user.email = new
        user.save(update_fields=["email"])
        # Following the link proved the reader reads mail at the new address.
        reader.email_confirmed_at = now
        reader.email_changed_at = now
        reader.save(update_fields=["email_confirmed_at", "email_changed_at"])
        user.reader = reader
    return user
