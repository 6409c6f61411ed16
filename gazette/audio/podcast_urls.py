"""The podcasts: one per edition, under its prefix (``/es/audio/podcast/``).

A namespace of their own: the audio files (``audio:article_mp3``) stay
unprefixed, and one namespace cannot sit in both places.
"""

from django.urls import path

from . import feeds, views

app_name = "podcasts"

urlpatterns = [
    path("", feeds.PodcastFeed(), name="site"),
    path("cover.png", views.podcast_cover, name="cover"),
    path("<slug:slug>/", feeds.SectionPodcastFeed(), name="section"),
]
