"""Admin: short links and allowed hosts as snippets, and the visits report."""

from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import admin_views, services
from .models import AllowedHost, ShortLink


class ShortLinkCreateView(CreateView):
    def save_instance(self):
        # Through the service, like every other way of making a link.
        data = self.form.cleaned_data
        link = services.add_link(
            code=data.get("code", ""),
            page=data.get("page"),
            path=data.get("path", ""),
            url=data.get("url", ""),
        )
        log(link, "wagtail.create", user=self.request.user)
        return link


class ShortLinkEditView(EditView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # A code is for life: printed, broadcast, shared.
        form.fields["code"].disabled = True
        form.fields["code"].help_text = gettext("Codes never change once made.")
        return form

    def save_instance(self):
        data = self.form.cleaned_data
        link = services.update_link(
            self.object,
            page=data.get("page"),
            path=data.get("path", ""),
            url=data.get("url", ""),
        )
        log(link, "wagtail.edit", user=self.request.user)
        return link


class ShortLinkViewSet(SnippetViewSet):
    model = ShortLink
    icon = "link"
    menu_label = _("Short links")
    add_view_class = ShortLinkCreateView
    edit_view_class = ShortLinkEditView
    list_display = ["code", "target_label", "is_alias", "created_at"]
    list_filter = ["is_alias"]
    search_fields = ["code", "path", "url"]
    ordering = ["-created_at"]


class AllowedHostViewSet(SnippetViewSet):
    model = AllowedHost
    icon = "site"
    menu_label = _("Allowed hosts")
    list_display = ["host", "note", "created_at"]
    search_fields = ["host", "note"]


class LinksViewSetGroup(SnippetViewSetGroup):
    items = (ShortLinkViewSet, AllowedHostViewSet)
    menu_icon = "link"
    menu_label = _("Short links")
    menu_name = "short-links"
    menu_order = 220


register_snippet(LinksViewSetGroup)


@hooks.register("register_admin_urls")
def register_visits_urls():
    return [
        path("links/visits/", admin_views.visits_report, name="links_visits"),
        path(
            "links/visits/<int:pk>/", admin_views.link_visits, name="links_link_visits"
        ),
    ]


class VisitsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("links.view_shortlink")


@hooks.register("register_reports_menu_item")
def register_visits_report_menu_item():
    return VisitsMenuItem(
        _("Short link visits"),
        reverse("links_visits"),
        name="short-link-visits",
        icon_name="link",
        order=1000,
    )
