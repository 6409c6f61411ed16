"""The sign-in and password-reset limits, per address, per account and per
client address, counted in the cache."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from gazette.core.http import RateLimited, window_ends_in

from .services import RESEND_INTERVAL_SECONDS, normalize_email

# Failed sign-ins per address before it is locked for the rest of the window:
# enough for a reader who mistypes, far too few to guess a password.
LOGIN_FAILURE_LIMIT = 10
LOGIN_WINDOW_SECONDS = 15 * 60


class SignInPaused(RateLimited):
    """Sign-ins refused for a while: ``code`` says whose failures paused them.

    "locked": the account's (or the typed address's) own; "ip_locked": the
    client address's, whichever accounts it tried.
    """

    def __init__(self, message: str, *, code: str, retry_after: float) -> None:
        super().__init__(message, retry_after=retry_after)
        self.code = code


def _count(key: str, window_seconds: int) -> int:
    """Add one to the count at ``key``; the window starts at the first one.

    The window's start is kept beside the count, so that a refusal can say
    how many seconds are left of it (``Retry-After``).
    """
    cache.add(f"{key}:since", time.time(), window_seconds)
    cache.add(key, 0, window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        cache.set(f"{key}:since", time.time(), window_seconds)
        return 1


def _seconds_left(key: str, window_seconds: int) -> float:
    """Return how long the window counted at ``key`` still lasts."""
    return window_ends_in(cache.get(f"{key}:since"), window_seconds)


def _login_key(login: str) -> str:
    digest = salted_hmac("gazette.accounts.login", normalize_email(login)).hexdigest()
    return f"gazette:accounts:login-failures:{digest}"


def _account_key(user_id: int) -> str:
    # The account itself, whichever of its names (username, address) was typed.
    return f"gazette:accounts:login-failures:user:{user_id}"


def _account_keys(login: str, user_ids: Iterable[int] = ()) -> list[str]:
    keys = [_login_key(login)] if login else []
    return keys + [_account_key(pk) for pk in user_ids]


def login_locked(email: str, user_ids: Iterable[int] = ()) -> bool:
    """Return whether sign-ins to ``email`` (or those accounts) are paused."""
    return any(
        int(cache.get(key, 0)) >= LOGIN_FAILURE_LIMIT
        for key in _account_keys(email, user_ids)
    )


def note_failed_login(email: str, user_ids: Iterable[int] = ()) -> None:
    """Count a failed sign-in to ``email`` (the window starts at the first)."""
    for key in _account_keys(email, user_ids):
        _count(key, LOGIN_WINDOW_SECONDS)


def clear_failed_logins(email: str, user_ids: Iterable[int] = ()) -> None:
    """Forget the failures counted for ``email`` after a good sign-in."""
    for key in _account_keys(email, user_ids):
        cache.delete_many([key, f"{key}:since"])


def sign_in_refusal(
    login: str, ip: str | None, user_ids: Iterable[int] = ()
) -> SignInPaused | None:
    """Return why a sign-in to ``login`` from ``ip`` is refused now, or None.

    Asked by the authentication backend before any password is hashed, so
    every door (the readers' page, Wagtail's and Django's admin, anything that
    calls ``authenticate``) is under the same limits and a paused guesser
    costs nothing.
    """
    if login_locked_for_ip(ip):
        assert ip is not None
        key = _ip_key("ip-login-failures", ip)
        return SignInPaused(
            gettext(
                "Too many failed sign-ins have come from your internet "
                "connection, so sign-ins from it are paused."
            ),
            code="ip_locked",
            retry_after=_seconds_left(key, ip_window_minutes() * 60),
        )
    user_ids = list(user_ids)
    if login_locked(login, user_ids):
        left = max(
            _seconds_left(key, LOGIN_WINDOW_SECONDS)
            for key in _account_keys(login, user_ids)
            if int(cache.get(key, 0)) >= LOGIN_FAILURE_LIMIT
        )
        return SignInPaused(
            gettext("Too many failed sign-ins to this account."),
            code="locked",
            retry_after=left,
        )
    return None


def note_failed_sign_in(
    login: str, ip: str | None, user_ids: Iterable[int] = ()
) -> None:
    """Count a failed sign-in against the account(s) and the client address."""
    note_failed_login(login, user_ids)
    note_failed_login_for_ip(ip)


def verify_password(user: User, password: str, *, ip: str | None) -> bool:
    """Return whether ``password`` is ``user``'s, under the sign-in limits.

    For the forms that ask a signed-in reader for their password again
    (change of address, deletion, new password): someone holding a stolen
    session may not guess the password there either. Raise SignInPaused
    while sign-ins to the account or from the address are paused.
    """
    refusal = sign_in_refusal("", ip, [user.pk])
    if refusal is not None:
        raise refusal
    if user.check_password(password):
        return True
    note_failed_sign_in("", ip, [user.pk])
    return False


def may_send_password_reset(email: str) -> bool:
    """Return False if a reset link went to ``email`` less than a minute ago."""
    digest = salted_hmac("gazette.accounts.reset", normalize_email(email)).hexdigest()
    return bool(
        cache.add(f"gazette:accounts:reset-sent:{digest}", 1, RESEND_INTERVAL_SECONDS)
    )


# Limits per client address. A guesser who tries many addresses, or asks for
# many reset emails, from one machine is stopped even though each address
# stays under its own limit.


def ip_window_minutes() -> int:
    """Return how long the per-address counts last (and a pause with them)."""
    return max(1, settings.GAZETTE_ACCOUNTS_IP_WINDOW_MINUTES)


def _client_bucket(ip: str) -> str:
    # One IPv6 machine usually holds a whole /64: count the /64, or a guesser
    # would get a fresh budget with every address of it.
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _ip_key(kind: str, ip: str) -> str:
    digest = salted_hmac("gazette.accounts.client", _client_bucket(ip)).hexdigest()
    return f"gazette:accounts:{kind}:{digest}"


def login_locked_for_ip(ip: str | None) -> bool:
    """Return whether sign-ins from ``ip`` (any account) are paused."""
    limit = settings.GAZETTE_ACCOUNTS_SIGNIN_FAILURES_PER_IP
    if not ip or limit <= 0:
        return False
    return int(cache.get(_ip_key("ip-login-failures", ip), 0)) >= limit


def note_failed_login_for_ip(ip: str | None) -> None:
    """Count a failed sign-in from ``ip``; a good one does not clear the count."""
    if ip:
        _count(_ip_key("ip-login-failures", ip), ip_window_minutes() * 60)


def _count_for_ip(kind: str, ip: str | None, limit: int, message: str) -> None:
    """Count one request of ``kind`` from ``ip``; raise RateLimited over ``limit``."""
    if not ip or limit <= 0:
        return
    key = _ip_key(kind, ip)
    window = ip_window_minutes() * 60
    if _count(key, window) > limit:
        raise RateLimited(message, retry_after=_seconds_left(key, window))


def count_sign_up(ip: str | None) -> None:
    """Count a sign-up attempt from ``ip``, before anything in it is checked.

    Raise RateLimited once the client is over the limit: each attempt costs a
    password hash, and may make an account or send an email.
    """
    _count_for_ip(
        "ip-signups",
        ip,
        settings.GAZETTE_ACCOUNTS_SIGNUPS_PER_IP,
        gettext("Too many sign-ups have come from your internet connection."),
    )


def count_password_reset(ip: str | None) -> None:
    """Count a reset request from ``ip``; raise RateLimited over the limit."""
    _count_for_ip(
        "ip-resets",
        ip,
        settings.GAZETTE_ACCOUNTS_PASSWORD_RESETS_PER_IP,
        gettext(
            "Too many password reset requests have come from your internet connection."
        ),
    )


def may_sign_up_from_ip(ip: str | None) -> bool:
    """Count a sign-up from ``ip``; return False once it is over the limit."""
    try:
        count_sign_up(ip)
    except RateLimited:
        return False
    return True


def may_request_password_reset_from_ip(ip: str | None) -> bool:
    """Count a reset request from ``ip``; return False once it is over the limit."""
    try:
        count_password_reset(ip)
    except RateLimited:
        return False
    return True
