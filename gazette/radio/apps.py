"""Live radio: stations, the built-in newscast, the Listen Live player."""

from django.apps import AppConfig


class RadioConfig(AppConfig):
    name = "gazette.radio"
    label = "radio"
    verbose_name = "Radio"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
