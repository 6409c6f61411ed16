from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontsConfig(AppConfig):
    name = "gazette.fronts"
    label = "fronts"
    verbose_name = _("Front pages")
