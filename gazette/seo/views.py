"""Sitemaps and robots.txt, through Django's own sitemap views."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .sitemaps import sitemaps_for


def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps_for(request), sitemap_url_name="seo:sitemap"
    )


def sitemap(request, section):
    template = "seo/news_sitemap.xml" if section == "news" else "sitemap.xml"
    return sitemap_views.sitemap(
        request, sitemaps_for(request), section=section, template_name=template
    )


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
