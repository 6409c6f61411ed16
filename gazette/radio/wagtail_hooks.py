"""Admin: stations and their schedules as a snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from . import services
from .models import Station


class StationCreateView(CreateView):
    def save_instance(self):
        station = services.save_station(self.form.save(commit=False))
        self.form.save_m2m()
        log(station, "wagtail.create", user=self.request.user)
        return station


class StationEditView(EditView):
    def save_instance(self):
        station = services.save_station(self.form.save(commit=False))
        self.form.save_m2m()
        log(station, "wagtail.edit", user=self.request.user)
        return station


class StationViewSet(SnippetViewSet):
    model = Station
    icon = "media"
    menu_label = _("Radio stations")
    menu_order = 290
    add_to_admin_menu = True
    add_view_class = StationCreateView
    edit_view_class = StationEditView
    list_display = ["name", "kind", "is_default", "listen_url"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]

    def get_queryset(self, request):
        # The stream address of a newscast depends on the station's edition.
        return Station.objects.select_related("locale")


register_snippet(StationViewSet)
