"""Querysets compiled once per process, then run with new values.

Django compiles a queryset's SQL on every evaluation: the joins, the
``select_related`` columns, the annotations' subqueries. On a page's hot
queries (an article's routing, the related list, the newsroom's settings)
that compiling cost more CPU than the database's answer. ``KeptQuery``
compiles a queryset built with *placeholder* values once, remembers where
they landed in the parameters, and runs the same SQL again with the real
values, building model instances exactly as Django's ``ModelIterable`` does
(``select_related`` objects and annotations included).

Only for querysets without ``prefetch_related`` whose SQL does not depend on
the values: a placeholder is a parameter of the same type as the real value,
or, for a string, part of one (``path__startswith`` makes ``"<path>%"``: the
real value then takes the placeholder's place in it, and must need no
escaping for ``LIKE``, as Wagtail's tree paths do not). A placeholder found
nowhere in the parameters, or a query Django cannot compile, is not kept
(``kept`` returns None) and the caller uses the ORM as before.

Kept per process in ``KEPT``, under a key the caller gives (which names
everything the SQL depends on: a section's path, the edition, the build);
the schema cannot change under a running process.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Kept queries by the caller's key; cleared when it grows past KEPT_MAX.
KEPT: dict[Hashable, KeptQuery | None] = {}
KEPT_MAX = 2048


class KeptQuery:
    """One compiled queryset, run again with values in its placeholders' places."""

    def __init__(self, queryset: QuerySet, placeholders: dict[str, Any]) -> None:
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        # Where each placeholder landed: (position, the placeholder when it
        # is part of a longer string, else None).
        self.slots: dict[str, list[tuple[int, str | None]]] = {}
        for name, marker in placeholders.items():
            found: list[tuple[int, str | None]] = []
            for position, value in enumerate(self.params):
                if type(value) is type(marker) and value == marker:
                    found.append((position, None))
                elif (
                    isinstance(value, str)
                    and isinstance(marker, str)
                    and marker in value
                ):
                    found.append((position, marker))
            if not found:
                raise ValueError(f"placeholder {name!r} not in the parameters")
            self.slots[name] = found
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.annotations = list(compiler.annotation_col_map.items())
        self.converters = list(
            compiler.get_converters(
                [s[0] for s in select[: compiler.col_count]]
            ).items()
        )

    def run(self, **values: Any) -> list[Any]:
        """Return the model instances the query finds with ``values``."""
        params = list(self.params)
        for name, value in values.items():
            for position, marker in self.slots[name]:
                if marker is None:
                    params[position] = value
                else:
                    params[position] = params[position].replace(marker, value)
        connection = connections[self.db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        found = []
        for raw in rows:
            row = list(raw)
            for position, (functions, expression) in self.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            obj = self.model.from_db(
                self.db, self.init_list, row[self.start : self.end]
            )
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def kept(
    key: Hashable, build: Callable[[], QuerySet], placeholders: dict[str, Any]
) -> KeptQuery | None:
    """Return the query kept under ``key``, compiling ``build()`` the first
    time; None when it cannot be kept (the caller runs the ORM's)."""
    if key in KEPT:
        return KEPT[key]
    queryset = build()
    query: KeptQuery | None = None
    if (
        queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
    ):
        try:
            query = KeptQuery(queryset, placeholders)
        except (ValueError, EmptyResultSet):
            query = None
    if len(KEPT) >= KEPT_MAX:
        KEPT.clear()
    KEPT[key] = query
    return query
