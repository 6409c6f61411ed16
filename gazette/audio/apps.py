"""Article audio: speech for every article, its player and its podcast feeds."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudioConfig(AppConfig):
    name = "gazette.audio"
    label = "audio"
    verbose_name = _("Article audio")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
