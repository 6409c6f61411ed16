from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "gazette.feeds"
    label = "feeds"
    verbose_name = "Feeds"
