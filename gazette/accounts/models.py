"""A reader's public face: the display name shown beside their comments."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Reader(models.Model):
    """What Gazette adds to an auth user: a display name and a confirmed email.

    Created by the sign-up service; newsroom staff added in the admin get one
    lazily (``services.get_reader``). The email itself stays on the user and is
    never shown to anyone else.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reader",
    )
    display_name = models.CharField(_("display name"), max_length=40)
    email_confirmed_at = models.DateTimeField(
        _("email confirmed at"), null=True, blank=True
    )
    # Set by every change of address; a change link names the value it was
    # sent under, so a later change retires every earlier link.
    email_changed_at = models.DateTimeField(
        _("email changed at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"), name="reader_display_name_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None
