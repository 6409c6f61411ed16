"""Article audio: speech for every article, its player and its podcast feeds."""

from django.apps import AppConfig


class AudioConfig(AppConfig):
    name = "gazette.audio"
    label = "audio"
    verbose_name = "Article audio"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
