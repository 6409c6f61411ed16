from django.urls import path

from gazette.core import converters  # noqa: F401 -- registers <uslug:>

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("rss/", feeds.ArticleFeed(), name="rss"),
    path("atom/", feeds.ArticleAtomFeed(), name="atom"),
    path("section/<uslug:slug>/rss/", feeds.SectionFeed(), name="section_rss"),
    path("section/<uslug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    path("story/<uslug:slug>/rss/", feeds.StoryFeed(), name="story_rss"),
    path("story/<uslug:slug>/atom/", feeds.StoryAtomFeed(), name="story_atom"),
    path("author/<uslug:slug>/rss/", feeds.AuthorFeed(), name="author_rss"),
    path("author/<uslug:slug>/atom/", feeds.AuthorAtomFeed(), name="author_atom"),
]
