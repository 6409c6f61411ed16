from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gazette.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
