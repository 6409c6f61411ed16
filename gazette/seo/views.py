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
    # Nothing called per row but the formatting: relative addresses (a
    # sitemap's are all alike) get the site's origin, they are escaped only
    # if one needs it (slugs never do), and the file is dated only if every
    # row is.
    locations = [row[0] for row in rows]
    if locations and locations[0].startswith("/"):
        locations = [origin + location for location in locations]
    joined = "".join(locations)
    if "&" in joined or "<" in joined or ">" in joined:
        locations = [escape(location) for location in locations]
    epochs = [row[2] for row in rows if row[1] is not None]
    dated = len(epochs) == len(rows)
    latest = max(epochs) if epochs else None
    if len(rows[0]) > 3 if rows else False:
        # Translated articles' alternates, already written (``xhtml:link``).
        body = [
            f"<url><loc>{location}</loc>"
            + ("" if row[1] is None else f"<lastmod>{row[1]}</lastmod>")
            + f"{row[3]}</url>\n"
            for location, row in zip(locations, rows, strict=True)
        ]
    elif dated:
        body = [
            f"<url><loc>{location}</loc><lastmod>{row[1]}</lastmod></url>\n"
            for location, row in zip(locations, rows, strict=True)
        ]
    else:
        body = [
            f"<url><loc>{location}</loc>"
            + ("" if row[1] is None else f"<lastmod>{row[1]}</lastmod>")
            + "</url>\n"
            for location, row in zip(locations, rows, strict=True)
        ]
    parts = [HEAD, *body, "</urlset>\n"]
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
