"""New published posts of ``import wordpress`` in batches: read and resolved
one by one (pictures, author, section), then stored ``BATCH`` at a time in one
transaction (``articles.services.create_articles``) with their records,
comments, redirects and password restrictions; a batch that fails is stored
again post by post, so that the bad one is named."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage
from gazette.search.bulk import flush_if_due

from . import wxr
from .bodies import Body, lede_from
from .models import ImportedItem
from .records import _title, add_redirects
from .reporting import ImportReport, Progress

logger = logging.getLogger(__name__)


@dataclass
class _Queued:
    """A new post read and resolved, waiting for its batch to be stored."""

    item: wxr.WxrItem
    section: SectionPage
    article: articles.NewArticle
    digest: str
    data: dict


class BatchesMixin:
    """The batches part of ``WordPressImport``."""

    source: str
    report: ImportReport
    progress: Progress
    queued: list[_Queued]
    unindexed: list[tuple[GazetteImage, str, str]]
    stored: set[str]
    to_publish: list[tuple[datetime.datetime, int, str, dict]]
    _author_for: Callable[[str], Author | None]
    _section_for: Callable[[wxr.WxrItem], SectionPage]
    _resolve_body: Callable[[Body, wxr.WxrItem], list[dict]]
    _image: Callable[[str, str, wxr.WxrItem], GazetteImage | None]
    _flush_images: Callable[[], None]
    _insert_images: Callable[[], None]
    _forget_waiting: Callable[[int], None]
    deferring: bool
    waiting: list[GazetteImage]
    _guard: Callable[..., Any]
    _store_item: Callable[..., None]
    _batch_comments: Callable[[list[tuple[wxr.WxrItem, ArticlePage]]], None]
    _item_redirect_entries: Callable[
        [wxr.WxrItem, Page], list[tuple[str, Page | None, str]]
    ]

    def _batchable(self, item: wxr.WxrItem) -> bool:
        """Whether ``item`` is a new post that goes live at once (most of an
        archive): those are stored in batches, already published."""
        if item.post_type != wxr.POST or item.status not in ("publish", "future"):
            return False
        return item.date is None or item.date <= timezone.now()

    def _queue(self, item: wxr.WxrItem, body: Body, digest: str, data: dict) -> None:
        """Resolve a new post (pictures, author, section) and queue it.

        Its new pictures wait for its batch (``MediaMixin._insert_images``);
        should the post fail first, they are forgotten with it."""
        since = len(self.waiting)
        self.deferring = True
        try:
            self._resolve_and_queue(item, body, digest, data)
        except BaseException:
            self._forget_waiting(since)
            raise
        finally:
            self.deferring = False

    def _resolve_and_queue(
        self, item: wxr.WxrItem, body: Body, digest: str, data: dict
    ) -> None:
        when = item.date or timezone.now()
        modified = item.modified if item.modified and item.modified > when else None
        author = self._author_for(item.creator)
        new = articles.NewArticle(
            title=_title(item.title, f"Untitled {item.post_id}"),
            lede=lede_from(item.excerpt, body, item.title),
            body=self._resolve_body(body, item),
            slug=item.slug or item.title or item.post_id,
            authors=[author] if author else [],
            image=self._image(item.thumbnail_id, "", item)
            if item.thumbnail_id
            else None,
            published_at=when,
            updated_at=modified,
        )
        self.queued.append(_Queued(item, self._section_for(item), new, digest, data))

    def _flush(self) -> None:
        """Store the queued posts together, one transaction for the batch.

        Should the batch fail, each post is stored on its own instead (the
        one-item path), so that a bad one is reported and the rest go in.
        """
        # Between batches, outside their transactions: Wagtail's search
        # index of the last batches, once enough wait (``search.bulk``).
        flush_if_due()
        queued, self.queued = self.queued, []
        self._insert_images()
        if self.unindexed:
            self._flush_images()
        for entry in queued:
            _with_keys(entry.article)
        if not queued:
            return
        try:
            with transaction.atomic():
                stored = self._store_batch(queued)
        except Exception:  # noqa: BLE001 - the items are tried one by one below
            logger.warning(
                "a batch of %d posts could not be stored together; storing "
                "them one by one",
                len(queued),
                exc_info=True,
            )
            for entry in queued:
                item = entry.item
                self._guard(
                    item.post_type,
                    item.post_id,
                    item.line,
                    self._store_item,
                    item,
                    False,
                )
            return
        for entry, page in stored:
            self.report.count("created", entry.item.post_type)
            self.to_publish.append(
                (
                    entry.article.published_at or timezone.now(),
                    page.pk,
                    entry.item.post_type,
                    {"batched": True},
                )
            )
        self.progress(f"stored: {len(stored)} posts in a batch")

    def _store_batch(self, queued: list[_Queued]) -> list[tuple[_Queued, ArticlePage]]:
        by_section: dict[int, list[_Queued]] = {}
        for entry in queued:
            by_section.setdefault(entry.section.pk, []).append(entry)
        stored: list[tuple[_Queued, ArticlePage]] = []
        for entries in by_section.values():
            pages = articles.create_articles(
                entries[0].section, [entry.article for entry in entries]
            )
            stored.extend(zip(entries, pages, strict=True))
        ImportedItem.objects.bulk_create(
            ImportedItem(
                source=self.source,
                kind=entry.item.post_type,
                source_id=entry.item.post_id,
                object_id=page.pk,
                checksum=entry.digest,
                data=entry.data,
            )
            for entry, page in stored
        )
        self.stored.update(
            f"{entry.item.post_type}:{entry.item.post_id}" for entry, _page in stored
        )
        self._batch_comments([(entry.item, page) for entry, page in stored])
        redirects: list[tuple[str, Page | None, str]] = []
        for entry, page in stored:
            redirects.extend(self._item_redirect_entries(entry.item, page))
            if entry.item.password:
                PageViewRestriction.objects.create(
                    page=page,
                    restriction_type=PageViewRestriction.PASSWORD,
                    password=entry.item.password[:255],
                )
        add_redirects(redirects)
        return stored


def _with_keys(article: articles.NewArticle) -> None:
    """Put the keys of ``article``'s pictures, inserted with its batch, in its
    body; leave out those that could not be stored."""
    if isinstance(article.image, GazetteImage) and article.image.pk is None:
        article.image = None
    body = []
    for block in article.body:
        value = block["value"]
        if block["type"] == "image" and isinstance(value["image"], GazetteImage):
            if value["image"].pk is None:
                continue
            block = {**block, "value": {**value, "image": value["image"].pk}}
        body.append(block)
    article.body = body
