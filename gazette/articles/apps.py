from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "gazette.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
