"""Turn an imported HTML body into an article's StreamField blocks.

Input is what WordPress stores (classic HTML with blank-line paragraphs, or
Gutenberg's block comments around HTML) or any HTML body (ninjs). Output is a
list of plain block dicts for ``articles.blocks.ArticleBodyBlock``: paragraph
(rich text, lists included), heading, quote and image. Images come out as
references (``{"type": "image", "value": {"src", "attachment_id", "caption",
"alt"}}``) for the import service to resolve to stored pictures; galleries as
one such block per picture (``"gallery_ids"`` when the shortcode named them).

Rich text goes through Wagtail's own conversion (HTML -> Draftail's content
state -> stored HTML) with the paragraph features only, which drops scripts,
inline handlers, styles, unknown elements and ``javascript:`` links. Nothing
here touches the database.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, CData, Comment, NavigableString, Tag

from .shortcodes import expand

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
# Removed with everything inside them before any conversion.
DROPPED = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "head",
    "title",
    "meta",
    "link",
}
CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "center",
    "body",
    "html",
    "details",
    "summary",
}
BLOCK_TEXT = {"pre", "address", "dl", "table"}
INLINE = {
    "a",
    "abbr",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "del",
    "ins",
    "span",
    "sup",
    "sub",
    "code",
    "kbd",
    "q",
    "cite",
    "small",
    "big",
    "mark",
    "br",
    "img",
    "time",
    "var",
    "tt",
    "font",
    "dfn",
    "samp",
    "label",
    "bdi",
    "bdo",
    "wbr",
    "strike",
}
_GUTENBERG = re.compile(r"^\s*(/?)wp:([a-z0-9/-]+)")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_SAFE_URL = re.compile(r"^(https?:|mailto:|/|#)", re.I)
_TAG = re.compile(r"<[^>]*>")
_DROPPED_OPENING = re.compile(
    r"<\s*(" + "|".join(sorted(re.escape(name) for name in DROPPED)) + r")\b"
)
# Gutenberg blocks that hold no content of their own (they list posts, show a
# search box, draw a line): dropped, and named in the report.
_DYNAMIC = {
    "archives",
    "calendar",
    "categories",
    "latest-comments",
    "latest-posts",
    "page-list",
    "rss",
    "search",
    "tag-cloud",
    "query",
    "post-template",
    "query-pagination",
    "query-no-results",
    "social-links",
    "loginout",
    "navigation",
    "site-logo",
    "site-title",
    "post-title",
    "post-date",
    "post-content",
    "post-excerpt",
    "comments",
    "more",
    "nextpage",
    "spacer",
    "separator",
}


@dataclass
class Body:
    blocks: list[dict] = field(default_factory=list)
    unknown_shortcodes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Return the body's words, for a lede when an item has no excerpt."""
        words = []
        for block in self.blocks:
            if block["type"] == "paragraph":
                words.append(plain_text(block["value"]))
        return " ".join(w for w in words if w)


def plain_text(markup: str) -> str:
    """Return the text of an HTML fragment, whitespace collapsed."""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    return " ".join(BeautifulSoup(markup, "html.parser").get_text(" ").split())


_converter = None


def sanitise_rich_text(markup: str) -> str:
    """Return ``markup`` as Wagtail stores rich text with the paragraph features.

    Anything those features cannot hold is dropped (text kept): scripts'
    bodies are removed before, links keep only http(s), mailto and local
    addresses.
    """
    plain = _plain_paragraph(markup)
    if plain is not None:
        return plain
    global _converter
    if _converter is None:
        from wagtail.admin.rich_text.converters.contentstate import (
            ContentstateConverter,
        )

        _converter = ContentstateConverter(PARAGRAPH_FEATURES)
    soup = BeautifulSoup(markup, "html.parser")
    _scrub(soup, markup)
    for anchor in soup.find_all("a"):
        href = _attr(anchor, "href").strip()
        anchor.attrs = {"href": href} if href and _SAFE_URL.match(href) else {}
    for tag in soup.find_all(True):
        if tag.name != "a":
            tag.attrs = {}
    cleaned = _converter.to_database_format(_converter.from_database_format(str(soup)))
    # Draftail's block keys mean nothing outside its editor.
    return re.sub(r' data-block-key="[^"]*"', "", cleaned)


# A paragraph of text only (entities as the walk escapes text), which the
# conversion would give back with its HTML whitespace collapsed.
_PLAIN_PARAGRAPH = re.compile(
    r"<p>((?:[^<>&\x00-\x08\x0b\x0e-\x1f\x7f\u2028\u2029]|&amp;|&lt;|&gt;)*)</p>"
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _plain_paragraph(markup: str) -> str | None:
    """Return what ``sanitise_rich_text`` makes of a paragraph holding only
    text, without the conversion's parses (most paragraphs of an archive);
    ``None`` for any other markup."""
    match = _PLAIN_PARAGRAPH.fullmatch(markup)
    if match is None:
        return None
    text = _HTML_SPACE.sub(" ", match.group(1)).strip(" ")
    # Other spaces at either end (no-break, ideographic): the conversion's
    # own rules.
    if not text or text != text.strip():
        return None
    return f"<p>{text}</p>"


def _scrub(soup: BeautifulSoup | Tag, markup: str | None = None) -> None:
    """Remove comments and the ``DROPPED`` elements with their content.

    With the ``markup`` the soup was made from, a walk that cannot find
    anything (no ``<!--``, no dropped tag's name after a ``<``) is skipped:
    most paragraphs of an archive have neither.
    """
    lowered = markup.lower() if markup is not None else None
    if lowered is None or "<!" in lowered:
        for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
            comment.extract()
    if lowered is None or _DROPPED_OPENING.search(lowered):
        for tag in soup.find_all(list(DROPPED)):
            tag.decompose()


def _has_text(markup: str) -> bool:
    """Whether ``plain_text(markup)`` would not be empty, mostly without a parse:
    markup with no comment, CDATA or dropped element is only tags and text."""
    if "<!" in markup or _DROPPED_OPENING.search(markup.lower()):
        return bool(plain_text(markup))
    return bool(html.unescape(_TAG.sub(" ", markup)).split())


def _attr(tag: Tag, name: str) -> str:
    """Return an attribute as one string (``class`` comes as a list)."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _image_ref(img: Tag, caption: str = "") -> dict | None:
    src = _attr(img, "src").strip()
    match = _WP_IMAGE_CLASS.search(_attr(img, "class"))
    attachment_id = match.group(1) if match else _attr(img, "data-id").strip()
    if not src and not attachment_id:
        return None
    return {
        "type": "image",
        "value": {
            "src": src,
            "attachment_id": attachment_id if attachment_id.isdigit() else "",
            "caption": " ".join(caption.split())[:255],
            "alt": " ".join(_attr(img, "alt").split())[:255],
        },
    }


class _Builder:
    def __init__(self, body: Body):
        self.body = body
        self.inline: list[str] = []

    def flush(self) -> None:
        markup = "".join(self.inline)
        self.inline = []
        # Classic WordPress bodies separate paragraphs with blank lines.
        for chunk in re.split(r"\n\s*\n", markup):
            if _has_text(chunk):
                self.paragraph(f"<p>{chunk.strip()}</p>")

    def paragraph(self, markup: str) -> None:
        cleaned = sanitise_rich_text(markup)
        if _has_text(cleaned):
            self.body.blocks.append({"type": "paragraph", "value": cleaned})

    def add_image(self, img: Tag, caption: str = "") -> None:
        ref = _image_ref(img, caption)
        if ref:
            self.body.blocks.append(ref)

    def walk(self, parent: Tag) -> None:
        for node in list(parent.children):
            if isinstance(node, Comment):
                self.gutenberg(str(node))
                continue
            if isinstance(node, NavigableString):
                # Text and CDATA; a doctype or processing instruction is no text.
                if type(node) in (NavigableString, CData):
                    self.inline.append(html.escape(str(node), quote=False))
                continue
            if not isinstance(node, Tag):
                continue
            name = node.name.lower()
            if name in DROPPED:
                continue
            if name in INLINE:
                images = node.find_all("img") if name != "img" else [node]
                if images and not plain_text(node.get_text()):
                    self.flush()
                    for img in images:
                        self.add_image(img)
                else:
                    self.inline.append(str(node))
                continue
            self.flush()
            self.block(node, name)
        self.flush()

    def gutenberg(self, comment: str) -> None:
        match = _GUTENBERG.match(comment)
        if match and not match.group(1):
            name = match.group(2).removeprefix("core/")
            if name in _DYNAMIC and name not in self.body.dropped:
                self.body.dropped.append(name)

    def block(self, node: Tag, name: str) -> None:
        if name == "p":
            images = node.find_all("img")
            if images and not plain_text(node.get_text()):
                for img in images:
                    self.add_image(img)
            else:
                for img in images:
                    img.decompose()
                self.paragraph(str(node))
        elif re.fullmatch(r"h[1-6]", name):
            text = plain_text(node.get_text(" "))
            if text:
                self.body.blocks.append({"type": "heading", "value": text[:255]})
        elif name in ("ul", "ol"):
            self.paragraph(str(node))
        elif name == "blockquote":
            self.quote(node)
        elif name == "figure":
            self.figure(node)
        elif name in ("hr",):
            return
        elif name in BLOCK_TEXT:
            self.text_block(node)
        else:
            # div, section, and anything unknown: what is inside counts.
            self.walk(node)

    def quote(self, node: Tag) -> None:
        cite = node.find("cite")
        attribution = plain_text(cite.get_text(" ")) if cite else ""
        if cite:
            cite.decompose()
        text = "\n\n".join(
            plain_text(p.get_text(" ")) for p in node.find_all("p")
        ) or plain_text(node.get_text(" "))
        if text:
            self.body.blocks.append(
                {"type": "quote", "value": {"quote": text, "attribution": attribution}}
            )

    def figure(self, node: Tag) -> None:
        if "gazette-gallery" in _attr(node, "class").split():
            ids = [i for i in _attr(node, "data-ids").split(",") if i]
            self.body.blocks.append({"type": "gallery", "value": {"ids": ids}})
            return
        caption_tag = node.find("figcaption")
        caption = plain_text(caption_tag.get_text(" ")) if caption_tag else ""
        if caption_tag:
            caption_tag.decompose()
        images = node.find_all("img")
        if images:
            for img in images:
                self.add_image(img, caption if len(images) == 1 else "")
            return
        quote = node.find("blockquote")
        if quote:
            self.quote(quote)
            return
        self.walk(node)

    def text_block(self, node: Tag) -> None:
        if node.name == "table":
            for row in node.find_all("tr"):
                cells = [
                    plain_text(cell.get_text(" "))
                    for cell in row.find_all(["td", "th"])
                ]
                line = " | ".join(c for c in cells if c)
                if line:
                    self.paragraph(f"<p>{_escape(line)}</p>")
            return
        text = node.get_text()
        for chunk in re.split(r"\n\s*\n", text):
            if chunk.strip():
                self.paragraph(f"<p>{_escape(chunk.strip())}</p>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_to_blocks(markup: str) -> Body:
    """Return the blocks of an HTML body, with what could not be kept."""
    body = Body()
    expanded = expand(markup or "")
    body.unknown_shortcodes = expanded.unknown
    soup = BeautifulSoup(expanded.html, "html.parser")
    _Builder(body).walk(soup)
    return body


def lede_from(excerpt: str, body: Body, title: str, limit: int = 300) -> str:
    """Return the standfirst: the excerpt's text, else the body's first words."""
    text = plain_text(excerpt) or body.text() or title
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
