from django.urls import path

from gazette.core import converters  # noqa: F401 -- registers <uslug:>

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.story_index, name="index"),
    path("<uslug:slug>/", views.story_detail, name="detail"),
]
