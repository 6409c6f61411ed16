"""Editions for tests: ``make_editions`` and the ``editions`` fixture.

    from tests.editions import make_editions

    homes = make_editions(("es", "ar"))   # {"en": home, "es": home, "ar": home}

Each edition is a Wagtail ``Locale`` with a home page translated from the
default edition's (Wagtail's copy for translation, as the admin's "Translate"
does) and a translated copy of each of its sections, all published. A second
edition turns reader addresses' prefixes on (``/en/...``, ``/es/...``).

The editions are cached per process (Django's URL reverse tables among them);
a test's rollback removes the locales without telling anyone, so a test that
made editions calls ``editions.forget()`` when it ends (``make_editions``
fixtures in tests/test_editions.py do), unless the conftest does it for all.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale, Page, Site

from gazette.core import editions
from gazette.core.models import HomePage


def default_home() -> HomePage:
    """Return the default edition's home page (the site's root page)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def translate_page(page: Page, locale: Locale, **fields: Any) -> Page:
    """Translate ``page`` into ``locale`` and publish it (``fields`` changed first).

    The translation's parent must be translated already (its home page, its
    section). An existing translation is updated rather than copied again.
    """
    translation = page.get_translation_or_none(locale)
    if translation is None:
        exclude = ["front"] if isinstance(page.specific, HomePage) else None
        translation = page.specific.copy_for_translation(locale, exclude_fields=exclude)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def make_editions(codes: tuple[str, ...] = ("es", "ar")) -> dict[str, HomePage]:
    """Create the editions ``codes`` with their home pages and sections.

    Return a dict of language code -> the edition's home page, the default
    edition's included.
    """
    from gazette.articles.models import SectionPage

    home = default_home()
    homes: dict[str, HomePage] = {home.locale.language_code: home}
    sections = list(SectionPage.objects.child_of(home).order_by("path"))
    for code in codes:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        homes[code] = translate_page(home, locale)
        for section in sections:
            translate_page(section, locale)
    # Wagtail's site roots and the editions are cached; a test that made
    # them must see them at once.
    Site.clear_site_root_paths_cache()
    editions.forget()
    return homes
