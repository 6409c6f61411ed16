from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    # wagtail.search is labelled "wagtailsearch", so "search" is free.
    name = "gazette.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
