"""Which of two versions of a wire item is newer (pure).

Agencies send an item again when they correct or extend it: the same ninjs
``uri`` or NewsML-G2 ``guid``, a higher ``version`` (a number, counted up)
and a later ``versioncreated``. The version number decides when both sides
have one, else the version time; with neither, nothing can be told.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum


class Order(StrEnum):
    NEWER = "newer"
    SAME = "same"
    OLDER = "older"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Stamp:
    """An item's version number (None when absent or not a number) and time."""

    version: int | None = None
    created: datetime.datetime | None = None

    @classmethod
    def of(cls, version: str | int | None, created) -> Stamp:
        """Return the stamp of raw values: ``"3"``, an ISO time or a datetime."""
        number = None
        text = str(version).strip() if version is not None else ""
        if text.isdigit():
            number = int(text)
        when = created
        if isinstance(created, str):
            try:
                when = datetime.datetime.fromisoformat(created.replace("Z", "+00:00"))
            except ValueError:
                when = None
        if isinstance(when, datetime.datetime) and when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return cls(number, when if isinstance(when, datetime.datetime) else None)

    def as_data(self) -> dict:
        """Return the stamp as JSON-ready data, as the import record keeps it."""
        return {
            "version": self.version,
            "versioncreated": self.created.isoformat() if self.created else None,
        }

    def describe(self) -> str:
        if self.version is not None:
            return f"version {self.version}"
        if self.created is not None:
            return f"the version of {self.created.isoformat()}"
        return "an unnumbered version"


def compare(stored: Stamp, incoming: Stamp) -> Order:
    """Return how ``incoming`` stands against the ``stored`` version."""
    if stored.version is not None and incoming.version is not None:
        mine, theirs = stored.version, incoming.version
    elif stored.created is not None and incoming.created is not None:
        mine, theirs = stored.created, incoming.created  # type: ignore[assignment]
    else:
        return Order.UNKNOWN
    if theirs > mine:  # type: ignore[operator]
        return Order.NEWER
    if theirs == mine:
        return Order.SAME
    return Order.OLDER
