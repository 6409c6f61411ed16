from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "gazette.seo"
    label = "seo"
    verbose_name = "Search engines"
