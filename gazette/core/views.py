"""Site-wide views that are not Wagtail pages."""

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control

# The icon's address carries a content hash in production (collectstatic), so
# the redirect must not outlive a change of the icon by long.
FAVICON_MAX_AGE = 24 * 60 * 60


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Send ``/favicon.ico`` to the site's SVG icon.

    Pages name the icon with ``<link rel="icon">``; this answers the browsers,
    feed readers and crawlers that ask the traditional address instead.
    """
    response = HttpResponseRedirect(static("gazette/favicon.svg"))
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response
