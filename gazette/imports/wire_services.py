"""``import ninjs`` and ``import newsml``: wire and archive items as articles
and images, each in its own transaction, published in publication order; a
second run updates what changed (``ImportedItem`` keyed by the item's uri or
guid)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from gazette.articles import services as articles
from gazette.articles.models import (
    ArticleGenre,
    ArticlePage,
    ArticlePageAuthor,
    Author,
    SectionPage,
)
from gazette.core.models import GazetteImage, HomePage
from gazette.stories.models import Story

from . import ninjs, versions
from .bodies import html_to_blocks, lede_from, plain_text
from .media import _open_image, media_file, store_image
from .newsml import NewsmlError, read_newsml
from .records import _record, _remember, _title, _unique_slug
from .reporting import ImportError_, ImportReport, Progress, checksum, run_once

SOURCE = "ninjs"
# Written by the export beside the items: what ninjs has no place for.
AUTHORS_FILE = "gazette-authors.json"


def _files(path: Path, suffixes: tuple[str, ...] = (".json", ".jsonl", ".ndjson")):
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.suffix in suffixes and p.name != AUTHORS_FILE
        )
    raise ImportError_(f"{path}: no such file or directory.")


class NinjsImport:
    """One run of ``import ninjs``: see ``import_ninjs``."""

    def __init__(
        self,
        *,
        media_dir: Path | None,
        section: str,
        dry_run: bool,
        progress: Progress,
        report: ImportReport,
        source: str = SOURCE,
        reader: Callable[[Path], Iterable[ninjs.NinjsItem]] = ninjs.read_items,
        name_of: Callable[[Path], str] = str,
    ):
        self.source = source
        # How messages name a file (a fetched feed is named by its address).
        self.name_of = name_of
        self.reader = reader
        self.media_dir = media_dir
        self.default_section = section
        self.dry_run = dry_run
        self.progress = progress
        self.report = report
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ImportError_("There is no home page: run `gazette migrate` first.")
        self.to_publish: list[tuple[datetime.datetime, int, dict]] = []

    def run(self, files: list[Path]) -> ImportReport:
        self._read_authors(files)
        number = 0
        for path in files:
            try:
                items = list(self.reader(path))
            except (ninjs.NinjsError, NewsmlError, UnicodeDecodeError) as error:
                line = getattr(error, "line", None)
                name = self.name_of(path)
                where = f"{name}:{line}" if line else name
                self.report.messages.append(f"{where}: {error}")
                self.report.count("failed", "file")
                continue
            for item in items:
                number += 1
                if number % 50 == 0:
                    self.progress(f"items: {number}")
                self._item(path, item)
        self.to_publish.sort(key=lambda entry: (entry[0], entry[1]))
        for _when, page_id, plan in self.to_publish:
            self._guard(None, "item", str(page_id), self._publish, page_id, plan)
        return self.report

    def _read_authors(self, files: list[Path]) -> None:
        """Read the roles and bios an export wrote beside its items."""
        self.author_words: dict[str, dict] = {}
        for folder in {f.parent for f in files}:
            extra = folder / AUTHORS_FILE
            if not extra.is_file():
                continue
            try:
                entries = json.loads(extra.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                self.report.messages.append(f"{extra}: not JSON ({error}); ignored")
                continue
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
                    self.author_words[entry["slug"]] = entry

    def _guard(self, path: Path | None, kind: str, label: str, action, *args):
        try:
            with transaction.atomic():
                return action(*args)
        except Exception as error:  # noqa: BLE001 - one bad item never stops a run
            where = f"{self.name_of(path)}: " if path else ""
            self.report.messages.append(f"{where}{kind} {label}: not imported: {error}")
            self.report.count("failed", kind)
            return None

    def _problem(self, path: Path, item: ninjs.NinjsItem, field_name: str, text: str):
        self.report.problem(item.line, item.label, field_name, text)
        # ImportReport names its own path; a directory import names each file.
        self.report.messages[-1] = self.report.messages[-1].replace(
            self.report.path, self.name_of(path), 1
        )

    def _item(self, path: Path, item: ninjs.NinjsItem) -> None:
        fatal = False
        for field_name, message in item.problems:
            self._problem(path, item, field_name, message)
            fatal = fatal or ninjs.is_fatal(field_name)
        if fatal:
            self.report.count("skipped", "item")
            return
        if item.type in ninjs.PICTURE_TYPES:
            image = self._guard(path, "picture", item.uri, self._picture, path, item)
            if image is None and not self.dry_run:
                return
            return
        if item.type == "package":
            self._problem(
                path,
                item,
                "packageItem",
                "a package only points at other items: import their own files",
            )
            self.report.count("skipped", "package")
            return
        if not item.is_text:
            self._problem(
                path,
                item,
                "type",
                f"{item.type} items have no place in Gazette (text, composite and "
                "picture do); skipped",
            )
            self.report.count("skipped", item.type or "item")
            return
        self._guard(path, "article", item.uri, self._article, path, item)

    # Pictures ------------------------------------------------------------------------

    def _picture(self, path: Path, item: ninjs.NinjsItem) -> GazetteImage | None:
        rendition = item.picture()
        key = item.uri or (rendition.href if rendition else "")
        if not key:
            return None
        record = _record(self.source, "image", key)
        if record and record.object_id:
            image = GazetteImage.objects.filter(pk=record.object_id).first()
            if image is not None:
                return image
        found = self._find(path, rendition.href if rendition else "")
        picture = _open_image(found) if found else None
        if found is None or picture is None:
            self._problem(
                path,
                item,
                "renditions",
                f"picture {rendition.href if rendition else '(no rendition)'} "
                + (
                    "is not a picture Gazette can read"
                    if found
                    else "not found next to the file or in --media; imported without it"
                ),
            )
            self.report.count("skipped", "image")
            return None
        if self.dry_run:
            self.report.count("created", "image")
            return None
        raw = item.raw
        descriptions = [
            d
            for d in raw.get("descriptions") or []
            if isinstance(d, dict) and isinstance(d.get("value"), str)
        ]
        alt = next((d["value"] for d in descriptions if d.get("role") == "alt"), "")
        # The caption: a caption's role first, else any description but the alt.
        captions = [d for d in descriptions if d.get("role") != "alt"]
        caption = next(
            (d["value"] for d in captions if d.get("role") in ("caption", "text")),
            captions[0]["value"] if captions else "",
        )
        if not caption:
            caption = plain_text(str(raw.get("description_text", "")))
        image = store_image(
            found,
            title=item.headline or found.stem,
            alt=alt,
            caption=plain_text(caption),
            credit=item.by or item.copyright,
            picture=picture,
        )
        _remember(self.source, "image", key, image.pk)
        self.report.count("created", "image")
        return image

    def _find(self, path: Path, href: str) -> Path | None:
        if not href:
            return None
        parsed = urlparse(href)
        if not parsed.scheme and not href.startswith("/"):
            # A relative address: the export's media/ next to its file.
            base = path.parent if path.is_file() else path
            found = media_file(base, href)
            if found:
                return found
        name = Path(unquote(parsed.path)).name
        return media_file(self.media_dir, name) or media_file(
            self.media_dir, unquote(parsed.path).lstrip("/")
        )

    # Articles ------------------------------------------------------------------------

    def _section(self, item: ninjs.NinjsItem) -> SectionPage:
        slug, name = item.section or (self.default_section, "")
        slug = slugify(slug)[:200] or "news"
        section = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
        if section is None:
            section = articles.create_section(
                self.home, title=_title(name, slug.replace("-", " ").title()), slug=slug
            )
            self.report.count("created", "section")
        return section.specific

    def _authors(self, item: ninjs.NinjsItem) -> list[Author]:
        found = []
        for name, slug in item.authors:
            slug = slugify(slug or name)[:120]
            if not slug:
                continue
            words = self.author_words.get(slug, {})
            author, created = Author.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name[:120],
                    "role": str(words.get("role", ""))[:120],
                    "bio": str(words.get("bio", "")),
                },
            )
            if created:
                self.report.count("created", "author")
            if author not in found:
                found.append(author)
        return found

    def _story(self, item: ninjs.NinjsItem, locale_id: int) -> Story | None:
        """Return the item's story in the article's edition (``locale_id``),
        made when that edition has none by the item's address; a story of
        another edition at that address is never taken (an article joins
        stories of its own edition only), the new one's address then ends
        with the edition's language (``floods-es``)."""
        if not item.story:
            return None
        wanted, title = item.story
        slug = slugify(wanted)[:255] or "story"
        story = Story.objects.filter(slug=slug, locale_id=locale_id).first()
        if story is None and Story.objects.filter(slug=slug).exists():
            code = Locale.objects.get(pk=locale_id).language_code
            slug = f"{slug[: 254 - len(code)]}-{slugify(code)}"
            story = Story.objects.filter(slug=slug, locale_id=locale_id).first()
        if story is None:
            story = Story.objects.create(
                slug=slug, title=title or wanted, is_open=True, locale_id=locale_id
            )
            self.report.count("created", "story")
        return story

    def _article(self, path: Path, item: ninjs.NinjsItem) -> None:
        digest = _digest(item)
        stamp = versions.Stamp.of(item.version, item.versioncreated)
        record = _record(self.source, "item", item.uri)
        page = None
        if record and record.object_id:
            page = ArticlePage.objects.filter(pk=record.object_id).first()
        if page is not None and record is not None:
            if record.checksum == digest:
                self.report.count("unchanged", "article")
                return
            stored = versions.Stamp.of(
                record.data.get("version"), record.data.get("versioncreated")
            )
            order = versions.compare(stored, stamp)
            if order in (versions.Order.OLDER, versions.Order.SAME):
                if order == versions.Order.OLDER:
                    text = (
                        f"{stamp.describe()} is older than the stored "
                        f"{stored.describe()} (article {page.pk}): skipped, the "
                        "stored article is kept"
                    )
                else:
                    text = (
                        f"{stamp.describe()} is already stored (article "
                        f"{page.pk}) with other words: skipped; a correction "
                        "needs a higher version"
                    )
                self._problem(path, item, "version", text)
                self.report.count("skipped", "old version")
                return
        # Pictures first: the lead is the first one, the body names the others.
        pictures: dict[str, GazetteImage] = {}
        lead = None
        for associated in item.associations:
            if associated.type not in ninjs.PICTURE_TYPES and not associated.renditions:
                continue
            image = self._picture(path, associated)
            if image is None:
                continue
            rendition = associated.picture()
            if rendition:
                pictures[rendition.href] = image
            # Gazette's export names the lead "mainpic" and the body's pictures
            # "image1", "image2"...: those are not leads.
            inline_only = re.fullmatch(r"image\d+", associated.name or "")
            if associated.name == "mainpic" or (lead is None and not inline_only):
                lead = image
        body = html_to_blocks(item.body_html)
        for name in body.unknown_shortcodes:
            self._problem(
                path, item, "bodies", f"[{name}] looks like a shortcode; kept"
            )
        blocks = []
        for block in body.blocks:
            if block["type"] == "image":
                image = pictures.get(block["value"]["src"])
                if image is None:
                    found = self._find(path, block["value"]["src"])
                    self._problem(
                        path,
                        item,
                        "bodies",
                        f"picture {block['value']['src']} is not among the item's "
                        "associations"
                        + (" (found on disk, left out)" if found else ""),
                    )
                    continue
                blocks.append(
                    {
                        "type": "image",
                        "value": {
                            "image": image.pk,
                            "caption": block["value"]["caption"],
                        },
                    }
                )
            elif block["type"] == "gallery":
                continue
            else:
                blocks.append(block)
        title = _title(item.headline, item.uri)
        lede = lede_from(item.lede, body, title)
        authors = self._authors(item)
        genre = item.genre if item.genre in ArticleGenre.values else ArticleGenre.NEWS
        if page is None:
            section = self._section(item)
            story = self._story(item, section.locale_id)
            wanted = urlparse(item.uri).path.rstrip("/").rsplit("/", 1)[-1] or title
            page = articles.create_article(
                section,
                title=title,
                slug=_unique_slug(section, wanted),
                lede=lede,
                body=blocks,
                authors=authors,
                story=story,
                image=lead,
            )
            outcome = "created"
        else:
            story = self._story(item, page.locale_id)
            page.title, page.lede, page.body, page.image = title, lede, blocks, lead
            page.story = story
            page.article_authors = [
                ArticlePageAuthor(author=a, sort_order=i) for i, a in enumerate(authors)
            ]
            outcome = "updated"
        page.genre = genre
        page.save_revision(log_action=True)
        self.report.count(outcome, "article")
        _remember(self.source, "item", item.uri, page.pk, digest, stamp.as_data())
        usable = item.pubstatus in ("usable", "")
        if usable:
            when = item.firstcreated or item.versioncreated or timezone.now()
            self.to_publish.append(
                (
                    when,
                    page.pk,
                    {
                        "first": when,
                        "last": item.versioncreated,
                        "embargoed": item.embargoed,
                    },
                )
            )

    def _publish(self, page_id: int, plan: dict) -> None:
        page = ArticlePage.objects.get(pk=page_id)
        embargoed = plan["embargoed"]
        if embargoed and embargoed > timezone.now():
            page.go_live_at = embargoed
            page.save_revision()
            page.latest_revision.publish()
            return
        last = plan["last"]
        articles.publish_article(
            page,
            published_at=plan["first"],
            updated_at=last if last and last > plan["first"] else None,
        )


def import_ninjs(
    path: Path | str,
    *,
    media_dir: Path | str | None = None,
    section: str = "news",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the ninjs items of a file or a directory; return what was done.

    Text and composite items become articles (their pictures from the
    associations), pictures become images; each item in its own transaction,
    published in publication order; a second run updates what changed.
    """
    path = Path(path)
    files = _files(path)
    media = Path(media_dir) if media_dir else None
    report = ImportReport(path=str(path), dry_run=dry_run)
    run = NinjsImport(
        media_dir=media,
        section=section,
        dry_run=dry_run,
        progress=progress or (lambda message: None),
        report=report,
    )
    return run_once(lambda: run.run(files), dry_run=dry_run)


def import_newsml(
    path: Path | str,
    *,
    media_dir: Path | str | None = None,
    section: str = "news",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the NewsML-G2 news items of a file or a directory (``*.xml``).

    Each news item is read as a ninjs item (``newsml.py``) and stored as
    ``import_ninjs`` stores those; packages are reported, not stored.
    """
    path = Path(path)
    files = _files(path, (".xml",))
    report = ImportReport(path=str(path), dry_run=dry_run)
    run = NinjsImport(
        media_dir=Path(media_dir) if media_dir else None,
        section=section,
        dry_run=dry_run,
        progress=progress or (lambda message: None),
        report=report,
        source="newsml",
        reader=read_newsml,
    )
    return run_once(lambda: run.run(files), dry_run=dry_run)


def _digest(item: ninjs.NinjsItem) -> str:
    """Return the digest of what an item says (its JSON, else its fields)."""
    if item.raw:
        return checksum(item.raw)
    fields = dataclasses.asdict(item)
    for noise in ("line", "problems", "raw"):
        fields.pop(noise, None)
    return checksum(fields)
