from django.apps import AppConfig


class AudioConfig(AppConfig):
    name = "gazette.audio"
    label = "audio"
    verbose_name = "Article audio"
