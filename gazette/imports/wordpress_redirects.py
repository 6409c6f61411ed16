"""Every old WordPress address answers a permanent redirect: permalinks,
``?p=ID``, attachment pages, category and tag archives."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlparse

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from gazette.articles.models import SectionPage

from . import wxr
from .models import ImportedItem
from .records import add_redirects
from .reporting import ImportReport
from .wordpress_survey import _Survey


class RedirectsMixin:
    """The old addresses and closing notes of ``WordPressImport``."""

    source: str
    report: ImportReport
    survey: _Survey
    sections: dict[str, SectionPage]
    section_map: dict[str, str | None]

    def _item_redirects(self, item: wxr.WxrItem, page: Page) -> None:
        add_redirects(self._item_redirect_entries(item, page))

    def _item_redirect_entries(
        self, item: wxr.WxrItem, page: Page
    ) -> list[tuple[str, Page | None, str]]:
        """The old addresses of ``item``, each leading to ``page``."""
        olds = [f"/?p={item.post_id}"]
        if item.link:
            olds.append(wxr.legacy_path(item.link))
        if item.post_type == wxr.PAGE:
            olds.append(f"/?page_id={item.post_id}")
        for attachment_id in self.survey.by_parent.get(item.post_id, []):
            attachment = self.survey.attachments[attachment_id]
            if attachment.link:
                olds.append(wxr.legacy_path(attachment.link))
            olds.append(f"/?attachment_id={attachment_id}")
        return [(old, page, "") for old in olds]

    def _term_redirects(self) -> None:
        """Category archives lead to their sections, tag archives to a search."""
        if self.survey.site is None:
            return
        base = urlparse(self.survey.site.link or self.survey.site.base_url).path
        base = base.rstrip("/")
        categories = self.survey.categories
        entries: list[tuple[str, Page | None, str]] = []
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
            entries.append((f"{base}/category/{'/'.join(chain)}/", section, ""))
            if term.term_id:
                entries.append((f"/?cat={term.term_id}", section, ""))
        for slug, term in self.survey.tags.items():
            target = f"/search/?q={quote(term.name or slug)}"
            entries.append((f"{base}/tag/{slug}/", None, target))
            entries.append((f"/?tag={slug}", None, target))
        # Thousands of tags are common: one transaction, a few queries.
        with transaction.atomic():
            add_redirects(entries)

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
