"""Admin: the archive import page, under Settings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("imports/", admin_views.import_archive, name="imports_archive")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import archive"),
        reverse("imports_archive"),
        name="import-archive",
        icon_name="download",
        order=900,
    )
