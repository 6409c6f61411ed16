from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "gazette.articles"
    label = "articles"
    verbose_name = "Articles"
