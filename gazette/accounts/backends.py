"""Sign in with an email address (readers) or a username (staff in the admin)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db.models import Case, Q, Value, When


class EmailBackend(ModelBackend):
    """Authenticate by email address (any case) or username, and password.

    It replaces Django's ModelBackend (whose permission checks it inherits), so
    that every failed attempt costs one password hash whether or not the
    address has an account: response times tell nothing, and a guesser pays
    for each guess once.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = kwargs.get("email", username)
        if not login or password is None:
            return None
        login = login.strip()
        match = Q(username=login)
        if "@" in login:
            match |= Q(email__iexact=login)
        candidates = list(
            User.objects.filter(match)
            .annotate(
                by_username=Case(When(username=login, then=Value(0)), default=Value(1))
            )
            .order_by("by_username", "pk")[:5]
        )
        if not candidates:
            # Spend the time a real check takes.
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
