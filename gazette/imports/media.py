"""Pictures an import brings in: found only under a directory the operator
gives (never fetched), checked by Pillow, stored as ``GazetteImage``."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.core.files.images import ImageFile

from gazette.core.models import GazetteImage

from .records import _title


@dataclass(frozen=True)
class Picture:
    """A picture file read once: its bytes, size and SHA-1 (Wagtail's hash)."""

    data: bytes
    width: int
    height: int
    digest: str


def _open_image(path: Path) -> Picture | None:
    """Read the picture at ``path`` once and check it with Pillow; ``None`` when
    it is not a picture Pillow can read. Storing it then reads nothing again."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            picture.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return None
    return Picture(data, width, height, hashlib.sha1(data).hexdigest())


def store_image(
    path: Path,
    *,
    title: str,
    alt: str = "",
    caption: str = "",
    credit: str = "",
    picture: Picture | None = None,
    index: bool = True,
    collection_id: int | None = None,
) -> GazetteImage:
    """Store the picture at ``path`` with its words.

    ``picture``, from ``_open_image``, saves reading and measuring the file
    again; its hash is stored too (Wagtail's duplicate check reads it).
    Renditions are made later, when a page first asks for one. With
    ``index`` false the row is inserted without ``save()``'s signals: the
    caller hands the pictures to ``index_images`` (Wagtail's search and
    reference index, in bulk) before its import ends. ``collection_id``
    (the root collection's, else) saves a query per picture.
    """
    image = new_image(
        path,
        title=title,
        alt=alt,
        caption=caption,
        credit=credit,
        picture=picture,
        collection_id=collection_id,
    )
    if index:
        image.save()
    else:
        insert_images([image])
    return image


def new_image(
    path: Path,
    *,
    title: str,
    alt: str = "",
    caption: str = "",
    credit: str = "",
    picture: Picture | None = None,
    collection_id: int | None = None,
) -> GazetteImage:
    """Return the picture at ``path`` with its words, not stored yet
    (``store_image``, or ``insert_images`` for many)."""
    picture = picture or _open_image(path)
    if picture is None:
        raise ValueError(f"{path.name}: not a picture Gazette can read")
    extra = {"collection_id": collection_id} if collection_id else {}
    image = GazetteImage(
        **extra,
        title=_title(title, path.name),
        description=alt[:255],
        caption=caption[:255],
        credit=credit[:255],
        file_size=len(picture.data),
        file_hash=picture.digest,
    )
    file = ImageFile(io.BytesIO(picture.data), name=path.name)
    # Measured already: Django's ImageFile keeps its size here, so assigning
    # the file does not decode it again.
    file._dimensions_cache = (picture.width, picture.height)  # type: ignore[attr-defined]
    image.file = file
    return image


def insert_images(images: Sequence[GazetteImage]) -> None:
    """Insert ``new_image``'s pictures in one query, without ``save()``'s
    signals (hand them to ``index_images``).

    Each file is committed to storage first, as ``save()`` would
    (``FileField.pre_save``: the same name, the same storage call), and the
    stored name set without Django's image descriptor, which would open the
    stored file again to measure it (its width and height are known); the
    insert sets each picture's key.
    """
    images = list(images)
    field = GazetteImage._meta.get_field("file")
    for image in images:
        file = image.file
        if file and not file._committed:
            name = field.generate_filename(image, file.name)
            stored = field.storage.save(name, file.file, max_length=field.max_length)
            image.__dict__[field.attname] = stored
    GazetteImage.objects.bulk_create(images, batch_size=500)


def index_images(images: Sequence[GazetteImage]) -> None:
    """Do for ``images`` just inserted (``index=False``, ``insert_images``)
    what saving each would have done: Wagtail's search index and its
    reference index (one bulk write each), and retire cached pages."""
    from gazette.articles.services import add_to_search_index, index_new_references
    from gazette.core.services import retire_cached_pages

    if not images:
        return
    images = list(images)
    # A picture just inserted has no tags: known without a query (a prefetch
    # built a queryset per picture to say so), as the search fields read them.
    no_tags = GazetteImage._meta.get_field("tags").related_model.objects.none()
    for image in images:
        cache = getattr(image, "_prefetched_objects_cache", {})
        image._prefetched_objects_cache = {**cache, "tags": no_tags}
    add_to_search_index(GazetteImage, images)
    index_new_references(images)
    retire_cached_pages()


def media_file(media_dir: Path | None, relative: str) -> Path | None:
    """Return the file ``relative`` inside ``media_dir``, never outside it."""
    if media_dir is None or not relative:
        return None
    root = media_dir.resolve()
    candidate = (root / unquote(relative)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
