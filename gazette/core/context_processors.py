"""What every public page's header and footer need."""

from django.core.cache import cache
from django.utils import timezone

from .cache import get_generation


def newsroom(request):
    return {"now": timezone.now(), "sections": lambda: navigation_sections(request)}


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
