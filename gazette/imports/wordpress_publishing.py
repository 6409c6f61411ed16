"""Publishing what ``import wordpress`` stored, in publication order, so that
stories thread as they happened: runs of batch-stored posts (live already)
threaded, shortened and indexed together (``batch_publish``), the others
published one by one as an editor would, scheduled ones given their go-live
time, password-protected ones their restriction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage
from gazette.stories import services as stories

from . import batch_publish, wxr
from .reporting import ImportReport, Progress


class PublishingMixin:
    """The publishing part of ``WordPressImport``."""

    source: str
    report: ImportReport
    progress: Progress
    dry_run: bool
    to_publish: list[tuple[datetime.datetime, int, str, dict]]
    _guard: Callable[..., Any]

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
        """Publish in publication order, so stories thread as they happened.

        Posts stored in batches are live already: each run of them in the
        order is threaded, shortened and indexed together
        (``batch_publish.finish_published``); the others are published one
        by one. Posts a stopped run left unfinished (live, no short link yet)
        are finished too.
        """
        if not self.dry_run:
            planned = {page_id for _when, page_id, _kind, _plan in self.to_publish}
            resumed = [
                (when, page_id)
                for when, page_id in batch_publish.unfinished(self.source)
                if page_id not in planned
            ]
            for when, page_id in resumed:
                self.to_publish.append((when, page_id, wxr.POST, {"batched": True}))
            if resumed:
                batch_publish.index_unindexed(self.source, [p for _w, p in resumed])
        self.to_publish.sort(key=lambda entry: (entry[0], entry[1]))
        run: list[int] = []
        # The digests of the texts ranked so far (``batch_publish``).
        self._digests: dict[int, str] = {}
        # The engine's whole state saved once, after the last article.
        with stories.snapshots_deferred():
            for number, (_when, page_id, kind, plan) in enumerate(self.to_publish, 1):
                if plan.get("batched"):
                    run.append(page_id)
                    if len(run) >= batch_publish.CHUNK:
                        self._finish(run)
                else:
                    self._finish(run)
                    self._guard(kind, str(page_id), None, self._publish, page_id, plan)
                if number % 50 == 0:
                    self.progress(f"published: {number}/{len(self.to_publish)}")
            self._finish(run)

    def _finish(self, run: list[int]) -> None:
        """Thread, shorten and index a run of batch-stored posts, then empty it.

        Not in a dry run: all of it would be rolled back, and the summary is
        the same without it.
        """
        if not run:
            return
        ids, run[:] = list(run), []
        if self.dry_run:
            return
        try:
            batch_publish.finish_published(ids, self._digests)
        except Exception:  # noqa: BLE001 - retried one by one to name the bad one
            for page_id in ids:
                self._guard(
                    wxr.POST,
                    str(page_id),
                    None,
                    batch_publish.finish_published,
                    [page_id],
                )

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
