from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "gazette.links"
    label = "links"
    verbose_name = "Short links"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.editor_permissions, sender=self)
