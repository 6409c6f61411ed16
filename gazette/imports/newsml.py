"""Read IPTC NewsML-G2 news items (with NITF or XHTML in inlineXML) as ninjs.

``read_newsml`` yields one ``ninjs.NinjsItem`` per news item of a file (a
``newsItem`` on its own, or each item of a ``newsMessage``), so that the ninjs
import stores them: text items become articles, picture items images. A
``packageItem`` only points at other items; it is reported, not stored. The
XML is read as every import reads XML: entities and external references are
refused, nothing is fetched. Nothing here touches the database.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from . import ninjs
from .xmlstream import Node, XmlStreamError, iter_records

PREFIXES = {
    "iptc.org/std/nar/": "nar",
    "iptc.org/std/NITF/": "nitf",
    "www.w3.org/1999/xhtml": "html",
}
ITEM_CLASSES = {
    "ninat:text": "text",
    "ninat:composite": "composite",
    "ninat:picture": "picture",
    "ninat:graphic": "graphic",
    "ninat:video": "video",
    "ninat:audio": "audio",
}
# NITF (and XHTML) elements and the HTML they become; others keep only
# what is inside them.
_HTML = {
    "p": "p",
    "hl1": "h2",
    "hl2": "h2",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "em": "em",
    "i": "i",
    "strong": "strong",
    "b": "b",
    "a": "a",
    "bq": "blockquote",
    "blockquote": "blockquote",
    "credit": "cite",
    "cite": "cite",
    "q": "q",
    "pre": "pre",
    "table": "table",
    "tr": "tr",
    "td": "td",
    "th": "th",
    "br": "br",
    "sup": "sup",
    "sub": "sub",
}
_SKIPPED = {"media", "note", "script", "style", "body.head", "head", "fn", "object"}


class NewsmlError(Exception):
    """The file is not NewsML-G2 that Gazette can read."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _local(node: Node) -> str:
    return node.name.split(":", 1)[-1].split("}")[-1]


def _find(node: Node, *path: str) -> Node | None:
    current: Node | None = node
    for name in path:
        if current is None:
            return None
        current = next((c for c in current.children if _local(c) == name), None)
    return current


def _findall(node: Node, name: str) -> list[Node]:
    return [c for c in node.children if _local(c) == name]


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    parts: list[str] = []

    def walk(current: Node) -> None:
        for part in current.content:
            if isinstance(part, str):
                parts.append(part)
            else:
                walk(part)

    walk(node)
    return " ".join("".join(parts).split())


def to_html(node: Node) -> str:
    """Return the HTML of an NITF or XHTML element's content."""
    out: list[str] = []
    for part in node.content:
        if isinstance(part, str):
            out.append(html.escape(part, quote=False))
            continue
        name = _local(part)
        if name in _SKIPPED:
            continue
        tag = _HTML.get(name)
        inner = to_html(part)
        if tag is None:
            out.append(inner)
        elif tag == "br":
            out.append("<br>")
        elif tag == "a":
            href = html.escape(part.attrs.get("href", ""), quote=True)
            out.append(f'<a href="{href}">{inner}</a>')
        else:
            out.append(f"<{tag}>{inner}</{tag}>")
    return "".join(out)


def _body(item: Node) -> tuple[str, Node | None]:
    """Return the item's body as HTML, and its NITF root when it has one."""
    for inline in _findall(_find(item, "contentSet") or item, "inlineXML"):
        for child in inline.children:
            if _local(child) == "nitf":
                content = _find(child, "body", "body.content")
                return (to_html(content) if content else ""), child
            if _local(child) == "html":
                body = _find(child, "body")
                return (to_html(body) if body else ""), None
            return to_html(child), None
    for inline in _findall(_find(item, "contentSet") or item, "inlineData"):
        text = inline.text
        chunks = [c.strip() for c in text.split("\n\n") if c.strip()]
        return "".join(f"<p>{html.escape(c)}</p>" for c in chunks), None
    return "", None


def parse_news_item(item: Node) -> ninjs.NinjsItem:
    """Return a NewsML-G2 ``newsItem`` as a ninjs item."""
    meta = _find(item, "itemMeta")
    content_meta = _find(item, "contentMeta")
    item_class = _find(meta, "itemClass") if meta else None
    qcode = item_class.attrs.get("qcode", "") if item_class else ""
    status = _find(meta, "pubStatus") if meta else None
    result = ninjs.NinjsItem(
        uri=item.attrs.get("guid", "").strip(),
        type=ITEM_CLASSES.get(qcode, qcode.split(":")[-1]),
        line=item.line,
        pubstatus=(
            status.attrs.get("qcode", "stat:usable") if status else "stat:usable"
        ).split(":")[-1],
        version_family="NewsML-G2",
        version=item.attrs.get("version", "").strip(),
    )
    result.versioncreated = ninjs._date(
        _text(_find(meta, "versionCreated")) if meta else ""
    )
    result.firstcreated = ninjs._date(
        (_text(_find(meta, "firstCreated")) if meta else "")
        or (_text(_find(content_meta, "contentCreated")) if content_meta else "")
    )
    result.embargoed = ninjs._date(_text(_find(meta, "embargoed")) if meta else "")
    body, nitf = _body(item)
    result.body_html = body
    headline = _text(_find(content_meta, "headline")) if content_meta else ""
    if not headline and nitf is not None:
        headline = _text(_find(nitf, "body", "body.head", "hedline", "hl1"))
    if not headline and meta is not None:
        headline = _text(_find(meta, "title"))
    result.headline = headline
    lede = ""
    if content_meta is not None:
        for description in _findall(content_meta, "description"):
            if description.attrs.get("role", "drol:summary") == "drol:summary":
                lede = _text(description)
                break
    if not lede and nitf is not None:
        lede = _text(_find(nitf, "body", "body.head", "abstract"))
    result.lede = lede
    if content_meta is not None:
        names = [_text(_find(c, "name")) for c in _findall(content_meta, "creator")]
        result.authors = [(name, "") for name in names if name]
        language = _find(content_meta, "language")
        result.language = language.attrs.get("tag", "") if language else ""
    if not result.authors and nitf is not None:
        byline = _find(nitf, "body", "body.head", "byline")
        if byline is not None:
            text = "".join(p for p in byline.content if isinstance(p, str))
            by = " ".join(text.split()).strip(" ,")
            result.by = by
            parsed = ninjs.parse_item({"uri": "-", "by": by})
            result.authors = parsed.authors
    holder = _find(item, "rightsInfo", "copyrightHolder")
    result.copyright = _text(_find(holder, "name")) if holder else ""
    renditions = []
    for remote in _findall(_find(item, "contentSet") or item, "remoteContent"):
        width, height = remote.attrs.get("width", ""), remote.attrs.get("height", "")
        renditions.append(
            ninjs.Rendition(
                name={"rnd:highRes": "original"}.get(
                    remote.attrs.get("rendition", ""), remote.attrs.get("rendition", "")
                ),
                href=remote.attrs.get("href", ""),
                contenttype=remote.attrs.get("contenttype", ""),
                width=int(width) if width.isdigit() else None,
                height=int(height) if height.isdigit() else None,
            )
        )
    result.renditions = renditions
    if not result.uri:
        result.problems.append(
            ("guid", "missing: a news item needs its guid attribute")
        )
    if result.is_text and not result.headline:
        result.problems.append(
            ("headline", "missing: give contentMeta/headline or the NITF hedline/hl1")
        )
    return result


def read_newsml(path: Path) -> Iterator[ninjs.NinjsItem]:
    """Yield the news items of a NewsML-G2 file as ninjs items.

    A package is yielded as an item of type ``package`` (reported, not
    stored). Raise ``NewsmlError`` for a file that is not NewsML-G2 or stops
    being well-formed.
    """
    try:
        roots = list(iter_records(path, depth=1, prefixes=PREFIXES))
    except XmlStreamError as error:
        raise NewsmlError(str(error), error.line) from None
    for root in roots:
        name = _local(root)
        if name == "newsItem":
            yield parse_news_item(root)
        elif name == "newsMessage":
            item_set = _find(root, "itemSet")
            for child in item_set.children if item_set else []:
                if _local(child) == "newsItem":
                    yield parse_news_item(child)
                else:
                    yield _package(child)
        elif name == "packageItem":
            yield _package(root)
        else:
            raise NewsmlError(
                f"<{name}> is not a NewsML-G2 newsItem, packageItem or newsMessage",
                root.line,
            )


def _package(node: Node) -> ninjs.NinjsItem:
    return ninjs.NinjsItem(
        uri=node.attrs.get("guid", ""),
        type="package",
        headline=_text(_find(node, "contentMeta", "headline")),
        line=node.line,
    )
