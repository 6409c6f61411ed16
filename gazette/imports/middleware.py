"""Answer the query-string addresses of an imported site (``/?p=123``)."""

from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect

# WordPress's "plain" permalinks: a post, a page, an attachment, a category
# and a tag archive, all on the home page's path.
LEGACY_PARAMETERS = frozenset({"p", "page_id", "attachment_id", "cat", "tag"})


class LegacyQueryRedirectMiddleware:
    """Redirect ``/?p=ID`` (and its kin) to the page an import made of it.

    Wagtail's redirects answer only what would otherwise be a 404, and
    ``/?p=ID`` is the home page to everything else (the page cache included),
    so the import's redirect rows for those addresses are looked up here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path == "/"
            and request.method in ("GET", "HEAD")
            and LEGACY_PARAMETERS.intersection(request.GET)
        ):
            path = Redirect.normalise_path(request.get_full_path())
            redirect = (
                Redirect.objects.filter(old_path=path, is_permanent=True)
                .select_related("redirect_page")
                .first()
            )
            if redirect is not None and redirect.link:
                return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
