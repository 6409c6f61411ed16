"""Counting short link visits from nginx's access log (GAZETTE_LINK_COUNTING=log).

``gazette ingest-link-visits`` calls :func:`ingest_access_log` every minute
(deploy/systemd/gazette-link-visits.timer). It reads the log from where the
last run stopped (``AccessLogPosition``: path, inode, byte offset, lines),
counts the visits of whole lines (:mod:`.accesslog`) and adds them to
``LinkVisitDay`` in the same transaction that moves the offset on: a run
that crashes or is killed has either counted a chunk and recorded it, or
neither, so nothing is counted twice or lost.

Rotation (logrotate renames the log, nginx reopens a new one): when the
inode of the path changes, the rest of the old file is read first if it is
still beside it uncompressed (``delaycompress``), then the new file from its
start. A file shorter than the offset (``copytruncate``) is read again from
its start.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import accesslog
from .models import AccessLogPosition, ShortLink
from .services import write_visits

CHUNK_BYTES = 4 * 1024 * 1024

Progress = Callable[[str], None]


class IngestConflict(RuntimeError):
    """Another run moved the offset meanwhile (two runs at once)."""


@dataclass
class IngestReport:
    path: str
    found: bool = True
    rotated: bool = False
    bytes_read: int = 0
    lines: int = 0
    visits: int = 0
    bots: int = 0
    other: int = 0
    unknown_codes: int = 0  # 301 for a code no longer stored (link deleted)
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
    position: AccessLogPosition, tally: accesslog.Tally, report: IngestReport
) -> None:
    """Add a chunk's visits and move the offset on, in one transaction."""
    codes = {code for code, _ in tally.visits}
    ids = dict(
        ShortLink.objects.filter(code__in=codes).values_list("code", "pk")
        if codes
        else ()
    )
    counts: Counter[tuple[int, datetime.date]] = Counter()
    for (code, day), n in tally.visits.items():
        if code in ids:
            counts[ids[code], day] += n
        else:
            report.unknown_codes += n
    with transaction.atomic():
        locked = AccessLogPosition.objects.select_for_update().get(pk=position.pk)
        if (locked.inode, locked.offset) != (position.inode, position.offset):
            raise IngestConflict(
                f"{position.path}: another run moved the offset meanwhile; "
                "nothing was counted by this one for this chunk"
            )
        if counts:
            write_visits(counts)
        position.offset += tally.consumed
        position.lines += tally.lines
        position.save(update_fields=["offset", "lines", "updated_at"])
    report.visits += sum(counts.values())


def _read_file(
    file: Path,
    position: AccessLogPosition,
    report: IngestReport,
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
            tally = accesslog.tally(data, first_line=position.lines + 1)
            if tally.consumed == 0:
                if len(data) < chunk_bytes:
                    return  # a partial last line: nginx is still writing it
                # One line longer than a chunk: not ours; skip it whole.
                tally.consumed, tally.lines = len(data), 0
                report.malformed.append((str(file), position.lines + 1))
            _write_chunk(position, tally, report)
            report.bytes_read += tally.consumed
            report.lines += tally.lines
            report.bots += tally.bots
            report.other += tally.other
            report.malformed.extend((str(file), number) for number in tally.malformed)
            if progress is not None:
                progress(
                    f"{file}: line {position.lines:,}, byte {position.offset:,}; "
                    f"{report.visits:,} visits so far"
                )


def ingest_access_log(
    path: str | os.PathLike,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    progress: Progress | None = None,
) -> IngestReport:
    """Count the visits logged in ``path`` since the last run; return a report."""
    path = Path(path)
    report = IngestReport(path=str(path))
    try:
        stat = path.stat()
    except FileNotFoundError:
        report.found = False
        return report
    position, _ = AccessLogPosition.objects.get_or_create(
        path=str(path), defaults={"inode": stat.st_ino}
    )
    if position.inode != stat.st_ino:
        report.rotated = True
        old = _rotated_file(path, position.inode)
        if old is not None:
            if progress is not None:
                progress(f"{path} was rotated; finishing {old} first")
            _read_file(
                old, position, report, chunk_bytes=chunk_bytes, progress=progress
            )
        _restart(position, stat.st_ino)
    elif stat.st_size < position.offset:
        report.rotated = True  # truncated in place (copytruncate)
        if progress is not None:
            progress(f"{path} is shorter than where we stopped; reading it again")
        _restart(position, stat.st_ino)
    _read_file(path, position, report, chunk_bytes=chunk_bytes, progress=progress)
    report.offset = position.offset
    return report


def _restart(position: AccessLogPosition, inode: int) -> None:
    with transaction.atomic():
        locked = AccessLogPosition.objects.select_for_update().get(pk=position.pk)
        if (locked.inode, locked.offset) != (position.inode, position.offset):
            raise IngestConflict(f"{position.path}: another run moved the offset")
        position.inode, position.offset, position.lines = inode, 0, 0
        position.save(update_fields=["inode", "offset", "lines", "updated_at"])
