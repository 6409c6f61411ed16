from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "gazette.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
