"""Serve an article's MP3 with HTTP range requests, so that players can seek."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import ArticleAudio
from .ranges import Unsatisfiable, parse_range

CHUNK = 64 * 1024
# Files change name when they change; the URL carries ?v=<hash> for that, so
# browsers may keep a copy a day.
MAX_AGE = 24 * 60 * 60


def _read(file: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


@require_safe
def article_mp3(request, article_id: int):
    """Answer ``GET /audio/<article id>.mp3``: 200, 206 for a range, 416 past the end.

    With ``GAZETTE_AUDIO_ACCEL_REDIRECT`` nginx sends the bytes from /media/
    (X-Accel-Redirect), ranges included; otherwise Django streams them.
    """
    audio = (
        ArticleAudio.objects.ready()
        .select_related("article")
        .filter(article_id=article_id)
        .first()
    )
    if audio is None or not audio.file:
        raise Http404(_("This article has no audio."))
    restrictions = list(audio.article.get_view_restrictions())
    if any(not r.accept_request(request) for r in restrictions):
        raise Http404(_("This article has no audio."))

    etag = f'"{audio.version}-{audio.size}"'
    last_modified = audio.generated_at.timestamp() if audio.generated_at else None
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if not_modified is not None:
        return not_modified

    if settings.GAZETTE_AUDIO_ACCEL_REDIRECT:
        handed_over = HttpResponse(content_type="audio/mpeg")
        handed_over["X-Accel-Redirect"] = settings.MEDIA_URL + audio.file.name
        return _finish(handed_over, etag, audio, private=bool(restrictions))

    try:
        size = default_storage.size(audio.file.name)
    except OSError:
        raise Http404(_("This article's audio file is missing.")) from None

    # If-Range: a range only of the very copy the client already holds.
    if_range = request.headers.get("If-Range")
    range_header = request.headers.get("Range")
    if if_range and if_range != etag:
        range_header = None
    try:
        byte_range = parse_range(range_header, size)
    except Unsatisfiable as error:
        refused = HttpResponse(status=416, content_type="text/plain")
        refused["Content-Range"] = error.content_range
        refused["Accept-Ranges"] = "bytes"
        return refused

    start, length = (byte_range.start, byte_range.length) if byte_range else (0, size)
    response: HttpResponse | StreamingHttpResponse
    if request.method == "HEAD":
        response = HttpResponse(content_type="audio/mpeg")
    else:
        file = default_storage.open(audio.file.name, "rb")
        response = StreamingHttpResponse(
            _read(file, start, length), content_type="audio/mpeg"
        )
    if byte_range:
        response.status_code = 206
        response["Content-Range"] = byte_range.content_range
    response["Content-Length"] = str(length)
    # MP3 is compressed already, and gzip would break Content-Range (it counts
    # the bytes of the file, not of a compressed stream). GZipMiddleware reads
    # the request's Accept-Encoding when the response passes through it.
    request.META["HTTP_ACCEPT_ENCODING"] = "identity"
    return _finish(response, etag, audio, private=bool(restrictions))


def _finish(response, etag: str, audio: ArticleAudio, *, private: bool):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    if audio.generated_at:
        response["Last-Modified"] = http_date(audio.generated_at.timestamp())
    response["Content-Disposition"] = (
        f'inline; filename="article-{audio.article_id}.mp3"'
    )
    if private:
        # Behind a password or a login: no shared cache may keep it.
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


COVER_SIZE = 1400  # Apple's minimum for podcast artwork.


# The site's own Arabic face (docs/editions.md): Pillow's default face has
# no Arabic letters, and would draw an Arabic masthead as empty boxes.
ARABIC_FONT = "gazette/fonts/noto-sans-arabic-arabic-wght-normal.woff2"


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in text)


def _cover_font(text: str, size: int):
    """Return a face that has ``text``'s letters, and whether it runs right to left."""
    from django.contrib.staticfiles import finders
    from PIL import ImageFont, features

    if _is_arabic(text) and features.check("raqm"):
        path = finders.find(ARABIC_FONT)
        if path:
            # Raqm shapes the joined letters and orders them right to left.
            font = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
            return font, True
    return ImageFont.load_default(size=size), False


def _draw_line(draw, y: int, text: str, size: int, fill) -> None:
    font, rtl = _cover_font(text, size)
    if rtl:
        # From the right margin, as an Arabic reader expects.
        draw.text(
            (COVER_SIZE - 110, y),
            text,
            font=font,
            fill=fill,
            anchor="ra",
            direction="rtl",
        )
    else:
        draw.text((110, y), text, font=font, fill=fill)


def _draw_cover(name: str) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (COVER_SIZE, COVER_SIZE), (24, 32, 48))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 1040, COVER_SIZE, 1100), fill=(196, 30, 58))
    words = name.split() or ["Gazette"]
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) > 12:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    y = 880 - 170 * len(lines)
    for text in lines[:4]:
        _draw_line(draw, y, text, 150, (255, 255, 255))
        y += 170
    # Translators: printed under the newsroom's name on the podcast artwork.
    _draw_line(draw, 1160, _("Listen to the news"), 80, (210, 214, 222))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@require_safe
def podcast_cover(request):
    """Answer the podcast artwork: the newsroom's name on a 1400 px square."""
    from django.core.cache import cache

    from gazette.core import masthead

    # The edition's masthead: each edition's podcast has its own artwork.
    name = masthead.for_request(request).name
    # The artwork carries words in the active language.
    # Hashed: a name has spaces and any script, which cache keys may not.
    digest = hashlib.blake2b(name.encode(), digest_size=12).hexdigest()
    key = f"gazette:audio:cover:{get_language()}:{digest}"
    png = cache.get(key)
    if png is None:
        png = _draw_cover(name)
        cache.set(key, png, MAX_AGE)
    response = HttpResponse(png, content_type="image/png")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
