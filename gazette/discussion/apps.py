from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "gazette.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers

        post_migrate.connect(signal_handlers.moderator_permissions, sender=self)
