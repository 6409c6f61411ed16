from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "gazette.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.moderator_permissions, sender=self)
        # The personal fragment's cache follows every write about a reader,
        # whichever process makes it (the shell, a worker, the admin).
        from . import personal_cache

        personal_cache.connect()
