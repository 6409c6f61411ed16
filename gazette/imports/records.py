"""The records that make a second run an update, and the small writes every
importer shares: unique slugs, titles cut to size, permanent redirects."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from .models import ImportedItem

TITLE_LIMIT = 255


def _record(source: str, kind: str, source_id: str) -> ImportedItem | None:
    return ImportedItem.objects.filter(
        source=source, kind=kind, source_id=source_id
    ).first()


def _remember(
    source: str,
    kind: str,
    source_id: str,
    object_id: int | None,
    digest: str = "",
    data: dict | None = None,
) -> ImportedItem:
    record, _ = ImportedItem.objects.update_or_create(
        source=source,
        kind=kind,
        source_id=source_id,
        defaults={
            "object_id": object_id,
            "checksum": digest,
            "data": data or {},
            "updated_at": timezone.now(),
        },
    )
    return record


def _unique_slug(parent: Page, wanted: str, own_pk: int | None = None) -> str:
    base = (slugify(unquote(wanted), allow_unicode=True) or "item")[:200]
    slug, n = base, 1
    siblings = Page.objects.child_of(parent)
    if own_pk:
        siblings = siblings.exclude(pk=own_pk)
    while siblings.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _title(text: str, fallback: str) -> str:
    text = " ".join((text or "").split()) or fallback
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def add_redirect(old: str, *, page: Page | None = None, link: str = "") -> bool:
    """Make ``old`` (a path, maybe with a query) answer a permanent redirect."""
    return add_redirects([(old, page, link)]) == 1


def add_redirects(entries: Iterable[tuple[str, Page | None, str]]) -> int:
    """Make each ``(old, page, link)`` answer a permanent redirect, in bulk.

    One query reads the redirects already there, one updates those that
    changed and one creates the rest; return how many addresses were taken
    (the site's root and over-long paths are not).
    """
    wanted: dict[str, tuple[Page | None, str]] = {}
    for old, page, link in entries:
        path = Redirect.normalise_path(old)
        if path in ("", "/") or len(path) > 255:
            continue
        wanted[path] = (page, "" if page else link)
    if not wanted:
        return 0
    existing = {
        r.old_path: r
        for r in Redirect.objects.filter(site=None, old_path__in=list(wanted))
    }
    changed, fresh = [], []
    for path, (page, link) in wanted.items():
        redirect = existing.get(path)
        page_id = page.pk if page else None
        if redirect is None:
            fresh.append(
                Redirect(
                    old_path=path,
                    site=None,
                    redirect_page_id=page_id,
                    redirect_link=link,
                    is_permanent=True,
                )
            )
        elif (redirect.redirect_page_id, redirect.redirect_link) != (page_id, link) or (
            not redirect.is_permanent
        ):
            redirect.redirect_page_id = page_id
            redirect.redirect_link = link
            redirect.is_permanent = True
            changed.append(redirect)
    if changed:
        Redirect.objects.bulk_update(
            changed, ["redirect_page", "redirect_link", "is_permanent"]
        )
    if fresh:
        Redirect.objects.bulk_create(fresh, batch_size=500)
    return len(wanted)
