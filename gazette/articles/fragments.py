"""Parts of an article page drawn once per published version, then stored.

An article's body and byline change only when the article is published
again, or when a picture or an author they show changes; drawing them on
every render (the StreamField's blocks, their pictures' renditions, the
authors) is work that belongs to publication. The first render of a
published version draws them with the reader's request, exactly as the page
always did, and stores them (``ArticleFragment``: one row per article and
language); every later render takes them from the routing query, which
reads the row only while it is current:

- drawn from the article's live revision and publication time (an edit, a
  correction, a re-publication or a backdating is a new version; an
  unpublished article is not served at all);
- in the language being shown (each edition's words, never another's),
  with or without the edition in addresses (``language_key``);
- by the same templates and translations (``build_key``: a deployment that
  changes them draws everything again);
- from the same body and publication times as the row holds now
  (``source_digest``, checked as the page is drawn: a row changed without
  a new version, by a script or a bulk update, draws them again).

What else they show retires them through ``ArticleFragmentSource`` rows
(signal handlers, ``retire_sources``): a picture saved or deleted (its file,
focal point, alt text, caption, credit, renditions) and an author saved or
deleted (name, role, photo), and a byline row changed outside a publication.

Blocks that show what changes without the article (a related article's card
with its comment count and "3 hours ago", rich text linking to other pages,
an embed the provider did not answer, a picture whose file is missing) are
stored as their place only and drawn on every render.

A preview never stores: its page is a draft, not the live row.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.db.models import OuterRef, Subquery
from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

BYLINE_TEMPLATE = "articles/includes/article_byline.html"
# Blocks drawn on every render: they show other pages.
LIVE_BLOCKS = frozenset({"related_article"})
# What the stored markup is drawn with; a change of any is a new build.
_BUILD_FILES = (
    "templates/articles/blocks",
    "templates/articles/includes/article_byline.html",
)
_build: str | None = None


def build_key() -> str:
    """Return a digest of the templates, picture code and translations the
    stored parts are drawn with (once per process)."""
    global _build
    if _build is None:
        here = Path(__file__).resolve().parent
        gazette = here.parent
        files: list[Path] = []
        for name in _BUILD_FILES:
            path = here / name
            files += sorted(path.rglob("*.html")) if path.is_dir() else [path]
        files.append(gazette / "core" / "templatetags" / "picture_tags.py")
        files.append(gazette / "core" / "templatetags" / "gazette_tags.py")
        files += sorted((gazette / "locale").rglob("*.mo"))
        digest = hashlib.blake2b(digest_size=8)
        for path in files:
            digest.update(str(path.relative_to(gazette)).encode())
            digest.update(path.read_bytes() if path.exists() else b"")
        _build = digest.hexdigest()
    return _build


def language_key() -> str:
    """Return what the stored parts are kept under: the language being
    shown, and whether addresses carry the edition (the byline's links to
    author pages do: a second edition turns the prefixes on)."""
    from gazette.core import editions

    code = editions.active_edition()
    return f"{code}/" if editions.prefixes_on() else code


def current_parts() -> Subquery:
    """Return, as an expression of a query of articles, each article's
    stored parts in the active edition's language while they are current
    (else NULL)."""
    fragment = apps.get_model("articles", "ArticleFragment")
    rows = fragment.objects.filter(
        article_id=OuterRef("pk"),
        language=language_key(),
        revision_id=OuterRef("live_revision_id"),
        published_at=OuterRef("last_published_at"),
        build=build_key(),
    )
    return Subquery(rows.values("parts")[:1], output_field=models.TextField())


def parse(stored: str | None, page: Any) -> dict | None:
    """Return the stored parts read by the routing query for ``page``, or
    None (none stored, or drawn from other contents of its row)."""
    if not stored:
        return None
    try:
        parts = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(parts, dict) or parts.get("digest") != source_digest(page):
        return None
    return parts


def authors_of(parts: dict) -> list[Any]:
    """Return the byline's authors as stored (name, slug, role, photo id)."""
    author = apps.get_model("articles", "Author")
    found = []
    for pk, name, slug, role, photo_id in parts.get("authors", []):
        instance = author(pk=pk, name=name, slug=slug, role=role, photo_id=photo_id)
        instance._state.adding = False
        instance._state.db = "default"
        found.append(instance)
    return found


def source_digest(page: Any) -> str:
    """Return a digest of the article row's fields the parts are drawn from
    (the body as stored, the publication times): a row changed without a
    new version (a script, a bulk update) does not match its stored parts."""
    body = json.dumps(list(page.body.raw_data), default=str, sort_keys=True)
    times = f"{page.first_published_at}|{page.last_published_at}"
    return hashlib.blake2b(
        f"{body}|{times}".encode(), digest_size=8, usedforsecurity=False
    ).hexdigest()


def _block_is_live(block: Any) -> bool:
    if block.block_type in LIVE_BLOCKS:
        return True
    # Rich text naming other pages or documents by id: their addresses
    # follow them, not the article.
    raw = json.dumps(block.get_prep_value(), default=str)
    return "linktype=" in raw


def _draw_block(block: Any, context: Context) -> str:
    new_context = context.flatten()
    new_context["block"] = block
    return str(block.render_as_block(context=new_context))


def draw(context: Context, page: Any) -> dict:
    """Return the page's byline and body drawn now, with what they show.

    ``body`` is a list of stored markup (str) and places of blocks drawn on
    every render (their index, int); ``sources`` the pictures and authors.
    """
    from gazette.articles.blocks import find_embed

    sources: set[tuple[str, int]] = set()
    body: list[str | int] = []
    for index, block in enumerate(page.body):
        if _block_is_live(block):
            body.append(index)
            continue
        if block.block_type == "embed":
            url = block.value.get("url")
            if find_embed(url.url if url else "") is None:
                body.append(index)
                continue
        html = _draw_block(block, context)
        if block.block_type in ("image", "gallery"):
            if "not-found" in html:
                body.append(index)
                continue
            images = (
                [block.value.get("image")]
                if block.block_type == "image"
                else [item.get("image") for item in block.value.get("images")]
            )
            sources |= {("image", image.pk) for image in images if image is not None}
        if body and isinstance(body[-1], str):
            body[-1] += html
        else:
            body.append(html)
    authors = page.authors
    engine = context.template.engine if context.template else Engine.get_default()
    template = engine.get_template(BYLINE_TEMPLATE)
    with context.push(authors=authors):
        byline = template.render(context)
    for author in authors:
        sources.add(("author", author.pk))
        if author.photo_id:
            sources.add(("image", author.photo_id))
    return {
        "digest": source_digest(page),
        "body": body,
        "byline": str(byline),
        "authors": [[a.pk, a.name, a.slug, a.role, a.photo_id] for a in authors],
        "sources": sorted(sources),
    }


def assemble(context: Context, page: Any, parts: dict) -> dict[str, SafeString]:
    """Return the byline and the body's markup from stored ``parts``,
    drawing the blocks kept as places now."""
    body = []
    for piece in parts["body"]:
        # A block by its place reads only the blocks of its type (Wagtail
        # fetches the pages or pictures of those, not the whole body's).
        body.append(
            _draw_block(page.body[piece], context) if isinstance(piece, int) else piece
        )
    return {
        "byline": mark_safe(parts["byline"]),  # noqa: S308 - drawn by our templates
        "body": mark_safe("".join(body)),  # noqa: S308 - drawn by the blocks' templates
    }


def may_store(request: Any, page: Any) -> bool:
    """Return whether ``page`` as served to ``request`` is the live version
    read by the routing query (never a preview or a revision)."""
    return (
        page.live
        and hasattr(page, "stored_parts")
        and not getattr(request, "is_preview", False)
        and page.live_revision_id is not None
        and page.last_published_at is not None
    )


def store(page: Any, parts: dict) -> None:
    """Store ``parts`` drawn for the page's live version in the active
    language; a failure (a read-only replica, a concurrent reader storing
    the same) leaves the page as it is drawn."""
    fragment = apps.get_model("articles", "ArticleFragment")
    source = apps.get_model("articles", "ArticleFragmentSource")
    language = language_key()
    stored = {key: parts[key] for key in ("digest", "body", "byline", "authors")}
    try:
        with transaction.atomic():
            fragment.objects.filter(article_id=page.pk, language=language).delete()
            row = fragment.objects.create(
                article_id=page.pk,
                language=language,
                revision_id=page.live_revision_id,
                published_at=page.last_published_at,
                build=build_key(),
                parts=json.dumps(stored, separators=(",", ":")),
            )
            source.objects.bulk_create(
                source(fragment=row, kind=kind, object_id=pk)
                for kind, pk in parts["sources"]
            )
    except DatabaseError:
        logger.warning("article %s: fragment not stored", page.pk, exc_info=True)


def retire_sources(kind: str, ids: list[int]) -> int:
    """Delete the stored fragments that show any of ``ids`` of ``kind``
    ("image", "author"); return how many."""
    fragment = apps.get_model("articles", "ArticleFragment")
    doomed = fragment.objects.filter(
        sources__kind=kind, sources__object_id__in=ids
    ).values_list("pk", flat=True)
    deleted, by_model = fragment.objects.filter(pk__in=list(doomed)).delete()
    return by_model.get(fragment._meta.label, 0)


def retire_article(article_id: int) -> None:
    """Delete the article's stored fragments (every language)."""
    fragment = apps.get_model("articles", "ArticleFragment")
    fragment.objects.filter(article_id=article_id).delete()
