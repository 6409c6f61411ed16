"""Read and write IPTC ninjs (news in JSON), versions 1.x, 2.x and 3.x.

``read_items`` turns a file (one item, a list of items, or JSON lines) into
``NinjsItem`` records, whatever the version: 1.x's ``headline``,
``body_xhtml`` and ``byline``, 2.x's and 3.x's ``headlines``, ``bodies`` and
``by`` all land in the same fields. What an item lacks or carries that no
ninjs version knows is listed in its ``problems`` with the field and what to
do. ``article_to_ninjs`` writes Gazette's own export (ninjs 2.1, which every
2.x and 3.x reader takes). Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.dateparse import parse_datetime

STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
# Gazette's own vocabularies in an export: sections, stories, kinds, authors.
SECTION_URI = "gazette:section:"
STORY_URI = "gazette:story:"
GENRE_URI = "gazette:genre:"
AUTHOR_URI = "gazette:author:"

# Every top-level property of ninjs 1.x, 2.x and 3.x.
KNOWN = {
    "$standard", "standard", "uri", "type", "mimetype", "representationtype",
    "representation", "profile", "version", "firstcreated", "versioncreated",
    "contentcreated", "embargoed", "pubstatus", "urgency", "copyrightholder",
    "copyrightnotice", "usageterms", "ednote", "language", "service", "services",
    "title", "headline", "headlines", "by", "byline", "slugline", "located",
    "renditions", "associations", "person", "people", "organisation",
    "organisations", "place", "places", "subject", "subjects", "event", "events",
    "object", "objects", "infosource", "infosources", "genre", "genres",
    "trustindicator", "trustindicators", "altids", "rightsinfo", "description",
    "descriptions", "bodies", "body", "expires", "charcount", "wordcount",
    "contentmetadatadatetime", "datetimes", "keywords",
}  # fmt: skip
_PATTERNED = re.compile(r"^(headline|body|description)_[A-Za-z0-9_]+$")
TEXT_TYPES = {"text", "composite", ""}
PICTURE_TYPES = {"picture", "graphic"}


class NinjsError(Exception):
    """A file that holds no ninjs at all (not JSON, not an object)."""


@dataclass
class Rendition:
    name: str
    href: str
    contenttype: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class NinjsItem:
    uri: str
    type: str
    headline: str = ""
    lede: str = ""
    body_html: str = ""
    by: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    language: str = ""
    firstcreated: datetime.datetime | None = None
    versioncreated: datetime.datetime | None = None
    embargoed: datetime.datetime | None = None
    pubstatus: str = "usable"
    copyright: str = ""
    section: tuple[str, str] | None = None  # (slug, name)
    story: tuple[str, str] | None = None
    genre: str = ""
    renditions: list[Rendition] = field(default_factory=list)
    associations: list[NinjsItem] = field(default_factory=list)
    name: str = ""  # an association's name ("mainpic")
    version_family: str = ""
    # The item's own version number ("3"), counted up by each correction.
    version: str = ""
    line: int = 0
    raw: dict = field(default_factory=dict, repr=False)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)

    @property
    def label(self) -> str:
        title = (
            self.headline if len(self.headline) <= 60 else self.headline[:57] + "..."
        )
        return f"item {self.uri or '?'}" + (f" “{title}”" if title else "")

    @property
    def is_text(self) -> bool:
        return self.type in TEXT_TYPES

    def picture(self) -> Rendition | None:
        """Return the rendition to store: the original, else the largest."""
        if not self.renditions:
            return None
        for name in ("original", "highres", "main", "baseImage", "base"):
            for rendition in self.renditions:
                if rendition.name == name and rendition.href:
                    return rendition
        sized = [r for r in self.renditions if r.href]
        return max(sized, key=lambda r: (r.width or 0) * (r.height or 0), default=None)


def _date(value) -> datetime.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def _text(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_paragraphs(text: str) -> str:
    chunks = [c.strip() for c in re.split(r"\n\s*\n|\n", text) if c.strip()]
    return "".join(f"<p>{_escape(chunk)}</p>" for chunk in chunks)


def _role_value(entries, preferred: tuple[str, ...]) -> tuple[str, str]:
    """Return (value, contenttype) of the entry with the first preferred role."""
    if not isinstance(entries, list):
        return "", ""
    usable = [
        e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)
    ]
    for role in preferred:
        for entry in usable:
            if entry.get("role", "") == role:
                return entry["value"], entry.get("contenttype", "")
    if usable:
        return usable[0]["value"], usable[0].get("contenttype", "")
    return "", ""


def _is_html(contenttype: str, value: str) -> bool:
    return (
        "html" in contenttype or "xml" in contenttype or value.lstrip().startswith("<")
    )


def _renditions(value) -> list[Rendition]:
    entries: list[tuple[str, dict]] = []
    if isinstance(value, dict):  # 1.x: keyed by name
        entries = [(k, v) for k, v in value.items() if isinstance(v, dict)]
    elif isinstance(value, list):  # 2.x, 3.x
        entries = [(v.get("name", ""), v) for v in value if isinstance(v, dict)]
    out = []
    for name, data in entries:
        width, height = data.get("width"), data.get("height")
        out.append(
            Rendition(
                name=str(name),
                href=str(data.get("href", "")),
                contenttype=str(data.get("contenttype", data.get("mimetype", ""))),
                width=width if isinstance(width, int) else None,
                height=height if isinstance(height, int) else None,
            )
        )
    return out


def _people(data: dict) -> tuple[str, list[tuple[str, str]]]:
    by = _text(data.get("by")) or _text(data.get("byline"))
    authors = []
    for person in data.get("people") or data.get("person") or []:
        if not isinstance(person, dict):
            continue
        uri = str(person.get("uri", ""))
        if person.get("rel") == "author" or uri.startswith(AUTHOR_URI):
            name = _text(person.get("name"))
            if name:
                authors.append((name, uri.removeprefix(AUTHOR_URI)))
    if not authors and by:
        cleaned = re.sub(r"^(by|von|par|por|av)\s+", "", by, flags=re.I)
        for part in re.split(r"\s*(?:,|;|\band\b|\bund\b|&)\s*", cleaned):
            part = part.strip()
            # "dpa", "AP": an agency credit, not a writer.
            if part and " " in part:
                authors.append((part, ""))
    return by, authors


def _vocabulary(data: dict, prefix: str) -> tuple[str, str] | None:
    for key in ("subjects", "subject", "genres", "genre"):
        for entry in data.get(key) or []:
            if isinstance(entry, dict):
                uri = str(entry.get("uri", entry.get("code", "")))
                if uri.startswith(prefix):
                    return uri.removeprefix(prefix), _text(entry.get("name"))
    return None


def parse_item(data, *, line: int = 0) -> NinjsItem:
    """Return the ``NinjsItem`` of one decoded ninjs object."""
    if not isinstance(data, dict):
        item = NinjsItem(uri="", type="", line=line)
        item.problems.append(("-", "not a JSON object: a ninjs item is {...}"))
        return item
    is_v1 = any(
        key in data for key in ("headline", "byline", "person", "place", "subject")
    ) or any(_PATTERNED.match(key) for key in data)
    item = NinjsItem(
        uri=str(data.get("uri", "")).strip(),
        type=str(data.get("type", "")).strip(),
        language=str(data.get("language", "")),
        firstcreated=_date(data.get("firstcreated")),
        versioncreated=_date(data.get("versioncreated")),
        embargoed=_date(data.get("embargoed")),
        pubstatus=str(data.get("pubstatus", "usable")),
        copyright=_text(data.get("copyrightholder"))
        or _text(data.get("copyrightnotice")),
        renditions=_renditions(data.get("renditions")),
        version_family="1.x" if is_v1 else "2.x/3.x",
        version=str(data.get("version", "")).strip(),
        line=line,
        raw=data,
    )
    # Headline: 2.x/3.x "headlines", 1.x "headline" or "headline_<role>".
    headline, _ = _role_value(data.get("headlines"), ("main", "simple", "short"))
    if not headline:
        headline = _text(data.get("headline")) or _text(data.get("title"))
    if not headline:
        for key in ("headline_main", "headline_simple"):
            headline = headline or _text(data.get(key))
        headline = headline or next(
            (_text(v) for k, v in data.items() if k.startswith("headline_")), ""
        )
    item.headline = _text(headline)
    # Body: the richest form there is.
    body, contenttype = _role_value(
        data.get("bodies"), ("richtext", "html", "xhtml", "main", "text", "")
    )
    if not body:
        for key in (
            "body_xhtml",
            "body_html",
            "body_richtext",
            "body_main",
            "body_text",
        ):
            if isinstance(data.get(key), str) and data[key].strip():
                body, contenttype = data[key], "text/html" if "text" not in key else ""
                break
    if isinstance(data.get("body"), str) and not body:
        body = data["body"]
    item.body_html = body if _is_html(contenttype, body) else _plain_paragraphs(body)
    description, _ = _role_value(
        data.get("descriptions"), ("summary", "text", "caption")
    )
    if not description:
        for key in ("description_text", "description_caption", "description_usage"):
            description = description or _text(data.get(key))
        description = description or next(
            (
                v
                for k, v in data.items()
                if k.startswith("description_") and isinstance(v, str)
            ),
            "",
        )
    item.lede = description
    item.by, item.authors = _people(data)
    item.section = _vocabulary(data, SECTION_URI)
    item.story = _vocabulary(data, STORY_URI)
    genre = _vocabulary(data, GENRE_URI)
    item.genre = genre[0] if genre else ""
    associations = data.get("associations")
    if isinstance(associations, dict):  # 1.x: keyed by name
        pairs = list(associations.items())
    elif isinstance(associations, list):
        pairs = [
            (a.get("name", "") if isinstance(a, dict) else "", a) for a in associations
        ]
    else:
        pairs = []
    for name, value in pairs:
        associated = parse_item(value, line=line)
        associated.name = str(name)
        item.associations.append(associated)
    _check(item, data)
    return item


def _check(item: NinjsItem, data: dict) -> None:
    if not item.uri:
        item.problems.append(
            ("uri", "missing: every ninjs item needs a uri that identifies it")
        )
    unknown = sorted(
        key for key in data if key not in KNOWN and not _PATTERNED.match(key)
    )
    for key in unknown:
        item.problems.append((key, "not a ninjs 1.x, 2.x or 3.x property; left out"))
    if item.is_text and not item.headline:
        item.problems.append(
            (
                "headlines",
                "missing: a text item needs a headline (headlines[].value "
                "in ninjs 2.x/3.x, headline in 1.x)",
            )
        )
    for key in ("versioncreated", "firstcreated", "embargoed"):
        if key in data and _date(data[key]) is None:
            item.problems.append((key, "not a date and time like 2024-05-01T08:30:00Z"))


def is_fatal(field_name: str) -> bool:
    """Return whether a problem with this field stops the item's import."""
    return field_name in ("uri", "headlines", "-", "guid", "headline", "id", "title")


def read_items(path: Path) -> Iterator[NinjsItem]:
    """Yield the items of a ninjs file: one object, a list, or JSON lines.

    Raise ``NinjsError`` when the file is not JSON.
    """
    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if path.suffix in (".jsonl", ".ndjson") or (
        stripped.startswith("{") and "\n{" in stripped and not _is_json(stripped)
    ):
        for number, row in enumerate(text.splitlines(), start=1):
            if not row.strip():
                continue
            try:
                yield parse_item(json.loads(row), line=number)
            except json.JSONDecodeError as error:
                item = NinjsItem(uri="", type="", line=number)
                item.problems.append(("-", f"not JSON: {error.msg}"))
                yield item
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NinjsError(f"line {error.lineno}: not JSON ({error.msg})") from None
    for entry in data if isinstance(data, list) else [data]:
        yield parse_item(entry, line=1)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


# --- Export -------------------------------------------------------------------


@dataclass
class ExportImage:
    uri: str
    href: str
    title: str
    caption: str
    credit: str
    alt: str
    width: int
    height: int


@dataclass
class ExportArticle:
    uri: str
    title: str
    lede: str
    body_html: str
    authors: list[tuple[str, str]]
    section: tuple[str, str]
    story: tuple[str, str] | None
    genre: str
    first_published: datetime.datetime | None
    last_published: datetime.datetime | None
    live: bool
    lead_image: ExportImage | None
    images: list[ExportImage]
    language: str = "en"


def _image_item(image: ExportImage, name: str) -> dict:
    item = {
        "uri": image.uri,
        "type": "picture",
        "name": name,
        "headlines": [{"role": "main", "value": image.title}],
        "renditions": [
            {
                "name": "original",
                "href": image.href,
                "width": image.width,
                "height": image.height,
            }
        ],
    }
    descriptions = []
    if image.caption:
        descriptions.append({"role": "caption", "value": image.caption})
    if image.alt:
        descriptions.append({"role": "alt", "value": image.alt})
    if descriptions:
        item["descriptions"] = descriptions
    if image.credit:
        item["by"] = image.credit
    return item


def article_to_ninjs(article: ExportArticle) -> dict:
    """Return an article as a ninjs 2.1 item (Gazette's export format)."""
    item: dict = {
        "standard": STANDARD,
        "uri": article.uri,
        "type": "text",
        "representationtype": "full",
        "pubstatus": "usable" if article.live else "withheld",
        "language": article.language,
        "headlines": [{"role": "main", "value": article.title}],
        "descriptions": [{"role": "summary", "value": article.lede}],
        "bodies": [
            {
                "role": "richtext",
                "contenttype": "text/html",
                "value": article.body_html,
            }
        ],
    }
    if article.first_published:
        item["firstcreated"] = article.first_published.isoformat()
    if article.last_published:
        item["versioncreated"] = article.last_published.isoformat()
    if article.authors:
        item["by"] = ", ".join(name for name, _slug in article.authors)
        item["people"] = [
            {"name": name, "rel": "author", "uri": f"{AUTHOR_URI}{slug}"}
            for name, slug in article.authors
        ]
    subjects = [
        {"name": article.section[1], "uri": f"{SECTION_URI}{article.section[0]}"}
    ]
    if article.story:
        subjects.append(
            {"name": article.story[1], "uri": f"{STORY_URI}{article.story[0]}"}
        )
    item["subjects"] = subjects
    if article.genre:
        item["genres"] = [{"name": article.genre, "uri": f"{GENRE_URI}{article.genre}"}]
    associations = []
    if article.lead_image:
        associations.append(_image_item(article.lead_image, "mainpic"))
    for number, image in enumerate(article.images, start=1):
        if article.lead_image and image.uri == article.lead_image.uri:
            continue
        associations.append(_image_item(image, f"image{number}"))
    if associations:
        item["associations"] = associations
    return item
