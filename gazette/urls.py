"""The URL map: Django views first, Wagtail's page tree for everything else."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("stories/", include("gazette.stories.urls")),
    path("authors/", include("gazette.articles.urls")),
    path("s/", include("gazette.links.urls")),
    path("feeds/", include("gazette.feeds.urls")),
    path("search/", include("gazette.search.urls")),
    path("accounts/", include("gazette.accounts.urls")),
    path("discussion/", include("gazette.discussion.urls")),
    path("audio/", include("gazette.audio.urls")),
    path("radio/", include("gazette.radio.urls")),
    path("api/", include("gazette.api.urls")),
    path("", include("gazette.seo.urls")),
    path("", include("gazette.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
