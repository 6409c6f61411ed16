"""Live radio: stations, the built-in newscast, the Listen Live player."""

from django.apps import AppConfig


class RadioConfig(AppConfig):
    name = "gazette.radio"
    label = "radio"
    verbose_name = "Radio"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.editor_permissions, sender=self)
