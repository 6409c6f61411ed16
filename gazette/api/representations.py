"""Turn articles, stories, sections and authors into the API's JSON objects.

Reads only what ``queries`` fetched; the request makes URLs absolute.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.stories.models import Story

from .queries import IMAGE_FILTER, section_of


def _utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    return moment.astimezone(datetime.UTC) if moment is not None else None


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def image(request: HttpRequest, picture, caption: str = "") -> dict[str, Any] | None:
    if picture is None:
        return None
    try:
        rendition = picture.get_rendition(IMAGE_FILTER)
    except SourceImageIOError:
        # Its file is missing or will not decode: the item goes without.
        return None
    return {
        "url": _absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": picture.alt_text,
        "caption": caption or picture.caption,
        "credit": picture.credit,
    }


def section_ref(request: HttpRequest, section: SectionPage | None):
    if section is None:
        return None
    return {
        "id": section.pk,
        "title": section.title,
        "url": section.get_full_url(request),
    }


def story_ref(request: HttpRequest, story: Story | None):
    if story is None:
        return None
    return {
        "id": story.pk,
        "title": story.title,
        "url": _absolute(request, story.get_absolute_url()),
        "article_count": story.article_count,
        "is_listed": story.is_listed,
    }


def author_ref(request: HttpRequest, author: Author) -> dict[str, Any]:
    return {
        "id": author.pk,
        "name": author.name,
        "url": _absolute(request, author.get_absolute_url()),
    }


def article(
    request: HttpRequest,
    page: ArticlePage,
    sections: dict[str, SectionPage],
    translations: dict[int, list[ArticlePage]] | None = None,
) -> dict[str, Any]:
    """Return an article as listed: everything but its body.

    ``translations`` (``queries.translations``) holds its versions in other
    editions."""
    first = page.first_published_at
    return {
        "id": page.pk,
        "url": page.get_full_url(request),
        "locale": page.locale.language_code,
        "translations": [
            {
                "id": version.pk,
                "locale": version.locale.language_code,
                "url": version.get_full_url(request),
            }
            for version in (translations or {}).get(page.pk, [])
        ],
        "title": page.title,
        "lede": page.lede,
        "first_published_at": _utc(first),
        "last_published_at": _utc(page.last_published_at or first),
        "section": section_ref(request, section_of(page, sections)),
        "story": story_ref(request, page.story),
        "authors": [
            author_ref(request, link.author) for link in page.article_authors.all()
        ],
        "image": image(request, page.image),
        "comment_count": page.comment_count,
    }


def _text(markup: str) -> str:
    # Closing tags become spaces, so that list items do not run together.
    spaced = re.sub(r"(</[^>]+>|<br\s*/?>)", r"\1 ", markup)
    return " ".join(html.unescape(strip_tags(spaced)).split())


def body(request: HttpRequest, page: ArticlePage) -> list[dict[str, Any]]:
    """Return an article's body, block by block, as text and (for prose) HTML."""
    blocks: list[dict[str, Any]] = []
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            markup = expand_db_html(value.source)
            blocks.append({"type": kind, "text": _text(markup), "html": markup})
        elif kind == "heading":
            blocks.append({"type": kind, "text": str(value)})
        elif kind == "quote":
            blocks.append(
                {
                    "type": kind,
                    "text": value["quote"],
                    "attribution": value.get("attribution") or None,
                }
            )
        elif kind == "image":
            picture = image(request, value["image"], value.get("caption") or "")
            if picture is not None:
                text = picture["caption"] or picture["alt"]
                blocks.append({"type": kind, "text": text, "image": picture})
        else:
            # Galleries, embeds, fact boxes, tables, corrections and the rest:
            # their words as the search index reads them.
            words = page.body.stream_block.child_blocks[kind].get_searchable_content(
                value
            )
            blocks.append({"type": kind, "text": _text(" ".join(map(str, words)))})
    return blocks


def story(request: HttpRequest, item: Story) -> dict[str, Any]:
    return {
        "id": item.pk,
        "url": _absolute(request, item.get_absolute_url()),
        "title": item.title,
        "summary": item.summary,
        "is_open": item.is_open,
        "article_count": item.article_count,
        "is_listed": item.is_listed,
        "first_published_at": _utc(item.first_published_at),
        "last_published_at": _utc(item.last_published_at),
    }


def section(request: HttpRequest, item: SectionPage) -> dict[str, Any]:
    return {
        "id": item.pk,
        "url": item.get_full_url(request),
        "title": item.title,
        "intro": item.intro,
    }


def author(request: HttpRequest, item: Author) -> dict[str, Any]:
    return {
        "id": item.pk,
        "url": _absolute(request, item.get_absolute_url()),
        "name": item.name,
        "role": item.role,
        "bio": item.bio,
    }
