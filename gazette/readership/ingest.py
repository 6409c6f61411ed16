"""Counting article reads from nginx's log (``GAZETTE_READS_COUNTING=log``).

Behind nginx's micro-cache most reads never reach the app, so the app cannot
count them; nginx logs every answer with the article it named
(:mod:`.accesslog`) and ``gazette ingest-article-reads`` adds them to
``ArticleReadDay`` every minute, with the short links' offset, rotation and
transaction handling (:func:`gazette.links.ingest.ingest_access_log`).
"""

from __future__ import annotations

import os

from gazette.links.accesslog import Counts
from gazette.links.ingest import (
    IngestReport,
    LogCounting,
    Progress,
    ingest_access_log,
)

from .accesslog import ARTICLE_READS_LOG
from .services import write_reads


class ArticleReads(LogCounting):
    """Article reads (``log_format gazette_reads``) to ``ArticleReadDay``."""

    log_format = ARTICLE_READS_LOG
    noun = "read"
    unknown = "deleted articles"

    def write(self, counts: Counts) -> int:
        return write_reads(counts)  # type: ignore[arg-type]  # keys are ids


ARTICLE_READS = ArticleReads()


def ingest_article_reads(
    path: str | os.PathLike, *, progress: Progress | None = None, **options
) -> IngestReport:
    """Count the reads ``path`` logged since the last run; return a report."""
    return ingest_access_log(path, counting=ARTICLE_READS, progress=progress, **options)
