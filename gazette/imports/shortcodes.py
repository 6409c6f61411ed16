"""WordPress shortcodes turned into plain HTML the body converter understands.

``expand`` replaces ``[caption]``, ``[gallery]``, ``[embed]``, ``[audio]`` and
``[video]`` with HTML (a figure, a gallery marker, a link) and leaves any other
shortcode as the text it was, listing its name so the import report can say
so. Escaped shortcodes (``[[gallery]]``) stay as their literal text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

KNOWN = ("caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist")

# WordPress's own shortcode grammar (get_shortcode_regex), for any name.
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z_][\w-]*)(?![\w-])"  # [[ escape, name
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # attributes
    r"(?:(/)\]|\](?:([^\[]*(?:\[(?!/\2\])[^\[]*)*)\[/\2\])?)"  # self-closing | content
    r"(\]?)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
_CAPTIONED = re.compile(r"\s*((?:<a [^>]*>\s*)?<img[^>]*>(?:\s*</a>)?)(.*)$", re.S)
_MEDIA_KEYS = ("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv")


@dataclass
class Expanded:
    html: str
    unknown: list[str] = field(default_factory=list)


def parse_attributes(text: str) -> dict[str, str]:
    """Return a shortcode's attributes; positional ones are keyed "0", "1"..."""
    attributes: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text.replace("\u00a0", " ")):
        groups = match.groups()
        for key_index in (0, 2, 4):
            if groups[key_index]:
                attributes[groups[key_index].lower()] = groups[key_index + 1]
                break
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attributes[str(position)] = value
            position += 1
    return attributes


def _caption(attributes: dict[str, str], content: str) -> str:
    # The caption is the text after the image (WordPress 3.4+) or an attribute.
    caption = attributes.get("caption", "")
    image = content
    match = _CAPTIONED.match(content)
    if match:
        image, rest = match.group(1), match.group(2).strip()
        caption = caption or rest
    return (
        f'<figure class="wp-caption">{image}<figcaption>{caption}</figcaption></figure>'
    )


def _gallery(attributes: dict[str, str]) -> str:
    ids = ",".join(
        part.strip()
        for part in attributes.get("ids", attributes.get("include", "")).split(",")
        if part.strip().isdigit()
    )
    return f'<figure class="gazette-gallery" data-ids="{ids}"></figure>'


def _link(url: str) -> str:
    url = html.unescape(url.strip())
    if not re.match(r"https?://", url):
        return ""
    escaped = html.escape(url, quote=True)
    return f'<p><a href="{escaped}">{html.escape(url)}</a></p>'


def expand(text: str) -> Expanded:
    """Return ``text`` with the known shortcodes turned into HTML."""
    unknown: list[str] = []

    def replace(match: re.Match) -> str:
        opening, name, raw_attributes, _self, content, closing = match.groups()
        if opening == "[" and closing == "]":
            return match.group(0)[1:-1]
        name_lower = name.lower()
        attributes = parse_attributes(raw_attributes or "")
        content = content or ""
        if name_lower in ("caption", "wp_caption"):
            return _caption(attributes, expand_inner(content))
        if name_lower == "gallery":
            return _gallery(attributes)
        if name_lower == "embed":
            return _link(content or attributes.get("src", attributes.get("0", "")))
        if name_lower in ("audio", "video", "playlist"):
            url = next((attributes[k] for k in _MEDIA_KEYS if attributes.get(k)), "")
            return _link(url or content)
        if name not in unknown:
            unknown.append(name)
        return match.group(0)

    def expand_inner(inner: str) -> str:
        return _SHORTCODE.sub(replace, inner)

    return Expanded(html=_SHORTCODE.sub(replace, text), unknown=unknown)
