"""Admin: the moderation queue, the bans and the audit log, for moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("discussion/", admin_views.queue, name="discussion_queue_home"),
        path("discussion/log/", admin_views.audit_log, name="discussion_log"),
        path("discussion/bans/", admin_views.bans, name="discussion_bans"),
        path(
            "discussion/comments/<int:pk>/",
            admin_views.decide,
            name="discussion_decide",
        ),
        path("discussion/<slug:tab>/", admin_views.queue, name="discussion_queue"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Discussion"),
        reverse("discussion_queue_home"),
        name="discussion",
        icon_name="comment",
        order=250,
    )
