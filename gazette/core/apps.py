from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gazette.core"
    label = "core"
    verbose_name = "Gazette core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.newsroom_groups, sender=self)
