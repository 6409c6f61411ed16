"""What every public page's header and footer need."""

import functools

from django.core.cache import cache
from django.utils import timezone

from .cache import get_generation


def newsroom(request):
    # Read lazily (not every response shows them) and once: the header, the
    # footer and the 404 page all list the sections.
    sections = functools.cache(lambda: navigation_sections(request))
    return {"now": timezone.now(), "sections": sections}


def navigation_sections(request):
    """Return (title, url) of the live sections, cached until content changes."""
    from gazette.articles.models import SectionPage

    key = f"gazette:nav:{get_generation()}"
    sections = cache.get(key)
    if sections is None:
        sections = [
            (page.title, page.get_url(request))
            for page in SectionPage.objects.live().in_menu().order_by("path")
        ]
        cache.set(key, sections, 300)
    return sections
