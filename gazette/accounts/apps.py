from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gazette.accounts"
    label = "accounts"
    verbose_name = _("Reader accounts")

    def ready(self) -> None:
        # Django's admin (/django-admin/, kept for its task results and user
        # lists) says why a paused sign-in is refused, like the other doors;
        # the limit itself is the authentication backend's.
        from django.contrib import admin

        from .forms import DjangoAdminLoginForm

        admin.site.login_form = DjangoAdminLoginForm
