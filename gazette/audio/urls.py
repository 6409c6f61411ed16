"""The article audio files: machine addresses, never under the edition prefix."""

from django.urls import path

from . import views

app_name = "audio"

urlpatterns = [
    path("<int:article_id>.mp3", views.article_mp3, name="article_mp3"),
]
