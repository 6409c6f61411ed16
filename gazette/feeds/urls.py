from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("rss/", feeds.ArticleFeed(), name="rss"),
    path("atom/", feeds.ArticleAtomFeed(), name="atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed(), name="section_rss"),
    path("section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("story/<slug:slug>/rss/", feeds.StoryFeed(), name="story_rss"),
    path("story/<slug:slug>/atom/", feeds.StoryAtomFeed(), name="story_atom"),
    path("author/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_rss"),
    path("author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author_atom"),
]
