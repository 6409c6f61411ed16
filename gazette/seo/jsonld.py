"""Schema.org JSON-LD for articles, listings and the home page, on plain data.

Pure functions: no database, no request. The template tag gathers the data
from objects the page has already loaded and calls these.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "https://schema.org"

# The characters that could end a <script> element or start a comment in it,
# escaped as Django's ``json_script`` does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Link:
    """Something with a name at an address: a person, a story, a listed article."""

    name: str
    url: str


@dataclass(frozen=True)
class Picture:
    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    logo: Picture


@dataclass(frozen=True)
class Translation:
    """Another language's version of an article: where it is, in which language."""

    url: str
    language: str


@dataclass(frozen=True)
class Article:
    url: str
    headline: str
    description: str
    published: datetime.datetime
    modified: datetime.datetime
    publisher: Publisher
    authors: Sequence[Link] = ()
    images: Sequence[Picture] = ()
    section: str = ""
    story: Link | None = None
    language: str = ""
    # CSS selectors of the parts worth reading aloud (headline, lede), given
    # when the article has audio: Google Assistant reads them.
    speakable: Sequence[str] = ()
    # A translation names its original; the original names its translations.
    translation_of: Translation | None = None
    translations: Sequence[Translation] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def iso(moment: datetime.datetime) -> str:
    """Return ISO 8601 with the offset, as Google asks: 2026-10-01T08:00:00+00:00."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def image_object(picture: Picture) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": picture.url}
    if picture.width and picture.height:
        data["width"] = picture.width
        data["height"] = picture.height
    return data


def organization(publisher: Publisher) -> dict[str, Any]:
    """Return the newsroom as an ``Organization`` (``NewsMediaOrganization``)."""
    return {
        "@type": "NewsMediaOrganization",
        "name": publisher.name,
        "url": publisher.url,
        "logo": image_object(publisher.logo),
    }


def person(author: Link) -> dict[str, Any]:
    return {"@type": "Person", "name": author.name, "url": author.url}


def work(translation: Translation) -> dict[str, Any]:
    return {
        "@type": "NewsArticle",
        "@id": translation.url,
        "url": translation.url,
        "inLanguage": translation.language,
    }


def news_article(article: Article) -> dict[str, Any]:
    """Return the ``NewsArticle`` of an article page."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.url},
        "url": article.url,
        "headline": article.headline,
        "description": article.description,
        "datePublished": iso(article.published),
        "dateModified": iso(article.modified),
        "author": [person(author) for author in article.authors],
        "publisher": organization(article.publisher),
    }
    if article.images:
        data["image"] = [image_object(picture) for picture in article.images]
    if article.section:
        data["articleSection"] = article.section
    if article.story:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.story.name,
            "url": article.story.url,
        }
    if article.language:
        data["inLanguage"] = article.language
    if article.translation_of:
        data["translationOfWork"] = work(article.translation_of)
    if article.translations:
        data["workTranslation"] = [work(t) for t in article.translations]
    if article.speakable:
        data["speakable"] = {
            "@type": "SpeakableSpecification",
            "cssSelector": list(article.speakable),
        }
    data.update(article.extra)
    return data


def collection_page(
    *, name: str, url: str, description: str, items: Sequence[Link], start: int = 1
) -> dict[str, Any]:
    """Return a ``CollectionPage`` listing ``items`` (a section, a story, a page).

    ``start`` is the position of the first item, for the later pages of a list.
    """
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": name,
        "url": url,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": start + i,
                    "url": item.url,
                    "name": item.name,
                }
                for i, item in enumerate(items)
            ],
        },
    }
    if description:
        data["description"] = description
    return data


def website(*, publisher: Publisher, search_url: str) -> list[dict[str, Any]]:
    """Return the home page's ``Organization`` and ``WebSite`` with a search action.

    ``search_url`` holds ``{search_term_string}`` where the words go.
    """
    return [
        {"@context": SCHEMA, **organization(publisher)},
        {
            "@context": SCHEMA,
            "@type": "WebSite",
            "name": publisher.name,
            "url": publisher.url,
            "publisher": {"@type": "NewsMediaOrganization", "name": publisher.name},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": search_url},
                "query-input": "required name=search_term_string",
            },
        },
    ]


def script_json(data: Any) -> str:
    """Return ``data`` as JSON safe inside ``<script type="application/ld+json">``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _SCRIPT_ESCAPES
    )
