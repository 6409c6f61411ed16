"""Sign in with an email address instead of a username."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class EmailBackend(ModelBackend):
    """Authenticate by email address (any case) and password.

    Listed before Django's ModelBackend, which still lets newsroom staff sign
    in to the admin by username.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = kwargs.get("email", username)
        if not email or password is None or "@" not in email:
            return None
        candidates = list(
            User.objects.filter(email__iexact=email.strip()).order_by("pk")
        )
        if not candidates:
            # Spend the time a real check takes, so that response times do
            # not tell which addresses have accounts.
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
