"""Sign in with an email address (readers) or a username (staff in the admin)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, Value, When

from gazette.core.http import client_ip, mark_rate_limited

from . import limits


class EmailBackend(ModelBackend):
    """Authenticate by email address (any case) or username, and password.

    It replaces Django's ModelBackend (whose permission checks it inherits), so
    that every failed attempt costs one password hash whether or not the
    address has an account: response times tell nothing, and a guesser pays
    for each guess once.

    The sign-in limits live here, not in a form: every door that checks a
    password through ``authenticate`` (the readers' sign-in page, Wagtail's
    admin, Django's admin) counts failures against the same account and client
    address, and a paused sign-in is refused before any password is hashed.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = kwargs.get("email", username)
        if not login or password is None:
            return None
        login = login.strip()
        ip = client_ip(request) if request is not None else None
        candidates = self._candidates(login)
        user_ids = [user.pk for user in candidates]
        refusal = limits.sign_in_refusal(login, ip, user_ids)
        if refusal is not None:
            # The form shows the refusal; RateLimitMiddleware makes it a 429.
            mark_rate_limited(request, refusal)
            # PermissionDenied, unlike None, stops Django asking other backends.
            raise PermissionDenied(refusal.message)
        user = self._check(candidates, password)
        if user is None:
            limits.note_failed_sign_in(login, ip, user_ids)
        else:
            limits.clear_failed_logins(login, [user.pk])
        return user

    def _candidates(self, login: str) -> list[User]:
        match = Q(username=login)
        if "@" in login:
            match |= Q(email__iexact=login)
        return list(
            User.objects.filter(match)
            .annotate(
                by_username=Case(When(username=login, then=Value(0)), default=Value(1))
            )
            .order_by("by_username", "pk")[:5]
        )

    def _check(self, candidates: list[User], password: str) -> User | None:
        if not candidates:
            # Spend the time a real check takes.
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
