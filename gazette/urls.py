"""The URL map: Django views first, Wagtail's page tree for everything else.

Reader addresses sit under the edition prefix (``/es/stories/``) when the site
has more than one edition; machine addresses (the admin, the API, short
links, audio files, sitemaps, files) never carry one (docs/editions.md).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gazette.core.editions import edition_patterns
from gazette.discussion import personal

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("s/", include("gazette.links.urls")),
    path("audio/", include("gazette.audio.urls")),
    path("api/", include("gazette.api.urls")),
    path("", include("gazette.seo.urls")),
    path("", include("gazette.core.urls")),
]

# In the edition's language, so under its prefix: pages and the forms,
# fragments and feeds they link to.
reader_urlpatterns = [
    path("stories/", include("gazette.stories.urls")),
    path("authors/", include("gazette.articles.urls")),
    path("feeds/", include("gazette.feeds.urls")),
    path("search/", include("gazette.search.urls")),
    path("accounts/", include("gazette.accounts.urls")),
    path("discussion/", include("gazette.discussion.urls")),
    # The reader's own part of every page, never cached (docs/caching.md).
    path("me/", personal.fragment, name="personal"),
    path("radio/", include("gazette.radio.urls")),
    # Each edition's podcast at its own address; the audio files stay above.
    path("audio/podcast/", include("gazette.audio.podcast_urls")),
]

if settings.DEBUG or getattr(settings, "GAZETTE_SERVE_FILES", False):
    # The demo serves its own files (production leaves them to nginx); through
    # the URL map rather than runserver's handler, so GZipMiddleware
    # compresses the stylesheet and scripts as nginx would.
    from django.contrib.staticfiles.views import serve as serve_static
    from django.urls import re_path
    from django.views.static import serve as serve_media

    urlpatterns += [
        re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
        re_path(
            r"^media/(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Wagtail's pages, routed from the edition's home page (gazette.core.routing).
urlpatterns += edition_patterns(
    *reader_urlpatterns, path("", include("gazette.core.routing"))
)

# A lost database is a 503 wherever it is noticed (docs/caching.md).
handler500 = "gazette.core.middleware.server_error"
