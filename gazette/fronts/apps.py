from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "gazette.fronts"
    label = "fronts"
    verbose_name = "Front pages"
