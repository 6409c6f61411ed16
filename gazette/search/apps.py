from django.apps import AppConfig


class SearchConfig(AppConfig):
    # wagtail.search is labelled "wagtailsearch", so "search" is free.
    name = "gazette.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
