"""Every write of reader accounts: sign-up, email confirmation, display names,
deletion. A change of address is in ``email_change``, the sign-in and reset
limits per address and per client in ``limits``.

The lead's discussion app asks two questions of this module:
``reader_can_post(user)`` and ``get_reader(user)`` (a display name for anyone).
"""

from __future__ import annotations

import datetime
import string
import time
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import get_language, gettext, ngettext

from gazette.core.http import RateLimited, window_ends_in
from gazette.core.services import retire_cached_pages

from . import names
from .models import Reader

CONFIRM_SALT = "gazette.accounts.confirm-email"
EMAIL_CHANGE_SALT = "gazette.accounts.change-email"
# A second link within this many seconds is refused: one click must not
# become a stream of emails.
RESEND_INTERVAL_SECONDS = 60

# Readers are plain django.contrib.auth users (no custom user model).
AnyUser = User | AnonymousUser


class AccountError(Exception):
    """A request the accounts refuse, with a sentence the reader can act on.

    ``field`` names the form field the message belongs to, if any.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidConfirmation(AccountError):
    """A confirmation link that was altered, cut short, or is for no account."""


class ExpiredConfirmation(InvalidConfirmation):
    """A genuine confirmation link, older than ``GAZETTE_ACCOUNT_CONFIRM_DAYS``."""


class EmailTakenMeanwhile(InvalidConfirmation):
    """A genuine change link for an address another account took since it was sent."""


class EmailTaken(AccountError):
    """A sign-up for an address that already has an account.

    ``sign_up`` raises it; ``register`` never lets it reach the page, which
    answers the same whether or not the address is known.
    """


class TooSoon(AccountError, RateLimited):
    """A second email of the same kind asked for within the minute."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        RateLimited.__init__(self, message, retry_after=retry_after)
        self.field = None


def once_a_minute(key: str, message: str) -> None:
    """Let one email of a kind through per ``RESEND_INTERVAL_SECONDS``.

    Raise TooSoon (a 429 with ``Retry-After`` for the views) for another.
    """
    if not cache.add(key, time.time(), RESEND_INTERVAL_SECONDS):
        since = cache.get(key)
        since = since if isinstance(since, float) else None
        raise TooSoon(
            message, retry_after=window_ends_in(since, RESEND_INTERVAL_SECONDS)
        )


def normalize_email(email: str) -> str:
    """Return ``email`` trimmed and lower-cased, the form sign-up stores."""
    return email.strip().lower()


def email_taken(email: str) -> bool:
    """Return whether any account (reader or staff) already uses ``email``."""
    return User.objects.filter(email__iexact=normalize_email(email)).exists()


def display_name_taken(name: str, *, exclude_user: User | None = None) -> bool:
    """Return whether another reader shows ``name`` (compared case-insensitively)."""
    readers = Reader.objects.filter(display_name__iexact=name)
    if exclude_user is not None:
        readers = readers.exclude(user_id=exclude_user.pk)
    return readers.exists()


def serialize_on(key: str) -> None:
    """Make concurrent transactions on the same ``key`` wait for one another.

    PostgreSQL: a transaction-scoped advisory lock. SQLite needs nothing: its
    transactions take the write lock when they begin (``transaction_mode``
    IMMEDIATE in the settings), so sign-ups already run one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _new_username() -> str:
    # Never the email: usernames show up in places (the admin, logs) where
    # an address has no business being.
    alphabet = string.ascii_lowercase + string.digits
    return f"reader-{get_random_string(12, alphabet)}"


def _name_taken_message(name: str) -> str:
    return gettext(
        "Another reader already goes by “%(name)s”: choose another display name."
    ) % {"name": name}


def _clean_name(display_name: str) -> str:
    try:
        return names.clean_display_name(display_name)
    except names.InvalidDisplayName as error:
        raise AccountError(str(error), field="display_name") from None


class Applicant:
    """A sign-up's details, in the shape Django's password validators read.

    ``UserAttributeSimilarityValidator`` compares the password with the
    attributes the settings name (username, first_name, last_name and email by
    default) and names the one it matched by ``_meta.get_field(name)``'s
    ``verbose_name``. Readers never see their username (``reader-...``): the
    display name, which everyone sees, stands in for it here.
    """

    verbose_names = {"username": "display name", "email": "email address"}

    def __init__(self, *, email: str, display_name: str) -> None:
        self.email = email
        self.username = display_name
        self._meta = SimpleNamespace(get_field=self._get_field)

    def _get_field(self, name: str) -> SimpleNamespace:
        if name not in self.verbose_names:
            raise FieldDoesNotExist(name)
        return SimpleNamespace(verbose_name=self.verbose_names[name])


def sign_up(*, email: str, password: str, display_name: str) -> User:
    """Create a reader account, not yet confirmed, and return its user.

    Raise AccountError (with the field at fault) for a display name already
    in use, a display name the rules refuse, or a weak password; EmailTaken
    for an address that has an account (``register`` keeps that quiet).
    """
    email = normalize_email(email)
    if not email:
        raise AccountError(gettext("Enter your email address."), field="email")
    name = _clean_name(display_name)
    user = User(username=_new_username(), email=email)
    try:
        # Against what the reader typed, never the hidden username ("reader-...").
        applicant: Any = Applicant(email=email, display_name=name)
        password_validation.validate_password(password, applicant)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages), field="password") from None
    with transaction.atomic():
        serialize_on(f"gazette.accounts.email:{email}")
        # The display name first: names are public, addresses are not, so
        # the answer about a name must not depend on the address.
        if display_name_taken(name):
            raise AccountError(_name_taken_message(name), field="display_name")
        if email_taken(email):
            raise EmailTaken(
                gettext("An account already uses this email address."), field="email"
            )
        user.set_password(password)
        user.save()
        try:
            with transaction.atomic():
                Reader.objects.create(user=user, display_name=name)
        except IntegrityError:
            # Another sign-up took the name between the check and the insert.
            raise AccountError(
                _name_taken_message(name), field="display_name"
            ) from None
    return user


def register(
    *, email: str, password: str, display_name: str, base_url: str
) -> User | None:
    """Sign a reader up and email the confirmation link; return the new user.

    For an address that already has an account, return None and email its
    owner a notice instead ("someone tried to sign up with your address").
    Both ways cost one password hash and enqueue one email, so neither the
    page nor its timing tells a stranger which addresses have accounts.
    Raise AccountError for what the reader can fix (display name, password).
    """
    try:
        user = sign_up(email=email, password=password, display_name=display_name)
    except EmailTaken:
        # The hash a new account's password costs.
        make_password(password)
        _notify_sign_up_attempt(normalize_email(email), base_url=base_url)
        return None
    send_confirmation(user, base_url=base_url)
    return user


def _notify_sign_up_attempt(email: str, *, base_url: str) -> None:
    """Tell an address's owner that someone tried to sign up with it.

    At most one notice a minute per address, silently: the form must not
    become a way to flood someone's inbox.
    """
    digest = salted_hmac("gazette.accounts.signup-notice", email).hexdigest()
    try:
        once_a_minute(f"gazette:accounts:signup-notice:{digest}", "")
    except TooSoon:
        return
    base = base_url.rstrip("/")
    context: dict[str, Any] = {
        "login_url": base + reverse("accounts:login"),
        "reset_url": base + reverse("accounts:password_reset"),
    }
    send_template_mail("signup_attempt", context, email)


def confirmation_max_age() -> datetime.timedelta:
    """Return how long a confirmation link stays valid."""
    return datetime.timedelta(days=settings.GAZETTE_ACCOUNT_CONFIRM_DAYS)


def load_link(token: str, *, salt: str, expired: str, invalid: str) -> dict[str, Any]:
    """Return the data signed into an emailed link, or say why it is refused.

    ``expired`` is a message with a ``%(days)d`` placeholder; ``invalid`` is
    the whole message for a link cut short or changed.
    """
    try:
        data = signing.loads(token, salt=salt, max_age=confirmation_max_age())
    except signing.SignatureExpired:
        raise ExpiredConfirmation(
            expired % {"days": settings.GAZETTE_ACCOUNT_CONFIRM_DAYS}
        ) from None
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict):
        raise InvalidConfirmation(invalid)
    return data


def make_confirmation_token(user: User) -> str:
    """Return a signed, timestamped token naming ``user`` and their current email."""
    email = getattr(user, "email", "")
    return signing.dumps({"u": user.pk, "e": email.lower()}, salt=CONFIRM_SALT)


def confirmation_url(user: User, *, base_url: str) -> str:
    """Return the absolute confirmation link for ``user`` at ``base_url``."""
    path = reverse("accounts:confirm", kwargs={"token": make_confirmation_token(user)})
    return base_url.rstrip("/") + path


def send_confirmation(user: User, *, base_url: str) -> None:
    """Email ``user`` a link that confirms their address.

    Raise TooSoon if a link went out less than a minute ago. The email is
    sent by a task (``tasks.send_account_mail_task``), so a slow or failing
    mail server never holds up the request; the task logs its failures.
    """
    email = getattr(user, "email", "")
    if not email:
        raise AccountError(gettext("This account has no email address to confirm."))
    once_a_minute(
        f"gazette:accounts:confirm-sent:{user.pk}",
        gettext(
            "We sent you a link less than a minute ago: look in your inbox (and "
            "the spam folder) before asking for another."
        ),
    )
    context: dict[str, Any] = {
        "display_name": get_reader(user).display_name,
        "url": confirmation_url(user, base_url=base_url),
        "days": settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
    }
    send_template_mail("confirm", context, email)


def confirm_email(token: str) -> User:
    """Mark the address named by ``token`` confirmed; return its user.

    Confirming twice is harmless. Raise ExpiredConfirmation or
    InvalidConfirmation with a message for the reader.
    """
    data = load_link(
        token,
        salt=CONFIRM_SALT,
        expired=ngettext(
            "This confirmation link has expired: links work for %(days)d day. "
            "Sign in and ask for a new one from your account page.",
            "This confirmation link has expired: links work for %(days)d days. "
            "Sign in and ask for a new one from your account page.",
            settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
        ),
        invalid=gettext(
            "This confirmation link is not valid: it may have been cut short or "
            "changed. Copy the whole link from the email, or sign in and ask for "
            "a new one from your account page."
        ),
    )
    user_id = data.get("u")
    user = User.objects.filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None or user.email.lower() != data.get("e"):
        raise InvalidConfirmation(
            gettext(
                "This confirmation link is for an account that no longer exists "
                "or whose email address has changed."
            )
        )
    mark_email_confirmed(user)
    return user


def mark_email_confirmed(user: User) -> bool:
    """Record that ``user`` controls their address; return False if it already was."""
    reader = get_reader(user)
    if reader.email_confirmed_at is not None:
        return False
    now = timezone.now()
    updated = Reader.objects.filter(
        pk=reader.pk, email_confirmed_at__isnull=True
    ).update(email_confirmed_at=now)
    reader.email_confirmed_at = now
    return bool(updated)


def send_template_mail(template: str, context: dict[str, Any], to: str) -> None:
    """Enqueue one account email (``accounts/email/<template>_*.txt``).

    It is written in the language of the request that asked for it.
    """
    from .tasks import send_account_mail_task

    send_account_mail_task.enqueue(template, context, to, language=get_language())


def send_account_mail(template: str, context: dict[str, Any], to: str) -> None:
    """Render and send one account email now (the task's work)."""
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def enqueue_password_reset(email: str, *, domain: str, use_https: bool) -> None:
    """Enqueue the reset email for ``email``, whether or not it has an account.

    The task (``tasks.send_password_reset_task``) looks the address up and
    sends Django's reset link to each of its active accounts; the request
    does the same work for every address.
    """
    from .tasks import send_password_reset_task

    send_password_reset_task.enqueue(
        normalize_email(email), domain, use_https, language=get_language()
    )


def is_staff_member(user: AnyUser) -> bool:
    """Return whether ``user`` belongs to the newsroom (can open the admin)."""
    return bool(
        user.is_authenticated
        and (
            getattr(user, "is_staff", False)
            or getattr(user, "is_superuser", False)
            or user.has_perm("wagtailadmin.access_admin")
        )
    )


def reader_can_post(user: AnyUser) -> bool:
    """Return whether ``user`` may take part in the discussion at all.

    Readers may once their email address is confirmed; newsroom staff (whose
    address an administrator entered) may at once. Bans are the discussion
    app's business, not this function's.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_staff_member(user):
        return True
    return get_reader(user).email_confirmed_at is not None


def _fallback_display_name(user: User) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    for candidate in (full_name, user.get_username()):
        try:
            name = names.clean_display_name(candidate)
        except names.InvalidDisplayName:
            continue
        if not display_name_taken(name):
            return name
        numbered = f"{name[: names.MAX_LENGTH - 8]} {user.pk}"
        if not display_name_taken(numbered):
            return numbered
    return f"Reader {user.pk}"


def get_reader(user: User) -> Reader:
    """Return ``user``'s Reader, creating one for accounts made outside sign-up.

    The display name of a created one is the user's full name or username
    when the rules allow it (never an email address), else "Reader <id>".
    """
    try:
        return user.reader
    except Reader.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return Reader.objects.create(
                user=user, display_name=_fallback_display_name(user)
            )
    except IntegrityError:
        existing = Reader.objects.filter(user=user).first()
        if existing is not None:
            return existing
        with transaction.atomic():
            return Reader.objects.create(user=user, display_name=f"Reader {user.pk}")


def set_display_name(user: User, display_name: str) -> Reader:
    """Change ``user``'s display name; raise AccountError if refused or taken."""
    name = _clean_name(display_name)
    taken = AccountError(_name_taken_message(name), field="display_name")
    reader = get_reader(user)
    if display_name_taken(name, exclude_user=user):
        raise taken
    if name == reader.display_name:
        return reader
    try:
        with transaction.atomic():
            Reader.objects.filter(pk=reader.pk).update(display_name=name)
            # The name shows on the reader's comments under any article.
            retire_cached_pages()
    except IntegrityError:
        raise taken from None
    reader.display_name = name
    return reader


def delete_account(user: User) -> None:
    """Delete ``user`` for good, in one transaction.

    Receivers of User deletion (the discussion's) run inside it, so a failure
    leaves the account whole. Newsroom staff are removed by an administrator
    in the admin instead (their pages and revisions point at them).
    """
    if is_staff_member(user):
        raise AccountError(
            gettext(
                "Newsroom staff accounts are removed by an administrator in the admin."
            )
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is not None:
            locked.delete()
            # Cached pages may still show the name on the reader's comments.
            retire_cached_pages()


def purge_unconfirmed(*, older_than_days: int) -> int:
    """Delete readers unconfirmed after ``older_than_days``; return how many."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    users = User.objects.filter(
        reader__email_confirmed_at__isnull=True,
        reader__created_at__lt=cutoff,
        is_staff=False,
        is_superuser=False,
    )
    deleted = 0
    for user in users.iterator():
        if is_staff_member(user):
            continue
        delete_account(user)
        deleted += 1
    return deleted
