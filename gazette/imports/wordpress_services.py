"""``import wordpress``: a WXR export's posts, pages, authors, sections,
pictures, comments and old addresses, stored through the owning apps'
services (``articles.services.create_articles`` for new published posts in
batches, ``create_article`` and ``publish_article`` for the rest), then
threaded, shortened and indexed in publication order."""

from __future__ import annotations

import datetime
import html
from collections import OrderedDict
from pathlib import Path
from urllib.parse import unquote

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection, Page

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core.models import GazetteImage, HomePage, StandardPage
from gazette.search.bulk import deferred_search_index

from . import wxr
from .bodies import Body, html_to_blocks, lede_from, plain_text
from .models import ImportedItem
from .records import _record, _remember, _title, _unique_slug
from .reporting import ImportError_, ImportReport, Progress, checksum, run_once
from .wordpress_batches import BatchesMixin, _Queued
from .wordpress_comments import CommentsMixin
from .wordpress_media import IMAGES_REMEMBERED, MediaMixin
from .wordpress_publishing import PublishingMixin
from .wordpress_redirects import RedirectsMixin
from .wordpress_survey import _Survey, _survey, read_section_map

__all__ = ["BATCH", "IMAGES_REMEMBERED", "WordPressImport", "import_wordpress"]

# New published posts are stored this many at a time (``articles.create_articles``).
BATCH = 200


class WordPressImport(
    CommentsMixin, RedirectsMixin, MediaMixin, BatchesMixin, PublishingMixin
):
    """One run of ``import wordpress``: see ``import_wordpress``.

    Its parts: pictures (``wordpress_media``), new published posts in batches
    (``wordpress_batches``), publishing in publication order
    (``wordpress_publishing``), comments and old addresses
    (``wordpress_comments``, ``wordpress_redirects``); the items, authors,
    sections and pages are here."""

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
        # Pictures already looked at, the most recent only: a post's pictures
        # are near it in the file, and a cache of every one would grow with
        # the archive (memory stays flat).
        self.images: OrderedDict[str, GazetteImage | None] = OrderedDict()
        # (date, page id, kind, plan) of what to publish once all is stored.
        self.to_publish: list[tuple[datetime.datetime, int, str, dict]] = []
        # New published posts, stored together (``_flush``).
        self.queued: list[_Queued] = []
        # Pictures stored since the last batch, indexed and recorded with it
        # (``_flush``): (picture, record kind, source id).
        self.unindexed: list[tuple[GazetteImage, str, str]] = []
        # New posts' pictures waiting for their batch (``MediaMixin``).
        self.waiting: list[GazetteImage] = []
        # Whether the source had no records before this run (a first import):
        # then records are looked up only for items this run stored, whose
        # keys ``stored`` keeps ("kind:id"), not once per item.
        self.fresh = False
        self.stored: set[str] = set()
        # Where new pictures go (the root collection, as Wagtail's default).
        self.collection_id = Collection.get_first_root_node().pk

    # The run ---------------------------------------------------------------------

    def _read_items(self) -> None:
        """Read the file's items and import each (new posts queued)."""
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

    def run(self) -> ImportReport:
        self.survey = _survey(self.path)
        site = self.survey.site
        if site is None:
            error = self.survey.error or wxr.WxrError("empty file")
            self.report.problem(error.line, "file", "wxr", str(error))
            self.report.count("failed", "file")
            return self.report
        self.source = f"wordpress:{(site.base_url or site.link).rstrip('/')}"
        self.fresh = not ImportedItem.objects.filter(source=self.source).exists()
        self.progress(
            f"{self.path}: WXR {site.version}, {len(self.survey.authors)} author(s), "
            f"{len(self.survey.categories)} categories, "
            f"{len(self.survey.attachments)} attachment(s)"
        )
        for author in self.survey.authors.values():
            self._guard("author", author.login, author.line, self._author, author)
        # Wagtail's search index of the stored articles and pictures is
        # written in large chunks, and all of it before publishing begins:
        # an article a stopped run left unindexed has no short link yet, so
        # the next run finds it (``_publish_all``; ``search.bulk``).
        with deferred_search_index():
            self._read_items()
            self._flush()
        self._publish_all()
        self._term_redirects()
        self._notes()
        return self.report

    def _lookup(self, kind: str, source_id: str) -> ImportedItem | None:
        """Return the record of an item of the source, if it has one."""
        if self.fresh and f"{kind}:{source_id}" not in self.stored:
            return None
        return _record(self.source, kind, source_id)

    def _keep(
        self,
        kind: str,
        source_id: str,
        object_id: int | None,
        digest: str = "",
        data: dict | None = None,
    ) -> None:
        """Write the record of an item (``records._remember``)."""
        _remember(self.source, kind, source_id, object_id, digest, data)
        self.stored.add(f"{kind}:{source_id}")

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
        if len(self.queued) >= BATCH:
            self._flush()

    def _store_item(self, item: wxr.WxrItem, batch: bool = True) -> None:
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
        record = self._lookup(item.post_type, item.post_id)
        page = None
        if record and record.object_id:
            found = Page.objects.filter(pk=record.object_id).first()
            page = found.specific if found else None
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
        if batch and record is None and self._batchable(item):
            self._queue(item, body, digest, data)
            return
        if item.post_type == wxr.POST:
            page = self._store_article(item, body, page)
        else:
            page = self._store_page(item, body, page)
        outcome = "updated" if record else "created"
        self.report.count(outcome, item.post_type)
        self._keep(item.post_type, item.post_id, page.pk, digest, data)
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

    # Pages ----------------------------------------------------------------------------

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
