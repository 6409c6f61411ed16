"""Daily counters written in batches: short link visits, article reads.

The counts wait in memory (``gazette.links.visits.VisitBuffer``) and reach a
table of one row per (thing, day) here, in one statement that adds to the
day's row or creates it, understood by SQLite (3.24+) and PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from django.db import close_old_connections, connection, models, transaction

Counts = Counter[tuple[int, datetime.date]]


def add_daily_counts(model: type[models.Model], key: str, counts: Counts) -> int:
    """Add ``counts`` per (id, day) to ``model``'s rows; return the count added.

    ``key`` names the model's foreign key to what is counted. Ids no longer
    stored (deleted meanwhile) take their counts with them.
    """
    field = model._meta.get_field(key)
    target = field.related_model
    assert isinstance(field, models.ForeignKey) and target is not None
    ids = {pk for pk, _ in counts}
    existing = set(target._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
    rows = [
        (pk, connection.ops.adapt_datefield_value(day), n)
        for (pk, day), n in sorted(counts.items())
        if pk in existing
    ]
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    sql = (
        f"INSERT INTO {table} ({column}, day, count) VALUES (%s, %s, %s) "
        f"ON CONFLICT ({column}, day) DO UPDATE SET count = {table}.count + "
        "EXCLUDED.count"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return sum(n for _, _, n in rows)


def in_background(write: Callable[[Counts], object]) -> Callable[[Counts], None]:
    """Return ``write`` for a flusher thread, which no request ever cleans up.

    Django checks and closes a connection only when a request starts and ends.
    The thread's own is checked before each write (closed when broken, for
    instance after a database restart, or older than ``CONN_MAX_AGE``) and
    after it, so a lost connection costs one flush, not every later one.
    """

    def write_in_background(counts: Counts) -> None:
        close_old_connections()
        try:
            write(counts)
        finally:
            close_old_connections()

    return write_in_background
