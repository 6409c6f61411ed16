"""Page lists of articles by keyset: ``?after=`` and ``?before=`` cursors.

A numbered page (``?page=40``) makes the database read and skip every row
before it; a cursor names the last article shown (its publication time and
key), and the next page starts right after it through the index on the
publication time, as fast at the ten-thousandth page as at the first.
Lists keep page numbers for their first ``NUMBERED_PAGES`` pages (readers
and links use them), then go on by cursor.

The cursor is opaque to readers: the URL-safe base64 of
``<microseconds since 1970>.<key>``; anything else is ``InvalidCursor``,
which views answer with a 400 and a clear message, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.utils.translation import gettext as _

NUMBERED_PAGES = 5
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Keys and times a database can hold: 64-bit keys, years 1 to 9999.
MAX_KEY = 2**63 - 1
_SHAPE = re.compile(r"^(-?[0-9]{1,18})\.([0-9]{1,19})$")
MAX_CURSOR_LENGTH = 64


class InvalidCursor(ValueError):
    """A cursor this site did not make (edited, truncated, or made up)."""


@dataclass(frozen=True)
class Position:
    """Where a list stands: an article's publication time and key."""

    published_at: datetime.datetime
    pk: int


def encode(position: Position) -> str:
    """Return the opaque cursor of ``position``."""
    delta = position.published_at - EPOCH
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    raw = f"{micros}.{position.pk}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str) -> Position:
    """Return the position ``cursor`` names, or raise ``InvalidCursor``."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise InvalidCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        match = _SHAPE.match(raw.decode("ascii"))
    except (binascii.Error, ValueError):
        raise InvalidCursor(cursor) from None
    if match is None:
        raise InvalidCursor(cursor)
    micros, pk = int(match.group(1)), int(match.group(2))
    if not 1 <= pk <= MAX_KEY:
        raise InvalidCursor(cursor)
    try:
        moment = EPOCH + datetime.timedelta(microseconds=micros)
    except OverflowError:
        raise InvalidCursor(cursor) from None
    if encode(Position(moment, pk)) != cursor.rstrip("="):
        # One spelling per position (no leading zeros, no "+0"): a cursor is
        # also part of a cached page's address.
        raise InvalidCursor(cursor)
    return Position(moment, pk)


def position_of(article: Any) -> Position:
    return Position(article.first_published_at, article.pk)


def after(queryset: QuerySet, position: Position) -> QuerySet:
    """Return the rows of ``queryset`` older than ``position``, newest first."""
    return (
        queryset.filter(first_published_at__lte=position.published_at)
        .exclude(first_published_at=position.published_at, pk__gte=position.pk)
        .order_by("-first_published_at", "-pk")
    )


def before(queryset: QuerySet, position: Position) -> QuerySet:
    """Return the rows of ``queryset`` newer than ``position``, oldest first."""
    return (
        queryset.filter(first_published_at__gte=position.published_at)
        .exclude(first_published_at=position.published_at, pk__lte=position.pk)
        .order_by("first_published_at", "pk")
    )


@dataclass
class KeysetPage:
    """One page of a list, numbered (the first pages) or reached by a cursor.

    ``next_query`` and ``previous_query`` are the query strings of the pages
    around it (``page=3``, ``after=...``, ``before=...``), empty at either end.
    ``first_position`` is the list position (from 1) of its first item on a
    numbered page; a cursor page does not know it (None).
    """

    object_list: Sequence[Any]
    number: int | None
    next_query: str = ""
    previous_query: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    first_position: int | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return bool(self.next_query)

    def has_previous(self) -> bool:
        return bool(self.previous_query)

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


def _page_number(value: str | None) -> int:
    if value and value.isascii() and value.isdigit() and len(value) < 6:
        return max(1, int(value))
    return 1


def page_of(
    queryset: QuerySet,
    per_page: int,
    *,
    after_cursor: str | None = None,
    before_cursor: str | None = None,
    page: str | None = None,
) -> KeysetPage:
    """Return the page of ``queryset`` (newest first) that the parameters ask for.

    Raise ``InvalidCursor`` for a cursor this site did not make. A page
    number past ``NUMBERED_PAGES`` is served as asked but links on by cursor;
    one past the end is an empty page that links back to the first.
    """
    ordered = queryset.order_by("-first_published_at", "-pk")
    if after_cursor is not None:
        rows = list(after(ordered, decode(after_cursor))[: per_page + 1])
        items = rows[:per_page]
        return KeysetPage(
            items,
            None,
            next_query=_cursor("after", items[-1]) if len(rows) > per_page else "",
            previous_query=_cursor("before", items[0]) if items else "page=1",
        )
    if before_cursor is not None:
        rows = list(before(ordered, decode(before_cursor))[: per_page + 1])
        items = list(reversed(rows[:per_page]))
        return KeysetPage(
            items,
            None,
            next_query=_cursor("after", items[-1]) if items else "page=1",
            previous_query=_cursor("before", items[0]) if len(rows) > per_page else "",
        )
    number = _page_number(page)
    start = (number - 1) * per_page
    rows = list(ordered[start : start + per_page + 1])
    items = rows[:per_page]
    if len(rows) <= per_page:
        next_query = ""
    elif number < NUMBERED_PAGES:
        next_query = f"page={number + 1}"
    else:
        next_query = _cursor("after", items[-1])
    return KeysetPage(
        items,
        number,
        next_query=next_query,
        previous_query=f"page={number - 1}" if number > 1 else "",
        first_position=start + 1,
    )


def _cursor(direction: str, article: Any) -> str:
    return f"{direction}={encode(position_of(article))}"


def paginate(request, queryset: QuerySet, per_page: int | None = None) -> KeysetPage:
    """Return the page of an article list that ``request`` asks for.

    For the section, story and author pages: ``?page=`` for the first pages,
    ``?after=``/``?before=`` beyond. A cursor the site did not make is a 400
    with a message, never a 500.
    """
    from django.conf import settings

    try:
        return page_of(
            queryset,
            per_page or settings.GAZETTE_ARTICLES_PER_PAGE,
            after_cursor=request.GET.get("after"),
            before_cursor=request.GET.get("before"),
            page=request.GET.get("page"),
        )
    except InvalidCursor:
        raise BadRequest(
            _("This page address holds a position in the list the site did not make.")
        ) from None
