"""The wire drop folder: files agencies deliver (over FTP or SFTP) imported as
they arrive, then moved to ``done/`` or ``failed/`` with a ``.why`` beside
each failure (``gazette ingest-folder``).

A file is taken only once it has settled: not a dotfile, not a partial
upload's name (``.tmp``, ``.part``, ``.filepart``, ``~``), and unchanged in
size and time for ``settle`` seconds, so a file still being written is left
for the next pass. Its format is told by its name and its first bytes.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from .feed_services import import_feed
from .reporting import ImportError_, ImportReport
from .wire_services import import_newsml, import_ninjs
from .wordpress_services import import_wordpress

DONE, FAILED = "done", "failed"
LOCK = ".gazette-ingest.lock"
PARTIAL = (".tmp", ".part", ".filepart", ".partial", ".crdownload", "~")
SNIFF_BYTES = 4096
# Pictures delivered beside the items that name them: read by those items'
# imports, never imported on their own.
PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff")


class DropFolderError(ImportError_):
    """The folder cannot be watched (missing, not writable, already watched)."""


@dataclass
class Outcome:
    """What became of one delivered file."""

    path: Path
    format: str
    moved_to: Path
    report: ImportReport | None
    why: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok and not self.why


def detect_format(path: Path) -> str | None:
    """Return ``ninjs``, ``newsml``, ``wordpress`` or ``feed`` for a file, or None."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "ninjs"
    if suffix not in (".xml", ".rss", ".atom", ".nml", ".newsml"):
        return None
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    # Skip the declaration, comments and a DOCTYPE to the root element's name.
    head = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.S)
    root = re.search(r"<\s*([\w.-]+:)?([\w.-]+)", head)
    name = root.group(2) if root else ""
    if name in ("newsItem", "newsMessage", "packageItem"):
        return "newsml"
    if name == "rss" and "wordpress.org/export" in head:
        return "wordpress"
    if name in ("rss", "feed", "RDF"):
        return "feed"
    if suffix in (".nml", ".newsml"):
        return "newsml"
    return None


def settled_files(folder: Path, settle: float, now: float | None = None) -> list[Path]:
    """Return the delivered files ready to import, oldest first.

    ``settle`` is how many seconds a file must have been left unchanged.
    """
    now = time.time() if now is None else now
    ready = []
    for path in folder.iterdir():
        name = path.name
        if name.startswith(".") or name.lower().endswith(PARTIAL + PICTURES):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        stat = path.stat()
        if now - stat.st_mtime < settle:
            continue
        ready.append((stat.st_mtime, name, path))
    return [path for _mtime, _name, path in sorted(ready)]


def _free_name(directory: Path, name: str) -> Path:
    target = directory / name
    if not target.exists() and not (directory / f"{name}.why").exists():
        return target
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    for n in range(1, 1000):
        suffix = f"-{n}" if n > 1 else ""
        target = directory / f"{stamp}{suffix}-{name}"
        if not target.exists():
            return target
    raise DropFolderError(f"{directory}: too many files named {name}.")


def _why_text(path: Path, fmt: str, report: ImportReport | None, why: str) -> str:
    lines = [
        f"file: {path.name}",
        f"format: {fmt or 'unknown'}",
        f"when: {timezone.now().isoformat(timespec='seconds')}",
        "",
    ]
    if why:
        lines += [why, ""]
    if report is not None:
        lines += report.messages
        lines += [f"note: {note}" for note in report.notes]
        lines += ["", report.summary(), ""]
    lines += [
        "What to do: correct the file where the messages above say (or ask the "
        "sender for a corrected one) and put it back in the drop folder; items "
        "already imported from it are updated, never added twice.",
        "",
    ]
    return "\n".join(lines)


class DropFolder:
    """One watched folder: see the module's docstring."""

    def __init__(
        self,
        folder: Path | str,
        *,
        media_dir: Path | str | None = None,
        section: str = "news",
        settle: float = 5.0,
        dry_run: bool = False,
        log: Callable[[str], None] = print,
    ):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise DropFolderError(f"{self.folder}: no such directory.")
        if not os.access(self.folder, os.W_OK):
            raise DropFolderError(
                f"{self.folder}: not writable by this user; files could not be "
                "moved to done/ and failed/."
            )
        self.media_dir = Path(media_dir) if media_dir else None
        self.section = section
        self.settle = settle
        self.dry_run = dry_run
        self.log = log
        self.done = self.folder / DONE
        self.failed = self.folder / FAILED

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Hold the folder's lock, so that two processes never take one file."""
        handle = (self.folder / LOCK).open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise DropFolderError(
                f"{self.folder} is already watched by another gazette ingest-folder."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def run_once(self) -> list[Outcome]:
        """Import every settled file once; return what became of each."""
        if not self.dry_run:
            self.done.mkdir(exist_ok=True)
            self.failed.mkdir(exist_ok=True)
        return [self.ingest(path) for path in settled_files(self.folder, self.settle)]

    def ingest(self, path: Path) -> Outcome:
        """Import one file and move it to done/ or failed/ (not in a dry run)."""
        fmt = detect_format(path) or ""
        report, why = None, ""
        if not fmt:
            why = (
                f"{path.name}: not a format Gazette ingests: ninjs (.json, .jsonl), "
                "NewsML-G2 (.xml with a newsItem or newsMessage), a WordPress "
                "export or an RSS/Atom feed (.xml, .rss, .atom)."
            )
        else:
            try:
                report = self._import(fmt, path)
            except ImportError_ as error:
                why = str(error)
            except Exception as error:  # noqa: BLE001 - one file never stops the watch
                why = (
                    f"{path.name}: the import stopped: {type(error).__name__}: {error}"
                )
        ok = report is not None and report.ok and not why
        target = path
        if not self.dry_run:
            target = _free_name(self.done if ok else self.failed, path.name)
            shutil.move(str(path), target)
            if not ok or (report is not None and report.messages):
                suffix = ".why" if not ok else ".report"
                target.with_name(target.name + suffix).write_text(
                    _why_text(path, fmt, report, why), encoding="utf-8"
                )
        outcome = Outcome(
            path=path, format=fmt, moved_to=target, report=report, why=why
        )
        summary = report.summary().split("\n")[0] if report else why
        where = "" if self.dry_run else f" -> {target.parent.name}/"
        self.log(f"{path.name} ({fmt or 'unknown'}){where}: {summary}")
        return outcome

    def _import(self, fmt: str, path: Path) -> ImportReport:
        if fmt == "wordpress":
            return import_wordpress(
                path, media_dir=self.media_dir, dry_run=self.dry_run
            )
        if fmt == "feed":
            return import_feed(
                str(path),
                media_dir=self.media_dir,
                section=self.section,
                dry_run=self.dry_run,
            )
        importer = import_ninjs if fmt == "ninjs" else import_newsml
        return importer(
            path, media_dir=self.media_dir, section=self.section, dry_run=self.dry_run
        )


def next_pass_in(interval: float, started: datetime.datetime) -> float:
    """Return the seconds to wait before the next pass (never negative)."""
    spent = (timezone.now() - started).total_seconds()
    return max(0.0, interval - spent)
