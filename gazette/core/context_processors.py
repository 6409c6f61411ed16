"""What every public page's header and footer need."""

import functools

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from . import editions
from . import masthead as mastheads
from .cache import get_generation


def newsroom(request):
    # Read lazily (not every response shows them) and once: the header, the
    # footer and the 404 page all list the sections.
    sections = functools.cache(lambda: navigation_sections(request))
    return {
        "now": timezone.now(),
        "sections": sections,
        "home_url": functools.cache(home_url),
        # Not "search_url": Wagtail's admin templates reverse a variable of
        # that name (the image chooser's header).
        "site_search_url": functools.cache(lambda: reverse("search:search")),
        # The edition's name and tagline (its home page's, else the site's).
        "masthead": functools.cache(lambda: mastheads.for_request(request)),
    }


def home_url() -> str:
    """Return the front page of the edition being shown ("/", "/es/")."""
    return reverse("wagtail_serve", args=("",))


def navigation_sections(request):
    """Return (title, url) of the edition's live sections, kept until a change.

    On a page below a section the routing has read them (no query).
    """
    from gazette.articles.models import SectionPage

    from .routing import HOME_ATTRIBUTE

    home = getattr(request, HOME_ATTRIBUTE, None)
    routed = getattr(request, "_gazette_sections", None)
    if home is not None and routed is not None and routed[0] == home.pk:
        # The routing read the edition's sections already (HomePage.route).
        return [
            (page.title, page.get_url(request))
            for page in routed[1]
            if page.live and page.show_in_menus
        ]
    sections = SectionPage.objects.live().in_menu().order_by("path")
    key = f"gazette:nav:{get_generation()}"
    if editions.prefixes_on():
        key = f"{key}:p"
    if editions.has_editions():
        code = editions.active_edition()
        key = f"{key}:{code}"
        sections = sections.filter(locale__language_code=code)
    found = cache.get(key)
    if found is None:
        found = [(page.title, page.get_url(request)) for page in sections]
        cache.set(key, found, 300)
    return found
