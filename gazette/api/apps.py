from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gazette.api"
    label = "api"
    verbose_name = "JSON API"
