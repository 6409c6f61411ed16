"""Admin: Reports > Article audio (each edition's voice, articles without audio)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_audio_report_url():
    return [path("audio/report/", admin_views.audio_report, name="audio_report")]


@hooks.register("register_reports_menu_item")
def register_audio_report_menu_item():
    return MenuItem(
        _("Article audio"),
        reverse("audio_report"),
        name="article-audio",
        icon_name="media",
        order=1010,
    )
