"""What an import did (``ImportReport``), the error that stops one from
starting, and ``run_once``, the dry-run wrapper every importer shares."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection, transaction

Progress = Callable[[str], None]


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


def run_once(work: Callable[[], ImportReport], *, dry_run: bool) -> ImportReport:
    """Run an import; with ``dry_run``, in a transaction rolled back at the end.

    A dry run reports what the import would do and changes nothing, the
    threading engine's memory included.
    """
    if not dry_run:
        with relaxed_commits(), server_side_binding():
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


@contextmanager
def relaxed_commits() -> Iterator[None]:
    """On PostgreSQL, let the run's commits return before the disk is flushed.

    Every item still commits in its own transaction (nothing half imported,
    nothing corrupted), but the server no longer waits for each commit's
    write-ahead log to reach the disk: an import commits several times per
    item, and that wait is most of its time. A crash can lose the last
    fraction of a second of commits; an import is re-run without harm (it
    updates, never duplicates), so that is the right trade for it alone.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@contextmanager
def server_side_binding() -> Iterator[None]:
    """On PostgreSQL, send the run's query parameters apart from its SQL.

    Django's psycopg cursors bind parameters on the client by default: each
    value is quoted into the SQL text in Python, and a bulk insert's arrays
    (``UNNEST``) element by element, which was a tenth of an import's time.
    The run's cursors bind on the server instead (Django's own
    ``ServerBindingCursor``, the ``server_side_binding`` option), for this
    connection and this run only, with no statement prepared.
    """
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg.adapt import PyFormat

    connection.ensure_connection()
    raw = connection.connection
    before = raw.cursor_factory, raw.prepare_threshold
    lists = raw.adapters.get_dumper(list, PyFormat.AUTO)
    raw.cursor_factory = ServerBindingCursor
    # Never prepared: a pool in front of the server (PgBouncer in transaction
    # mode) may not keep a connection's prepared statements.
    raw.prepare_threshold = None
    raw.adapters.register_dumper(list, _list_dumper())
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = before
        # Registered again: the text and the ``%s`` (auto) dumper of lists.
        raw.adapters.register_dumper(list, lists)


@cache
def _list_dumper() -> type:
    """psycopg's text dumper of lists, escaping each element with two
    ``bytes.replace`` instead of a regular expression with a template.

    A bulk insert's ``UNNEST`` arrays hold every revision's JSON content, whose
    many quotes made psycopg's ``re.sub`` (a template expanded per quote) a
    twentieth of an import's time. The text sent is the same, byte for byte
    (``tests/test_imports_batch.py``).
    """
    from psycopg.types.array import ListDumper, _get_needs_quotes_regexp

    class FastListDumper(ListDumper):
        def dump(self, obj: list[Any]) -> bytes | None:
            tokens: list[bytes] = []
            needs_quotes = _get_needs_quotes_regexp(self.delimiter).search
            self._dump_list(obj, tokens, needs_quotes)  # type: ignore[arg-type]
            return b"".join(tokens)

        def _dump_list(self, obj, tokens, needs_quotes) -> None:  # type: ignore[no-untyped-def]
            if not obj:
                tokens.append(b"{}")
                return
            dump = self.sub_dumper.dump if self.sub_dumper else self._dump_item
            delimiter = self.delimiter
            tokens.append(b"{")
            for item in obj:
                if item is None:
                    tokens.append(b"NULL")
                elif isinstance(item, list):
                    self._dump_list(item, tokens, needs_quotes)
                elif (ad := dump(item)) is None:
                    tokens.append(b"NULL")
                else:
                    if not isinstance(ad, bytes):
                        ad = bytes(ad)
                    if needs_quotes(ad):
                        ad = (
                            b'"'
                            + ad.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
                            + b'"'
                        )
                    tokens.append(ad)
                tokens.append(delimiter)
            tokens[-1] = b"}"

    return FastListDumper
