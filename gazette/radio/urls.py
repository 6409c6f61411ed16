from django.urls import path

from . import views

app_name = "radio"

urlpatterns = [
    path("", views.station_list, name="index"),
    path("<slug:slug>/", views.station_detail, name="station"),
    path("<slug:slug>/now.json", views.station_now, name="now"),
]
