"""Read a WordPress export (WXR 1.0, 1.1, 1.2) as plain records, streamed.

``read_wxr`` yields the site, authors, terms (categories and tags) and items
(posts, pages, attachments, anything else) in file order, one at a time, each
with the line it starts on. An item missing what an import needs comes back
with its ``problems`` (the field, and what to do) instead of failing the file.
Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

from .xmlstream import Node, XmlStreamError, iter_records

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
PREFIXES = {
    "/excerpt/": "excerpt",
    "wordpress.org/export/": "wp",
    "purl.org/rss/1.0/modules/content": "content",
    "purl.org/dc/elements/1.1": "dc",
    "wellformedweb.org/CommentAPI": "wfw",
}
# The WordPress item types an import turns into something.
POST, PAGE, ATTACHMENT = "post", "page", "attachment"


class WxrError(Exception):
    """The file cannot be read as a WordPress export at all."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Problem:
    """Why an item (or the file) could not be taken, and what to do about it."""

    line: int | None
    item: str
    field: str
    message: str


@dataclass
class Site:
    title: str
    link: str
    base_url: str
    version: str


@dataclass
class WxrAuthor:
    login: str
    email: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    bio: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.login


@dataclass
class WxrTerm:
    kind: str  # "category" or "tag"
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: str = ""
    line: int = 0


@dataclass
class WxrComment:
    comment_id: str
    author: str
    email: str
    url: str
    date: datetime.datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    comment_type: str
    parent: str
    user_id: str


@dataclass
class WxrItem:
    post_id: str
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    content: str
    excerpt: str
    creator: str
    date: datetime.datetime | None
    modified: datetime.datetime | None
    parent: str = ""
    password: str = ""
    sticky: bool = False
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)
    attachment_url: str = ""
    line: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def label(self) -> str:
        title = self.title if len(self.title) <= 60 else self.title[:57] + "..."
        return f"{self.post_type} {self.post_id or '?'} “{title}”"

    @property
    def thumbnail_id(self) -> str:
        return self.meta.get("_thumbnail_id", "").strip()


Record = Site | WxrAuthor | WxrTerm | WxrItem


def parse_date(local: str, gmt: str = "", rfc822: str = "") -> datetime.datetime | None:
    """Return the item's moment in UTC: GMT first, else the RFC 822 date, else
    the local date read as UTC (WordPress writes zeros for unset dates)."""
    for value in (gmt,):
        parsed = _wp_date(value)
        if parsed:
            return parsed.replace(tzinfo=datetime.UTC)
    if rfc822.strip():
        try:
            parsed = email.utils.parsedate_to_datetime(rfc822.strip())
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None and parsed.year > 1970:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.UTC)
            return parsed.astimezone(datetime.UTC)
    parsed = _wp_date(local)
    return parsed.replace(tzinfo=datetime.UTC) if parsed else None


def _wp_date(value: str) -> datetime.datetime | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _author(node: Node) -> WxrAuthor:
    return WxrAuthor(
        login=node.findtext("wp:author_login").strip(),
        email=node.findtext("wp:author_email").strip(),
        display_name=node.findtext("wp:author_display_name").strip(),
        first_name=node.findtext("wp:author_first_name").strip(),
        last_name=node.findtext("wp:author_last_name").strip(),
        bio=node.findtext("wp:author_description").strip(),
        line=node.line,
    )


def _term(node: Node) -> WxrTerm:
    if node.name == "wp:category":
        return WxrTerm(
            kind="category",
            slug=node.findtext("wp:category_nicename").strip(),
            name=node.findtext("wp:cat_name").strip(),
            parent=node.findtext("wp:category_parent").strip(),
            description=node.findtext("wp:category_description").strip(),
            term_id=node.findtext("wp:term_id").strip(),
            line=node.line,
        )
    if node.name == "wp:tag":
        return WxrTerm(
            kind="tag",
            slug=node.findtext("wp:tag_slug").strip(),
            name=node.findtext("wp:tag_name").strip(),
            description=node.findtext("wp:tag_description").strip(),
            term_id=node.findtext("wp:term_id").strip(),
            line=node.line,
        )
    taxonomy = node.findtext("wp:term_taxonomy").strip()
    return WxrTerm(
        kind={"category": "category", "post_tag": "tag"}.get(taxonomy, taxonomy),
        slug=node.findtext("wp:term_slug").strip(),
        name=node.findtext("wp:term_name").strip(),
        parent=node.findtext("wp:term_parent").strip(),
        description=node.findtext("wp:term_description").strip(),
        term_id=node.findtext("wp:term_id").strip(),
        line=node.line,
    )


def _comment(node: Node) -> WxrComment:
    return WxrComment(
        comment_id=node.findtext("wp:comment_id").strip(),
        author=node.findtext("wp:comment_author").strip(),
        email=node.findtext("wp:comment_author_email").strip(),
        url=node.findtext("wp:comment_author_url").strip(),
        date=parse_date(
            node.findtext("wp:comment_date"), node.findtext("wp:comment_date_gmt")
        ),
        content=node.findtext("wp:comment_content"),
        approved=node.findtext("wp:comment_approved").strip(),
        comment_type=node.findtext("wp:comment_type").strip() or "comment",
        parent=node.findtext("wp:comment_parent").strip().lstrip("0"),
        user_id=node.findtext("wp:comment_user_id").strip(),
    )


def _item(node: Node) -> WxrItem:
    item = WxrItem(
        post_id=node.findtext("wp:post_id").strip(),
        post_type=node.findtext("wp:post_type").strip(),
        status=node.findtext("wp:status").strip(),
        title=" ".join(node.findtext("title").split()),
        link=node.findtext("link").strip(),
        slug=node.findtext("wp:post_name").strip(),
        content=node.findtext("content:encoded"),
        excerpt=node.findtext("excerpt:encoded"),
        creator=node.findtext("dc:creator").strip(),
        date=parse_date(
            node.findtext("wp:post_date"),
            node.findtext("wp:post_date_gmt"),
            node.findtext("pubDate"),
        ),
        modified=parse_date(
            node.findtext("wp:post_modified"), node.findtext("wp:post_modified_gmt")
        ),
        parent=node.findtext("wp:post_parent").strip().lstrip("0"),
        password=node.findtext("wp:post_password"),
        sticky=node.findtext("wp:is_sticky").strip() == "1",
        attachment_url=node.findtext("wp:attachment_url").strip(),
        line=node.line,
    )
    for child in node.findall("category"):
        domain = child.attrs.get("domain", "category")
        pair = (child.attrs.get("nicename", "").strip(), " ".join(child.text.split()))
        if domain == "category":
            item.categories.append(pair)
        elif domain == "post_tag":
            item.tags.append(pair)
    for meta in node.findall("wp:postmeta"):
        key = meta.findtext("wp:meta_key").strip()
        if key:
            item.meta[key] = meta.findtext("wp:meta_value")
    item.comments = [_comment(child) for child in node.findall("wp:comment")]
    _check(item, node)
    return item


def _check(item: WxrItem, node: Node) -> None:
    """Record what an importable item lacks, naming the field and the fix."""
    if item.post_type not in (POST, PAGE, ATTACHMENT):
        return
    if node.find("wp:post_id") is None or not item.post_id.isdigit():
        item.problems.append(
            Problem(
                item.line,
                item.label,
                "wp:post_id",
                "missing or not a number: every item needs the id WordPress gave "
                "it (export the site again, or add <wp:post_id>)",
            )
        )
    if item.post_type != ATTACHMENT and node.find("title") is None:
        item.problems.append(
            Problem(
                item.line,
                item.label,
                "title",
                "missing: add a <title> element (it may be empty)",
            )
        )
    if item.post_type != ATTACHMENT and not item.status:
        item.problems.append(
            Problem(
                item.line,
                item.label,
                "wp:status",
                "missing: give publish, draft, pending, future or private",
            )
        )
    if item.status in ("publish", "future", "private") and item.date is None:
        item.problems.append(
            Problem(
                item.line,
                item.label,
                "wp:post_date_gmt",
                "missing or not a date: a published item needs its date as "
                "YYYY-MM-DD HH:MM:SS (wp:post_date_gmt, wp:post_date or pubDate)",
            )
        )


# What a reader of the file's authors, terms and attachments alone needs not
# build: the posts' bodies and comments, most of the file.
BODIES = frozenset({"content:encoded", "wp:comment"})


def read_wxr(
    source: Path | str | IO[bytes], *, bodies: bool = True
) -> Iterator[Record]:
    """Yield the site, then its authors, terms and items, in file order.

    With ``bodies=False`` items come without their content and comments
    (``BODIES``, left out while parsing).

    Raise ``WxrError`` for a file that is not a WordPress export, has an
    unknown WXR version or stops being well-formed (after yielding what came
    before the fault).
    """
    site = Site(title="", link="", base_url="", version="")
    announced = False
    try:
        for node in iter_records(
            source,
            depth=3,
            prefixes=PREFIXES,
            skip=frozenset() if bodies else BODIES,
        ):
            name = node.name
            if name == "title":
                site.title = node.text.strip()
            elif name == "link":
                site.link = node.text.strip()
            elif name == "wp:base_blog_url":
                site.base_url = node.text.strip()
            elif name == "wp:wxr_version":
                site.version = node.text.strip()
                if site.version not in SUPPORTED_VERSIONS:
                    raise WxrError(
                        f"WXR version {site.version!r} is not one Gazette reads "
                        f"({', '.join(SUPPORTED_VERSIONS)}): export the site again "
                        "from WordPress's Tools > Export",
                        node.line,
                    )
            elif name in ("wp:author", "wp:category", "wp:tag", "wp:term", "item"):
                if not announced:
                    if not site.version:
                        raise WxrError(
                            "no <wp:wxr_version> before the first entry: this is "
                            "not a WordPress export (Tools > Export writes one)",
                            node.line,
                        )
                    announced = True
                    yield site
                if name == "wp:author":
                    yield _author(node)
                elif name == "item":
                    yield _item(node)
                else:
                    yield _term(node)
    except XmlStreamError as error:
        raise WxrError(str(error), error.line) from None
    if not announced:
        raise WxrError(
            "no <wp:wxr_version> and no items: this is not a WordPress export", None
        )


_UPLOADS = re.compile(r"/wp-content/uploads/(.+)$|^/(\d{4}/\d{2}/.+)$")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


def upload_path(url: str) -> str:
    """Return an upload's path below ``wp-content/uploads`` ("2008/06/a.jpg").

    Resized copies ("a-300x200.jpg") name their original. "" when the address
    is not an upload.
    """
    path = urlparse(url.strip()).path
    match = _UPLOADS.search(path)
    if not match:
        return ""
    relative = match.group(1) or match.group(2)
    return _SIZE_SUFFIX.sub("", relative)


_CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)"')


def attachment_credit(metadata: str) -> str:
    """Return the photographer's credit from ``_wp_attachment_metadata``
    (a PHP-serialised array, read without unserialising it)."""
    match = _CREDIT.search(metadata or "")
    return match.group(1).strip() if match else ""


def legacy_path(url: str) -> str:
    """Return the path (and query) of an old address, for a redirect."""
    parsed = urlparse(url.strip())
    path = parsed.path or "/"
    return f"{path}?{parsed.query}" if parsed.query else path
