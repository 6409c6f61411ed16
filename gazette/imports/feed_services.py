"""``import feed``: a partner's RSS or Atom feed, read from a file or fetched
once from the address the operator gave, stored as wire items are.

Each entry keeps its feed and its id (``ImportedItem`` source
``feed:<the feed's link>``), so running the command again on a schedule
updates what changed and adds only what is new.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from . import feed as feeds
from .reporting import ImportError_, ImportReport, Progress, run_once
from .wire_services import NinjsImport

FETCH_TIMEOUT = 30
USER_AGENT = "Gazette feed import (+https://docs.gazette.example/import)"


def is_address(value: str) -> bool:
    """Return whether ``value`` is an http(s) address rather than a path."""
    return urlparse(value).scheme in ("http", "https")


def fetch_feed(url: str) -> bytes:
    """Return the body at ``url`` (at most ``feed.MAX_BYTES``), else raise."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, "
            "application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(feeds.MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ImportError_(
            f"{url}: the server answered {error.code} {error.reason}; check the "
            "address with the feed's publisher."
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ImportError_(f"{url}: could not be fetched ({reason}).") from None
    return data


def import_feed(
    source: str,
    *,
    media_dir: Path | str | None = None,
    section: str = "news",
    dry_run: bool = False,
    progress: Progress | None = None,
    data: bytes | None = None,
) -> ImportReport:
    """Import the entries of an RSS 2.0 or Atom feed; return what was done.

    ``source`` is a file or an http(s) address, fetched once; ``data``, when
    given, is the feed itself and ``source`` only names it. Entries become
    articles in ``section`` (published in publication order, threaded into
    stories); an entry seen before is updated when it changed, else left
    alone.
    """
    if data is None:
        if is_address(source):
            data = fetch_feed(source)
        else:
            path = Path(source)
            if not path.is_file():
                raise ImportError_(f"{source}: no such file (or give an http address).")
            data = path.read_bytes()
    report = ImportReport(path=source, dry_run=dry_run)
    try:
        feed = feeds.read_feed(data)
    except feeds.FeedError as error:
        report.problem(error.line, "feed", "xml", str(error))
        report.count("failed", "file")
        return report
    for note in feed.notes:
        report.note(note)
    identity = (feed.link or source).rstrip("/")
    run = NinjsImport(
        media_dir=Path(media_dir) if media_dir else None,
        section=section,
        dry_run=dry_run,
        progress=progress or (lambda message: None),
        report=report,
        source=f"feed:{identity}"[:255],
        reader=lambda _path: feed.items,
        name_of=lambda _path: source,
    )
    return run_once(lambda: run.run([Path(source)]), dry_run=dry_run)
