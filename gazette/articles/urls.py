from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.author_index, name="authors"),
    path("<slug:slug>/", views.author_detail, name="author"),
]
