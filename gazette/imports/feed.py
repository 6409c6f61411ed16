"""Read an RSS 2.0 or Atom feed as ninjs items, so that feeds are stored as
wire items are (``wire_services``), with the same rules and reports.

Pure: bytes in, items out. The feed is first read by defusedxml, which
refuses entity declarations (XML bombs) and external entities, then by
feedparser, which knows the many dialects of RSS and Atom and sanitises the
entries' HTML; nothing is ever fetched from here (the command fetches a URL
the operator gave, once).
"""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import ninjs

# A feed is a page of recent items, not an archive.
MAX_BYTES = 20 * 1024 * 1024


class FeedError(Exception):
    """The data cannot be read as a feed at all."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Feed:
    """A feed's own title and address, and its entries as ninjs items."""

    title: str
    link: str
    kind: str  # "rss20", "atom10"...
    items: list[ninjs.NinjsItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    moment = datetime.datetime(*parsed[:6], tzinfo=datetime.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _check_xml(data: bytes) -> None:
    try:
        fromstring(data)
    except DefusedXmlException as error:
        raise FeedError(
            f"refused: {type(error).__name__} (entity declarations and external "
            "references are never read, as they can hide an XML bomb); ask the "
            "feed's publisher for a feed without a DOCTYPE"
        ) from None
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise FeedError(f"not well-formed XML: {error.msg}", line) from None


def read_feed(data: bytes) -> Feed:
    """Return the feed in ``data`` (RSS 2.0, RSS 1.0/0.9x or Atom).

    Raise ``FeedError`` when it is not XML, is refused, or holds no feed. An
    entry without an id (``<guid>``, Atom ``<id>``) or a link, or without a
    title, comes back with its problems, as ninjs items do.
    """
    if len(data) > MAX_BYTES:
        raise FeedError(f"larger than {MAX_BYTES // (1024 * 1024)} MB: not a feed")
    if not data.strip():
        raise FeedError("empty: there is no feed in it")
    _check_xml(data)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.version:
        raise FeedError(
            "neither RSS nor Atom: the root must be <rss>, <rdf:RDF> or <feed>"
        )
    text = data.decode(parsed.get("encoding") or "utf-8", errors="replace")
    is_atom = parsed.version.startswith("atom")
    id_field = "id" if is_atom else "guid"
    feed = Feed(
        title=parsed.feed.get("title", ""),
        link=parsed.feed.get("link", "") or parsed.feed.get("id", ""),
        kind=parsed.version,
    )
    starts = [
        text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r"<(?:\w+:)?(?:entry|item)[\s>]", text)
    ]
    for number, entry in enumerate(parsed.entries):
        line = starts[number] if number < len(starts) else 0
        feed.items.append(_item(entry, number, line, id_field))
    if parsed.bozo and not isinstance(
        parsed.bozo_exception, feedparser.CharacterEncodingOverride
    ):
        feed.notes.append(f"read leniently: {parsed.bozo_exception}")
    return feed


def _item(entry, number: int, line: int, id_field: str) -> ninjs.NinjsItem:
    uri = (entry.get("id") or entry.get("link") or "").strip()
    raw: dict = {"uri": uri, "type": "text"}
    if entry.get("title"):
        raw["headlines"] = [{"role": "main", "value": entry["title"]}]
    content = entry.get("content") or []
    body = next(
        (c.get("value", "") for c in content if "html" in c.get("type", "")),
        content[0].get("value", "") if content else "",
    )
    summary = entry.get("summary", "")
    if body or summary:
        raw["bodies"] = [{"contenttype": "text/html", "value": body or summary}]
    if summary and body:
        raw["descriptions"] = [{"role": "summary", "value": summary}]
    names = [a.get("name", "") for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    if names:
        raw["by"] = ", ".join(names)
    # dict.get: feedparser's own get() warns when it maps one date to another.
    published = _iso(dict.get(entry, "published_parsed"))
    updated = _iso(dict.get(entry, "updated_parsed"))
    # Only an explicit update time (Atom's <updated>) versions an entry: an
    # RSS item edited under the same pubDate is still an update.
    published = published or updated
    if published:
        raw["firstcreated"] = published
    if updated:
        raw["versioncreated"] = updated
    # An entry's enclosure or media:content picture: looked up by its name in
    # --media, never fetched.
    pictures = [
        link
        for link in entry.get("links") or []
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
    ] + [m for m in entry.get("media_content") or [] if m.get("medium") == "image"]
    if pictures:
        href = pictures[0].get("href") or pictures[0].get("url", "")
        raw["associations"] = [
            {
                "name": "mainpic",
                "uri": href,
                "type": "picture",
                "renditions": [{"name": "original", "href": href}],
            }
        ]
    item = ninjs.parse_item(raw, line=line)
    where = f"entry {number + 1}"
    problems = []
    for field_name, message in item.problems:
        if field_name == "uri":
            problems.append(
                (
                    id_field,
                    f"{where}: missing, and no <link> either: every entry needs "
                    f"a <{id_field}> so that the next run updates it instead of "
                    "adding it again (ask the feed's publisher to add one)",
                )
            )
        elif field_name == "headlines":
            problems.append(
                ("title", f"{where}: missing: an article needs a <title>; skipped")
            )
        else:
            problems.append((field_name, message))
    item.problems = problems
    return item
