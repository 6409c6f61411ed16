"""The pictures of ``import wordpress``: each attachment (or upload address) a
post uses, found under ``--media``, read once and stored once; inline
pictures and galleries resolved to image blocks; the pictures of a batch
indexed and recorded together."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gazette.core.models import GazetteImage

from . import wxr
from .bodies import Body
from .media import (
    _open_image,
    index_images,
    insert_images,
    media_file,
    new_image,
    store_image,
)
from .models import ImportedItem
from .reporting import ImportReport
from .wordpress_survey import _Survey

# Pictures looked at that a run remembers (the most recent).
IMAGES_REMEMBERED = 2048


class MediaMixin:
    """The pictures part of ``WordPressImport``."""

    source: str
    report: ImportReport
    survey: _Survey
    media_dir: Path | None
    dry_run: bool
    collection_id: int
    images: OrderedDict[str, GazetteImage | None]
    unindexed: list[tuple[GazetteImage, str, str]]
    stored: set[str]
    _lookup: Callable[[str, str], ImportedItem | None]
    # While a new post is queued, its new pictures wait for its batch and are
    # inserted together (``_insert_images``); any other use of one inserts
    # the waiting ones first.
    deferring: bool = False
    waiting: list[GazetteImage]

    def _image(
        self, attachment_id: str, src: str, item: wxr.WxrItem
    ) -> GazetteImage | None:
        """Return the stored picture of an attachment (or an upload's address)."""
        relative = wxr.upload_path(src) if src else ""
        if not attachment_id and relative:
            attachment_id = self.survey.by_file.get(relative, "")
        key = attachment_id or f"file:{relative or src}"
        if key in self.images:
            self.images.move_to_end(key)
            known = self.images[key]
            if known is not None and known.pk is None and not self.deferring:
                self._insert_images()
            return self.images[key]
        while len(self.images) >= IMAGES_REMEMBERED:
            self.images.popitem(last=False)
        attachment = self.survey.attachments.get(attachment_id)
        kind = "attachment" if attachment else "upload"
        source_id = attachment_id if attachment else (relative or src)
        record = self._lookup(kind, source_id)
        if record and record.object_id:
            image = GazetteImage.objects.filter(pk=record.object_id).first()
            if image is not None:
                self.images[key] = image
                return image
        relative = (attachment.relative if attachment else "") or relative
        found = media_file(self.media_dir, relative)
        label = f"attachment {attachment_id}" if attachment else "image"
        picture = _open_image(found) if found else None
        if found is None or picture is None:
            self.report.problem(
                attachment.line if attachment else item.line,
                item.label,
                "image",
                f"{label} {relative or src or '?'} "
                + (
                    "is not a picture Gazette can read"
                    if found
                    else "not found in --media (copy wp-content/uploads there); "
                    "the item was imported without it"
                ),
            )
            self.report.count("skipped", "image")
            self.images[key] = None
            return None
        if self.dry_run:
            self.report.count("created", "image")
            self.images[key] = None
            return None
        make = new_image if self.deferring else store_image
        image = make(
            found,
            title=(attachment.title if attachment else "") or found.stem,
            alt=attachment.alt if attachment else "",
            caption=attachment.caption if attachment else "",
            credit=attachment.credit if attachment else "",
            picture=picture,
            collection_id=self.collection_id,
            **({} if self.deferring else {"index": False}),
        )
        if self.deferring:
            self.waiting.append(image)
        self.unindexed.append((image, kind, source_id))
        self.stored.add(f"{kind}:{source_id}")
        self.report.count("created", "image")
        self.images[key] = image
        return image

    def _resolve_body(self, body: Body, item: wxr.WxrItem) -> list[dict]:
        blocks: list[dict] = []
        for block in body.blocks:
            if block["type"] == "gallery":
                ids = block["value"]["ids"] or self.survey.by_parent.get(
                    item.post_id, []
                )
                refs = [{"attachment_id": i, "src": "", "caption": ""} for i in ids]
            elif block["type"] == "image":
                refs = [block["value"]]
            else:
                blocks.append(block)
                continue
            for ref in refs:
                image = self._image(ref["attachment_id"], ref["src"], item)
                if image is not None:
                    # A waiting picture's key is filled in with its batch
                    # (``BatchesMixin._with_keys``).
                    value = image.pk if image.pk is not None else image
                    blocks.append(
                        {
                            "type": "image",
                            "value": {"image": value, "caption": ref["caption"]},
                        }
                    )
        return blocks

    def _insert_images(self) -> None:
        """Insert the waiting pictures together (one by one should that fail:
        a picture that cannot be stored is reported and left out)."""
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        try:
            with transaction.atomic():
                insert_images(waiting)
            return
        except Exception:  # noqa: BLE001 - tried one by one below
            for image in waiting:
                image.pk = None
        for image in waiting:
            try:
                with transaction.atomic():
                    insert_images([image])
            except Exception as error:  # noqa: BLE001 - reported, not fatal
                image.pk = None
                self.report.problem(
                    None, f"image {image.title}", "file", f"not stored: {error}"
                )
                self.report.count("failed", "image")

    def _forget_waiting(self, since: int) -> None:
        """Drop the pictures that began waiting after the first ``since`` (their
        post failed before its batch): as if rolled back with it."""
        dropped, self.waiting[since:] = self.waiting[since:], []
        if not dropped:
            return
        gone = {id(image) for image in dropped}
        for key in [k for k, v in self.images.items() if id(v) in gone]:
            del self.images[key]
        self.unindexed = [e for e in self.unindexed if id(e[0]) not in gone]

    def _flush_images(self) -> None:
        """Index and record the pictures stored since the last batch, together."""
        pending, self.unindexed = self.unindexed, []
        with transaction.atomic():
            # A picture whose item failed afterwards was rolled back with it.
            kept = set(
                GazetteImage.objects.filter(
                    pk__in=[image.pk for image, _kind, _id in pending]
                ).values_list("pk", flat=True)
            )
            pending = [entry for entry in pending if entry[0].pk in kept]
            index_images([image for image, _kind, _id in pending])
            now = timezone.now()
            ImportedItem.objects.bulk_create(
                [
                    ImportedItem(
                        source=self.source,
                        kind=kind,
                        source_id=source_id,
                        object_id=image.pk,
                        updated_at=now,
                    )
                    for image, kind, source_id in pending
                ],
                batch_size=500,
                update_conflicts=True,
                unique_fields=["source", "kind", "source_id"],
                update_fields=["object_id", "checksum", "data", "updated_at"],
            )
