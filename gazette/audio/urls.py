from django.urls import path

from . import feeds, views

app_name = "audio"

urlpatterns = [
    path("<int:article_id>.mp3", views.article_mp3, name="article_mp3"),
    path("podcast/", feeds.PodcastFeed(), name="podcast"),
    path("podcast/cover.png", views.podcast_cover, name="podcast_cover"),
    path("podcast/<slug:slug>/", feeds.SectionPodcastFeed(), name="section_podcast"),
]
