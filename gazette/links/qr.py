"""QR codes as inline SVG, drawn by segno."""

import functools

import segno


# A code is drawn for every article page rendered without the page cache, and
# costs milliseconds; the same short URL always gives the same picture.
@functools.lru_cache(maxsize=2048)
def qr_svg(data: str, *, title: str = "") -> str:
    """Return an inline ``<svg>`` QR code for ``data`` (no XML declaration).

    Medium error correction survives a smudged print-out; the SVG scales with
    CSS; black on white, as scanners expect.
    """
    qr = segno.make(data, error="m", micro=False)
    return qr.svg_inline(
        scale=4,
        border=2,
        title=title or None,
        svgclass="short-url__qr",
        lineclass=None,
    )
