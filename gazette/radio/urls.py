from django.urls import path

from gazette.core import converters  # noqa: F401 -- registers <uslug:>

from . import views

app_name = "radio"

urlpatterns = [
    path("", views.station_list, name="index"),
    path("<uslug:slug>/", views.station_detail, name="station"),
    path("<uslug:slug>/now.json", views.station_now, name="now"),
]
