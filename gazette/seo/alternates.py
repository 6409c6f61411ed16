"""A page's versions in other editions, as search engines and OpenGraph read them.

Pure functions on plain data: the template tag gathers each live version's
language and full URL (``gazette.core.editions.live_versions``) and calls these.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# OpenGraph names locales language_TERRITORY; where a language's code has no
# territory, the one Facebook's list uses for it.
OG_TERRITORIES = {
    "ar": "AR",
    "de": "DE",
    "en": "GB",
    "es": "ES",
    "fa": "IR",
    "fr": "FR",
    "it": "IT",
    "ja": "JP",
    "pt": "PT",
    "ru": "RU",
    "tr": "TR",
    "uk": "UA",
    "zh": "CN",
}


@dataclass(frozen=True)
class Version:
    """One edition's version of a page: its edition's code, BCP 47 tag and URL."""

    language: str
    tag: str
    url: str


def og_locale(tag: str) -> str:
    """Return the OpenGraph locale of a language tag: "en-GB" -> "en_GB"."""
    language, _, rest = tag.replace("_", "-").partition("-")
    language = language.lower()
    region = rest.split("-")[-1].upper() if rest else ""
    if len(region) != 2:
        region = OG_TERRITORIES.get(language, "")
    return f"{language}_{region}" if region else language


def hreflang_links(
    versions: Sequence[Version], original: Version
) -> list[tuple[str, str]]:
    """Return ``(hreflang, url)`` for the page's ``<link rel="alternate">``.

    Every version lists itself and every other version, and ``x-default``
    names the original; a page in one language only has none (Google reads
    a lone self-reference as noise).
    """
    if len(versions) < 2:
        return []
    links = [(version.language, version.url) for version in versions]
    return [*links, ("x-default", original.url)]


def og_locales(own: Version, versions: Sequence[Version]) -> list[tuple[str, str]]:
    """Return the OpenGraph ``og:locale`` and ``og:locale:alternate`` properties."""
    meta = [("og:locale", og_locale(own.tag))]
    meta += [
        ("og:locale:alternate", og_locale(version.tag))
        for version in versions
        if version.url != own.url
    ]
    return meta
