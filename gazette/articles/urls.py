from django.urls import path

from gazette.core import converters  # noqa: F401 -- registers <uslug:>

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.author_index, name="authors"),
    path("<uslug:slug>/", views.author_detail, name="author"),
]
