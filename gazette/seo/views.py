"""Sitemaps and robots.txt, through Django's own sitemap views.

The long sitemaps (articles, stories) are written straight from two columns
of their tables (``rows()`` of their sitemap classes): 50,000 addresses
through Django's template take seconds, written here a few tens of
milliseconds. The others go through Django's view and template.
"""

from xml.sax.saxutils import escape

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from .sitemaps import sitemaps_for

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps_for(request), sitemap_url_name="seo:sitemap"
    )


def sitemap(request, section):
    sitemaps = sitemaps_for(request)
    found = sitemaps.get(section)
    if getattr(found, "written", False):
        return _written(request, found)
    template = "seo/news_sitemap.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name=template
    )


def _written(request, sitemap) -> HttpResponse:
    """Answer page ``?p=`` of ``sitemap`` as Django's view would, written directly."""
    number = request.GET.get("p", "1")
    if not (number.isascii() and number.isdigit() and 0 < len(number) < 7):
        raise Http404(f"No page '{number}'")
    page = int(number)
    rows = sitemap.rows(page) if page >= 1 else []
    if not rows and page > 1:
        raise Http404(f"Page {page} empty")
    origin = f"{request.scheme}://{get_current_site(request).domain}"
    parts = [HEAD]
    latest = None
    dated = True
    for location, day, epoch in rows:
        if location.startswith("/"):
            location = origin + location
        parts.append(f"<url><loc>{escape(location)}</loc>")
        if day is not None:
            parts.append(f"<lastmod>{day}</lastmod>")
            latest = epoch if latest is None or epoch > latest else latest
        else:
            dated = False
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml")
    if dated and latest is not None:
        # As Django's view: lets ConditionalGetMiddleware answer 304.
        response["Last-Modified"] = http_date(latest)
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('seo:index'))}",
        "Sitemap: " + request.build_absolute_uri(reverse("seo:sitemap", args=["news"])),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
