"""The image upload form of the admin: a picture is accepted only if it decodes.

Wagtail's own checks read an upload's header (format, size, pixel count), so a
truncated PNG or a file that only starts like a JPEG passes them and fails
later, when a page asks for its renditions. This form, Wagtail's base image
form (``WAGTAILIMAGES_IMAGE_FORM_BASE``) for every upload (the single and
multiple upload views, the chooser's), has a file field that decodes the whole
picture once with Pillow, as rendition generation will, and turns a failure
into a form error.
"""

from __future__ import annotations

from typing import IO

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Formats Pillow does not rasterise: Wagtail renders them another way.
UNDECODED_FORMATS = {"svg"}


def decode_error(file: IO[bytes]) -> Exception | None:
    """Return why Pillow cannot decode the picture in ``file``, or None if it can.

    The file is read to its end and rewound, as Django's upload handling expects.
    """
    file.seek(0)
    try:
        with Image.open(file) as picture:
            picture.load()
    except Exception as exc:  # noqa: BLE001 - decoders raise OSError, SyntaxError, ValueError...
        return exc
    finally:
        file.seek(0)
    return None


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, refusing a picture that cannot be decoded whole.

    Wagtail's own checks may themselves fail on a broken file (its pixel count
    reads the picture with Pillow): any such failure is a form error too.
    """

    default_error_messages = {
        "undecodable": _(
            "This picture is damaged or is not really a %(format)s file (it may "
            "have been cut off while uploading): export it again and upload the "
            "new file."
        ),
    }

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except forms.ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever the decoder raised
            raise self._undecodable(data) from exc
        if file is None:
            return None
        # Wagtail's field has opened it with Willow, which named the format.
        image_format = getattr(getattr(file, "image", None), "format_name", "") or ""
        if image_format not in UNDECODED_FORMATS and decode_error(file) is not None:
            raise self._undecodable(data, image_format)
        return file

    def _undecodable(self, data, image_format: str = "") -> forms.ValidationError:
        if not image_format:
            name = getattr(data, "name", "") or ""
            image_format = name.rpartition(".")[2] if "." in name else ""
        return forms.ValidationError(
            self.error_messages["undecodable"],
            code="undecodable",
            params={"format": image_format.upper() or _("picture")},
        )


class GazetteImageForm(BaseImageForm):
    """Wagtail's image form, with an upload field that decodes the picture whole."""

    # Declared, as Wagtail's form factory builds its own field for "file".
    file = DecodedImageField(label=_("File"), widget=BaseImageForm.Meta.widgets["file"])
