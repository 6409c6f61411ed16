from django.apps import AppConfig


class RadioConfig(AppConfig):
    name = "gazette.radio"
    label = "radio"
    verbose_name = "Radio"
