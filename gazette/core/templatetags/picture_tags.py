"""Responsive pictures: ``{% responsive_image image "teaser" eager=False %}``.

One tag writes every picture readers see, on top of Wagtail's own ``Picture``
(the machinery of ``{% picture %}``): AVIF and WebP sources with a JPEG
fallback, ``srcset`` by width, ``sizes`` for the layout that shows it,
``width``/``height`` so the page does not move as pictures arrive, and lazy
loading unless the picture is the first thing on the screen (``eager=True``,
which also asks for it first with ``fetchpriority="high"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()

# Source order matters: browsers take the first type they support.
FORMATS = (
    ("avif", "avifquality-55"),
    ("webp", "webpquality-75"),
    ("jpeg", "jpegquality-80"),
)


@dataclass(frozen=True)
class Preset:
    """How one kind of picture is cut and which widths are made of it."""

    widths: tuple[int, ...]
    sizes: str
    ratio: tuple[int, int] | None = None  # None: the picture's own shape

    def specs(self) -> list[str]:
        """Return the Wagtail filter specs, every width in every format."""
        specs = []
        for fmt, quality in FORMATS:
            for width in self.widths:
                if self.ratio:
                    w, h = self.ratio
                    resize = f"fill-{width}x{round(width * h / w)}"
                else:
                    resize = f"width-{width}"
                specs.append(f"{resize}|format-{fmt}|{quality}")
        return specs


# ``sizes`` follow the layouts in docs/design.md and docs/fronts.md.
PRESETS = {
    "lead": Preset(
        # 800: a phone of 390-412 px at DPR 1.75-2 takes it instead of 960.
        (400, 640, 800, 960, 1280),
        "(min-width: 80rem) 48rem, (min-width: 64rem) 62vw, 100vw",
        (16, 9),
    ),
    "teaser": Preset(
        (320, 480, 640),
        "(min-width: 80rem) 22rem, (min-width: 64rem) 28vw, "
        "(min-width: 48rem) 45vw, 100vw",
        (3, 2),
    ),
    "side": Preset((160, 320), "(min-width: 48rem) 10rem, 7rem", (4, 3)),
    "article": Preset(
        (640, 800, 960, 1280, 1600), "(min-width: 52rem) 48rem, 100vw", None
    ),
    "related": Preset((160, 320), "6rem", (3, 2)),
}


def _dedupe(renditions: dict[str, Any]) -> dict[str, Any]:
    """Drop renditions of the same format and width (small originals are not
    enlarged, so several widths can come out the same)."""
    seen: set[tuple[str, int]] = set()
    kept = {}
    for spec, rendition in renditions.items():
        key = (spec.split("|format-")[1].split("|")[0], rendition.width)
        if key not in seen:
            seen.add(key)
            kept[spec] = rendition
    return kept


# What a picture's markup was, by everything it depends on: working out 15
# renditions (3 formats x 5 widths) costs a few milliseconds a picture even
# when they exist, and a page shows a dozen. A changed file, focal point or
# alt text is a new key; the renditions of a key never change meanwhile.
_MARKUP: dict[tuple, str] = {}
_MARKUP_LIMIT = 4096


def _markup_key(image: Any, preset: str, eager: bool, css_class: str) -> tuple:
    return (
        image.pk,
        image.file.name,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        image.alt_text,
        preset,
        bool(eager),
        css_class,
    )


@register.simple_tag
def responsive_image(
    image: Any, preset: str, eager: bool = False, css_class: str = ""
) -> SafeString:
    """Return a ``<picture>`` of ``image`` cut as ``preset`` ("" if no image)."""
    if not image:
        return mark_safe("")
    try:
        cut = PRESETS[preset]
    except KeyError:
        raise template.TemplateSyntaxError(
            f"responsive_image: unknown preset {preset!r}; one of {', '.join(PRESETS)}"
        ) from None
    key = _markup_key(image, preset, eager, css_class)
    cached = _MARKUP.get(key)
    if cached is not None:
        return mark_safe(cached)  # noqa: S308 - made below, escaped by Wagtail
    renditions = _dedupe(get_renditions_or_not_found(image, cut.specs()))
    attrs: dict[str, Any] = {
        "alt": image.alt_text,
        "sizes": cut.sizes,
        "decoding": "async",
    }
    if eager:
        attrs["fetchpriority"] = "high"
    else:
        attrs["loading"] = "lazy"
    if css_class:
        attrs["class"] = css_class
    markup = Picture(renditions, attrs).__html__()
    # A missing source file gives placeholder renditions: not kept, so the
    # picture appears once the file is back.
    if image.pk and all(r.file.name != "not-found" for r in renditions.values()):
        if len(_MARKUP) >= _MARKUP_LIMIT:
            _MARKUP.clear()
        _MARKUP[key] = markup
    return mark_safe(markup)  # noqa: S308 - Wagtail escapes the attributes
