"""Every write an import makes: articles, pages, authors, sections, images,
comments, redirects and the records that make a second run an update.

The parsing and mapping are in the pure modules (``wxr``, ``bodies``,
``shortcodes``, ``ninjs``); this module stores their results through the
owning apps' services (``articles.services.create_article`` and
``publish_article``, which thread each article into a story, rank its related
articles and give it a short link once its publication commits).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core.models import GazetteImage, HomePage, StandardPage
from gazette.discussion.models import Comment, CommentStatus
from gazette.discussion.services import (
    clean_text,
    import_comment,
    refresh_comment_count,
)

from . import wxr
from .bodies import Body, html_to_blocks, lede_from, plain_text
from .models import ImportedCommentAuthor, ImportedItem

Progress = Callable[[str], None]
TITLE_LIMIT = 255


class ImportError_(Exception):
    """An import cannot start (no such file, a bad section map)."""


@dataclass
class ImportReport:
    """What an import did, counted per outcome, with its messages."""

    path: str
    dry_run: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: str, kind: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    def problem(self, line: int | None, item: str, field_name: str, text: str) -> None:
        """Record a message naming the file, the line, the item and the field."""
        where = f"{self.path}:{line}" if line else self.path
        self.messages.append(f"{where}: {item}: {field_name}: {text}")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def total(self, outcome: str) -> int:
        return sum(getattr(self, outcome).values())

    @property
    def ok(self) -> bool:
        return self.total("failed") == 0

    def summary(self) -> str:
        parts = [
            f"{outcome} {self.total(outcome)}"
            for outcome in ("created", "updated", "unchanged", "skipped", "failed")
        ]
        detail = []
        for outcome in ("created", "updated", "skipped", "failed"):
            kinds = getattr(self, outcome)
            if kinds:
                detail.append(
                    f"{outcome}: "
                    + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
                )
        prefix = "dry run, nothing saved: " if self.dry_run else ""
        lines = [prefix + ", ".join(parts), *detail]
        return "\n  ".join(lines)


def checksum(data: object) -> str:
    """Return a stable digest of an item's source fields."""
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _record(source: str, kind: str, source_id: str) -> ImportedItem | None:
    return ImportedItem.objects.filter(
        source=source, kind=kind, source_id=source_id
    ).first()


def _remember(
    source: str,
    kind: str,
    source_id: str,
    object_id: int | None,
    digest: str = "",
    data: dict | None = None,
) -> ImportedItem:
    record, _ = ImportedItem.objects.update_or_create(
        source=source,
        kind=kind,
        source_id=source_id,
        defaults={
            "object_id": object_id,
            "checksum": digest,
            "data": data or {},
            "updated_at": timezone.now(),
        },
    )
    return record


def _unique_slug(parent: Page, wanted: str, own_pk: int | None = None) -> str:
    base = (slugify(unquote(wanted), allow_unicode=True) or "item")[:200]
    slug, n = base, 1
    siblings = Page.objects.child_of(parent)
    if own_pk:
        siblings = siblings.exclude(pk=own_pk)
    while siblings.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _title(text: str, fallback: str) -> str:
    text = " ".join((text or "").split()) or fallback
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def add_redirect(old: str, *, page: Page | None = None, link: str = "") -> bool:
    """Make ``old`` (a path, maybe with a query) answer a permanent redirect."""
    path = Redirect.normalise_path(old)
    if path in ("", "/") or len(path) > 255:
        return False
    Redirect.objects.update_or_create(
        old_path=path,
        site=None,
        defaults={
            "redirect_page": page,
            "redirect_link": "" if page else link,
            "is_permanent": True,
        },
    )
    return True


# --- Images -------------------------------------------------------------------


def _open_image(path: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            picture.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return False
    return True


def store_image(
    path: Path, *, title: str, alt: str = "", caption: str = "", credit: str = ""
) -> GazetteImage:
    """Store the picture at ``path`` with its words."""
    image = GazetteImage(
        title=_title(title, path.name),
        description=alt[:255],
        caption=caption[:255],
        credit=credit[:255],
    )
    with path.open("rb") as handle:
        image.file = ImageFile(handle, name=path.name)
        image.save()
    return image


def media_file(media_dir: Path | None, relative: str) -> Path | None:
    """Return the file ``relative`` inside ``media_dir``, never outside it."""
    if media_dir is None or not relative:
        return None
    root = media_dir.resolve()
    candidate = (root / unquote(relative)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


# --- WordPress ------------------------------------------------------------------


@dataclass
class _Attachment:
    post_id: str
    title: str
    url: str
    relative: str
    alt: str
    caption: str
    credit: str
    parent: str
    link: str
    line: int


@dataclass
class _Survey:
    site: wxr.Site | None = None
    authors: dict[str, wxr.WxrAuthor] = field(default_factory=dict)
    categories: dict[str, wxr.WxrTerm] = field(default_factory=dict)
    tags: dict[str, wxr.WxrTerm] = field(default_factory=dict)
    attachments: dict[str, _Attachment] = field(default_factory=dict)
    by_file: dict[str, str] = field(default_factory=dict)
    by_parent: dict[str, list[str]] = field(default_factory=dict)
    error: wxr.WxrError | None = None


def _survey(path: Path) -> _Survey:
    """Read the file once for what items refer to: authors, terms, attachments."""
    survey = _Survey()
    try:
        for record in wxr.read_wxr(path):
            if isinstance(record, wxr.Site):
                survey.site = record
            elif isinstance(record, wxr.WxrAuthor):
                survey.authors[record.login] = record
            elif isinstance(record, wxr.WxrTerm):
                if record.kind == "category":
                    survey.categories[record.slug] = record
                elif record.kind == "tag":
                    survey.tags[record.slug] = record
            elif record.post_type == wxr.ATTACHMENT and record.post_id.isdigit():
                relative = record.meta.get("_wp_attached_file", "").strip()
                relative = relative or wxr.upload_path(record.attachment_url)
                attachment = _Attachment(
                    post_id=record.post_id,
                    title=record.title,
                    url=record.attachment_url,
                    relative=relative,
                    alt=record.meta.get("_wp_attachment_image_alt", "").strip(),
                    caption=plain_text(record.excerpt),
                    credit=wxr.attachment_credit(
                        record.meta.get("_wp_attachment_metadata", "")
                    ),
                    parent=record.parent,
                    link=record.link,
                    line=record.line,
                )
                survey.attachments[record.post_id] = attachment
                if relative:
                    survey.by_file[relative] = record.post_id
                if record.parent:
                    survey.by_parent.setdefault(record.parent, []).append(
                        record.post_id
                    )
    except wxr.WxrError as error:
        survey.error = error
    return survey


def read_section_map(path: Path | None) -> dict[str, str | None]:
    """Read a section map: JSON ``{"category-slug": "section-slug"}``.

    ``null`` leaves a category out of the choice of section; ``"*"`` names the
    section of posts none of whose categories is mapped.
    """
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportError_(f"{path}: no such section map.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportError_(f"{path}: not JSON ({error}).") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str))
        for k, v in data.items()
    ):
        raise ImportError_(
            f"{path}: write an object of category slugs to section slugs, e.g. "
            '{"world-news": "world", "*": "news"}.'
        )
    return data


class WordPressImport:
    """One run of ``import wordpress``: see ``import_wordpress``."""

    def __init__(
        self,
        path: Path,
        *,
        media_dir: Path | None,
        section_map: dict[str, str | None],
        dry_run: bool,
        progress: Progress,
        limit: int | None = None,
    ):
        self.path = path
        self.limit = limit
        self.taken = 0
        self.media_dir = media_dir
        self.section_map = section_map
        self.dry_run = dry_run
        self.progress = progress
        self.report = ImportReport(path=str(path), dry_run=dry_run)
        self.survey = _Survey()
        self.source = ""
        home = HomePage.objects.first()
        if home is None:
            raise ImportError_("There is no home page: run `gazette migrate` first.")
        self.home: HomePage = home
        self.sections: dict[str, SectionPage] = {}
        self.authors: dict[str, Author] = {}
        self.images: dict[str, GazetteImage | None] = {}
        # (date, page id, kind, plan) of what to publish once all is stored.
        self.to_publish: list[tuple[datetime.datetime, int, str, dict]] = []

    # The run ---------------------------------------------------------------------

    def run(self) -> ImportReport:
        self.survey = _survey(self.path)
        site = self.survey.site
        if site is None:
            error = self.survey.error or wxr.WxrError("empty file")
            self.report.problem(error.line, "file", "wxr", str(error))
            self.report.count("failed", "file")
            return self.report
        self.source = f"wordpress:{(site.base_url or site.link).rstrip('/')}"
        self.progress(
            f"{self.path}: WXR {site.version}, {len(self.survey.authors)} author(s), "
            f"{len(self.survey.categories)} categories, "
            f"{len(self.survey.attachments)} attachment(s)"
        )
        for author in self.survey.authors.values():
            self._guard("author", author.login, author.line, self._author, author)
        number = 0
        try:
            for record in wxr.read_wxr(self.path):
                if not isinstance(record, wxr.WxrItem):
                    continue
                number += 1
                if number % 50 == 0:
                    self.progress(f"items: {number}")
                self._item(record)
                if self.limit and self.taken >= self.limit:
                    self.report.note(
                        f"stopped after {self.limit} posts and pages (--limit)"
                    )
                    break
        except wxr.WxrError as error:
            self.report.problem(error.line, "file", "xml", str(error))
            self.report.count("failed", "file")
        self._publish_all()
        self._term_redirects()
        self._notes()
        return self.report

    def _guard(self, kind: str, label: str, line: int | None, action, *args):
        """Run ``action`` in its own transaction; a failure is reported, not fatal."""
        try:
            with transaction.atomic():
                return action(*args)
        except Exception as error:  # noqa: BLE001 - one bad item never stops a run
            self.report.problem(line, f"{kind} {label}", "-", f"not imported: {error}")
            self.report.count("failed", kind)
            return None

    # Authors -----------------------------------------------------------------------

    def _author(self, data: wxr.WxrAuthor) -> Author:
        key = data.login or data.email
        for source_id in (f"login:{data.login}", f"email:{data.email.lower()}"):
            if source_id.endswith(":"):
                continue
            record = _record(self.source, "author", source_id)
            known = (
                Author.objects.filter(pk=record.object_id).first()
                if record and record.object_id
                else None
            )
            if record and known is not None:
                author = known
                digest = checksum([data.name, data.bio])
                if record.checksum != digest:
                    author.name, author.bio = data.name[:120], data.bio or author.bio
                    author.save()
                    self.report.count("updated", "author")
                    _remember(self.source, "author", source_id, author.pk, digest)
                else:
                    self.report.count("unchanged", "author")
                self._remember_author(data, author)
                self.authors[key] = author
                return author
        slug = slugify(data.login or data.name)[:120] or "author"
        existing = Author.objects.filter(slug=slug).first()
        if existing is None:
            author = Author.objects.create(
                name=data.name[:120], slug=slug, bio=data.bio
            )
            self.report.count("created", "author")
        else:
            author = existing
            self.report.count("unchanged", "author")
        self._remember_author(data, author)
        self.authors[key] = author
        return author

    def _remember_author(self, data: wxr.WxrAuthor, author: Author) -> None:
        digest = checksum([data.name, data.bio])
        if data.login:
            _remember(self.source, "author", f"login:{data.login}", author.pk, digest)
            self.authors[data.login] = author
        if data.email:
            _remember(
                self.source, "author", f"email:{data.email.lower()}", author.pk, digest
            )

    def _author_for(self, creator: str) -> Author | None:
        if not creator:
            return None
        if creator in self.authors:
            return self.authors[creator]
        known = self.survey.authors.get(creator)
        return self._author(known or wxr.WxrAuthor(creator, "", creator))

    # Sections ----------------------------------------------------------------------

    def _section_for(self, item: wxr.WxrItem) -> SectionPage:
        mapping = self.section_map
        chosen: tuple[str, str] | None = None
        for slug, name in item.categories:
            if mapping:
                if slug not in mapping:
                    self.report.note(
                        f"category “{name or slug}” ({slug}) is not in the section "
                        "map: its posts went to the map's “*” section or the "
                        "first mapped category's"
                    )
                    continue
                target = mapping[slug]
                if target:
                    chosen = (target, name)
                    break
            else:
                chosen = (slug, name)
                break
        if chosen is None:
            default = mapping.get("*") or "news"
            chosen = (default, default.replace("-", " ").title())
        section_slug, title = chosen
        return self._section(section_slug, title)

    def _section(self, slug: str, title: str) -> SectionPage:
        slug = slugify(unquote(slug), allow_unicode=True)[:200] or "news"
        if slug in self.sections:
            return self.sections[slug]
        section = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
        if section is None:
            title = title or slug.replace("-", " ").title()
            section = articles.create_section(
                self.home, title=_title(title, slug), slug=slug
            )
            self.report.count("created", "section")
        self.sections[slug] = section.specific
        return self.sections[slug]

    # Images ------------------------------------------------------------------------

    def _image(
        self, attachment_id: str, src: str, item: wxr.WxrItem
    ) -> GazetteImage | None:
        """Return the stored picture of an attachment (or an upload's address)."""
        relative = wxr.upload_path(src) if src else ""
        if not attachment_id and relative:
            attachment_id = self.survey.by_file.get(relative, "")
        key = attachment_id or f"file:{relative or src}"
        if key in self.images:
            return self.images[key]
        attachment = self.survey.attachments.get(attachment_id)
        kind = "attachment" if attachment else "upload"
        source_id = attachment_id if attachment else (relative or src)
        record = _record(self.source, kind, source_id)
        if record and record.object_id:
            image = GazetteImage.objects.filter(pk=record.object_id).first()
            if image is not None:
                self.images[key] = image
                return image
        relative = (attachment.relative if attachment else "") or relative
        found = media_file(self.media_dir, relative)
        label = f"attachment {attachment_id}" if attachment else "image"
        if found is None or not _open_image(found):
            self.report.problem(
                attachment.line if attachment else item.line,
                item.label,
                "image",
                f"{label} {relative or src or '?'} "
                + (
                    "is not a picture Gazette can read"
                    if found
                    else "not found in --media (copy wp-content/uploads there); "
                    "the item was imported without it"
                ),
            )
            self.report.count("skipped", "image")
            self.images[key] = None
            return None
        if self.dry_run:
            self.report.count("created", "image")
            self.images[key] = None
            return None
        image = store_image(
            found,
            title=(attachment.title if attachment else "") or found.stem,
            alt=attachment.alt if attachment else "",
            caption=attachment.caption if attachment else "",
            credit=attachment.credit if attachment else "",
        )
        _remember(self.source, kind, source_id, image.pk)
        self.report.count("created", "image")
        self.images[key] = image
        return image

    def _resolve_body(self, body: Body, item: wxr.WxrItem) -> list[dict]:
        blocks: list[dict] = []
        for block in body.blocks:
            if block["type"] == "gallery":
                ids = block["value"]["ids"] or self.survey.by_parent.get(
                    item.post_id, []
                )
                refs = [{"attachment_id": i, "src": "", "caption": ""} for i in ids]
            elif block["type"] == "image":
                refs = [block["value"]]
            else:
                blocks.append(block)
                continue
            for ref in refs:
                image = self._image(ref["attachment_id"], ref["src"], item)
                if image is not None:
                    blocks.append(
                        {
                            "type": "image",
                            "value": {"image": image.pk, "caption": ref["caption"]},
                        }
                    )
        return blocks

    # Items -------------------------------------------------------------------------

    def _item(self, item: wxr.WxrItem) -> None:
        if item.post_type == wxr.ATTACHMENT:
            return
        if item.post_type not in (wxr.POST, wxr.PAGE):
            self.report.count("skipped", item.post_type or "unknown")
            return
        if item.problems:
            for problem in item.problems:
                self.report.problem(
                    problem.line, problem.item, problem.field, problem.message
                )
            self.report.count("skipped", item.post_type)
            return
        if item.status in ("trash", "auto-draft", "inherit"):
            self.report.count("skipped", item.post_type)
            return
        self.taken += 1
        self._guard(item.post_type, item.post_id, item.line, self._store_item, item)

    def _store_item(self, item: wxr.WxrItem) -> None:
        body = html_to_blocks(item.content)
        for name in body.unknown_shortcodes:
            self.report.problem(
                item.line,
                item.label,
                "content:encoded",
                f"unknown shortcode [{name}] kept as text",
            )
        for name in body.dropped:
            self.report.note(
                f"Gutenberg block wp:{name} has no content to keep; dropped"
            )
        source_fields = {
            "title": item.title,
            "content": item.content,
            "excerpt": item.excerpt,
            "status": item.status,
            "date": item.date,
            "modified": item.modified,
            "password": item.password,
            "categories": item.categories,
            "tags": item.tags,
            "slug": item.slug,
            "creator": item.creator,
            "thumbnail": item.thumbnail_id,
            "sticky": item.sticky,
            "parent": item.parent,
        }
        digest = checksum(source_fields)
        record = _record(self.source, item.post_type, item.post_id)
        page = (
            Page.objects.filter(pk=record.object_id).first().specific
            if record and Page.objects.filter(pk=record.object_id).exists()
            else None
        )
        data = {
            "status": item.status,
            "date": item.date.isoformat() if item.date else None,
            "tags": [name for _slug, name in item.tags],
            "sticky": item.sticky,
            "link": item.link,
        }
        if page is not None and record is not None and record.checksum == digest:
            self.report.count("unchanged", item.post_type)
            self._comments(item, page)
            return
        if item.post_type == wxr.POST:
            page = self._store_article(item, body, page)
        else:
            page = self._store_page(item, body, page)
        outcome = "updated" if record else "created"
        self.report.count(outcome, item.post_type)
        _remember(self.source, item.post_type, item.post_id, page.pk, digest, data)
        self._plan_publication(item, page)
        self._comments(item, page)
        self._item_redirects(item, page)

    def _store_article(
        self, item: wxr.WxrItem, body: Body, page: ArticlePage | None
    ) -> ArticlePage:
        lede = lede_from(item.excerpt, body, item.title)
        title = _title(item.title, f"Untitled {item.post_id}")
        blocks = self._resolve_body(body, item)
        image = None
        if item.thumbnail_id:
            image = self._image(item.thumbnail_id, "", item)
        author = self._author_for(item.creator)
        if page is None:
            section = self._section_for(item)
            return articles.create_article(
                section,
                title=title,
                slug=_unique_slug(section, item.slug or item.title or item.post_id),
                lede=lede,
                body=blocks,
                authors=[author] if author else [],
                image=image,
            )
        page.title, page.lede, page.body, page.image = title, lede, blocks, image
        page.article_authors = (
            [ArticlePageAuthor(author=author, sort_order=0)] if author else []
        )
        page.save_revision(log_action=True)
        return page

    def _store_page(
        self, item: wxr.WxrItem, body: Body, page: StandardPage | None
    ) -> StandardPage:
        blocks = []
        for block in body.blocks:
            if block["type"] in ("paragraph", "heading"):
                blocks.append(block)
            elif block["type"] == "quote":
                quote = html.escape(block["value"]["quote"], quote=False)
                blocks.append({"type": "paragraph", "value": f"<p>{quote}</p>"})
            else:
                self.report.note(
                    "pages (StandardPage) hold paragraphs and headings only: "
                    "their pictures and galleries were left out"
                )
        title = _title(item.title, f"Untitled {item.post_id}")
        intro = plain_text(item.excerpt)
        if item.parent:
            self.report.note(
                "page hierarchy flattened: every imported page sits under the home page"
            )
        if page is None:
            page = StandardPage(
                title=title,
                slug=_unique_slug(self.home, item.slug or item.title or item.post_id),
                intro=intro,
                body=blocks,
                live=False,
                show_in_menus=False,
            )
            self.home.add_child(instance=page)
        else:
            page.title, page.intro, page.body = title, intro, blocks
        page.save_revision(log_action=True)
        return page

    def _plan_publication(self, item: wxr.WxrItem, page: Page) -> None:
        status = item.status
        if status == "private":
            self.report.note(
                "private posts and pages were imported as drafts: not public"
            )
            return
        if status not in ("publish", "future"):
            return
        when = item.date or timezone.now()
        plan = {
            "status": status,
            "date": when,
            "modified": item.modified,
            "password": item.password,
        }
        self.to_publish.append((when, page.pk, item.post_type, plan))

    def _publish_all(self) -> None:
        """Publish in publication order, so stories thread as they happened."""
        self.to_publish.sort(key=lambda entry: (entry[0], entry[1]))
        for number, (_when, page_id, kind, plan) in enumerate(self.to_publish, 1):
            self._guard(kind, str(page_id), None, self._publish, page_id, plan)
            if number % 50 == 0:
                self.progress(f"published: {number}/{len(self.to_publish)}")

    def _publish(self, page_id: int, plan: dict) -> None:
        page = Page.objects.get(pk=page_id).specific
        when: datetime.datetime = plan["date"]
        if plan["status"] == "future" and when > timezone.now():
            page.go_live_at = when
            page.save_revision()
            page.latest_revision.publish()
        elif isinstance(page, ArticlePage):
            modified = plan["modified"]
            articles.publish_article(
                page,
                published_at=when,
                updated_at=modified if modified and modified > when else None,
            )
        else:
            page.latest_revision.publish()
            Page.objects.filter(pk=page.pk).update(
                first_published_at=when, last_published_at=when
            )
        password = plan["password"]
        restrictions = PageViewRestriction.objects.filter(page=page)
        if password:
            restriction = restrictions.first() or PageViewRestriction(page=page)
            restriction.restriction_type = PageViewRestriction.PASSWORD
            restriction.password = password[:255]
            restriction.save()
        else:
            restrictions.filter(restriction_type=PageViewRestriction.PASSWORD).delete()

    # Comments ----------------------------------------------------------------------

    def _comments(self, item: wxr.WxrItem, page: Page) -> None:
        if not item.comments:
            return
        if not isinstance(page, ArticlePage):
            self.report.note("comments on pages were not imported: pages have none")
            return
        changed = False
        ordered = sorted(
            item.comments,
            key=lambda c: (c.date or timezone.now(), int(c.comment_id or 0)),
        )
        for data in ordered:
            if data.approved not in ("1", "0"):
                self.report.count("skipped", "comment")
                continue
            if data.comment_type not in ("comment", ""):
                self.report.count("skipped", "comment")
                continue
            status = (
                CommentStatus.PUBLISHED if data.approved == "1" else CommentStatus.HELD
            )
            text = _comment_text(data.content)
            if not text:
                self.report.problem(
                    item.line,
                    item.label,
                    "wp:comment_content",
                    f"comment {data.comment_id} is empty; not imported",
                )
                self.report.count("skipped", "comment")
                continue
            digest = checksum([text, status, data.author, data.parent, data.date])
            record = _record(self.source, "comment", data.comment_id)
            comment = (
                Comment.objects.filter(pk=record.object_id).first()
                if record and record.object_id
                else None
            )
            if comment is not None and record is not None and record.checksum == digest:
                self.report.count("unchanged", "comment")
                continue
            parent = None
            if data.parent:
                parent_record = _record(self.source, "comment", data.parent)
                if parent_record and parent_record.object_id:
                    parent = Comment.objects.filter(pk=parent_record.object_id).first()
            self.report.count("created" if comment is None else "updated", "comment")
            comment = import_comment(
                article=page,
                name=data.author,
                text=text,
                published=status == CommentStatus.PUBLISHED,
                parent=parent,
                created_at=data.date or timezone.now(),
                comment=comment,
            )
            ImportedCommentAuthor.objects.update_or_create(
                comment=comment,
                defaults={
                    "name": (data.author or "Anonymous")[:255],
                    "email": data.email[:254] if "@" in data.email else "",
                    "url": data.url[:500] if data.url.startswith("http") else "",
                },
            )
            _remember(self.source, "comment", data.comment_id, comment.pk, digest)
            changed = True
        if changed:
            refresh_comment_count(page.pk)

    # Redirects ---------------------------------------------------------------------

    def _item_redirects(self, item: wxr.WxrItem, page: Page) -> None:
        if item.link:
            add_redirect(wxr.legacy_path(item.link), page=page)
        add_redirect(f"/?p={item.post_id}", page=page)
        if item.post_type == wxr.PAGE:
            add_redirect(f"/?page_id={item.post_id}", page=page)
        for attachment_id in self.survey.by_parent.get(item.post_id, []):
            attachment = self.survey.attachments[attachment_id]
            if attachment.link:
                add_redirect(wxr.legacy_path(attachment.link), page=page)
            add_redirect(f"/?attachment_id={attachment_id}", page=page)

    def _term_redirects(self) -> None:
        """Category archives lead to their sections, tag archives to a search."""
        if self.survey.site is None:
            return
        base = urlparse(self.survey.site.link or self.survey.site.base_url).path
        base = base.rstrip("/")
        categories = self.survey.categories
        for slug, term in categories.items():
            target = self.section_map.get(slug, slug) if self.section_map else slug
            section = self.sections.get(
                slugify(unquote(target or ""), allow_unicode=True)
            )
            if section is None:
                continue
            chain, parent, seen = [slug], term.parent, set()
            while parent and parent in categories and parent not in seen:
                seen.add(parent)
                chain.insert(0, parent)
                parent = categories[parent].parent
            add_redirect(f"{base}/category/{'/'.join(chain)}/", page=section)
            if term.term_id:
                add_redirect(f"/?cat={term.term_id}", page=section)
        for slug, term in self.survey.tags.items():
            target = f"/search/?q={quote(term.name or slug)}"
            add_redirect(f"{base}/tag/{slug}/", link=target)
            add_redirect(f"/?tag={slug}", link=target)

    def _notes(self) -> None:
        tagged = self.survey.tags
        if tagged:
            self.report.note(
                f"{len(tagged)} tag(s): articles have no tags; each post's tags are "
                "kept on its import record and tag archives redirect to a search"
            )
        sticky = ImportedItem.objects.filter(
            source=self.source, kind="post", data__sticky=True
        ).count()
        if sticky:
            self.report.note(
                f"{sticky} sticky post(s): Gazette has no sticky flag; pin them on "
                "the home page's front (their import records say sticky)"
            )


def _comment_text(content: str) -> str:
    paragraphs = [
        " ".join(plain_text(p).split())
        for p in content.replace("\r\n", "\n").split("\n\n")
    ]
    text = "\n\n".join(p for p in paragraphs if p)
    try:
        return clean_text(text)
    except Exception:  # noqa: BLE001 - empty or too long: the caller reports it
        return ""


def import_wordpress(
    path: Path | str,
    *,
    media_dir: Path | str | None = None,
    section_map: Path | str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    limit: int | None = None,
) -> ImportReport:
    """Import a WordPress export (WXR) and return what was done.

    Each item is stored in its own transaction, so one bad item is reported
    and the rest go in; running again updates what changed and creates
    nothing twice. ``dry_run`` does the whole import inside one transaction
    that is rolled back, and stores no files. ``limit`` stops after that many
    posts and pages (a trial run).
    """
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"{path}: no such file.")
    media = Path(media_dir) if media_dir else None
    if media is not None and not media.is_dir():
        raise ImportError_(
            f"{media}: --media must be a directory (a copy of wp-content/uploads)."
        )
    mapping = read_section_map(Path(section_map) if section_map else None)
    run = WordPressImport(
        path,
        media_dir=media,
        section_map=mapping,
        dry_run=dry_run,
        progress=progress or (lambda message: None),
        limit=limit,
    )
    return run_once(run.run, dry_run=dry_run)


def run_once(work: Callable[[], ImportReport], *, dry_run: bool) -> ImportReport:
    """Run an import; with ``dry_run``, in a transaction rolled back at the end.

    A dry run reports what the import would do and changes nothing, the
    threading engine's memory included.
    """
    if not dry_run:
        return work()
    with transaction.atomic():
        report = work()
        transaction.set_rollback(True)
    _forget_engine()
    return report


def _forget_engine() -> None:
    # The threading engine keeps its state in memory; a rolled-back run must
    # not leave its articles there.
    from gazette.stories import services as stories

    stories.forget_engine()
