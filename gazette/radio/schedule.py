"""A station's week of programmes, in GMT: what is on now, what day shows what.

Pure functions on plain data, tested without a database. A slot whose end is
not after its start runs past midnight into the next day (22:00-02:00), and an
end of 00:00 means midnight.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

DAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

# The day choices an editor picks from, and the weekdays (Monday = 0) each means.
DAYS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "mon": (0,),
    "tue": (1,),
    "wed": (2,),
    "thu": (3,),
    "fri": (4,),
    "sat": (5,),
    "sun": (6,),
}

_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY


@dataclass(frozen=True)
class Slot:
    """One programme on its days, from ``start`` to ``end`` GMT."""

    title: str
    days: str
    start: datetime.time
    end: datetime.time
    description: str = ""
    key: int = 0  # the database row, for templates; 0 for plain data

    @property
    def weekdays(self) -> tuple[int, ...]:
        return DAYS.get(self.days, ())

    @property
    def length_minutes(self) -> int:
        """Return how long the programme runs (a whole day if end == start)."""
        length = _minutes(self.end) - _minutes(self.start)
        return length if length > 0 else length + _MINUTES_PER_DAY

    def times(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass
class Day:
    name: str
    slots: list[Slot] = field(default_factory=list)


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def _week_minute(now: datetime.datetime) -> int:
    now = now.astimezone(datetime.UTC)
    return now.weekday() * _MINUTES_PER_DAY + now.hour * 60 + now.minute


def on_now(slots: Iterable[Slot], now: datetime.datetime) -> Slot | None:
    """Return the programme on air at ``now`` (aware), or None.

    When slots overlap, the one that started last wins: a special programme
    entered over a daily one takes over for its hour.
    """
    minute = _week_minute(now)
    best: tuple[int, Slot] | None = None
    for slot in slots:
        for weekday in slot.weekdays:
            start = weekday * _MINUTES_PER_DAY + _minutes(slot.start)
            # Minutes since this occurrence started, wrapping round the week.
            since = (minute - start) % _MINUTES_PER_WEEK
            if since < slot.length_minutes and (best is None or since < best[0]):
                best = (since, slot)
    return best[1] if best else None


def up_next(slots: Iterable[Slot], now: datetime.datetime) -> Slot | None:
    """Return the next programme to start after ``now``, or None."""
    minute = _week_minute(now)
    best: tuple[int, Slot] | None = None
    for slot in slots:
        for weekday in slot.weekdays:
            start = weekday * _MINUTES_PER_DAY + _minutes(slot.start)
            until = (start - minute) % _MINUTES_PER_WEEK
            if until and (best is None or until < best[0]):
                best = (until, slot)
    return best[1] if best else None


def week(slots: Iterable[Slot]) -> list[Day]:
    """Return Monday to Sunday, each with its programmes in start order."""
    days = [Day(name) for name in DAY_NAMES]
    for slot in slots:
        for weekday in slot.weekdays:
            days[weekday].slots.append(slot)
    for day in days:
        day.slots.sort(key=lambda slot: (_minutes(slot.start), slot.title))
    return days
