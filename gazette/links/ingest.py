"""Counting from nginx's access logs: short link visits, article reads.

``gazette ingest-link-visits`` (GAZETTE_LINK_COUNTING=log) and ``gazette
ingest-article-reads`` (GAZETTE_READS_COUNTING=log) call
:func:`ingest_access_log` every minute (their timers in deploy/systemd/),
each with its :class:`LogCounting`: how its log is read
(:class:`.accesslog.LogFormat`) and where its counts go. A run reads the log
from where the last one stopped (``AccessLogPosition``: path, inode, byte
offset, lines), counts whole lines and adds the counts in the same
transaction that moves the offset on: a run that crashes or is killed has
either counted a chunk and recorded it, or neither, so nothing is counted
twice or lost.

Rotation (logrotate renames the log, nginx reopens a new one): when the
inode of the path changes, the rest of the old file is read first if it is
still beside it uncompressed (``delaycompress``), then the new file from its
start. A file shorter than the offset (``copytruncate``) is read again from
its start.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gazette.core.counting import Counts

from . import accesslog
from .models import AccessLogPosition, ShortLink
from .services import write_visits

CHUNK_BYTES = 4 * 1024 * 1024

Progress = Callable[[str], None]


class IngestConflict(RuntimeError):
    """Another run moved the offset meanwhile (two runs at once)."""


class LogCounting:
    """What one access log counts, and where the counts go.

    ``write`` runs inside the transaction that moves the offset on.
    """

    log_format: accesslog.LogFormat
    noun: str = "count"  # "visit": for the command's summary
    unknown: str = "unknown"  # what a count that is no longer stored was for

    def write(self, counts: accesslog.Counts) -> int:
        """Add ``counts`` per (key, day); return how many were stored.

        The rest were for things no longer stored (deleted meanwhile).
        """
        raise NotImplementedError


class ShortLinkVisits(LogCounting):
    """Short link visits (``log_format gazette_shortlinks``) to ``LinkVisitDay``."""

    log_format = accesslog.SHORT_LINKS
    noun = "visit"
    unknown = "unknown codes"

    def write(self, counts: accesslog.Counts) -> int:
        codes = {code for code, _ in counts}
        ids = dict(
            ShortLink.objects.filter(code__in=codes).values_list("code", "pk")
            if codes
            else ()
        )
        by_link: Counts = Counter()
        for (code, day), n in counts.items():
            if code in ids:
                by_link[ids[code], day] += n
        if by_link:
            write_visits(by_link)
        return sum(by_link.values())


SHORT_LINK_VISITS = ShortLinkVisits()


@dataclass
class IngestReport:
    path: str
    found: bool = True
    rotated: bool = False
    bytes_read: int = 0
    lines: int = 0
    counted: int = 0
    bots: int = 0
    other: int = 0
    unknown: int = 0  # counted for what is no longer stored (deleted)
    malformed: list[tuple[str, int]] = field(default_factory=list)
    offset: int = 0


def _rotated_file(path: Path, inode: int) -> Path | None:
    """Return the renamed old log with ``inode`` beside ``path``, if still there."""
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return None
    for entry in entries:
        if (
            entry.name.startswith(path.name)
            and entry.name != path.name
            and not entry.name.endswith((".gz", ".xz", ".bz2", ".zst"))
            and entry.is_file(follow_symlinks=False)
            and entry.inode() == inode
        ):
            return Path(entry.path)
    return None


def _write_chunk(
    position: AccessLogPosition,
    tally: accesslog.Tally,
    report: IngestReport,
    counting: LogCounting,
) -> None:
    """Add a chunk's counts and move the offset on, in one transaction."""
    with transaction.atomic():
        locked = AccessLogPosition.objects.select_for_update().get(pk=position.pk)
        if (locked.inode, locked.offset) != (position.inode, position.offset):
            raise IngestConflict(
                f"{position.path}: another run moved the offset meanwhile; "
                "nothing was counted by this one for this chunk"
            )
        stored = counting.write(tally.counts) if tally.counts else 0
        position.offset += tally.consumed
        position.lines += tally.lines
        position.save(update_fields=["offset", "lines", "updated_at"])
    report.counted += stored
    report.unknown += sum(tally.counts.values()) - stored


def _read_file(
    file: Path,
    position: AccessLogPosition,
    report: IngestReport,
    counting: LogCounting,
    *,
    chunk_bytes: int,
    progress: Progress | None,
) -> None:
    """Count ``file`` from ``position.offset`` to its last whole line."""
    with file.open("rb") as handle:
        while True:
            handle.seek(position.offset)
            data = handle.read(chunk_bytes)
            if not data:
                return
            tally = counting.log_format.tally(data, first_line=position.lines + 1)
            if tally.consumed == 0:
                if len(data) < chunk_bytes:
                    return  # a partial last line: nginx is still writing it
                # One line longer than a chunk: not ours; skip it whole.
                tally.consumed, tally.lines = len(data), 0
                report.malformed.append((str(file), position.lines + 1))
            _write_chunk(position, tally, report, counting)
            report.bytes_read += tally.consumed
            report.lines += tally.lines
            report.bots += tally.bots
            report.other += tally.other
            report.malformed.extend((str(file), number) for number in tally.malformed)
            if progress is not None:
                progress(
                    f"{file}: line {position.lines:,}, byte {position.offset:,}; "
                    f"{report.counted:,} {counting.noun}(s) so far"
                )


def ingest_access_log(
    path: str | os.PathLike,
    *,
    counting: LogCounting = SHORT_LINK_VISITS,
    chunk_bytes: int = CHUNK_BYTES,
    progress: Progress | None = None,
) -> IngestReport:
    """Count what ``path`` logged since the last run; return a report.

    ``counting``: which log it is (short link visits by default).
    """
    path = Path(path)
    report = IngestReport(path=str(path))
    try:
        stat = path.stat()
    except FileNotFoundError:
        report.found = False
        return report
    if not path.is_file():
        raise IsADirectoryError(f"{path} is not a file")
    position, _ = AccessLogPosition.objects.get_or_create(
        path=str(path), defaults={"inode": stat.st_ino}
    )
    read: dict[str, Any] = {"chunk_bytes": chunk_bytes, "progress": progress}
    if position.inode != stat.st_ino:
        report.rotated = True
        old = _rotated_file(path, position.inode)
        if old is not None:
            if progress is not None:
                progress(f"{path} was rotated; finishing {old} first")
            _read_file(old, position, report, counting, **read)
        _restart(position, stat.st_ino)
    elif stat.st_size < position.offset:
        report.rotated = True  # truncated in place (copytruncate)
        if progress is not None:
            progress(f"{path} is shorter than where we stopped; reading it again")
        _restart(position, stat.st_ino)
    _read_file(path, position, report, counting, **read)
    report.offset = position.offset
    return report


def _restart(position: AccessLogPosition, inode: int) -> None:
    with transaction.atomic():
        locked = AccessLogPosition.objects.select_for_update().get(pk=position.pk)
        if (locked.inode, locked.offset) != (position.inode, position.offset):
            raise IngestConflict(f"{position.path}: another run moved the offset")
        position.inode, position.offset, position.lines = inode, 0, 0
        position.save(update_fields=["inode", "offset", "lines", "updated_at"])


MALFORMED_SHOWN = 20


class IngestCommand(BaseCommand):
    """A command that counts one access log since its last run (thin wrapper).

    Subclasses set ``counting`` and ``log_setting``, the setting naming the
    log read when none is given.
    """

    counting: LogCounting
    log_setting: str

    @property
    def default_log(self) -> str:
        return getattr(settings, self.log_setting)

    def add_arguments(self, parser):
        parser.add_argument(
            "log",
            nargs="?",
            help=f"the nginx access log in the {self.counting.log_format.name} "
            f"format (default {self.log_setting}, {self.default_log})",
        )
        parser.add_argument(
            "--log", dest="log_option", metavar="LOG", help="the same, as an option"
        )

    def handle(self, *args, **options):
        path = options["log"] or options["log_option"] or self.default_log
        verbose = options["verbosity"] >= 2
        try:
            report = ingest_access_log(
                path,
                counting=self.counting,
                progress=self.stdout.write if verbose else None,
            )
        except (IngestConflict, OSError) as error:
            raise CommandError(f"{path}: nothing more counted: {error}") from error
        if not report.found:
            self.stderr.write(f"{path}: no such file (yet); nothing counted.")
            return
        if report.rotated:
            self.stdout.write(f"{path}: rotated since the last run.")
        noun, status = self.counting.noun, self.counting.log_format.status
        self.stdout.write(
            f"{path}: {report.lines:,} new line(s), {report.counted:,} {noun}(s) "
            f"counted, {report.bots:,} from robots, {report.other:,} other "
            f"(not a {status} GET, or nothing to count), {report.unknown:,} for "
            f"{self.counting.unknown}, "
            f"{len(report.malformed):,} malformed; offset now {report.offset:,}."
        )
        for file, number in report.malformed[:MALFORMED_SHOWN]:
            self.stderr.write(f"malformed line {file}:{number}")
        if len(report.malformed) > MALFORMED_SHOWN:
            self.stderr.write(
                f"... and {len(report.malformed) - MALFORMED_SHOWN} more malformed"
            )
