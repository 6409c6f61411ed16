from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "gazette.discussion"
    label = "discussion"
    verbose_name = "Discussion"
