"""Pictures an import brings in: found only under a directory the operator
gives (never fetched), checked by Pillow, stored as ``GazetteImage``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from django.core.files.images import ImageFile

from gazette.core.models import GazetteImage

from .records import _title


def _open_image(path: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            picture.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return False
    return True


def store_image(
    path: Path, *, title: str, alt: str = "", caption: str = "", credit: str = ""
) -> GazetteImage:
    """Store the picture at ``path`` with its words."""
    image = GazetteImage(
        title=_title(title, path.name),
        description=alt[:255],
        caption=caption[:255],
        credit=credit[:255],
    )
    with path.open("rb") as handle:
        image.file = ImageFile(handle, name=path.name)
        image.save()
    return image


def media_file(media_dir: Path | None, relative: str) -> Path | None:
    """Return the file ``relative`` inside ``media_dir``, never outside it."""
    if media_dir is None or not relative:
        return None
    root = media_dir.resolve()
    candidate = (root / unquote(relative)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
