"""``export ninjs``: the whole site as ninjs JSON lines with its pictures, so
that importing that directory into an empty site gives back the same
articles, stories, authors and images."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from wagtail.models import Page

from gazette.articles.models import ArticlePage, Author
from gazette.core.models import GazetteImage

from . import ninjs
from .reporting import Progress
from .wire_services import AUTHORS_FILE


def _export_image(image: GazetteImage, media: Path, written: dict[int, str]):
    if image.pk not in written:
        name = f"{image.pk}-{Path(image.file.name).name}"
        with image.file.open("rb") as source, (media / name).open("wb") as target:
            shutil.copyfileobj(source, target)
        written[image.pk] = f"media/{name}"
    return ninjs.ExportImage(
        uri=f"gazette:image:{image.pk}",
        href=written[image.pk],
        title=image.title,
        caption=image.caption,
        credit=image.credit,
        alt=image.description,
        width=image.width,
        height=image.height,
    )


def _body_html(article: ArticlePage, media: Path, written: dict[int, str]):
    parts, images = [], []
    pictures = {
        image.pk: image
        for image in GazetteImage.objects.filter(
            pk__in=[
                b.value["image"].pk
                for b in article.body
                if b.block_type == "image" and b.value["image"]
            ]
        )
    }
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(block.value.source)
        elif block.block_type == "heading":
            parts.append(f"<h2>{html.escape(block.value)}</h2>")
        elif block.block_type == "quote":
            cite = block.value.get("attribution") or ""
            parts.append(
                f"<blockquote><p>{html.escape(block.value['quote'])}</p>"
                + (f"<cite>{html.escape(cite)}</cite>" if cite else "")
                + "</blockquote>"
            )
        elif block.block_type == "image" and block.value["image"]:
            image = pictures[block.value["image"].pk]
            exported = _export_image(image, media, written)
            images.append(exported)
            caption = block.value.get("caption") or ""
            parts.append(
                f'<figure><img src="{html.escape(exported.href)}" '
                f'alt="{html.escape(image.description)}">'
                + (
                    f"<figcaption>{html.escape(caption)}</figcaption>"
                    if caption
                    else ""
                )
                + "</figure>"
            )
        elif block.block_type != "image":
            # A block ninjs has no form for (a fact box, a table, an embed):
            # its words, so that nothing written is lost.
            words = block.block.get_searchable_content(block.value)
            text = " ".join(" ".join(str(w) for w in words).split())
            if text:
                parts.append(f"<p>{html.escape(text)}</p>")
    return "".join(parts), images


def export_ninjs(directory: Path | str, *, progress: Progress | None = None) -> int:
    """Write every article of the site as ninjs JSON lines, with its pictures.

    Return how many articles were written. Drafts go out as ``withheld``.
    """
    directory = Path(directory)
    media = directory / "media"
    media.mkdir(parents=True, exist_ok=True)
    written: dict[int, str] = {}
    count = 0
    queryset = (
        ArticlePage.objects.select_related("story", "image")
        .prefetch_related("article_authors__author")
        .order_by("first_published_at", "pk")
    )
    with (directory / "articles.jsonl").open("w", encoding="utf-8") as out:
        for article in queryset.iterator(chunk_size=200):
            section = Page.objects.get(pk=article.get_parent().pk)
            body, images = _body_html(article, media, written)
            lead = (
                _export_image(article.image, media, written) if article.image else None
            )
            story = article.story
            item = ninjs.article_to_ninjs(
                ninjs.ExportArticle(
                    uri=article.get_full_url() or f"gazette:article:{article.pk}",
                    title=article.title,
                    lede=article.lede,
                    body_html=body,
                    authors=[
                        (link.author.name, link.author.slug)
                        for link in article.article_authors.all()
                    ],
                    section=(section.slug, section.title),
                    story=(story.slug, story.title) if story else None,
                    genre=article.genre,
                    first_published=article.first_published_at,
                    last_published=article.last_published_at,
                    live=article.live,
                    lead_image=lead,
                    images=images,
                )
            )
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
            if progress and count % 100 == 0:
                progress(f"articles: {count}")
    # Authors' words that ninjs has no place for, for a faithful move.
    authors = [
        {"name": a.name, "slug": a.slug, "role": a.role, "bio": a.bio}
        for a in Author.objects.order_by("slug")
    ]
    (directory / AUTHORS_FILE).write_text(
        json.dumps(authors, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return count
