from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gazette.core"
    label = "core"
    verbose_name = _("Gazette core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.newsroom_groups, sender=self)
